"""What every browser test shares: Debian's headless chromium (never ``playwright install``)
and a local static server that answers like the portal's web server.

Without /usr/bin/chromium the browser tests are skipped locally and FAIL when CI=true
(``.ci/run`` installs chromium).
"""

from __future__ import annotations

import functools
import os
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI: /usr/bin/chromium is missing (.ci/run installs Debian's chromium)")
        pytest.skip("no /usr/bin/chromium: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield instance
        instance.close()


class PortalHandler(SimpleHTTPRequestHandler):
    """A static server answering unknown paths with the 404 page of their language (the
    first folder of the path when it has a 404.html, else the Vietnamese one at the root),
    the way the portal's web server is configured."""

    def log_message(self, *args):  # keep the test output clean
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        first = self.path.lstrip("/").split("?", 1)[0].split("/", 1)[0]
        site = Path(self.directory)
        page = site / first / "404.html" if first and (site / first / "404.html").is_file() else site / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The built ``site`` folder on a free local port; yields its address."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PortalHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
