"""The web editor for content officers: Decap CMS (vendored, pinned, in ``vendor/``) with a
configuration generated from the schemas (``config.py``), quangba's file formats and
translation stamp (``static/quangba-editor.js``), the Vietnamese interface
(``static/vi.json``), and a local backend for ``quangba serve`` (``localbackend.py``).
Why Decap: docs/editor.md.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from ..catalog.model import Catalog
from .config import editor_config, render
from .forge import editor_backend

STATIC = ("index.html", "quangba-editor.js", "vi.json")
VENDORED = ("decap-cms", "js-yaml")


def package_dir() -> Path:
    return Path(str(resources.files("quangba.editor")))


def vendored_files(name: str) -> dict[str, str]:
    """{file name: SHA-256} of a vendored package, as pinned in its SHA256SUMS."""
    sums = (package_dir() / "vendor" / name / "SHA256SUMS").read_text("utf-8")
    return {line.split(maxsplit=1)[1].strip(): line.split(maxsplit=1)[0] for line in sums.splitlines() if line.strip()}


def vendored_version(name: str) -> dict[str, str]:
    return yaml.safe_load((package_dir() / "vendor" / name / "VERSION.yaml").read_text("utf-8"))


def verify_vendored() -> list[str]:
    """Files of the vendored editor whose content is not what was pinned (empty when all are)."""
    bad = []
    for name in VENDORED:
        folder = package_dir() / "vendor" / name
        for file, digest in vendored_files(name).items():
            path = folder / file
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                bad.append(f"{name}/{file}")
    return bad


def write_editor(catalog: Catalog, out: Path, today: date, *, local_backend: str | None = None) -> Path:
    """The editor as static files in ``out`` (``index.html``, ``config.yml``, the pinned
    bundle): served by ``quangba serve`` at /admin/, or published beside the portal."""
    out.mkdir(parents=True, exist_ok=True)
    for name in STATIC:
        shutil.copyfile(package_dir() / "static" / name, out / name)
    for name in VENDORED:
        target = out / "vendor" / name
        target.mkdir(parents=True, exist_ok=True)
        for file in (*vendored_files(name), "LICENSE"):
            source = package_dir() / "vendor" / name / file
            if not (target / file).is_file() or (target / file).stat().st_size != source.stat().st_size:
                shutil.copyfile(source, target / file)
    config = editor_config(catalog, today, backend=editor_backend(catalog.province.forge), local_backend=local_backend)
    if not local_backend:
        config["publish_mode"] = "editorial_workflow"
    (out / "config.yml").write_text(render(config), "utf-8")  # to read; the page loads config.js
    # as a script: every web server sends .js with a type browsers run, where .yml is often
    # sent as a download that the editor refuses to read
    (out / "config.js").write_text("window.QUANGBA_EDITOR_CONFIG = " + json.dumps(config, ensure_ascii=False) + ";\n",
                                   "utf-8")
    return out
