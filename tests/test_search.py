"""The portal's search index (scripts/quangba/site/search.py): words cut the way readers
type them in each language, Vietnamese matched without diacritics, one index per language
holding only that language's pages. The queries themselves are typed in a real browser in
tests/browser/test_search.py."""

from __future__ import annotations

import itertools
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conftest as base
from search_province import build, thai_province
from quangba.site.search import build_index, fold, index_files, terms, write_indexes

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = thai_province(tmp_path_factory.mktemp("search") / "province")
    build(root, root / "site")
    return root / "site"


def index_of(site: Path, prefix: str) -> dict:
    """A language's index read back from the files a browser fetches: docs and term → docs."""
    home = site / prefix
    manifest = json.loads((home / "search-index.json").read_text("utf-8"))
    docs, terms_ = [], {}
    for chunk in range(0, manifest["count"], manifest["chunk"]):
        docs += json.loads((home / "search" / f"d-{chunk // manifest['chunk']}.json").read_text("utf-8"))
    for key in manifest["shards"]:
        for term, entry in json.loads((home / "search" / f"t-{key}.json").read_text("utf-8")).items():
            terms_[term] = list(itertools.accumulate(entry[0]))
    assert len(docs) == manifest["count"]
    return {"lang": manifest["lang"], "docs": docs, "terms": terms_, "vocabulary": manifest["vocabulary"]}


# -- folding and cutting into words ----------------------------------------------------------
def test_vietnamese_is_matched_without_its_diacritics():
    assert terms("Phong Nha - Kẻ Bàng") == ["phong", "nha", "ke", "bang"]
    assert terms("HUẾ, Đà Nẵng") == ["hue", "da", "nang"]
    # typed with separate accent marks (NFD) it is the same word
    assert terms(unicodedata.normalize("NFD", "Huế")) == ["hue"]


def test_lao_and_thai_phrases_are_cut_into_words():
    lao = terms("ຖ້ຳທຳມະຊາດທີ່ໃຫຍ່ທີ່ສຸດໃນໂລກ")
    assert "ຖ້ຳ" in lao and "ທຳມະຊາດ" in lao and "ໂລກ" in lao
    thai = terms("ถ้ำธรรมชาติที่ใหญ่ที่สุดในโลก")
    assert "ถ้ำ" in thai and "ธรรมชาติ" in thai and "โลก" in thai


def test_folding_keeps_lao_and_thai_vowels_and_tone_marks():
    # NFKD would split ຳ and ำ into two letters and the words would no longer be found
    for word in ("ນ້ຳ", "ຖ້ຳ", "ถ้ำ", "น้ำ"):
        assert fold(word) == word


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_any_text_is_idempotent_and_nfc(text):
    once = fold(text)
    assert fold(once) == once
    assert unicodedata.normalize("NFC", once) == once


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="ກຂຄງຈຊຍດຕຖທນບປຜຝພຟມຢຣລວສຫອຮະັາິີຶືຸູົເແໂໃໄ່້໊໋ໍໆ ."))
def test_any_text_gives_words_that_are_already_folded(text):
    for word in terms(text):
        assert word and word == fold(word)
        assert not word.isspace()


@settings(max_examples=60, deadline=None)
@given(title=st.text(), body=st.text())
def test_an_index_builds_from_any_page_text(title, body):
    from quangba.site.parts import Page

    page = Page("vi", "place/x/", title, f"<p>{body}</p>", meta={"qb": {"description": body}}, alternates=("vi",))
    index = build_index([page], "vi")
    assert index["docs"] == [["place/x/", title, "" if body == title else index["docs"][0][2]]]
    for content in index_files(index).values():  # any text serialises
        json.dumps(content, ensure_ascii=False).encode("utf-8")
    for postings in index["terms"].values():
        assert postings == [0]


# -- the indexes of a built portal -----------------------------------------------------------
def test_one_index_per_language_with_only_pages_in_that_language(built):
    for prefix, lang in (("", "vi"), ("en", "en"), ("lo", "lo"), ("th", "th")):
        index = index_of(built, prefix)
        assert index["lang"] == lang
        assert index["docs"], lang
        for url, _title, _summary in index["docs"]:
            # every result exists in that language: its page says so in <html lang>
            page = (built / prefix / url / "index.html").read_text("utf-8")
            assert f'<html lang="{lang}"' in page
            assert 'class="qb-untranslated' not in page
    thai = index_of(built, "th")
    assert [d[0] for d in thai["docs"]] == ["place/son-doong-cave/"]
    assert thai["docs"][0][1] == "ถ้ำเซินด่อง"


def test_index_keeps_the_original_text_for_results_and_folded_terms_for_matching(built):
    vi = index_of(built, "")
    titles = {d[1] for d in vi["docs"]}
    assert "Thành cổ Quảng Trị" in titles  # shown as written
    assert "hue" in vi["terms"] and "huế" not in vi["terms"]
    doc = next(i for i, d in enumerate(vi["docs"]) if d[0] == "place/son-doong-cave/")
    for word in ("phong", "nha", "ke", "bang"):
        assert doc in vi["terms"][word]


