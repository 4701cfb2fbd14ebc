"""Links between pages are relative, so the portal works from any folder or from a disk."""

from __future__ import annotations

import posixpath

from hypothesis import given, strategies as st

from quangba.site.urls import relative

# a portal's addresses: folders (pages) and files (feeds, the 404 page), never of one name
FOLDER = st.lists(st.sampled_from(["en", "lo", "place", "event", "nhat-le", "a"]), max_size=4).map(
    lambda parts: "".join(f"{p}/" for p in parts))
FILE = st.tuples(FOLDER, st.sampled_from(["feed.rss.xml", "404.html", "calendar.ics"])).map("".join)
URL = st.one_of(FOLDER, FILE)


def relpath_answer(from_url: str, to_url: str) -> str:
    """What posixpath.relpath says, with a folder's trailing slash kept."""
    if to_url == from_url:
        return "./"
    start = "/" + (from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url))
    rel = posixpath.relpath("/" + to_url, start)
    return rel.rstrip("/") + "/" if to_url.endswith("/") or to_url == "" else rel


@given(URL, URL)
def test_a_link_is_the_relative_path_between_the_two_pages(from_url, to_url):
    assert relative(from_url, to_url) == relpath_answer(from_url, to_url)


@given(URL, URL)
def test_following_a_link_from_a_page_reaches_the_target(from_url, to_url):
    if from_url == to_url:
        return  # a page's link to itself is "./" (the folder of a file page: as before)
    folder = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url)
    reached = posixpath.normpath(posixpath.join("/" + folder, relative(from_url, to_url)))
    assert reached == posixpath.normpath("/" + to_url)


def test_examples_a_reader_would_follow():
    assert relative("place/nhat-le/", "en/place/nhat-le/") == "../../en/place/nhat-le/"
    assert relative("en/place/nhat-le/", "en/") == "../../"
    assert relative("en/place/", "en/place/nhat-le/") == "nhat-le/"
    assert relative("", "feed.rss.xml") == "feed.rss.xml"
    assert relative("place/", "place/") == "./"
    assert relative("en/404.html", "en/") == "./"
