"""``quangba serve``: the editor's local preview. Rebuilds the portal whenever a YAML record,
a Markdown text or a media file changes and reloads the browser (mkdocs' live-reload server).
Drafts are shown with a DRAFT banner and a translators' page lists what each language is
missing — both only here, never in ``quangba build``. The preview goes to
``.cache/serve/site``; ``site/`` and ``export/`` are never touched.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from .catalog.load import load_catalog
from .governance import codeowners  # noqa: F401  registers GOV-CODEOWNERS-STALE with the rules
from .rules.findings import Finding, RENDERERS
from .rules.validate import validate

WATCHED = ("catalog", "content", "assets", "mkdocs.yml")


@dataclass
class Preview:
    ok: bool
    findings: list[Finding]


def rebuild(root: Path, out: Path, now: datetime) -> Preview:
    """Validate and build the preview (drafts included) into ``out``; on errors keep the old one.
    Photos go through the media stage exactly as in ``quangba build`` (same cache)."""
    from .build import MEDIA_CACHE, _add_media
    from .media.pipeline import process_media
    from .site import build_site

    loaded = load_catalog(root)
    findings = validate(loaded, now)
    if any(f.is_error for f in findings):
        return Preview(ok=False, findings=findings)
    fresh, media_root = out.with_name(out.name + ".next"), out.with_name(out.name + ".media")
    for folder in (fresh, media_root):
        shutil.rmtree(folder, ignore_errors=True)
    media = process_media(loaded.catalog, media_root, now, cache_dir=root / MEDIA_CACHE, progress=False)
    if any(f.is_error for f in media.findings):
        return Preview(ok=False, findings=[*findings, *media.findings])
    build_site(loaded.catalog, fresh, now, media=media, drafts=True, cache_dir=root / ".cache" / "serve" / "site-cache",
               previous=out)
    _add_media(media_root, fresh)  # mkdocs empties its site_dir: the photos join afterwards
    shutil.rmtree(media_root, ignore_errors=True)
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return Preview(ok=True, findings=findings)


def serve(root: Path, host: str, port: int, clock: Callable[[], datetime]) -> None:
    from mkdocs.livereload import LiveReloadServer

    out = root / ".cache" / "serve" / "site"
    out.mkdir(parents=True, exist_ok=True)

    def builder() -> None:
        preview = rebuild(root, out, clock())
        if preview.findings:
            sys.stdout.write(RENDERERS["text"](preview.findings))
        if preview.ok:
            print("Đã cập nhật bản xem trước. / Preview updated.", flush=True)
        else:
            print("Có lỗi: bản xem trước cũ được giữ nguyên. / Errors: the previous preview is kept.", flush=True)

    builder()
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(out))
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    print(f"Xem trước tại / Previewing at {server.url} (Ctrl+C để dừng / to stop)", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
