"""A small province built in a temporary folder, the way an agency's repository looks.

Tests change one thing in it and check what a user sees: the finding, the page, the file.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-11-23T12:00:00+07:00"

PROVINCE = """\
id: demo
names: {vi: Tỉnh Thử, en: Test Province, lo: ແຂວງທົດລອງ}
languages: [vi, en, lo]
base_url: https://demo.example/
licence: https://creativecommons.org/licenses/by/4.0/
owner: so-vhttdl
admin_units:
  - {id: dong-hoi, type: ward, names: {vi: Phường Đồng Hới}}
"""

AGENCIES = """\
agencies:
  - id: ubnd
    kind: people-committee
    names: {vi: Ủy ban nhân dân tỉnh, en: Provincial People's Committee}
  - id: so-vhttdl
    kind: department
    names: {vi: "Sở Văn hóa, Thể thao và Du lịch", en: "Department of Culture, Sports and Tourism"}
    parent: ubnd
    owner: true
  - id: so-tttt
    kind: department
    names: {vi: Sở Thông tin và Truyền thông, en: Department of Information and Communications}
    parent: ubnd
    valid_to: 2025-02-28
    successor: so-vhttdl
"""

PLACE = """\
id: nhat-le-beach
kind: place
agency: so-vhttdl
status: published
classification: public
created: 2024-01-10
modified: 2025-03-02
category: beach
location: {lat: 17.478, lon: 106.623, unit: dong-hoi}
tags: [beach]
media: [nhat-le]
"""

EVENT = """\
id: sea-festival
kind: event
agency: so-vhttdl
status: published
classification: public
created: 2025-01-05
modified: 2025-01-05
event_type: festival
start: 2027-04-30
end: 2027-05-01
relations:
  - {type: venue, target: nhat-le-beach}
sample: true
"""

PRESS = """\
id: press-2026-01
kind: press-release
agency: so-vhttdl
status: published
classification: public
created: 2026-01-15
modified: 2026-01-15
issued: 2026-01-15
sample: true
"""

SIDECAR = """\
file: nhat-le.jpg
agency: so-vhttdl
credit: Nguyễn Văn A
licence: https://creativecommons.org/licenses/by/4.0/
taken: 2024-06-01
place: nhat-le-beach
caption: {vi: Bãi biển Nhật Lệ lúc bình minh, en: Nhat Le beach at dawn}
alt: {vi: Bãi cát và biển xanh, en: Sand and blue sea, lo: ຫາດຊາຍ ແລະ ທະເລສີຟ້າ}
consent: not-applicable
press_kit: true
"""


def text(title: str, summary: str, body: str, **extra: str) -> str:
    front = f"title: {title}\nsummary: {summary}\n" + "".join(f"{k}: {v}\n" for k, v in extra.items())
    return f"---\n{front}---\n{body}\n"


def rewrite_package_file(package: Path, rel: str, new: bytes) -> None:
    """Change a file of an exported package and state its new size and hash in the
    descriptor, as a careless tool would: only checks of the content can then tell."""
    (package / rel).write_bytes(new)
    path = package / "datapackage.json"
    descriptor = json.loads(path.read_text("utf-8"))
    for resource in descriptor["resources"]:
        if resource["path"] == rel:
            resource["bytes"], resource["hash"] = len(new), "sha256:" + hashlib.sha256(new).hexdigest()
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), "utf-8")


def build_demo_preview(out: Path) -> tuple:
    """(catalog, site) of the demo province built the way ``quangba serve`` shows it, into ``out/site``: with
    photos (press kit) and drafts (DRAFT banner, translators' page) — every page ``quangba
    build`` makes, and more. Skips the test in a checkout without the demo."""
    from quangba.build import _add_media
    from quangba.catalog.load import load_catalog
    from quangba.media.pipeline import process_media
    from quangba.catalog.model import parse_moment
    from quangba.site import build_site

    catalog = load_catalog(REPO).catalog
    if not catalog.records:
        pytest.skip("no demo province in this checkout")
    now = parse_moment(NOW)
    media = process_media(catalog, out / "media", now, cache_dir=out / "cache", progress=False)
    build_site(catalog, out / "site", now, media=media, drafts=True)
    _add_media(out / "media", out / "site")
    return catalog, out / "site"


class Repo:
    """A province repository in a temporary folder."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content) if content.startswith("\n") else content, "utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text("utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        content = self.read(rel)
        assert old in content, f"{old!r} not in {rel}"
        self.write(rel, content.replace(old, new, 1))

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def run(self, *args: str) -> "Result":
        """Run the ``quangba`` command in this process (fast); the clock is fixed at NOW."""
        import contextlib
        import os

        from quangba.cli import main

        out, err = io.StringIO(), io.StringIO()
        previous = os.environ.get("QUANGBA_NOW")
        os.environ["QUANGBA_NOW"] = NOW
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(["--root", str(self.root), *args])
                except SystemExit as exit_:  # argparse's usage errors
                    code = exit_.code
        finally:
            if previous is None:
                os.environ.pop("QUANGBA_NOW", None)
            else:
                os.environ["QUANGBA_NOW"] = previous
        return Result(code, out.getvalue(), err.getvalue())

    def quangba(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """Run the ``quangba`` command as a separate process, as a user would."""
        import os

        environment = {**os.environ, "QUANGBA_NOW": NOW, **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "quangba.cli", "--root", str(self.root), *args],
            capture_output=True, text=True, env=environment, timeout=600,
        )


@dataclass
class Result:
    code: int
    out: str
    err: str

    def rules(self) -> list[str]:
        """Rule ids of the findings printed in text format."""
        import re

        return re.findall(r"^\S+: ([A-Z][A-Z0-9-]+) ", self.out, flags=re.M)

    def finding_lines(self, rule: str) -> list[str]:
        return [line for line in self.out.splitlines() if f": {rule} " in line]


def jpeg(width: int = 64, height: int = 48, color: str = "#2a7") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "province")
    shutil.copytree(REPO / "catalog" / "schemas", r.root / "catalog" / "schemas")
    r.write("catalog/province.yaml", PROVINCE)
    r.write("catalog/agencies.yaml", AGENCIES)
    r.write("catalog/place/nhat-le-beach.yaml", PLACE)
    r.write("catalog/event/sea-festival.yaml", EVENT)
    r.write("catalog/press-release/press-2026-01.yaml", PRESS)
    r.write("content/vi/place/nhat-le-beach.md", text("Bãi biển Nhật Lệ", "Bãi biển đẹp ở Đồng Hới.", "Nước trong xanh."))
    r.write("content/en/place/nhat-le-beach.md", text("Nhat Le beach", "A fine beach in Dong Hoi.", "Clear water."))
    r.write("content/vi/event/sea-festival.md", text("Lễ hội biển", "Lễ hội mẫu.", "Nội dung."))
    r.write("content/vi/press-release/press-2026-01.md", text("Thông cáo", "Thông cáo mẫu.", "Nội dung."))
    r.write("assets/media/nhat-le.jpg", jpeg())
    r.write("assets/media/nhat-le.yaml", SIDECAR)
    return r
