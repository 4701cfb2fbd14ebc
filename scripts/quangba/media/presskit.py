"""Press kits: per public record and per language, a zip of its press-kit photos at full
usable size and a credits text in that language (who made each photo, under which licence,
its caption). Zips are deterministic — fixed timestamps and permissions, sorted entries —
so the same data always gives the same bytes, and an unchanged kit never looks new.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Mapping

from ..catalog.model import SOURCE_LANGUAGE, Catalog, MediaItem, Record
from . import PressKit, ProcessedMedia
from .metadata import licence_name

ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# The words of the credits file. A language without an entry gets English.
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "title": "Bộ ảnh báo chí", "caption": "Chú thích", "credit": "Tác giả", "licence": "Giấy phép",
        "taken": "Ngày chụp", "agency": "Cơ quan", "size": "Kích thước", "page": "Trang",
        "notice": "Khi sử dụng ảnh, xin ghi rõ tác giả và tuân theo giấy phép của từng ảnh như trên.",
    },
    "en": {
        "title": "Press kit", "caption": "Caption", "credit": "Credit", "licence": "Licence",
        "taken": "Taken", "agency": "Agency", "size": "Size", "page": "Page",
        "notice": "When you use a photo, credit its author and follow its licence as stated above.",
    },
    "lo": {
        "title": "ຊຸດຮູບພາບສຳລັບສື່ມວນຊົນ", "caption": "ຄຳບັນຍາຍ", "credit": "ຜູ້ຖ່າຍ", "licence": "ໃບອະນຸຍາດ",
        "taken": "ວັນທີຖ່າຍ", "agency": "ອົງການ", "size": "ຂະໜາດ", "page": "ໜ້າ",
        "notice": "ເມື່ອນຳໃຊ້ຮູບພາບ, ກະລຸນາລະບຸຊື່ຜູ້ຖ່າຍ ແລະ ປະຕິບັດຕາມໃບອະນຸຍາດຂອງແຕ່ລະຮູບຕາມທີ່ລະບຸໄວ້ຂ້າງເທິງ.",
    },
}


def label(key: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["en"]).get(key) or LABELS["en"][key]


def kit_path(record: Record, lang: str) -> str:
    return f"media/press-kit/{record.id}-{lang}.zip"


def build_press_kits(catalog: Catalog, now: datetime, items: Mapping[str, ProcessedMedia],
                     out_dir: Path) -> dict[tuple[str, str], PressKit]:
    kits: dict[tuple[str, str], PressKit] = {}
    for record in catalog.public_records(now):
        photos = [m for m in dict.fromkeys(record.media) if m in items and m in catalog.media
                  and catalog.media[m].press_kit and catalog.media[m].consent != "not-obtained"]
        if not photos:
            continue
        for lang in catalog.languages:
            path = kit_path(record, lang)
            entries = {f"{m}.jpg": (out_dir / items[m].full.path).read_bytes() for m in photos}
            entries[f"credits-{lang}.txt"] = credits_text(catalog, record, lang, photos, items).encode("utf-8")
            data = write_zip(out_dir / path, entries)
            kits[(record.id, lang)] = PressKit(record_id=record.id, lang=lang, path=path, bytes=len(data),
                                               sha256=hashlib.sha256(data).hexdigest(), media_ids=tuple(photos))
    return kits


def write_zip(target: Path, entries: Mapping[str, bytes]) -> bytes:
    """Write a deterministic zip (sorted names, fixed times and permissions) whole, then rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.part")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3  # unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            # photos are already compressed; text is deflated
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".jpg") else zipfile.ZIP_DEFLATED
            zf.writestr(info, entries[name])
    os.replace(tmp, target)
    return target.read_bytes()


def _title(record: Record, lang: str) -> str:
    text = record.texts.get(lang) or record.source_text
    return text.title if text else record.id


def _size(rendition) -> str:
    return f"{rendition.width}×{rendition.height} px, {rendition.bytes / 1e6:.1f} MB"


def credits_text(catalog: Catalog, record: Record, lang: str, photos: list[str],
                 items: Mapping[str, ProcessedMedia]) -> str:
    province = catalog.province
    url = f"{province.base_url}{'' if lang == SOURCE_LANGUAGE else lang + '/'}{record.kind}/{record.id}/"
    lines = [
        f"{label('title', lang)}: {_title(record, lang)}",
        province.name(lang),
        f"{label('page', lang)}: {url}",
        "",
    ]
    for index, media_id in enumerate(photos, 1):
        m: MediaItem = catalog.media[media_id]
        agency = catalog.agencies.get(m.agency)
        caption = m.caption.get(lang) or m.caption.get(SOURCE_LANGUAGE) or ""
        lines.append(f"{index}. {media_id}.jpg")
        if caption:
            lines.append(f"   {label('caption', lang)}: {caption}")
        lines.append(f"   {label('credit', lang)}: {m.credit}")
        lines.append(f"   {label('licence', lang)}: {licence_name(m.licence)} — {m.licence}")
        if m.taken:
            lines.append(f"   {label('taken', lang)}: {m.taken.isoformat()}")
        if agency:
            lines.append(f"   {label('agency', lang)}: {agency.name(lang)}")
        lines.append(f"   {label('size', lang)}: {_size(items[media_id].full)}")
        lines.append("")
    lines.append(label("notice", lang))
    return "\n".join(lines) + "\n"
