"""The ``body_text`` column is the plain text of each body. Its maker was rewritten for speed
(fixed replacements instead of a Python call per tag); the package must hold the same text
as before, byte for byte, whatever Markdown an agency writes. The maker as it was stays here
as the reference."""

from __future__ import annotations

import html
import re

from cmarkgfm.cmark import markdown_to_html, markdown_to_html_with_extensions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quangba.export.plaintext import markdown_to_text

# -- the reference: markdown_to_text before the rewrite --------------------------------------
_MARKUP = re.compile(
    r"<(?:(?P<comment>!--.*?-->)"
    r"|img [^>]*?alt=\"(?P<alt>[^\"]*)\"[^>]*>"
    r"|(?P<br>br ?/?>\n?)"
    r"|(?P<cell>/t[dh]>\n?)"
    r"|(?P<row>/tr>)"
    r"|(?P<block>/(?:p|h[1-6]|li|pre|blockquote|ul|ol|table|thead|tbody)>|hr ?/?>)"
    r"|[^>]+>)",
    re.S,
)
_REPLACE = {"comment": "", "br": "\n", "cell": " ", "row": "\n", "block": "\n\n"}


def _replace(match: re.Match) -> str:
    kind = match.lastgroup
    if kind is None:
        return ""
    if kind == "alt":
        return match.group("alt")
    return _REPLACE[kind]


def reference_markdown_to_text(markdown: str) -> str:
    if not markdown.strip():
        return ""
    rendered = (markdown_to_html_with_extensions(markdown, 0, ["table"]) if "|" in markdown
                else markdown_to_html(markdown, 0))
    out = _MARKUP.sub(_replace, rendered)
    if "&" in out:
        out = html.unescape(out)
    if "<table>" in rendered:
        out = re.sub(r" +\n", "\n", out)
    return re.sub(r"\n(?:[ \t]*\n)+", "\n\n", out).strip()


# -- generated Markdown ----------------------------------------------------------------------
WORDS = st.sampled_from([
    "Nhật Lệ", "biển", "Phong Nha", "ແຂວງ", "ສະບາຍດີ", "สวัสดี", "ภาษาไทย", "e\u0301", "a\u0323\u0302", "Ð",
    "&amp;", "&lt;b&gt;", "&#x1F600;", "&nbsp;", "&bogus;", "a < b", "c > d", "\"q\"", "'s'", "x & y", "\\*",
    "1.", "-", "+", "#", "|", "`", "``", "*", "**", "_", "~", "[", "]", "(", ")", "!", "<", ">", "\t", "  ",
])
INLINE = st.one_of(
    WORDS,
    WORDS.map(lambda w: f"**{w}**"), WORDS.map(lambda w: f"*{w}*"), WORDS.map(lambda w: f"`{w}`"),
    st.tuples(WORDS, WORDS).map(lambda p: f"[{p[0]}](https://example.org/{p[1]} \"{p[1]}\")"),
    st.tuples(WORDS, WORDS).map(lambda p: f"![{p[0]}](img/{p[1]}.jpg \"{p[1]}\")"),
    st.tuples(WORDS, WORDS).map(lambda p: f"![*{p[0]}* `{p[1]}`](x.png)"),
    st.sampled_from(["<b>raw</b>", "<br>", "<br/>", "<img src=x alt=\"y\">", "<!-- c -->", "<span a='>'>",
                     "<https://example.org/a?b=c&d>", "  \n", "\\\n", "&", "\u00a0", "\r\n"]),
)
LINE = st.lists(INLINE, min_size=1, max_size=6).map(" ".join)
BLOCK = st.one_of(
    LINE,
    st.tuples(st.integers(1, 6), LINE).map(lambda p: "#" * p[0] + " " + p[1]),
    st.tuples(LINE, st.sampled_from(["===", "---"])).map("\n".join),
    st.lists(LINE, min_size=1, max_size=4).map(lambda xs: "\n".join(f"- {x}" for x in xs)),
    st.lists(LINE, min_size=1, max_size=4).map(lambda xs: "\n\n".join(f"{i + 3}. {x}" for i, x in enumerate(xs))),
    st.lists(LINE, min_size=1, max_size=3).map(lambda xs: "\n".join(f"> {x}" for x in xs)),
    st.tuples(st.sampled_from(["", "python", "<x>", "a&b"]), LINE).map(lambda p: f"```{p[0]}\n{p[1]}\n```"),
    LINE.map(lambda x: "    " + x),
    st.lists(st.lists(LINE, min_size=1, max_size=3), min_size=1, max_size=4).map(
        lambda rows: "\n".join(["| " + " | ".join(rows[0]) + " |",
                                "|" + "|".join([":--", "--:", ":-:", "---"][i % 4] for i in range(len(rows[0]))) + "|",
                                *("| " + " | ".join(r) + " |" for r in rows[1:])])),
    st.sampled_from(["***", "<div>\nblock <p>html</p>\n</div>", "<table><tr><td>x</td></tr></table>", "",
                     "a | b", "|"]),
)
MARKDOWN = st.lists(BLOCK, max_size=8).flatmap(
    lambda blocks: st.sampled_from(["\n\n", "\n"]).map(lambda sep: sep.join(blocks)))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_plain_text_is_the_same_as_before_for_generated_markdown(markdown):
    assert markdown_to_text(markdown) == reference_markdown_to_text(markdown)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/!-|`*_[]()#&;\"'= \n\tabpimgrtdhl1ểăເ\u0301"), max_size=200))
def test_plain_text_is_the_same_as_before_for_any_text(markdown):
    assert markdown_to_text(markdown) == reference_markdown_to_text(markdown)


def test_plain_text_of_a_body_with_every_kind_of_block():
    markdown = ("# Tiêu đề\n\nĐoạn **đậm** và [liên kết](https://x.org)  \ndòng mới\n\n"
                "- một\n- hai\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n```\ncode <x>\n```\n\n"
                "![ảnh &amp; chú thích](a.jpg)\n\n<b>raw</b> &amp; ແຂວງ\n\n***\n")
    assert markdown_to_text(markdown) == (
        "Tiêu đề\n\nĐoạn đậm và liên kết\ndòng mới\n\nmột\n\nhai\n\nA B\n\n1 2\n\ncode <x>\n\n"
        "ảnh & chú thích\n\nraw & ແຂວງ")
