"""A synthetic province for benchmarks and scale tests: deterministic for a seed.

N records spread over every kind, texts in each of the profile's languages with realistic
lengths in each script (Lao and Thai written without spaces between words, as they are),
and M small photos with sidecars. The registries and schemas are copied from a real
province repository so the result validates like one.
"""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import yaml
from PIL import Image

KINDS = {
    "place": "category: heritage\n",
    "event": "event_type: festival\nstart: '2027-04-30'\n",
    "project": "sector: tourism\nproject_status: calling\ncapital: {amount: 1000000, currency: USD}\n",
    "press-release": "issued: '2026-01-15'\n",
    "statement": "issued: '2026-01-15'\nspokesperson: Người phát ngôn\n",
    "clarification": "issued: '2026-01-15'\n",
    "publication": "publication_type: brochure\nlanguages: [vi, en]\n",
    "agreement": "partner: {vi: Đối tác, en: Partner}\ncountry: LA\nsigned: '2024-05-01'\n",
    "fact-sheet": "topic: overview\nas_of: '2025-07-01'\n",
    "zone": "zone_type: industrial-park\narea_ha: 120\n",
    "incentive": "incentive_type: land-rent\nlegal_basis:\n  - {number: 61/2020/QH14, title: Luật Đầu tư, date: '2020-06-17'}\n",
}
# The internal kinds (press monitoring, reporter visits, interviews) are never published,
# so they weigh nothing in a build; the synthetic province has only public kinds.

_VI = ("quảng trị bình hòa biển đảo hang động di sản văn hóa lịch sử du lịch đầu tư phát triển "
       "kinh tế xã hội người dân cửa khẩu lễ hội sông núi rừng thành cổ địa đạo cầu hiền lương "
       "bến hải nhân dân tỉnh huyện xã phường thông tin đối ngoại hợp tác quốc tế").split()
_EN = ("province coast island cave heritage culture history tourism investment development "
       "economy people border festival river mountain forest citadel tunnel bridge cooperation").split()
_LO = "ແຂວງ ທະເລ ເກາະ ຖ້ຳ ມໍລະດົກ ວັດທະນະທຳ ປະຫວັດສາດ ການທ່ອງທ່ຽວ ການລົງທຶນ ການພັດທະນາ ເສດຖະກິດ ປະຊາຊົນ ຊາຍແດນ ບຸນ ແມ່ນ້ຳ ພູ ປ່າໄມ້".split()
_TH = "จังหวัด ทะเล เกาะ ถ้ำ มรดก วัฒนธรรม ประวัติศาสตร์ การท่องเที่ยว การลงทุน การพัฒนา เศรษฐกิจ ประชาชน ชายแดน เทศกาล แม่น้ำ ภูเขา ป่าไม้".split()
_WORDS = {"vi": (_VI, " "), "en": (_EN, " "), "lo": (_LO, ""), "th": (_TH, "")}


def _sentence(rng: random.Random, lang: str, words: int) -> str:
    pool, joiner = _WORDS.get(lang, _WORDS["en"])
    # scripts without spaces between words still separate phrases with spaces
    phrases = [joiner.join(rng.choice(pool) for _ in range(rng.randint(3, 6))) for _ in range(max(1, words // 4))]
    text = " ".join(phrases)
    return text[:1].upper() + text[1:] + "."


def _body(rng: random.Random, lang: str, paragraphs: int) -> str:
    return "\n\n".join(" ".join(_sentence(rng, lang, 16) for _ in range(4)) for _ in range(paragraphs))


def generate(source_repo: Path, out: Path, *, records: int, languages: tuple[str, ...] = ("vi", "en", "lo"),
             photos: int = 0, seed: int = 1) -> Path:
    """Write a synthetic province repository into ``out`` (which must not exist)."""
    rng = random.Random(seed)
    out.mkdir(parents=True)
    shutil.copytree(source_repo / "catalog" / "schemas", out / "catalog" / "schemas")
    shutil.copy(source_repo / "catalog" / "agencies.yaml", out / "catalog" / "agencies.yaml")
    province = yaml.safe_load((source_repo / "catalog" / "province.yaml").read_text("utf-8"))
    province["languages"] = list(languages)
    if isinstance(province.get("site"), dict):  # records of the demo the synthetic province does not have
        province["site"] = {k: v for k, v in province["site"].items() if k not in ("featured", "journalists")}
    (out / "catalog" / "province.yaml").write_text(
        yaml.safe_dump(province, allow_unicode=True, sort_keys=False), "utf-8")
    for extra in ("mkdocs.yml",):
        if (source_repo / extra).exists():
            shutil.copy(source_repo / extra, out / extra)
    for folder in ("theme", "identity"):  # the portal's look, the province's logo
        if (source_repo / "assets" / folder).exists():
            shutil.copytree(source_repo / "assets" / folder, out / "assets" / folder)
    media_dir = out / "assets" / "media"
    media_dir.mkdir(parents=True, exist_ok=True)
    media_ids = [f"photo-{i:05d}" for i in range(photos)]
    for media_id in media_ids:
        buffer = io.BytesIO()
        colour = tuple(rng.randrange(256) for _ in range(3))
        Image.new("RGB", (1600, 1067), colour).save(buffer, "JPEG", quality=80)
        (media_dir / f"{media_id}.jpg").write_bytes(buffer.getvalue())
        alt = ", ".join(f"{lang}: {_sentence(rng, lang, 6)!r}" for lang in languages)
        (media_dir / f"{media_id}.yaml").write_text(
            f"file: {media_id}.jpg\nagency: so-vhttdl\ncredit: Synthetic\n"
            f"licence: https://creativecommons.org/licenses/by/4.0/\nalt: {{{alt}}}\n"
            f"caption: {{vi: {_sentence(rng, 'vi', 6)!r}}}\npress_kit: true\nsample: true\n", "utf-8")
    kinds = list(KINDS)
    for index in range(records):
        kind = kinds[index % len(kinds)]
        record_id = f"{kind}-{index:06d}"
        lat, lon = 16.5 + rng.random(), 106.2 + rng.random()
        media = f"media: [{media_ids[index % len(media_ids)]}]\n" if media_ids else ""
        folder = out / "catalog" / kind
        folder.mkdir(exist_ok=True)
        (folder / f"{record_id}.yaml").write_text(
            f"id: {record_id}\nkind: {kind}\nagency: so-vhttdl\nstatus: published\nclassification: public\n"
            f"created: '2024-01-01'\nmodified: '2025-{1 + index % 12:02d}-{1 + index % 28:02d}'\nsample: true\n"
            f"location: {{lat: {lat:.4f}, lon: {lon:.4f}}}\ntags: [synthetic]\n{media}{KINDS[kind]}", "utf-8")
        for lang in languages:
            if lang != "vi" and rng.random() < 0.2:
                continue  # some translations missing, as in life
            text_dir = out / "content" / lang / kind
            text_dir.mkdir(parents=True, exist_ok=True)
            title = _sentence(rng, lang, 6).rstrip(".")
            (text_dir / f"{record_id}.md").write_text(
                f"---\ntitle: {title!r}\nsummary: {_sentence(rng, lang, 20)!r}\n---\n{_body(rng, lang, 4)}\n", "utf-8")
    return out
