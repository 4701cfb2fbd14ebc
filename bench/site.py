"""Portal benchmark: a synthetic province of N records in three languages (vi, en, lo), built
with ``quangba build`` from nothing (no ``.cache/``), then rebuilt after editing one record
(its Vietnamese title and body), the way an editor works. For each build: wall and CPU
seconds of the whole build and of the site stage's steps — planning the pages (pages.py),
the MkDocs frames (render.py: MkDocs or the cache), writing the pages from their frames,
the search index, the extras (feeds, calendars, sitemap) — and peak memory. On two cores
the export runs in a forked process beside the site stage (quangba/beside.py): its steps
are timed there and reported here, and its CPU is also counted with the worker processes'.

Run with ``make bench`` (or ``python bench/site.py --records 1000 3000``); writes
``bench/results-site.json``. Each build runs in its own process (clean peak memory). The
machine is shared, so CPU seconds are the steadier figure; the tests never time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOW = "2026-11-23T12:00:00+07:00"


class Clock:
    """Wall and CPU seconds spent in named functions."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.pid = os.getpid()
        self.forked = tempfile.TemporaryFile()  # what steps run in a forked process report

    def wrap(self, name, fn):
        def timed(*args, **kwargs):
            w, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - w, time.process_time() - c
                if os.getpid() == self.pid:
                    self.wall[name] = self.wall.get(name, 0.0) + wall
                    self.cpu[name] = self.cpu.get(name, 0.0) + cpu
                else:  # the export runs beside the site stage (quangba/beside.py)
                    os.write(self.forked.fileno(), (json.dumps([name, wall, cpu]) + "\n").encode())
        return timed

    def gather(self) -> None:
        self.forked.seek(0)
        for line in self.forked.read().decode().splitlines():
            name, wall, cpu = json.loads(line)
            self.wall[name] = self.wall.get(name, 0.0) + wall
            self.cpu[name] = self.cpu.get(name, 0.0) + cpu


def one_build(root: Path) -> dict:
    """Inside the child process: one ``quangba build`` of ``root``, timed by step."""
    import quangba.export
    import quangba.media.pipeline
    from quangba import build as build_module
    from quangba import site as site_package
    from quangba.catalog.model import parse_moment
    from quangba.site import extras, render, search

    clock = Clock()
    build_module.load_catalog = clock.wrap("load", build_module.load_catalog)
    build_module.validate = clock.wrap("validate", build_module.validate)
    quangba.media.pipeline.process_media = clock.wrap("media_stage", quangba.media.pipeline.process_media)
    quangba.export.export_package = clock.wrap("export_stage", quangba.export.export_package)
    site_package.plan_pages = clock.wrap("plan", site_package.plan_pages)
    site_package._frames = clock.wrap("frames", site_package._frames)
    render.write_pages = clock.wrap("write", render.write_pages)
    search.write_indexes = clock.wrap("search", search.write_indexes)
    extras.write_all = clock.wrap("extras", extras.write_all)
    site_package_build = clock.wrap("site_stage", site_package.build_site)
    site_package.build_site = site_package_build
    w, c = time.perf_counter(), time.process_time()
    result = build_module.build(root, parse_moment(NOW))
    wall, cpu = time.perf_counter() - w, time.process_time() - c
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # workers rendering bodies or photos
    clock.gather()
    if not result.ok:
        raise SystemExit("\n".join(str(f) for f in result.findings if f.is_error))
    pages = next((int(m.group(1)) for line in result.summary if (m := re.match(r"site/: (\d+)", line))), 0)
    return {
        "pages": pages,
        "wall": {"build": round(wall, 2), **{k: round(v, 2) for k, v in clock.wall.items()}},
        "cpu": {"build": round(cpu, 2), "build_workers": round(children.ru_utime + children.ru_stime, 2),
                **{k: round(v, 2) for k, v in clock.cpu.items()}},
        "peak_mb": round(max(_own_peak_kib(), children.ru_maxrss) / 1024),  # of the build or a worker of it
    }


def _own_peak_kib() -> int:
    """This process's peak resident memory since it started (Linux's VmHWM): its ru_maxrss
    would also count, from before its exec, the size of the bench that started it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def build_in_child(root: Path) -> dict:
    env = {**os.environ, "QUANGBA_NOW": NOW}
    out = subprocess.run([sys.executable, __file__, "--one-build", str(root)], env=env,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the build of {root} failed:\n{out.stdout[-3000:]}{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def edit_one_record(root: Path) -> str:
    """An editor's change: a new headline and a new paragraph in one Vietnamese text."""
    text = sorted((root / "content" / "vi").rglob("*.md"))[len(list((root / "content" / "vi").rglob("*.md"))) // 2]
    source = text.read_text("utf-8")
    source = re.sub(r"^title: '(.*)'$", lambda m: f"title: '{m.group(1)} (cập nhật)'", source, count=1, flags=re.M)
    text.write_text(source + "\nMột đoạn văn mới được biên tập viên thêm vào.\n", "utf-8")
    return str(text.relative_to(root))


def run(records: int) -> dict:
    from quangba.synthetic import generate

    with tempfile.TemporaryDirectory(prefix="quangba-bench-site-") as tmp:
        root = generate(ROOT, Path(tmp) / "province", records=records, languages=("vi", "en", "lo"), photos=0)
        full = build_in_child(root)
        edited = edit_one_record(root)
        rebuild = build_in_child(root)
    return {"records": records, "languages": 3, "pages": full["pages"], "full": full,
            "rebuild_one_record": {**rebuild, "edited": edited}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="*", default=[1000, 3000])
    parser.add_argument("--out", type=Path, default=HERE / "results-site.json", help="where the figures go")
    parser.add_argument("--one-build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_build:
        print(json.dumps(one_build(args.one_build)))
        return
    runs = [run(n) for n in args.records]
    result = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform(),
                          "load_average": [round(x, 1) for x in os.getloadavg()]},
              "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
              "runs": runs}
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    steps = ("load", "validate", "export_stage", "site_stage", "plan", "frames", "write", "search", "extras")
    print("seconds: the whole build's wall (CPU, + CPU of worker processes); CPU of each step")
    print(f"{'records':>7} {'pages':>5} {'':>7} {'build':>18} " + " ".join(f"{s[:8]:>8}" for s in steps) + "  peak MB")
    for r in runs:
        for label, b in (("full", r["full"]), ("rebuild", r["rebuild_one_record"])):
            c = b["cpu"]
            print(f"{r['records']:>7} {r['pages']:>5} {label:>7} {b['wall']['build']:>5.1f} ({c['build']:>4.1f} +{c['build_workers']:>4.1f}) "
                  + " ".join(f"{c.get(s, 0):>8.2f}" for s in steps) + f"  {b['peak_mb']:>7}")
    print(args.out)


if __name__ == "__main__":
    sys.exit(main())
