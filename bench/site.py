"""Portal benchmark: how long the site stage takes for a synthetic province of N records in
three languages (vi, en, lo), split into planning the pages (pages.py), MkDocs laying them
out, and the extras (feeds, calendars, sitemap). Run with ``make bench`` (or
``python bench/site.py --records 1000``); writes ``bench/results-site.json``. Figures
belong to the machine they were measured on; the tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

from quangba.load import load_catalog  # noqa: E402
from quangba.model import parse_moment  # noqa: E402
from quangba.site import _mkdocs_build, extras  # noqa: E402
from quangba.site.pages import Site, nav_keys, plan_pages  # noqa: E402
from quangba.site.urls import docs_file  # noqa: E402
from quangba.synthetic import generate  # noqa: E402

NOW = parse_moment("2026-11-23T12:00:00+07:00")


def run(records: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="quangba-bench-site-") as tmp:
        root = generate(ROOT, Path(tmp) / "province", records=records, languages=("vi", "en", "lo"), photos=0)
        t0 = time.perf_counter()
        catalog = load_catalog(root).catalog
        t1 = time.perf_counter()
        site = Site.of(catalog, NOW)
        pages = plan_pages(site)
        t2 = time.perf_counter()
        out, docs = Path(tmp) / "site", Path(tmp) / "docs"
        for page in pages:
            target = docs / page.lang / docs_file(page.key)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("", "utf-8")
        plugin = _mkdocs_build(catalog, docs, out, pages, nav_keys(site, pages))
        t3 = time.perf_counter()
        extras.write_all(site, pages, out, plugin.not_found)
        t4 = time.perf_counter()
        shutil.rmtree(out, ignore_errors=True)
    return {"records": records, "languages": 3, "pages": len(pages),
            "seconds": {"load": round(t1 - t0, 2), "plan": round(t2 - t1, 2), "mkdocs": round(t3 - t2, 2),
                        "extras": round(t4 - t3, 2), "site_stage": round(t4 - t1, 2)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="*", default=[100, 1000])
    args = parser.parse_args()
    runs = [run(n) for n in args.records]
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform()},
              "runs": runs}
    (HERE / "results-site.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(f"{'records':>8} {'pages':>6} {'plan s':>7} {'mkdocs s':>9} {'extras s':>9} {'site s':>7}")
    for r in runs:
        s = r["seconds"]
        print(f"{r['records']:>8} {r['pages']:>6} {s['plan']:>7} {s['mkdocs']:>9} {s['extras']:>9} {s['site_stage']:>7}")
    print(HERE / "results-site.json")


if __name__ == "__main__":
    sys.exit(main())
