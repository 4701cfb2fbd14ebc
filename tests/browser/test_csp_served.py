"""The portal works under the Content-Security-Policy that `quangba server-config` gives the
web server: Chromium, loading the published demo from Debian's nginx, reports no violation
on any page type, with the search, the menu and the language switcher in use (issue 19)."""

from __future__ import annotations

import pytest

from browserkit import browser  # noqa: F401 (a fixture)
from test_publish_served import config, demo, page_types  # noqa: F401 (demo is a fixture)
from webserver import free_port, nginx

pytestmark = [pytest.mark.browser, pytest.mark.webserver]

RECORD = """window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));"""


def test_no_page_type_breaks_the_content_security_policy(browser, demo, tmp_path):
    port = free_port()
    with nginx(config("nginx", demo, f"127.0.0.1:{port}"), tmp_path / "nginx", port):
        context = browser.new_context()
        context.add_init_script(RECORD)
        tab = context.new_page()
        refused = []
        tab.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        pages = [p for what, p in page_types(demo.dest / "current").items() if p.endswith("/")]
        pages += ["/en/no-such-page/"]
        for path in pages:
            tab.goto(f"http://127.0.0.1:{port}{path}")
            tab.wait_for_load_state("load")
            assert tab.evaluate("document.querySelector('[data-md-component=\"header\"], header') !== null")
            violations = tab.evaluate("window.__violations")
            assert violations == [] and refused == [], f"{path}: {violations} {refused}"
        tab.goto(f"http://127.0.0.1:{port}/en/")
        box = tab.get_by_role("searchbox", name="Search")
        box.focus()
        tab.keyboard.type("citadel")
        tab.locator(".qb-search__results a").first.wait_for()  # the index is fetched and read
        assert tab.evaluate("window.__violations") == [] and refused == []
        context.close()
