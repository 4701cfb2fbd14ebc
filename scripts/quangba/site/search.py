"""The portal's search: one small index per language, built from the planned pages.

Each language's index holds the record pages that really exist in that language (a page
showing the Vietnamese original in place of a missing translation is left out, so results
are only ever in the reader's language) and, per search term, the pages that contain it. It
is written as small files beside the language's home page (``index_files``) so that a first
query on a slow connection fetches only what it needs; ``assets/theme/quangba/search.js``
does the rest in the browser.

Terms are *folded* (lower case, Vietnamese diacritics and "đ" removed: "Huế" → "hue") so
a visitor without a Vietnamese keyboard finds what a Vietnamese reader finds; titles and
summaries are stored as written, and results show them that way. Lao and Thai are written
without spaces between words, so their text is cut into words here with the dictionaries
of laonlp and pythainlp (by nlpO3); the browser cuts the query with ``Intl.Segmenter`` and,
where the two disagree, looks for the query's words inside the index's words or rebuilds
them from the index's words (search.js). ``fold`` and the word pattern must stay in step
with search.js.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..util.cachefile import KeptEntries, maker_version
from .parts import Page
from .render import write_or_link
from .urls import url_of

INDEX_FILE = "search-index.json"  # the manifest, beside the language's home page
SHARDS = "search/"  # the rest, in this folder beside it
FORMAT = 2
DOCS_PER_CHUNK = 25
SUMMARY_CHARS = 200  # a result shows the summary, cut here

_LATIN_MARKS = re.compile("[\u0300-\u036f]")  # combining accents; Lao and Thai marks stay
# a word: letters, digits and marks, as \p{L}\p{N}\p{M} in search.js (Python's \w lacks marks)
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u0e00-\u0eff\u1780-\u17ff])+")
_BASE = re.compile(r"[^\W_]")  # a letter or digit: a run of marks alone is no word
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_THAI = re.compile("[\u0e00-\u0e7f]")
_LAO = re.compile("[\u0e80-\u0eff]")
_SEGMENTED = re.compile("[\u0e00-\u0eff]")  # Thai or Lao


def fold(text: str) -> str:
    """What a term is matched on: lower case, NFC, without Vietnamese diacritics or "đ"."""
    # canonical decomposition only: NFKD would split Lao and Thai vowels (ຳ, ำ) and spoil their words
    folded = unicodedata.normalize("NFD", text.lower())
    folded = _LATIN_MARKS.sub("", folded).replace("đ", "d")
    return unicodedata.normalize("NFC", folded).lower()


# The dictionaries of laonlp (Lao) and pythainlp (Thai: newmm's own), read from the installed
# packages without importing them (laonlp builds a pure-Python trie on import); nlpO3, PyThaiNLP's
# Rust implementation of the same dictionary-based maximal matching (newmm), cuts with them:
# the same words as laonlp's tokenizer on Lao text, about ten times faster.
DICTIONARIES = {
    "lo": ("laonlp", "corpus", ("Lao-Dictionary.txt", "lo_spellcheck_dict.txt", "lao-wannaphong.txt",
                                "wiktionary-20210720.txt")),
    "th": ("pythainlp", "corpus", ("words_th.txt",)),
}


@lru_cache(maxsize=None)
def _dictionary(lang: str) -> str:
    """Load the language's word list into nlpO3 (once per process); returns its name there."""
    import importlib.util
    import os
    import tempfile

    import nlpo3

    package, folder, files = DICTIONARIES[lang]
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{package} is not installed: it has the {lang} dictionary the search index needs")
    base = Path(list(spec.submodule_search_locations)[0]) / folder
    words: set[str] = set()
    for name in files:
        for line in (base / name).read_text("utf-8-sig").splitlines():
            word = line.strip()
            if word and not word.startswith("#"):
                words.add(word)
    handle, path = tempfile.mkstemp(prefix=f"quangba-{lang}-words-", suffix=".txt")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("\n".join(sorted(words)))
        nlpo3.load_dict(path, f"quangba-{lang}")
    finally:
        os.unlink(path)
    return f"quangba-{lang}"


@lru_cache(maxsize=65536)
def _segment(run: str) -> tuple[str, ...]:
    """The words of a run of Lao or Thai letters (the same phrase recurs: cached)."""
    import nlpo3

    lang = "lo" if _LAO.search(run) else "th"
    pieces = nlpo3.segment(run, _dictionary(lang))
    return tuple(w for piece in pieces for w in _WORD.findall(piece) if _BASE.search(w))


def terms(text: str) -> list[str]:
    """The folded words of ``text``, in order; Lao and Thai cut into words."""
    return [word for run in _WORD.findall(fold(text)) for word in _words_of(run)]


def term_set(text: str) -> set[str]:
    """The distinct words of ``text``: each distinct run of letters is looked at once."""
    return {word for run in set(_WORD.findall(fold(text))) for word in _words_of(run)}


def _words_of(run: str) -> tuple[str, ...]:
    if _SEGMENTED.search(run):
        return _segment(run)
    return (run,) if _BASE.search(run) else ()


