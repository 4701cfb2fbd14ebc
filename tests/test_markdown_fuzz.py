"""Record bodies are untrusted Markdown. Whatever an agency's file contains, the HTML that
reaches a page has only allowed tags and attributes and only safe link schemes."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quangba.site.body import ATTRIBUTES, TAGS, URL_SCHEMES, render_body

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<iframe src=//evil></iframe>",
    "<form action=//evil><input></form>", "<svg onload=alert(1)>", "<style>*{}</style>", "<!-- c -->",
    "<a href=' jav&#x09;ascript:alert(1)'>x</a>", "<div onclick=\"x()\">d</div>", "<object data=x>",
    "<meta http-equiv=refresh content=0;url=//evil>", "<base href=//evil>", "<<script>script>",
    "[y](JaVaScRiPt:alert(1))", "<a href=\"vbscript:x\">v</a>", "![i](https://evil/x.png)", "<p style=color:red>s</p>",
    "# Title\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "- item\n- item\n", "> quote\n", "`code`", "**bold**",
]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_safe(html: str) -> None:
    parser = _Collect()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in TAGS, (tag, html)
        for name, value in attrs:
            assert name in ATTRIBUTES.get(tag, set()) or (tag == "a" and name == "rel"), (tag, name, html)
            if name == "href" and value:
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in URL_SCHEMES or scheme == "", (value, html)


bodies = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=40), min_size=1, max_size=8).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_any_body_renders_to_safe_html(body: str) -> None:
    assert_safe(render_body(body))


def test_each_hostile_fragment_alone_is_defused() -> None:
    for fragment in HOSTILE:
        html = render_body(fragment)
        assert_safe(html)
