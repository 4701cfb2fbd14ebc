"""Page-weight budget of the portal (issue 17): what a first visit to the home page downloads —
its HTML, stylesheets and scripts, gzip-compressed as a web server sends them (fonts and
photos apart) — in each language of the demo province, and the hero photo the browser picks
at 1280 px (the smallest WebP of its srcset at least 1280 px wide, or the widest one).
Budgets: HTML + CSS + JS ≤ 150 KB compressed; the hero WebP ≤ 200 KB; nothing from another host.

Builds the bundled demo with ``quangba build`` (its caches make this quick) and reads the
built ``site/``; writes ``bench/results-page-weight.json``. Part of ``make bench``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import lxml.html

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIRST_LOAD_BUDGET = 150_000
HERO_BUDGET = 200_000
VIEWPORT = 1280


def _file(site: Path, page: Path, ref: str) -> Path:
    return (page.parent / ref.split("?")[0].split("#")[0]).resolve()


def first_load(site: Path, page: Path) -> dict:
    """The page's HTML, stylesheets and scripts, each gzip-compressed."""
    site, page = site.resolve(), page.resolve()  # site/ is a link to the live build (build.py)
    doc = lxml.html.fromstring(page.read_bytes())
    refs = doc.xpath("//link[@rel='stylesheet']/@href | //script/@src")
    foreign = [r for r in refs + doc.xpath("//img/@src | //source/@srcset") if urlparse(r).netloc]
    files = [page] + [_file(site, page, r) for r in refs if not urlparse(r).netloc]
    sizes = {str(f.relative_to(site)): len(gzip.compress(f.read_bytes(), 9)) for f in files}
    return {"files": sizes, "bytes_gzip": sum(sizes.values()), "requests_to_other_hosts": len(foreign)}


def hero_webp(site: Path, page: Path, viewport: int = VIEWPORT) -> dict | None:
    site, page = site.resolve(), page.resolve()  # site/ is a link to the live build (build.py)
    doc = lxml.html.fromstring(page.read_bytes())
    sources = doc.xpath("//section[contains(@class,'qb-hero')]//source[@type='image/webp']/@srcset")
    if not sources:
        return None
    candidates = []
    for item in sources[0].split(","):
        ref, width = item.strip().rsplit(" ", 1)
        candidates.append((int(width.rstrip("w")), ref))
    candidates.sort()
    width, ref = next(((w, r) for w, r in candidates if w >= viewport), candidates[-1])
    return {"file": str(_file(site, page, ref).relative_to(site)), "width": width,
            "bytes": _file(site, page, ref).stat().st_size}


def measure(site: Path, languages: list[str]) -> dict:
    homes = {}
    for lang in languages:
        page = site / ("" if lang == "vi" else lang) / "index.html"
        homes[lang] = {"first_load": first_load(site, page), "hero_webp_1280": hero_webp(site, page)}
    heaviest = max(h["first_load"]["bytes_gzip"] for h in homes.values())
    heroes = [h["hero_webp_1280"]["bytes"] for h in homes.values() if h["hero_webp_1280"]]
    return {
        "home": homes,
        "home_first_load_bytes_gzip_max": heaviest,
        "home_first_load_budget": FIRST_LOAD_BUDGET,
        "hero_webp_bytes_max": max(heroes) if heroes else None,
        "hero_webp_budget": HERO_BUDGET,
        "requests_to_other_hosts": sum(h["first_load"]["requests_to_other_hosts"] for h in homes.values()),
        "machine": {"python": platform.python_version()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the province repository (default: the demo)")
    parser.add_argument("--no-build", action="store_true", help="measure the site/ already built")
    parser.add_argument("--out", type=Path, default=HERE / "results-page-weight.json")
    args = parser.parse_args(argv)
    if not args.no_build:
        quangba = Path(sys.executable).with_name("quangba")
        subprocess.run([str(quangba), "--root", str(args.root), "build", "--quiet"], check=True)
    sys.path.insert(0, str(ROOT / "scripts"))
    from quangba.catalog.load import load_catalog

    languages = list(load_catalog(args.root).catalog.languages)
    results = measure(args.root / "site", languages)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(json.dumps({k: v for k, v in results.items() if k != "home"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
