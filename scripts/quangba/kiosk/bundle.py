"""The kiosk bundle: which records, which slides, the re-encoded photos, the page."""

from __future__ import annotations

import html
import io
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image, ImageOps

from ..catalog.markdown import to_html
from ..catalog.model import Catalog, KioskCluster, MediaItem, Record
from ..media.inspect import MAX_PIXELS  # one image-bomb limit for every stage that decodes photos
from ..rules.findings import Finding
from ..rules.rulebook import finding
from ..translations.units import paragraphs

MAX_SIDE = 1920  # a full-HD screen
BODY_CHARS = 700  # what can be read in one screen's time


class KioskError(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


@dataclass
class Slide:
    record: str
    lang: str
    kind: str
    title: str
    summary: str
    body: str
    image: str | None = None
    alt: str = ""
    credit: str = ""


@dataclass
class Bundle:
    out: Path
    slides: list[Slide]
    records: list[str]
    images: list[str]
    findings: list[Finding] = field(default_factory=list)


def cluster_of(catalog: Catalog, cluster_id: str) -> KioskCluster:
    for cluster in catalog.province.kiosks:
        if cluster.id == cluster_id:
            return cluster
    known = ", ".join(c.id for c in catalog.province.kiosks) or "—"
    raise KioskError(f"Không có cụm thông tin “{cluster_id}” trong catalog/province.yaml (kiosk); có: {known}.",
                     f"There is no cluster “{cluster_id}” in catalog/province.yaml (kiosk); there are: {known}.")


def select_records(catalog: Catalog, cluster: KioskCluster, now: datetime) -> tuple[list[Record], list[Finding]]:
    """Listed records first, in order, then public records with any of the cluster's tags."""
    index = next(i for i, c in enumerate(catalog.province.kiosks) if c.id == cluster.id)
    line, col = catalog.province.lines.get(("kiosk", index, "records"), (0, 0))
    chosen: list[Record] = []
    findings = []
    for rid in cluster.records:
        record = catalog.records.get(rid)
        if record is None or not record.is_public(now):
            findings.append(finding("KIOSK-RECORD-UNAVAILABLE", "catalog/province.yaml", line=line, col=col,
                                    record=rid, cluster=cluster.id))
        elif record not in chosen:
            chosen.append(record)
    tagged = [r for r in catalog.public_records(now) if set(r.tags) & set(cluster.tags) and r not in chosen]
    return chosen + tagged, findings


def _plain(markdown_text: str) -> str:
    """Markdown to plain text (the screen shows no links and no markup)."""
    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(to_html(markdown_text))
    return " ".join("".join(parser.parts).split())


def _excerpt(body: str) -> str:
    out = ""
    for para in paragraphs(body):
        if para.lstrip().startswith(("#", "|", "<")):
            continue
        text = _plain(para)
        if not text:
            continue
        if out and len(out) + len(text) > BODY_CHARS:
            break
        out = f"{out}\n\n{text}" if out else text
    if len(out) > BODY_CHARS:
        out = out[:BODY_CHARS].rsplit(" ", 1)[0] + " …"
    return out


def reencode(item: MediaItem, target: Path) -> bool:
    """Decode the photo and write a new JPEG at screen size: no EXIF, no GPS, no XMP."""
    try:
        with Image.open(item.file) as img:
            if img.width * img.height > MAX_PIXELS:
                return False
            img = ImageOps.exif_transpose(img)  # keep what the camera meant by "up", drop the rest
            img = img.convert("RGB")
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = Image.new("RGB", img.size)
            clean.paste(img)
            buffer = io.BytesIO()
            clean.save(buffer, "JPEG", quality=82, optimize=True)
    except (OSError, ValueError, Image.DecompressionBombError):
        return False
    target.write_bytes(buffer.getvalue())
    return True


def build_kiosk(catalog: Catalog, cluster_id: str, out: Path, now: datetime) -> Bundle:
    """Write the bundle into a fresh folder and put it at ``out`` only when complete."""
    cluster = cluster_of(catalog, cluster_id)
    records, findings = select_records(catalog, cluster, now)
    langs = [x for x in (cluster.languages or catalog.languages) if x in catalog.languages]
    allowed_media = {m.id: m for m in catalog.public_media(now)}
    out = out.resolve()
    _refuse_foreign_folder(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kiosk-", dir=out.parent) as tmp:
        stage = Path(tmp) / "bundle"
        (stage / "media").mkdir(parents=True)
        images: dict[str, str | None] = {}
        slides = []
        for record in records:
            lead = next((allowed_media[m] for m in record.media if m in allowed_media), None)
            if lead is not None and lead.id not in images:
                name = f"media/{lead.id}.jpg"
                images[lead.id] = name if reencode(lead, stage / name) else None
                if images[lead.id] is None:
                    findings.append(finding("KIOSK-IMAGE-SKIPPED", lead.sidecar, media=lead.id))
            for lang in langs:
                text = record.texts.get(lang)
                if text is None:
                    continue
                slides.append(Slide(
                    record=record.id, lang=lang, kind=record.kind, title=text.title, summary=_plain(text.summary),
                    body=_excerpt(text.body), image=images.get(lead.id) if lead else None,
                    alt=(lead.alt.get(lang) or lead.alt.get("vi", "")) if lead else "",
                    credit=f"© {lead.credit}" if lead else "",
                ))
        if not slides:
            raise KioskError(f"Cụm “{cluster.id}” không có bản ghi công khai nào để trình chiếu (records/tags).",
                             f"The cluster “{cluster.id}” selects no public record to show (records/tags).")
        (stage / "index.html").write_text(render(catalog, cluster, slides, langs), "utf-8")
        if out.exists():
            old = Path(tmp) / "previous"
            out.rename(old)
        stage.rename(out)
    return Bundle(out=out, slides=slides, records=[r.id for r in records],
                  images=sorted(v for v in images.values() if v), findings=findings)


def _refuse_foreign_folder(out: Path) -> None:
    """Only an earlier kiosk bundle may be replaced: never a folder holding anything else."""
    if not out.exists():
        return
    children = {p.name for p in out.iterdir()} if out.is_dir() else {"?"}
    index = out / "index.html"
    ours = children <= {"index.html", "media"} and (
        not children or (index.is_file() and "data-cluster=" in index.read_text("utf-8", errors="replace")))
    if not ours:
        raise KioskError(f"Thư mục {out} đã có dữ liệu khác; hãy chọn thư mục mới cho gói trình chiếu.",
                         f"{out} holds other files; choose a new folder for the kiosk bundle.")


LABELS = {
    "vi": {"place": "Địa danh", "event": "Sự kiện", "project": "Dự án đầu tư", "press-release": "Thông cáo báo chí",
           "statement": "Phát ngôn", "clarification": "Thông tin làm rõ", "publication": "Ấn phẩm",
           "agreement": "Hợp tác quốc tế", "fact-sheet": "Thông tin chính thức", "sample": "Dữ liệu mẫu"},
    "en": {"place": "Place", "event": "Event", "project": "Investment project", "press-release": "Press release",
           "statement": "Statement", "clarification": "Clarification", "publication": "Publication",
           "agreement": "International cooperation", "fact-sheet": "Official facts", "sample": "Sample data"},
    "lo": {"place": "ສະຖານທີ່", "event": "ເຫດການ", "project": "ໂຄງການລົງທຶນ", "press-release": "ຖະແຫຼງການຂ່າວ",
           "statement": "ຖະແຫຼງການ", "clarification": "ຂໍ້ມູນຊີ້ແຈງ", "publication": "ສິ່ງພິມ",
           "agreement": "ການຮ່ວມມືສາກົນ", "fact-sheet": "ຂໍ້ມູນທາງການ", "sample": "ຂໍ້ມູນຕົວຢ່າງ"},
}

STYLE = """
*{box-sizing:border-box}html,body{margin:0;height:100%;background:#102a43;color:#fff;
font-family:"Noto Sans","Noto Sans Lao","Phetsarath OT","DejaVu Sans",sans-serif}
header{display:flex;justify-content:space-between;align-items:center;padding:1.2vh 3vw;background:#0b1f33;
font-size:2.4vh}header .langs span{margin-left:1.5vw;opacity:.5}header .langs span.on{opacity:1;font-weight:bold;
border-bottom:.4vh solid #ffb300}
main{position:relative;height:86vh}
.slide{position:absolute;inset:0;display:none;padding:3vh 3vw;gap:3vw}
.slide.active{display:flex}
html.no-js .slide{display:flex;position:relative;min-height:86vh;border-bottom:1px solid #345}
.slide figure{margin:0;flex:0 0 45%;display:flex;flex-direction:column}
.slide img{width:100%;height:74vh;object-fit:cover;border-radius:1vh}
.slide figcaption{font-size:1.8vh;opacity:.75;margin-top:.8vh}
.slide .text{flex:1;display:flex;flex-direction:column;min-width:0}
.kind{font-size:2.4vh;text-transform:uppercase;letter-spacing:.1em;color:#ffb300}
h1{font-size:6vh;line-height:1.15;margin:1vh 0 2vh}
.summary{font-size:3.6vh;line-height:1.35;margin:0 0 2vh}
.body{font-size:2.8vh;line-height:1.45;opacity:.92;white-space:pre-line;overflow:hidden}
footer{height:6vh;display:flex;align-items:center;justify-content:space-between;padding:0 3vw;font-size:2vh;
background:#0b1f33}.bar{position:absolute;left:0;bottom:0;height:.6vh;background:#ffb300;width:0}
"""

SCRIPT = """
(function(){
  document.documentElement.classList.remove('no-js');
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  var marks = document.querySelectorAll('header .langs span');
  var seconds = parseInt(document.body.getAttribute('data-seconds'), 10) || 12;
  var bar = document.querySelector('.bar');
  var i = -1;
  function show(n) {
    if (i >= 0) slides[i].classList.remove('active');
    i = n % slides.length;
    var s = slides[i];
    s.classList.add('active');
    document.body.setAttribute('data-current', i);
    for (var k = 0; k < marks.length; k++) marks[k].classList.toggle('on', marks[k].getAttribute('lang') === s.getAttribute('lang'));
    bar.style.transition = 'none'; bar.style.width = '0';
    void bar.offsetWidth;
    bar.style.transition = 'width ' + seconds + 's linear'; bar.style.width = '100%';
  }
  show(0);
  setInterval(function(){ show(i + 1); }, seconds * 1000);
})();
"""


def render(catalog: Catalog, cluster: KioskCluster, slides: list[Slide], langs: list[str]) -> str:
    e = html.escape
    province = catalog.province
    csp = ("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
           "base-uri 'none'; form-action 'none'")
    out = [
        "<!doctype html>",
        '<html lang="vi" class="no-js"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(cluster.names.get('vi', cluster.id))}</title>",
        f"<style>{STYLE}</style></head>",
        f'<body data-seconds="{cluster.seconds}" data-cluster="{e(cluster.id)}">',
        f"<header><div>{e(province.name('vi'))} — {e(cluster.names.get('vi', cluster.id))}</div>",
        '<div class="langs">' + "".join(f'<span lang="{e(x)}">{e(x.upper())}</span>' for x in langs) + "</div></header>",
        "<main>",
    ]
    for n, s in enumerate(slides):
        labels = LABELS.get(s.lang, LABELS["en"])
        record = catalog.records[s.record]
        kind = labels.get(s.kind, s.kind) + (f" · {labels['sample']}" if record.sample else "")
        out.append(f'<section class="slide{" active" if n == 0 else ""}" lang="{e(s.lang)}" '
                   f'data-record="{e(s.record)}">')
        if s.image:
            out.append(f'<figure><img src="{e(s.image)}" alt="{e(s.alt)}"><figcaption>{e(s.credit)}</figcaption></figure>')
        out.append(f'<div class="text"><div class="kind">{e(kind)}</div><h1>{e(s.title)}</h1>')
        if s.summary:
            out.append(f'<p class="summary">{e(s.summary)}</p>')
        if s.body:
            out.append(f'<div class="body">{e(s.body)}</div>')
        out.append("</div></section>")
    names = " · ".join(e(province.names.get(x) or province.name("vi")) for x in langs)
    out += [
        "</main>",
        f'<footer><span>{names}</span><span>{e(province.base_url)}</span><div class="bar"></div></footer>',
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(out) + "\n"
