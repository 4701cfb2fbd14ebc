"""The list of findings in the contributor guides, generated from ``rules.yaml``.

``docs/contributing.vi.md`` and ``docs/contributing.en.md`` each hold a block between
``<!-- rules:start -->`` and ``<!-- rules:end -->``; ``quangba rules --docs`` rewrites it, and a
test fails when it no longer matches the rules.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..rules.rulebook import all_rules

GUIDES = {"vi": "docs/contributing.vi.md", "en": "docs/contributing.en.md"}
START, END = "<!-- rules:start -->", "<!-- rules:end -->"
_FAMILIES = {  # rule id prefix → heading (vi, en)
    "FILE": ("Tệp", "Files"), "YAML": ("Cú pháp YAML", "YAML syntax"), "SCHEMA": ("Các trường", "Fields"),
    "REC": ("Bản ghi", "Records"), "TEXT": ("Văn bản và bản dịch", "Texts and translations"),
    "AGENCY": ("Danh sách cơ quan", "Agency registry"), "PROVINCE": ("Hồ sơ tỉnh", "Province profile"),
    "MEDIA": ("Ảnh", "Photos"), "PR": ("Yêu cầu thay đổi (check-pr)", "Pull requests (check-pr)"),
    "GOV": ("Quản trị", "Governance"), "BUILD": ("Xây dựng", "Build"),
    "INVEST": ("Xúc tiến đầu tư", "Investment promotion"), "PRESS": ("Theo dõi báo chí", "Press office register"),
    "TR": ("Tệp dịch (PO/XLIFF)", "Translation files (PO/XLIFF)"), "KIOSK": ("Cụm thông tin cửa khẩu", "Border-gate kiosks"),
}


def _plain(message: str) -> str:
    """A rule's message with its {placeholders} shown as “…” and {{ }} as braces."""
    return re.sub(r"(?<!\{)\{[a-z_]+\}(?!\})", "…", message).replace("{{", "{").replace("}}", "}")


def rules_markdown(lang: str) -> str:
    rules = all_rules()
    severity = {"vi": {"error": "lỗi", "warning": "cảnh báo"}, "en": {"error": "error", "warning": "warning"}}[lang]
    out: list[str] = []
    families: dict[str, list] = {}
    for rule in rules.values():
        families.setdefault(rule.id.split("-", 1)[0], []).append(rule)
    for family, members in families.items():
        heading = _FAMILIES.get(family, (family, family))[0 if lang == "vi" else 1]
        out += [f"### {heading}", ""]
        for rule in members:
            what = _plain(rule.vi if lang == "vi" else rule.en)
            fix = _plain(rule.fix_vi if lang == "vi" else rule.fix_en)
            out.append(f"- **`{rule.id}`** ({severity[rule.severity.value]}) — {what} "
                       f"{'Cách sửa' if lang == 'vi' else 'Fix'}: {fix}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def block(lang: str) -> str:
    return f"{START}\n\n{rules_markdown(lang)}\n{END}"


def current(text: str, lang: str) -> bool:
    return block(lang) in text


def write(root: Path) -> list[str]:
    """Rewrite the generated block of each guide; return the guides that changed."""
    changed = []
    for lang, rel in GUIDES.items():
        path = root / rel
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block(lang), text, flags=re.S)
        if new != text:
            path.write_text(new, "utf-8")
            changed.append(rel)
    return changed
