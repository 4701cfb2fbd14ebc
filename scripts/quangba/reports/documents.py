"""Drafts of the duty documents under Circular 22/2016/TT-BTTTT, for an agency or the province:

- the yearly plan of foreign-information activities (Appendix 01), and
- the yearly or six-monthly report of results (Appendix 02),

as .docx (what officials edit and send) and HTML, from one list of blocks so both say the
same. Figures come from the repository; what only people know (assessment, budget,
proposals) is left as bracketed prompts for the officer. They follow the appendices'
outline; check the final layout against the official form.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..catalog.model import Catalog
from .charts import bar_chart
from .compliance import compliance
from .contributions import Contribution, tally
from .deadlines import deadlines

KIND_VI = {
    "place": "Địa danh", "event": "Sự kiện", "project": "Dự án kêu gọi đầu tư", "press-release": "Thông cáo báo chí",
    "statement": "Phát ngôn", "clarification": "Thông tin giải thích, làm rõ", "publication": "Xuất bản phẩm",
    "agreement": "Thỏa thuận quốc tế", "fact-sheet": "Thông tin chính thức", "media": "Ảnh",
}
PROMPT = "[Cán bộ phụ trách bổ sung nội dung này.]"


@dataclass
class Block:
    kind: str  # title | subtitle | h1 | h2 | p | prompt | table | figure
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # first row: header
    svg: Path | None = None
    png: Path | None = None


@dataclass
class Draft:
    name: str  # file stem
    issuer: str
    blocks: list[Block]


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _scope(catalog: Catalog, agency: str | None) -> tuple[str, str]:
    if agency is None:
        owner = catalog.agencies.get(catalog.province.owner)
        return "tinh", (owner.name("vi") if owner else catalog.province.name("vi"))
    return agency, catalog.agencies[agency].name("vi")


def report_draft(catalog: Catalog, found: list[Contribution], year: int, today: date, charts_dir: Path,
                 *, agency: str | None = None, half: bool = False) -> Draft:
    """Appendix 02: results of the year (or of its first six months)."""
    scope, issuer = _scope(catalog, agency)
    start, end = date(year, 1, 1), date(year, 6, 30) if half else date(year, 12, 31)
    period = f"6 tháng đầu năm {year}" if half else f"năm {year}"
    due = deadlines(catalog.province.reporting, year)
    due_date = due.half_year if half else due.year
    t = tally(found, start, end, agency)
    stem = f"{scope}-bao-cao-{year}{'-6-thang' if half else ''}"
    b: list[Block] = [
        Block("subtitle", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc"),
        Block("subtitle", f"{issuer} — DỰ THẢO"),
        Block("title", f"BÁO CÁO\nKết quả hoạt động thông tin đối ngoại {period}"),
        Block("p", "(Theo đề cương Phụ lục 02, Thông tư số 22/2016/TT-BTTTT; số liệu lấy từ Hệ thống dữ liệu "
                   f"quảng bá hình ảnh của {catalog.province.name('vi')}, tính đến ngày {_fmt(min(today, end))}.)"),
        Block("p", f"Hạn gửi báo cáo: {_fmt(due_date)}" if due_date else
              "Hạn gửi báo cáo: quy chế của tỉnh không quy định ngày cụ thể (catalog/province.yaml, reporting.report_due)."),
        Block("h1", "I. KẾT QUẢ THỰC HIỆN"),
        Block("h2", "1. Cung cấp thông tin cho Hệ thống dữ liệu quảng bá hình ảnh của tỉnh"),
        Block("p", f"Trong {period}, {'các cơ quan, đơn vị' if agency is None else issuer} đã cung cấp, cập nhật "
                   f"{t.total} lượt thông tin (mỗi bản ghi hoặc ảnh tính một lần mỗi tháng)."),
    ]
    months = [f"{year}-{m:02d}" for m in range(1, 7 if half else 13)]
    by_month = {m[-2:]: t.by_month.get(m, 0) for m in months}
    b.append(Block("table", rows=[["Tháng", *by_month.keys()], ["Số mục", *map(str, by_month.values())]]))
    b.append(_figure(by_month, f"Theo tháng, {period}", charts_dir / f"{stem}-thang"))
    if agency is None:
        per_agency = {a: sum(c.values()) for a, c in sorted(t.by_agency_month.items())}
        b.append(Block("table", rows=[["Cơ quan, đơn vị", "Số lượt"],
                                      *[[catalog.agencies[a].name("vi") if a in catalog.agencies else a, str(n)]
                                        for a, n in per_agency.items()]]))
        b.append(_figure(per_agency, f"Theo cơ quan, {period}", charts_dir / f"{stem}-co-quan", horizontal=True))
    kinds = {KIND_VI.get(k, k): n for k, n in sorted(t.by_kind.items())}
    b.append(Block("table", rows=[["Loại thông tin", "Số mục"], *[[k, str(n)] for k, n in kinds.items()]]))
    b.append(_figure(kinds, f"Theo loại thông tin, {period}", charts_dir / f"{stem}-loai", horizontal=True))
    langs = {lang: t.by_language.get(lang, 0) for lang in catalog.languages}
    b.append(Block("table", rows=[["Ngôn ngữ", "Số văn bản"], *[[k, str(n)] for k, n in langs.items()]]))
    b.append(_figure(langs, f"Theo ngôn ngữ, {period}", charts_dir / f"{stem}-ngon-ngu"))

    b.append(Block("h2", "2. Thực hiện chế độ cung cấp thông tin theo quy chế"))
    c = compliance(catalog, found, year, today, until=end)
    rows = [r for r in c.rows if agency is None or r.agency == agency]
    if not c.every:
        b.append(Block("p", "Quy chế của tỉnh không quy định tần suất tối thiểu (reporting.supply_every)."))
    else:
        late = [r for r in rows if r.late]
        every_vi = {"month": "mỗi tháng", "quarter": "mỗi quý", "half-year": "mỗi 6 tháng", "year": "mỗi năm"}[c.every]
        b.append(Block("p", f"Yêu cầu: cung cấp thông tin ít nhất một lần {every_vi}. " + (
            "Các cơ quan chưa đạt: " + "; ".join(f"{r.name} (kỳ {', '.join(r.late)})" for r in late) + "."
            if late else "Tất cả các kỳ đã kết thúc đều đạt yêu cầu.")))
    b += [
        Block("h2", "3. Các hoạt động thông tin đối ngoại khác"),
        Block("prompt", "[Họp báo, xuất bản phẩm, đón tiếp phóng viên nước ngoài, thông tin giải thích, làm rõ… "
                        "Cán bộ phụ trách bổ sung.]"),
        Block("h1", "II. ĐÁNH GIÁ CHUNG"),
        Block("h2", "1. Ưu điểm"), Block("prompt", PROMPT),
        Block("h2", "2. Hạn chế, nguyên nhân"), Block("prompt", PROMPT),
        Block("h1", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI"), Block("prompt", PROMPT),
        Block("h1", "IV. ĐỀ XUẤT, KIẾN NGHỊ"), Block("prompt", PROMPT),
    ]
    return Draft(name=stem, issuer=issuer, blocks=b)


def plan_draft(catalog: Catalog, found: list[Contribution], year: int, today: date, charts_dir: Path,
               *, agency: str | None = None) -> Draft:
    """Appendix 01: the plan for ``year``, with last year's figures as the baseline."""
    from ..translations.status import status

    scope, issuer = _scope(catalog, agency)
    due = deadlines(catalog.province.reporting, year - 1).plan  # 5 Dec of the year before, or 15 Jan of this one
    stem = f"{scope}-ke-hoach-{year}"
    every = catalog.province.reporting.get("supply_every")
    times = {"month": "ít nhất 12 lần (mỗi tháng một lần)", "quarter": "ít nhất 4 lần (mỗi quý một lần)",
             "half-year": "ít nhất 2 lần", "year": "ít nhất 1 lần"}.get(every or "", "thường xuyên")
    base = tally(found, date(year - 1, 1, 1), date(year - 1, 12, 31), agency)
    b: list[Block] = [
        Block("subtitle", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc"),
        Block("subtitle", f"{issuer} — DỰ THẢO"),
        Block("title", f"KẾ HOẠCH\nHoạt động thông tin đối ngoại năm {year}"),
        Block("p", "(Theo đề cương Phụ lục 01, Thông tư số 22/2016/TT-BTTTT.)"),
        Block("p", f"Hạn gửi kế hoạch: {_fmt(due)}" if due else
              "Hạn gửi kế hoạch: quy chế của tỉnh không quy định ngày cụ thể (catalog/province.yaml, reporting.plan_due)."),
        Block("h1", "I. MỤC ĐÍCH, YÊU CẦU"), Block("prompt", PROMPT),
        Block("h1", "II. NỘI DUNG"),
        Block("h2", "1. Cung cấp thông tin cho Hệ thống dữ liệu quảng bá hình ảnh của tỉnh"),
        Block("p", f"Cung cấp, cập nhật thông tin {times} trong năm {year}. Năm {year - 1}: {base.total} lượt."),
    ]
    by_month = {f"{m:02d}": base.by_month.get(f"{year - 1}-{m:02d}", 0) for m in range(1, 13)}
    b.append(Block("table", rows=[[f"Tháng ({year - 1})", *by_month.keys()], ["Số mục", *map(str, by_month.values())]]))
    b.append(_figure(by_month, f"Năm {year - 1} theo tháng", charts_dir / f"{stem}-co-so"))
    b.append(Block("h2", "2. Dịch thuật, cập nhật bản tiếng nước ngoài"))
    rows = [["Ngôn ngữ", "Chưa dịch", "Lỗi thời", "Chưa ghi nguồn", "Đã cập nhật"]]
    for lang in [x for x in catalog.languages if x != "vi"]:
        counts = {"missing": 0, "outdated": 0, "unknown": 0, "current": 0}
        for g in status(catalog, langs=[lang], agency=agency, diffs=False):
            for k, v in g.counts.items():
                counts[k] += v
        rows.append([lang, *(str(counts[k]) for k in ("missing", "outdated", "unknown", "current"))])
    b.append(Block("table", rows=rows))
    b.append(Block("h2", "3. Sự kiện, hoạt động đã có trong hệ thống"))
    events = sorted((r for r in catalog.records_of("event")
                     if r.classification != "secret" and (agency is None or r.agency == agency)
                     and str(r.fields.get("start", ""))[:4] == str(year)), key=lambda r: str(r.fields.get("start")))
    ev_rows = [["Nội dung", "Thời gian", "Chủ trì", "Phối hợp"]]
    for r in events:
        title = r.source_text.title if r.source_text else r.id
        ev_rows.append([title, str(r.fields.get("start")), catalog.agencies[r.agency].name("vi")
                        if r.agency in catalog.agencies else r.agency, ""])
    ev_rows.append([PROMPT, "", "", ""])
    b.append(Block("table", rows=ev_rows))
    b += [
        Block("h1", "III. KINH PHÍ"), Block("prompt", PROMPT),
        Block("h1", "IV. TỔ CHỨC THỰC HIỆN"), Block("prompt", PROMPT),
    ]
    return Draft(name=stem, issuer=issuer, blocks=b)


def _figure(data: dict, title: str, out: Path, horizontal: bool = False) -> Block:
    svg, png = bar_chart(data, title, out, horizontal=horizontal)
    return Block("figure", title, svg=svg, png=png)


# -- rendering ------------------------------------------------------------------------------
def write_html(draft: Draft, out_dir: Path) -> Path:
    e = html.escape
    parts = ['<!doctype html>', '<html lang="vi"><head><meta charset="utf-8">',
             f"<title>{e(draft.blocks[2].text.replace(chr(10), ' '))}</title>",
             "<style>body{font-family:'Times New Roman',serif;max-width:50em;margin:2em auto;line-height:1.5}"
             "h1,h2{font-size:1.1em}.title{text-align:center;font-weight:bold;font-size:1.3em;white-space:pre-line}"
             ".subtitle{text-align:center}.prompt{color:#a00;font-style:italic}table{border-collapse:collapse}"
             "td,th{border:1px solid #444;padding:.2em .5em}img{max-width:100%}</style></head><body>"]
    for block in draft.blocks:
        if block.kind in ("title", "subtitle", "prompt"):
            parts.append(f'<p class="{block.kind}">{e(block.text)}</p>')
        elif block.kind in ("h1", "h2"):
            parts.append(f"<{block.kind}>{e(block.text)}</{block.kind}>")
        elif block.kind == "p":
            parts.append(f"<p>{e(block.text)}</p>")
        elif block.kind == "table":
            head, *body = block.rows
            parts.append("<table><tr>" + "".join(f"<th>{e(c)}</th>" for c in head) + "</tr>"
                         + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in body)
                         + "</table>")
        elif block.kind == "figure":
            rel = block.svg.relative_to(out_dir).as_posix()
            parts.append(f'<figure><img src="{e(rel)}" alt="{e(block.text)}"><figcaption>{e(block.text)}</figcaption></figure>')
    parts.append("</body></html>")
    path = out_dir / f"{draft.name}.html"
    path.write_text("\n".join(parts) + "\n", "utf-8")
    return path


def write_docx(draft: Draft, out_dir: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches, Pt, RGBColor

    doc = Document()
    doc.core_properties.title = draft.blocks[2].text.replace("\n", " ")
    doc.core_properties.author = draft.issuer
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for block in draft.blocks:
        if block.kind in ("title", "subtitle"):
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(block.text)
            run.bold = block.kind == "title"
        elif block.kind == "h1":
            doc.add_heading(block.text, level=1)
        elif block.kind == "h2":
            doc.add_heading(block.text, level=2)
        elif block.kind == "p":
            doc.add_paragraph(block.text)
        elif block.kind == "prompt":
            run = doc.add_paragraph().add_run(block.text)
            run.italic = True
            run.font.color.rgb = RGBColor(0xAA, 0, 0)
        elif block.kind == "table":
            table = doc.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for i, row in enumerate(block.rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
        elif block.kind == "figure":
            doc.add_picture(str(block.png), width=Inches(6))
            doc.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    path = out_dir / f"{draft.name}.docx"
    doc.save(str(path))
    return path
