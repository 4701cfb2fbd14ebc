"""The demo province built, published into a web root and served by Debian's nginx (and
Caddy where it installs) with the configuration `quangba server-config` writes: every page
type answers, each language has its own 404 page with status 404, the headers and types
are right, a reader that accepts gzip gets the precompressed file; then a changed build is
published, rolled back, and the previous bytes are live again (issue 19)."""

from __future__ import annotations

import gzip
import hashlib
import base64
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest

from conftest import REPO, Repo
from quangba.catalog.load import load_catalog
from quangba.deploy.server_config import config_for, inline_scripts
from webserver import caddy, free_port, get, nginx

pytestmark = pytest.mark.webserver

LANGS = ("vi", "en", "lo")


@dataclass
class Demo:
    repo: Repo
    dest: Path

    @property
    def site(self) -> Path:
        return self.repo.root / "site"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Demo:
    root = tmp_path_factory.mktemp("demo") / "province"
    root.mkdir()
    for name in ("catalog", "content", "assets"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / ".cache" / "media").is_dir():  # only saves time: entries are keyed by content
        shutil.copytree(REPO / ".cache" / "media", root / ".cache" / "media")
    repo = Repo(root)
    built = repo.run("build")
    assert built.code == 0, built.out + built.err
    # a translators' file, so that the server's type for it is seen (the demo makes none)
    (root / "site" / "translations-sample.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" '
        'srcLang="vi" trgLang="en"><file id="f"/></xliff>\n', "utf-8")
    dest = root.parent / "www"
    published = repo.run("publish", str(dest))
    assert published.code == 0, published.out + published.err
    return Demo(repo, dest)


def page_types(site: Path) -> dict[str, str]:
    """One address of every kind of page and file the portal serves."""
    first = lambda pattern: "/" + sorted(site.glob(pattern))[0].relative_to(site).as_posix()  # noqa: E731
    paths = {
        "home vi": "/", "home en": "/en/", "home lo": "/lo/",
        "section": "/place/", "section en": "/en/event/",
        "record": first("place/*/index.html").removesuffix("index.html"),
        "record lo": first("lo/event/*/index.html").removesuffix("index.html"),
        "press room": "/press/", "press kit": "/en/press-kit/",
        "project list": "/project/", "project profile": first("en/project/*/profile/index.html").removesuffix("index.html"),
        "open data vi": "/open-data/", "open data en": "/en/open-data/", "open data lo": "/lo/open-data/",
        "rss": "/feed.rss.xml", "atom": "/en/feed.atom.xml", "releases feed": "/lo/open-data/releases.atom.xml",
        "calendar": "/events.ics", "event calendar": first("event/*.ics"),
        "sitemap": "/sitemap.xml", "robots": "/robots.txt",
        "search index": first("search/*.json"),
        "stylesheet": first("assets/stylesheets/main.*.min.css"),
        "font": first("**/*.woff2"),
        "photo webp": first("media/*/480.webp"), "photo jpg": first("media/*/480.jpg"),
        "press kit zip": first("media/press-kit/*.zip"),
        "descriptor": "/data/datapackage.json", "dcat turtle": "/data/catalog.ttl",
        "dcat json-ld": "/data/catalog.jsonld", "geojson": "/data/geo/en.geojson",
        "table csv": "/data/data/records.csv", "table ndjson": "/data/data/records.ndjson",
        "translators' file": "/translations-sample.xlf",
    }
    return paths


TYPES = {
    ".ics": "text/calendar", ".geojson": "application/geo+json", ".jsonld": "application/ld+json",
    ".webp": "image/webp", ".xlf": "application/xliff+xml", ".ttl": "text/turtle", ".csv": "text/csv",
    ".atom.xml": "application/atom+xml", ".rss.xml": "application/rss+xml", ".json": "application/json",
    ".css": "text/css", ".xml": "text/xml", ".txt": "text/plain", ".ndjson": "application/x-ndjson", "/": "text/html", ".woff2": "font/woff2", ".zip": "application/zip", ".jpg": "image/jpeg",
}


def expected_type(path: str) -> str | None:
    return next((kind for suffix, kind in sorted(TYPES.items(), key=lambda kv: -len(kv[0])) if path.endswith(suffix)), None)


