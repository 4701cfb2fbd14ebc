"""The demo province with Thai added: the search tests' province (tests/test_search.py,
tests/browser/test_search_browser.py). Thai is one of Quảng Trị's languages; the demo has
no Thai text, so one record gets the Thai text in tests/fixtures/thai/."""

from __future__ import annotations

import shutil
from pathlib import Path

import conftest as base

THAI_TEXT = base.REPO / "tests" / "fixtures" / "thai" / "son-doong-cave.md"


def thai_province(root: Path) -> Path:
    """The demo province with Thai among its languages and one record translated into Thai."""
    for folder in ("catalog", "content"):
        shutil.copytree(base.REPO / folder, root / folder)
    province = root / "catalog" / "province.yaml"
    text = province.read_text("utf-8")
    assert "  - lo\n" in text and '  lo: "ແຂວງກວາງຈິ"\n' in text
    text = text.replace("  - lo\n", "  - lo\n  - th\n", 1).replace('  lo: "ແຂວງກວາງຈິ"\n', '  lo: "ແຂວງກວາງຈິ"\n  th: "จังหวัดกวางจิ"\n', 1)
    province.write_text(text, "utf-8")
    (root / "content" / "th" / "place").mkdir(parents=True)
    shutil.copy(THAI_TEXT, root / "content" / "th" / "place" / "son-doong-cave.md")
    return root


def build(root: Path, out: Path) -> None:
    from quangba.catalog.load import load_catalog
    from quangba.catalog.model import parse_moment
    from quangba.site import build_site

    build_site(load_catalog(root).catalog, out, parse_moment(base.NOW))
