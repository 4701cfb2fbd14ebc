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
from datetime import date, datetime
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


EDITOR_PATH = "/admin/"
API_PATH = "/api/v1"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def refresh_editor(root: Path, folder: Path, api_url: str, today: date) -> None:
    """The editor's files and its configuration, generated afresh from the schemas."""
    from .editor import write_editor

    write_editor(load_catalog(root).catalog, folder, today, local_backend=api_url)


def editor_app(root: Path, folder: Path, port: int):
    """A WSGI layer before the preview: the editor's files at /admin/, its API at /api/v1."""
    import mimetypes
    import posixpath

    from .editor.localbackend import LocalBackend, answer

    backend = LocalBackend(root)
    allowed_hosts = {f"{host}:{port}" for host in ("127.0.0.1", "localhost", "[::1]")}
    allowed_origins = {f"http://{host}" for host in allowed_hosts}

    def app(environ, start_response, preview):
        path = environ.get("PATH_INFO", "")
        if path == API_PATH:
            return api(environ, start_response)
        if path == EDITOR_PATH.rstrip("/"):
            start_response("302 Found", [("Location", EDITOR_PATH)])
            return []
        if path.startswith(EDITOR_PATH):
            rel = posixpath.normpath("/" + (path[len(EDITOR_PATH):] or "index.html")).lstrip("/")
            file = (folder / rel).resolve()
            if not file.is_file() or not file.is_relative_to(folder.resolve()):
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"404 Not Found"]
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if file.suffix in (".yml", ".yaml"):
                kind = "text/yaml; charset=utf-8"
            data = file.read_bytes()
            start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(data))),
                                      ("Cache-Control", "no-cache")])
            return [data]
        return preview(environ, start_response)

    def api(environ, start_response):
        # only the editor served here may write: a page from another site cannot post
        # (the Host is checked too: a name rebound to 127.0.0.1 is not this server)
        origin = environ.get("HTTP_ORIGIN")
        if environ.get("REQUEST_METHOD") != "POST" or (origin and origin not in allowed_origins) \
                or environ.get("HTTP_HOST") not in allowed_hosts \
                or not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"403 Forbidden"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        status, body = answer(backend, environ["wsgi.input"].read(length))
        reason = {200: "OK", 422: "Unprocessable Entity", 500: "Internal Server Error"}[status]
        start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return app


def serve(root: Path, host: str, port: int, clock: Callable[[], datetime]) -> None:
    from mkdocs.livereload import LiveReloadServer

    if host not in LOOPBACK:
        raise SystemExit("quangba serve writes into the working copy: it listens on 127.0.0.1 only "
                         "/ chỉ chạy trên 127.0.0.1")
    out = root / ".cache" / "serve" / "site"
    out.mkdir(parents=True, exist_ok=True)
    editor_folder = root / ".cache" / "serve" / "editor"
    api_url = f"http://{f'[{host}]' if ':' in host else host}:{port}{API_PATH}"
    front = editor_app(root, editor_folder, port)

    def builder() -> None:
        try:
            refresh_editor(root, editor_folder, api_url, clock().date())
        except Exception as error:  # the preview goes on even if the editor cannot be set up
            print(f"Trình soạn thảo / editor: {type(error).__name__}: {error}", flush=True)
        preview = rebuild(root, out, clock())
        if preview.findings:
            sys.stdout.write(RENDERERS["text"](preview.findings))
        if preview.ok:
            print("Đã cập nhật bản xem trước. / Preview updated.", flush=True)
        else:
            print("Có lỗi: bản xem trước cũ được giữ nguyên. / Errors: the previous preview is kept.", flush=True)

    builder()
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(out))
    preview_app = server.serve_request
    server.set_app(lambda environ, start_response: front(environ, start_response, preview_app))
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name))
    print(f"Xem trước tại / Previewing at {server.url} (Ctrl+C để dừng / to stop)", flush=True)
    print(f"Soạn thảo tại / Editor at {server.url.rstrip('/')}{EDITOR_PATH}", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