def plain_text(page_html: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", page_html))).strip()


def searchable(page: Page) -> bool:
    """Record pages that exist in their own language and may be found by search engines."""
    qb = page.meta.get("qb") or {}
    is_record = page.key.count("/") == 2
    return is_record and page.lang in page.alternates and not qb.get("noindex")


class TermCache(KeptEntries):
    """The words found in each page, kept between builds by content hash
    (``.cache/site/search-terms.json``): cutting Lao and Thai and folding every page is most
    of the index's cost, and a rebuild after one edit needs it for that page only. Keyed by
    this module and the dictionaries' package versions, so a changed rule never serves old
    words; JSON, so a damaged or foreign file is only ignored; it keeps only the pages the last
    build had, and deleting it only makes a build slower."""

    FILE = "search-terms.json"

    @classmethod
    def version(cls) -> str:
        return maker_version(Path(__file__), ("laonlp", "pythainlp", "nlpo3"))

    def words(self, title: str, summary: str, body: str) -> tuple[list[str], list[str], list[str]]:
        """(every word of the page, the title's words, the summary's words), each distinct."""
        def make() -> list[list[str]]:
            everything = term_set(title + " " + summary + " " + html.unescape(_TAG.sub(" ", body)))
            return [sorted(everything), sorted(term_set(title)), sorted(term_set(summary))]

        key = hashlib.sha256("\0".join((title, summary, body)).encode("utf-8")).hexdigest()
        found = self.get(key, lambda v: isinstance(v, list) and len(v) == 3 and all(isinstance(x, list) for x in v),
                         make)
        return found[0], found[1], found[2]


def build_index(pages: Iterable[Page], lang: str, cache: TermCache | None = None) -> dict:
    """The index of one language: ``docs`` ([url, title, summary], URLs relative to the
    language's home page) and, per term, the ascending numbers of the docs that have it
    anywhere (``terms``), in their title (``title``) and in their summary (``summary``)."""
    docs: list[list[str]] = []
    # defaultdicts: setdefault would make (and drop) an empty list for each of ~250 000 postings
    postings: dict[str, list[int]] = defaultdict(list)
    in_title: dict[str, list[int]] = defaultdict(list)
    in_summary: dict[str, list[int]] = defaultdict(list)
    prefix = url_of(lang, "")
    for page in pages:
        if page.lang != lang or not searchable(page):
            continue
        number = len(docs)
        summary = html.unescape((page.meta.get("qb") or {}).get("description") or "")
        if summary == page.title:
            summary = ""
        everything, title_words, summary_words = (cache or TermCache(None, {})).words(page.title, summary, page.html)
        for term in everything:
            postings[term].append(number)
        for term in title_words:
            in_title[term].append(number)
        for term in summary_words:
            in_summary[term].append(number)
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
        docs.append([page.url[len(prefix):], page.title, summary])
    return {"format": FORMAT, "lang": lang, "docs": docs, "terms": dict(sorted(postings.items())),
            "title": dict(in_title), "summary": dict(in_summary)}


def _delta(numbers: list[int]) -> list[int]:
    return [b - a for a, b in zip([0, *numbers], numbers)]


def shard_of(term: str) -> str:
    """Terms are split into files by their first letter (search.js: shardOf)."""
    return f"{ord(term[0]):x}"


def index_files(index: dict) -> dict[str, object]:
    """The files a reader's browser fetches, by path under the language's home: a small
    manifest (``search-index.json``), the terms by first letter (``search/t-<letter>.json``:
    term → [docs, docs with it in the title, in the summary], each delta-encoded), and the
    results' titles and summaries in chunks (``search/d-<n>.json``). A first query fetches
    the manifest, the files of its words' first letters and the chunks of the results shown.
    For Lao and Thai, where a word is also looked for inside the index's words, the manifest
    lists those words."""
    shards: dict[str, dict[str, list]] = {}
    for term, docs in index["terms"].items():
        entry = [_delta(docs), _delta(index["title"].get(term, [])), _delta(index["summary"].get(term, []))]
        while not entry[-1]:
            entry.pop()
        shards.setdefault(shard_of(term), {})[term] = entry
    docs = index["docs"]
    files: dict[str, object] = {
        INDEX_FILE: {"format": FORMAT, "lang": index["lang"], "count": len(docs), "chunk": DOCS_PER_CHUNK,
                     "shards": sorted(shards), "vocabulary": [t for t in index["terms"] if _SEGMENTED.search(t)]},
    }
    for key, terms_ in shards.items():
        files[f"{SHARDS}t-{key}.json"] = terms_
    for start in range(0, len(docs), DOCS_PER_CHUNK):
        files[f"{SHARDS}d-{start // DOCS_PER_CHUNK}.json"] = docs[start:start + DOCS_PER_CHUNK]
    return files


def write_indexes(pages: list[Page], out_dir: Path, languages: Iterable[str],
                  cache_dir: Path | None = None, previous: Path | None = None) -> dict[str, int]:
    """Write each language's index into the built site; returns bytes written per language.
    ``cache_dir`` (e.g. ``.cache/site``) keeps each page's words between builds; a file
    whose bytes are those of the same file in ``previous`` (the site published before) is
    hard-linked to it, as pages are (render.write_pages)."""
    cache = TermCache.open(cache_dir)
    sizes = {}
    for lang in languages:
        home = out_dir / url_of(lang, "")
        shutil.rmtree(home / SHARDS, ignore_errors=True)  # a rebuild in place leaves no stale files
        (home / SHARDS).mkdir(parents=True, exist_ok=True)
        sizes[lang] = 0
        for path, content in index_files(build_index(pages, lang, cache)).items():
            data = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            old = None if previous is None else str(previous / url_of(lang, "") / path)
            write_or_link(str(home / path), data, old)
            sizes[lang] += len(data)
    cache.save()
    return sizes
