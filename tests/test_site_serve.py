"""The editor's preview: drafts with a DRAFT banner, the translators' page, live rebuilds —
and none of it in ``quangba build``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

import lxml.html

from conftest import NOW, text
from quangba.serve import rebuild

DRAFT = """\
id: draft-festival
kind: event
agency: so-vhttdl
status: draft
classification: public
created: 2026-11-01
modified: 2026-11-01
event_type: festival
start: 2027-06-01
"""


def test_preview_shows_drafts_with_a_banner_and_a_translators_page(repo):
    repo.write("catalog/event/draft-festival.yaml", DRAFT)
    repo.write("content/vi/event/draft-festival.md", text("Lễ hội nháp", "Chưa công bố.", "Nội dung nháp."))
    out = repo.root / ".cache/serve/site"
    preview = rebuild(repo.root, out, datetime.fromisoformat(NOW))
    assert preview.ok
    page = lxml.html.fromstring((out / "en/event/draft-festival/index.html").read_bytes())
    assert page.xpath("//*[@class='qb-draft-banner']/text()") == ["DRAFT — not published"]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    translators = lxml.html.fromstring((out / "en/translators/index.html").read_bytes())
    lao = " ".join(translators.xpath("//section[h2[@lang='lo']]")[0].text_content().split())
    assert "content/lo/place/nhat-le-beach.md" in lao and "content/lo/event/draft-festival.md" in lao
    english = " ".join(translators.xpath("//section[h2[@lang='en']]")[0].text_content().split())
    assert "content/en/place/nhat-le-beach.md" not in english

    # the published build never has drafts nor the translators' page
    assert repo.quangba("build", "--quiet").returncode == 0
    site = repo.root / "site"
    assert not (site / "event/draft-festival").exists() and not (site / "en/translators").exists()
    assert "Lễ hội nháp" not in (site / "sitemap.xml").read_text("utf-8")


def test_preview_keeps_the_last_good_version_when_the_data_is_broken(repo):
    out = repo.root / ".cache/serve/site"
    assert rebuild(repo.root, out, datetime.fromisoformat(NOW)).ok
    repo.write("catalog/place/nhat-le-beach.yaml", "id: [broken\n")
    preview = rebuild(repo.root, out, datetime.fromisoformat(NOW))
    assert not preview.ok and any(f.path == "catalog/place/nhat-le-beach.yaml" for f in preview.findings)
    assert (out / "en/place/nhat-le-beach/index.html").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(condition, limit: float = 90.0):
    """Poll until ``condition()`` is truthy (a generous limit: this is not a speed test)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the preview did not show the change")
        time.sleep(0.3)


def test_serve_rebuilds_when_a_text_changes(repo):
    port = _free_port()
    env = {**os.environ, "QUANGBA_NOW": NOW}
    proc = subprocess.Popen([sys.executable, "-m", "quangba.cli", "--root", str(repo.root), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        url = f"http://127.0.0.1:{port}/en/place/nhat-le-beach/"
        assert "Nhat Le beach" in _wait_for(lambda: _get(url))
        repo.write("content/en/place/nhat-le-beach.md", text("Nhat Le beach at sunrise", "A fine beach.", "Clear water."))
        _wait_for(lambda: "Nhat Le beach at sunrise" in _get(url))
        assert not (repo.root / "site").exists()  # the preview never publishes
    finally:
        proc.terminate()
        proc.wait(timeout=30)
