"""``quangba screenshots --out DIR``: after ``quangba build``, a picture of every page type of
the built portal, at a desktop and a phone width, in every language, into one folder — for
reviewing the portal's face, and for the README (``--readme docs/screenshots``: the four it
shows, regenerated here, never hand-made).

Headless Chromium (Debian's ``/usr/bin/chromium`` or ``--chromium``) through Playwright (the
``test`` extra), on the built ``site/`` served on a loopback port; every request to another
host is refused, as in the browser tests. Opt-in, like ``profiles-pdf``: building the portal
never needs a browser.
"""

from __future__ import annotations

import argparse
import functools
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

from .catalog.model import SOURCE_LANGUAGE

WIDTHS = (1280, 390)
HEIGHTS = {1280: 900, 390: 844}
# (name, key) of the README's four: the home page in English and in Lao, a place, and the
# project list on a phone
README = (("home", "en", 1280), ("home", "lo", 1280), ("place-page", "en", 1280), ("project-list", "en", 390))


@dataclass(frozen=True)
class Shot:
    name: str  # the page type
    key: str  # the page's key (as in site/urls.py)


class ScreenshotsError(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


def page_types(site: Path, featured: str | None = None) -> list[Shot]:
    """One page of every type the built portal has (from the Vietnamese folders): the home,
    press room, contacts, press kit, open data, each kind's list and one of its records (the featured
    one for places; else the first with a photo), a project profile, and the 404 page."""
    shots = [Shot("home", ""), Shot("press-room", "press/"), Shot("contacts", "contacts/"),
             Shot("press-kit", "press-kit/"), Shot("open-data", "open-data/")]
    kinds = sorted(p.name for p in site.iterdir() if p.is_dir() and (p / "index.html").is_file()
                   and any(child.is_dir() and (child / "index.html").is_file() for child in p.iterdir()))
    for kind in kinds:
        if kind in ("press", "contacts", "press-kit", "open-data", "data", "admin", "search", "assets", "media", "en", "lo",
                    "quangba", "fonts"):
            continue
        records = sorted(c.name for c in (site / kind).iterdir() if (c / "index.html").is_file() and not c.name.startswith("_"))
        if not records:
            continue
        chosen = featured if featured in records else next(
            (r for r in records if b"qb-photo" in (site / kind / r / "index.html").read_bytes()), records[0])
        list_name = "project-list" if kind == "project" else f"{kind}-list"
        shots += [Shot(list_name, f"{kind}/"), Shot(f"{kind}-page", f"{kind}/{chosen}/")]
        if kind == "project" and (site / kind / chosen / "profile" / "index.html").is_file():
            shots.append(Shot("project-profile", f"{kind}/{chosen}/profile/"))
    shots.append(Shot("not-found", "no/such/page/"))
    return [s for s in shots if s.key.startswith("no/") or (site / s.key / "index.html").is_file() or s.key == ""]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):  # the 404 page of the language
        if code != 404:
            return super().send_error(code, message, explain)
        first = self.path.lstrip("/").split("/", 1)[0]
        site = Path(self.directory)
        page = site / first / "404.html" if first and (site / first / "404.html").is_file() else site / "404.html"
        body = page.read_bytes() if page.is_file() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def take(site: Path, out: Path, languages: tuple[str, ...], chromium: str, featured: str | None = None,
         widths: tuple[int, ...] = WIDTHS, browser=None) -> list[Path]:
    """Every page type × width × language as ``<type>-<lang>-<width>.png`` in ``out``, with
    ``browser`` (a Playwright browser already started) or a Chromium started here."""
    if browser is not None:
        return _shoot(browser, site, out, languages, featured, widths)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        started = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            return _shoot(started, site, out, languages, featured, widths)
        finally:
            started.close()


def _shoot(browser, site: Path, out: Path, languages: tuple[str, ...], featured: str | None,
           widths: tuple[int, ...]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"127.0.0.1:{httpd.server_address[1]}"
    written = []
    try:
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": HEIGHTS.get(width, 900)})
            context.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).netloc == origin
                          else route.abort())
            tab = context.new_page()
            for lang in languages:
                prefix = "" if lang == SOURCE_LANGUAGE else f"{lang}/"
                for shot in page_types(site, featured):
                    tab.goto(f"http://{origin}/{prefix}{shot.key}")
                    tab.wait_for_load_state("networkidle")
                    path = out / f"{shot.name}-{lang}-{width}.png"
                    tab.screenshot(path=str(path))
                    written.append(path)
            context.close()
    finally:
        httpd.shutdown()
    return written


def copy_readme(shots: Path, readme_dir: Path) -> list[Path]:
    """The README's four pictures, as WebP (a tenth of the PNG's bytes)."""
    from PIL import Image

    readme_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for name, lang, width in README:
        source = shots / f"{name}-{lang}-{width}.png"
        if source.is_file():
            target = readme_dir / f"{name}-{lang}-{width}.webp"
            with Image.open(source) as image:
                image.convert("RGB").save(target, "WEBP", quality=80, method=6)
            copied.append(target)
    return copied


def cmd_screenshots(args: argparse.Namespace) -> int:
    import sys

    from .catalog.load import load_catalog
    from .profiles_pdf import find_chromium, ProfilesError

    site = (args.site or args.root / "site").resolve()
    if not (site / "index.html").is_file():
        print(f"Chưa có cổng thông tin đã xây dựng ở {site}: chạy “quangba build” trước.\n"
              f"No built portal in {site}: run “quangba build” first.", file=sys.stderr)
        return 2
    try:
        chromium = find_chromium(args.chromium)
    except ProfilesError as err:
        print(f"{err.vi}\n{err.en}", file=sys.stderr)
        return 2
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("Cần Playwright (pip install -e '.[test]') để chụp ảnh màn hình.\n"
              "Playwright is needed (pip install -e '.[test]') to take screenshots.", file=sys.stderr)
        return 2
    catalog = load_catalog(args.root).catalog
    out = (args.out or args.root / "build" / "screenshots").resolve()
    for old in out.glob("*-*-*.png") if out.is_dir() else ():
        old.unlink()  # this command's own pictures from before (nothing else in the folder): nothing stale
    written = take(site, out, catalog.languages, chromium, catalog.province.site.featured)
    print(f"{out}: {len(written)} ảnh / screenshots")
    if args.readme:
        for path in copy_readme(out, args.readme.resolve()):
            print(f"  README: {path}")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("screenshots", help="chụp mọi loại trang, hai độ rộng, mọi ngôn ngữ / "
                                           "screenshots of every page type, both widths, every language")
    p.add_argument("--site", type=Path, help="the built portal (default: site/)")
    p.add_argument("--out", type=Path, help="the folder to write them to (default: build/screenshots; emptied first)")
    p.add_argument("--readme", type=Path, help="also write the README's four pictures there (e.g. docs/screenshots)")
    p.add_argument("--chromium", help="the Chromium program (default: /usr/bin/chromium)")
    p.set_defaults(func=cmd_screenshots)