def test_every_page_links_the_index_of_its_own_language(built):
    page = (built / "lo" / "place" / "son-doong-cave" / "index.html").read_text("utf-8")
    assert 'data-index="../../search-index.json"' in page and 'data-lang="lo"' in page
    # the search box is hidden until its script runs: without JavaScript the page is as before
    assert '<form class="qb-search" role="search" hidden' in page


def test_a_draft_shown_in_the_preview_is_not_in_any_index(tmp_path):
    root = thai_province(tmp_path / "province")
    (root / "catalog" / "place" / "son-doong-cave.yaml").write_text(
        (root / "catalog" / "place" / "son-doong-cave.yaml").read_text("utf-8").replace("status: published", "status: draft"),
        "utf-8")
    from quangba.catalog.load import load_catalog
    from quangba.catalog.model import parse_moment
    from quangba.site import build_site

    build_site(load_catalog(root).catalog, root / "site", parse_moment(base.NOW), drafts=True)
    for prefix in ("", "en", "lo", "th"):
        assert "place/son-doong-cave/" not in [d[0] for d in index_of(root / "site", prefix)["docs"]]
    # the draft's page itself is there, with its banner, for the local preview
    assert (root / "site" / "place" / "son-doong-cave" / "index.html").is_file()


def test_write_indexes_reports_the_bytes_written(tmp_path):
    from quangba.site.parts import Page

    pages = [Page("en", "place/a/", "Huế citadel", "<p>Old walls</p>", alternates=("vi", "en"))]
    sizes = write_indexes(pages, tmp_path, ("vi", "en"))
    english = [tmp_path / "en" / "search-index.json", *(tmp_path / "en" / "search").iterdir()]
    assert sizes["en"] == sum(f.stat().st_size for f in english)
    assert index_of(tmp_path, "en")["terms"]["hue"] == [0]
    assert index_of(tmp_path, "")["docs"] == []


def test_a_first_query_needs_only_a_few_small_files(built):
    """The terms are split by first letter and the results' texts into chunks: a query for
    one word fetches the manifest, one file of terms and the chunks of what it shows."""
    home = built / "en"
    files = list((home / "search").iterdir())
    largest_terms = max(f.stat().st_size for f in files if f.name.startswith("t-"))
    everything = sum(f.stat().st_size for f in files)
    assert largest_terms < everything / 5
    manifest = json.loads((home / "search-index.json").read_text("utf-8"))
    assert manifest["vocabulary"] == []  # only Thai and Lao words are looked for inside words
    lao = index_of(built, "lo")
    assert "ມໍລະດົກ" in lao["vocabulary"]


def test_a_rebuild_in_place_leaves_no_stale_files(tmp_path):
    from quangba.site.parts import Page

    write_indexes([Page("en", "place/a/", "Zebra", "<p>zzz</p>", alternates=("en",))], tmp_path, ("en",))
    write_indexes([Page("en", "place/a/", "Apple", "<p>aaa</p>", alternates=("en",))], tmp_path, ("en",))
    assert sorted(f.name for f in (tmp_path / "en" / "search").iterdir()) == ["d-0.json", "t-61.json"]


def _record_page(lang, key, title, body, summary=""):
    from quangba.site.parts import Page

    return Page(lang=lang, key=key, title=title, html=body, meta={"qb": {"description": summary}}, alternates=(lang,))


def test_a_rebuild_reads_each_pages_words_from_the_cache_and_gets_the_same_index(tmp_path):
    from quangba.site.search import TermCache, build_index

    pages = [_record_page("lo", "place/a/", "ຖ້ຳພູວົງ", "<p>ມໍລະດົກໂລກທາງທຳມະຊາດ</p>", "ຖ້ຳ"),
             _record_page("lo", "place/b/", "Huế ມໍລະດົກ", "<p>ເມືອງເກົ່າ</p>")]
    fresh = build_index(pages, "lo")
    first = TermCache.open(tmp_path)
    assert build_index(pages, "lo", first) == fresh
    first.save()
    again = TermCache.open(tmp_path)
    assert len(again.old) == 2  # both pages' words were kept
    assert build_index(pages, "lo", again) == fresh
    # an edited page is cut again; the cache keeps only what the last build had
    edited = [pages[0], _record_page("lo", "place/b/", "ເມືອງໃໝ່", "<p>ເມືອງໃໝ່</p>")]
    third = TermCache.open(tmp_path)
    assert build_index(edited, "lo", third) == build_index(edited, "lo")
    third.save()
    assert len(TermCache.open(tmp_path).old) == 2


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"version": "x", "pages": {}}', b"[1, 2]",
                                    b'{"version": null, "pages": {"k": [1, 2, 3]}}'])
def test_a_damaged_or_foreign_terms_cache_is_ignored(tmp_path, damage):
    from quangba.site.search import TermCache, build_index

    (tmp_path / TermCache.FILE).write_bytes(damage)
    pages = [_record_page("vi", "place/a/", "Huế", "<p>Phong Nha - Kẻ Bàng</p>")]
    assert build_index(pages, "vi", TermCache.open(tmp_path)) == build_index(pages, "vi")