def served_checks(port: int, demo: Demo) -> None:
    """What both servers must do with the published demo."""
    site = demo.dest / "current"
    for what, path in page_types(site).items():
        answer = get(port, path)
        assert answer.status == 200, f"{what}: {path} → {answer.status}"
        local = site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        assert answer.body == local.read_bytes(), f"{what}: {path} is not the published file"
        kind = expected_type(path)
        assert kind and answer.header("content-type").split(";")[0].strip() == kind, (what, path, answer.headers)
        security_headers(answer, what)
        if path.endswith("/") and what != "project profile":
            assert "max-age=300" in answer.header("cache-control"), (what, answer.headers)
    assert "immutable" in get(port, page_types(site)["stylesheet"]).header("cache-control")
    assert "max-age=86400" in get(port, page_types(site)["photo webp"]).header("cache-control")

    for lang in LANGS:  # each language's own 404 page, with status 404
        prefix = "" if lang == "vi" else f"/{lang}"
        for missing in (f"{prefix}/no-such-page/", f"{prefix}/place/no-such-record/", f"{prefix}/missing.json"):
            answer = get(port, missing)
            own_404 = site / (f"{lang}/404.html" if lang != "vi" else "404.html")
            assert answer.status == 404, (missing, answer.status)
            assert answer.body == own_404.read_bytes(), f"{missing}: not the {lang} 404 page"
            assert f'lang="{lang}"' in answer.body.decode("utf-8")
            assert answer.header("content-type").startswith("text/html"), (missing, answer.headers)
            security_headers(answer, missing)

    for path in ("/en/", "/data/data/texts.csv", "/en/feed.atom.xml", "/data/geo/vi.geojson"):
        plain, packed = get(port, path), get(port, path, gzip=True)
        assert "content-encoding" not in plain.headers
        assert packed.header("content-encoding") == "gzip", (path, packed.headers)
        assert gzip.decompress(packed.body) == plain.body, path
        assert "accept-encoding" in packed.header("vary").lower()
        assert packed.header("content-type") == plain.header("content-type")


def security_headers(answer, what: str) -> None:
    csp = answer.header("content-security-policy")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "http" not in csp, (what, csp)
    assert answer.header("x-content-type-options") == "nosniff", what
    assert answer.header("referrer-policy") == "strict-origin-when-cross-origin", what
    assert answer.header("x-frame-options") == "DENY", what
    if answer.header("content-type").startswith("text/html"):  # every script the page runs is allowed
        allowed = set(re.findall(r"'sha256-[^']+'", csp))
        for script in inline_scripts(gzip.decompress(answer.body).decode() if answer.header("content-encoding")
                                     else answer.body.decode("utf-8")):
            digest = "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
            assert digest in allowed, f"{what}: the policy would block the inline script {script[:60]!r}"


def config(server: str, demo: Demo, listen: str) -> str:
    catalog = load_catalog(demo.repo.root).catalog
    return config_for(server, catalog, root=str(demo.dest / "current"), listen=listen, server_name="localhost",
                      site=demo.site)


def test_nginx_serves_every_page_type_with_404s_headers_types_and_gzip(demo, tmp_path):
    port = free_port()
    with nginx(config("nginx", demo, f"127.0.0.1:{port}"), tmp_path / "nginx", port):
        served_checks(port, demo)


def test_caddy_serves_the_same(demo, tmp_path):
    port = free_port()
    with caddy(config("caddy", demo, f"http://127.0.0.1:{port}"), tmp_path / "caddy", port):
        served_checks(port, demo)


def test_a_changed_build_goes_live_and_a_rollback_brings_the_previous_bytes_back(demo, tmp_path):
    record = "/en/place/phong-nha-ke-bang/"
    port = free_port()
    with nginx(config("nginx", demo, f"127.0.0.1:{port}"), tmp_path / "nginx", port):
        before = get(port, record)
        feed_before = get(port, "/en/open-data/releases.atom.xml").body
        assert before.status == 200
        text = "content/en/place/phong-nha-ke-bang.md"
        demo.repo.write(text, demo.repo.read(text).replace("\n---\n", "\n---\nA sentence added for this release.\n\n", 1))
        assert demo.repo.run("build").code == 0
        assert demo.repo.run("publish", str(demo.dest)).code == 0
        after = get(port, record)
        assert b"A sentence added for this release." in after.body and after.body != before.body

        feed = feedparser.parse(get(port, "/en/open-data/releases.atom.xml").body)
        assert not feed.bozo and len(feed.entries) == 2
        assert "0 records added, 1 modified, 0 withdrawn or replaced" in feed.entries[0].summary
        assert "phong-nha-ke-bang" in feed.entries[0].content[0].value
        versions = [e.link.split("/data/releases/")[1].split("/")[0] for e in feed.entries]
        for version in versions:  # both versions of the package are there to fetch and diff
            assert get(port, f"/data/releases/{version}/datapackage.json").status == 200

        rolled = demo.repo.run("rollback", str(demo.dest))
        assert rolled.code == 0, rolled.err
        assert get(port, record).body == before.body  # the previous bytes, live again
        assert get(port, "/en/open-data/releases.atom.xml").body == feed_before
