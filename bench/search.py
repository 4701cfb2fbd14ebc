"""Search benchmark: quangba's own per-language index (scripts/quangba/site/search.py +
assets/theme/quangba/search.js) against Pagefind on the same pages, for the demo province
(with one Thai text added, as in the tests) and a synthetic province (vi, en, lo).

For each: what a reader downloads for a first query (gzip, as a web server sends it; the
files Pagefind fetches are gzipped already), the time of a first (cold) and a later (warm)
query in headless Chromium, whether the correctness cases of issue 8 are found, and the
cost of building the index (per indexed page). Pagefind gets the very pages quangba
indexes (record pages in their own language) and the queries exactly as a reader types them.

Run with ``make bench`` (1000 records) or ``python bench/search.py --records 1000 3000``; writes
``bench/results-search.json``. Pagefind is measured when the ``pagefind`` package is
installed (``pip install -c constraints.txt -e '.[bench]'``); Chromium from /usr/bin/chromium.
Timings are noisy on a shared machine: compare ratios, not seconds.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from quangba.catalog.load import load_catalog  # noqa: E402
from quangba.catalog.model import parse_moment  # noqa: E402
from quangba.site import build_site  # noqa: E402
from quangba.site import search as qsearch  # noqa: E402
from quangba.site.pages import plan_pages  # noqa: E402
from quangba.site.parts import Site  # noqa: E402
from quangba.site.urls import url_of  # noqa: E402
from quangba.synthetic import generate  # noqa: E402

NOW = parse_moment("2026-11-23T12:00:00+07:00")
CHROMIUM = Path("/usr/bin/chromium")
THAI_TEXT = ROOT / "tests" / "fixtures" / "thai" / "son-doong-cave.md"

# (language, query as typed, a page that must be among the results)
DEMO_CASES = [
    ("lo", "ມໍລະດົກ", "lo/place/son-doong-cave/"),   # a Lao word inside a phrase
    ("lo", "ຖ້ຳ", "lo/place/thien-duong-cave/"),
    ("th", "ธรรมชาติ", "th/place/son-doong-cave/"),  # a Thai word inside a phrase
    ("th", "อุทยาน", "th/place/son-doong-cave/"),
    ("vi", "Phong Nha Ke Bang", "place/phong-nha-ke-bang/"),  # without diacritics
    ("vi", "Hue", "place/la-vang-basilica/"),
    ("vi", "Dong Hoi", "place/nhat-le-beach/"),  # "Đ" is a letter of its own, not D + a mark
    ("vi", "Phong Nha - Kẻ Bàng", "place/phong-nha-ke-bang/"),  # with diacritics
    ("vi", "Huế", "place/la-vang-basilica/"),
    ("en", "largest cave", "en/place/son-doong-cave/"),
    ("en", "Hue", "en/place/la-vang-basilica/"),
]
# the synthetic province's words (quangba/synthetic.py); warm queries cycle through them
SYNTHETIC_QUERIES = {"vi": ["di san", "hang động", "lễ hội biển"], "en": ["heritage", "festival river", "tunnel"],
                     "lo": ["ມໍລະດົກ", "ທະເລ", "ປ່າໄມ້"]}


def demo_with_thai(tmp: Path) -> Path:
    root = tmp / "demo"
    for folder in ("catalog", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    province = root / "catalog" / "province.yaml"
    text = province.read_text("utf-8").replace("  - lo\n", "  - lo\n  - th\n", 1)
    province.write_text(text.replace('  lo: "ແຂວງກວາງຈິ"\n', '  lo: "ແຂວງກວາງຈິ"\n  th: "จังหวัดกวางจิ"\n', 1), "utf-8")
    (root / "content" / "th" / "place").mkdir(parents=True)
    shutil.copy(THAI_TEXT, root / "content" / "th" / "place" / "son-doong-cave.md")
    return root


def gzipped(data: bytes) -> int:
    return min(len(data), len(gzip.compress(data, 6)))


# -- building ---------------------------------------------------------------------------------
def build(root: Path, out: Path) -> dict:
    catalog = load_catalog(root).catalog
    pages = plan_pages(Site.of(catalog, NOW))
    t0 = time.perf_counter()
    qsearch.terms("ມໍລະດົກ ถ้ำ")  # loads the Lao and Thai dictionaries: once per build
    t1 = time.perf_counter()
    per_lang = {}
    for lang in catalog.languages:
        start = time.perf_counter()
        index = qsearch.build_index(pages, lang)
        per_lang[lang] = (time.perf_counter() - start, len(index["docs"]), len(index["terms"]))
    seconds = sum(s for s, _, _ in per_lang.values())
    indexed = sum(n for _, n, _ in per_lang.values())
    t2 = time.perf_counter()
    build_site(catalog, out, NOW)
    t3 = time.perf_counter()
    return {
        "languages": list(catalog.languages), "pages": len(pages), "indexed_pages": indexed,
        "site_stage_seconds": round(t3 - t2, 2),
        "dictionaries_load_seconds": round(t1 - t0, 2),
        "index_seconds": round(seconds, 3),
        "index_ms_per_page": round(1000 * seconds / max(indexed, 1), 3),
        "per_language": {lang: {"seconds": round(s, 3), "pages": n, "terms": t, "ms_per_page": round(1000 * s / max(n, 1), 3)}
                         for lang, (s, n, t) in per_lang.items()},
        "_pages": pages, "_languages": catalog.languages,
    }


def own_sizes(site: Path, languages) -> dict:
    """The whole index of each language (every file; a query fetches only some of them)."""
    script = (ROOT / "assets" / "theme" / "quangba" / "search.js").read_bytes()
    out = {"search_js": {"bytes": len(script), "gzip": gzipped(script)}}
    for lang in languages:
        home = site / url_of(lang, "")
        files = [home / qsearch.INDEX_FILE, *(home / qsearch.SHARDS).iterdir()]
        out[lang] = {"files": len(files), "bytes": sum(f.stat().st_size for f in files),
                     "gzip": sum(gzipped(f.read_bytes()) for f in files)}
    return out


def pagefind_available() -> bool:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return False
    return True


def pagefind_build(site: Path, pages, languages, out: Path) -> dict:
    """The same pages quangba indexes, copied alone into ``out``, then indexed by Pagefind."""
    for page in pages:
        if qsearch.searchable(page):
            target = out / page.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(site / page.url / "index.html", target)
    for lang in languages:  # an empty page per language from which the queries are made
        (out / f"bench-{lang}.html").write_text(f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>{lang}</title></html>', "utf-8")
    start = time.perf_counter()
    # the binary is shipped inside the wheel; run without network to show it needs none
    command = [sys.executable, "-m", "pagefind", "--site", str(out), "--quiet"]
    if shutil.which("unshare") and os.geteuid() == 0:
        command = ["unshare", "-n", *command]
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    bundle = out / "pagefind"
    total = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return {"index_seconds": round(seconds, 2), "bundle_bytes": total, "version": _pagefind_version()}


def _pagefind_version() -> str:
    from importlib.metadata import version

    return version("pagefind")


# -- the browser ------------------------------------------------------------------------------
class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


OWN_QUERY = """async (query) => {
  const form = document.querySelector('form.qb-search'), input = form.querySelector('input');
  const status = form.querySelector('.qb-search__status'), loading = form.dataset.loading;
  const start = performance.now();
  const done = new Promise(resolve => {
    const seen = new MutationObserver(() => {
      if (status.textContent && status.textContent !== loading) { seen.disconnect(); resolve(); }
    });
    seen.observe(status, {childList: true, characterData: true, subtree: true});
  });
  input.value = query;
  input.dispatchEvent(new Event('input'));
  await done;
  const ms = performance.now() - start;
  return {ms, urls: Array.from(form.querySelectorAll('.qb-search__results a')).map(a => new URL(a.href).pathname)};
}"""

PAGEFIND_QUERY = """async (query) => {
  const start = performance.now();
  if (!window.__pf) {
    window.__pf = await import('/pagefind/pagefind.js');
    await window.__pf.init();
  }
  const found = await window.__pf.search(query);
  const data = await Promise.all(found.results.slice(0, 20).map(r => r.data()));
  const ms = performance.now() - start;
  return {ms, urls: data.map(d => new URL(d.url, location.href).pathname)};
}"""


class Tab:
    """A fresh browser context (empty cache) that records what it downloads from the server."""

    def __init__(self, browser, origin: str, directory: Path):
        self.context = browser.new_context()
        self.directory, self.origin = directory, origin
        self.fetched: list[Path] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("requestfinished", self._finished)

    def _route(self, route):
        if urlparse(route.request.url).netloc == urlparse(self.origin).netloc:
            route.continue_()
        else:
            route.abort()

    def _finished(self, request):
        path = unquote(urlparse(request.url).path)
        file = self.directory / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file() and file.name != "favicon.png":  # the page's icon, not the search's
            self.fetched.append(file)

    def bytes_since(self, mark: int) -> dict:
        files = self.fetched[mark:]
        return {"files": len(files), "names": sorted({f.name for f in files}), "bytes": sum(f.stat().st_size for f in files),
                "gzip": sum(gzipped(f.read_bytes()) for f in files)}

    def close(self):
        self.context.close()


def measure_browser(browser, *, directory: Path, start_url, query_js: str, first_bytes_from, queries: dict,
                    cases: list) -> dict:
    """Per language: bytes fetched for the first query (plus ``first_bytes_from``: files the
    page loads for search before any query), cold and warm query times; then the cases."""
    httpd, origin = serve(directory)
    out: dict = {"languages": {}, "cases": []}
    try:
        for lang, words in queries.items():
            tab = Tab(browser, origin, directory)
            tab.page.goto(origin + start_url(lang))
            mark = len(tab.fetched)
            preloaded = [f for f in tab.fetched if f.name in first_bytes_from]
            first = tab.page.evaluate(query_js, words[0])
            fetched = tab.bytes_since(mark)
            for f in preloaded:
                fetched["files"] += 1
                fetched["names"].append(f.name)
                fetched["bytes"] += f.stat().st_size
                fetched["gzip"] += gzipped(f.read_bytes())
            warm = [tab.page.evaluate(query_js, q)["ms"] for q in words * 3]
            out["languages"][lang] = {"first_query": fetched, "cold_ms": round(first["ms"], 1),
                                      "warm_ms_median": round(statistics.median(warm), 2)}
            tab.close()
        for lang, query, expected in cases:
            tab = Tab(browser, origin, directory)
            tab.page.goto(origin + start_url(lang))
            result = tab.page.evaluate(query_js, query)
            urls = [u.lstrip("/") for u in result["urls"]]
            prefix = url_of(lang, "")
            out["cases"].append({"lang": lang, "query": query, "expected": expected, "found": expected in urls,
                                 "only_own_language": all(_in_language(u, lang) for u in urls) if prefix == "" else all(u.startswith(prefix) for u in urls),
                                 "results": len(urls)})
            tab.close()
    finally:
        httpd.shutdown()
    out["cases_passed"] = sum(1 for c in out["cases"] if c["found"] and c["only_own_language"])
    return out


def _in_language(url: str, lang: str) -> bool:
    first = url.split("/", 1)[0]
    return first not in ("en", "lo", "th", "zh")  # the Vietnamese pages are at the root


def run(name: str, root: Path, tmp: Path, browser, queries: dict, cases: list) -> dict:
    site = tmp / f"{name}-site"
    built = build(root, site)
    pages, languages = built.pop("_pages"), built.pop("_languages")
    result: dict = {"build": built, "own": {"sizes": own_sizes(site, languages)}}
    if browser is not None:
        result["own"]["browser"] = measure_browser(
            browser, directory=site, start_url=lambda lang: "/" + url_of(lang, ""), query_js=OWN_QUERY,
            first_bytes_from={"search.js"}, queries=queries, cases=cases)
    if pagefind_available():
        pf_dir = tmp / f"{name}-pagefind"
        result["pagefind"] = pagefind_build(site, pages, languages, pf_dir)
        if browser is not None:
            result["pagefind"]["browser"] = measure_browser(
                browser, directory=pf_dir, start_url=lambda lang: f"/bench-{lang}.html", query_js=PAGEFIND_QUERY,
                first_bytes_from=set(), queries=queries, cases=cases)
    else:
        result["pagefind"] = "not installed: pip install -c constraints.txt -e '.[bench]'"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="*", default=[1000], help="records of the synthetic provinces")
    args = parser.parse_args()
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
                     "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory(prefix="quangba-bench-search-") as tmp_name:
        tmp = Path(tmp_name)
        playwright = browser = None
        if CHROMIUM.exists():
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            demo_queries = {"vi": ["Hue", "Phong Nha Ke Bang", "thành cổ"], "en": ["Hue", "largest cave", "citadel"],
                            "lo": ["ມໍລະດົກ", "ຖ້ຳ", "ແຂວງ"], "th": ["ธรรมชาติ", "ถ้ำ", "อุทยาน"]}
            results["demo"] = run("demo", demo_with_thai(tmp), tmp, browser, demo_queries, DEMO_CASES)
            for records in args.records:
                root = generate(ROOT, tmp / f"synthetic-{records}", records=records, languages=("vi", "en", "lo"), photos=0)
                results[f"synthetic_{records}"] = run(f"synthetic-{records}", root, tmp, browser, SYNTHETIC_QUERIES, [])
        finally:
            if browser is not None:
                browser.close()
                playwright.stop()
    (HERE / "results-search.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
