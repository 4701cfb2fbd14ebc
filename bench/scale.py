"""Scale benchmark: `quangba build` and `quangba validate` on synthetic provinces, against the
baselines a team would otherwise use, each run in its own process with its peak memory.

- full build at 3 languages × 1000 and × 3000 records (photos=0): quangba, vs mkdocs-material
  + mkdocs-static-i18n set up naively on the same pages (one Markdown file per record per
  language under docs/<lang>/, plugins search + i18n, default features), vs Hugo rendering
  the same number of plain pages; as ratios;
- rebuild after editing one record at 3 × 1000 and × 3000 (the median of three builds, each
  after editing another record);
- validate 10 000 records, cold (no .cache/) and warm.

quangba is measured as a black box (a subprocess), never through its internals. Writes
bench/results-scale.json (``--results-dir`` elsewhere); ``bench/report.py`` merges it with
the other benchmarks into bench/results.json and bench/RESULTS.md. ``--quick`` skips the
naive MkDocs baseline at the large size (it takes minutes). Figures belong to the machine
and the moment they were measured on; the tests never time anything.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))

from quangba.build import DISCARDED  # noqa: E402
from quangba.synthetic import generate  # noqa: E402

LANGUAGES = ("vi", "en", "lo")
MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "lo": "ລາວ", "th": "ไทย"}


# -- one measured process ------------------------------------------------------------------
# The measured command is started by this small runner, not by the bench itself: a process's
# peak memory (ru_maxrss) keeps the size of the process that started it, counted before its
# exec; the runner starts small, so the command's figure is its own, not the bench's.
_RUNNER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the children it waited for
with open(sys.argv[1], "w") as out:
    json.dump([code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss], out)
"""


def measure(argv: list[str], cwd: Path, what: str) -> dict:
    """Run ``argv`` to the end; wall and CPU seconds and peak memory of it and its children."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "figures.json"
        subprocess.run([sys.executable, "-I", "-c", _RUNNER, str(figures), *argv], cwd=cwd, stdout=output,
                       stderr=subprocess.STDOUT, env={**os.environ, "PYTHONHASHSEED": "0"})
        try:
            code, wall, cpu, peak_kib = json.loads(figures.read_text("utf-8"))
        except (OSError, ValueError):
            code, wall, cpu, peak_kib = None, 0, 0, 0
        if code != 0:
            output.seek(0)
            tail = output.read()[-3000:].decode("utf-8", "replace")
            raise RuntimeError(f"{what}: {' '.join(argv)} exited with {code}:\n{tail}")
    return {"wall_seconds": round(wall, 2), "cpu_seconds": round(cpu, 2),
            "peak_memory_mb": round(peak_kib / 1024)}  # ru_maxrss is in KiB on Linux


def quangba(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "quangba.cli", "--root", str(root), *args]


# -- the province and the baselines' copies of its pages ---------------------------------------
def province(workdir: Path, records: int) -> Path:
    return generate(ROOT, workdir / f"province-{records}", records=records, languages=LANGUAGES, photos=0)


def texts(root: Path) -> list[tuple[str, str, str, str]]:
    """(language, kind, record id, Markdown text) of every text of a synthetic province."""
    return [(path.parts[-3], path.parts[-2], path.stem, path.read_text("utf-8"))
            for path in sorted((root / "content").glob("*/*/*.md"))]


def naive_mkdocs_project(root: Path, out: Path) -> Path:
    """The same pages as a mkdocs-material + static-i18n site, set up the way a team starts."""
    docs = out / "docs"
    for lang in LANGUAGES:
        (docs / lang).mkdir(parents=True)
        (docs / lang / "index.md").write_text(f"# {LANGUAGE_NAMES[lang]}\n", "utf-8")
    for lang, kind, record_id, markdown in texts(root):
        target = docs / lang / kind / f"{record_id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, "utf-8")
    languages = "".join(
        f"        - locale: {lang}\n          name: {LANGUAGE_NAMES[lang]}\n          build: true\n"
        + ("          default: true\n" if lang == "vi" else "")
        # mkdocs-material has no Lao interface strings: without this the build stops
        + ("" if (MATERIAL_TEMPLATES / f"{lang}.html").exists() else "          theme:\n            language: en\n")
        for lang in LANGUAGES)
    (out / "mkdocs.yml").write_text(
        "site_name: Naive baseline\nsite_url: https://example.invalid/\ntheme:\n  name: material\n"
        f"plugins:\n  - search\n  - i18n:\n      docs_structure: folder\n      languages:\n{languages}", "utf-8")
    return out


def hugo_project(root: Path, out: Path) -> Path:
    """The same number of plain pages for Hugo, with the smallest layout that renders them."""
    for lang, kind, record_id, markdown in texts(root):
        target = out / "content" / lang / kind / f"{record_id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, "utf-8")
    layouts = out / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = "<!doctype html><html><head><meta charset=utf-8><title>{{ .Title }}</title></head><body>%s</body></html>"
    (layouts / "single.html").write_text(page % "<h1>{{ .Title }}</h1>{{ .Content }}", "utf-8")
    (layouts / "list.html").write_text(
        page % "<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>",
        "utf-8")
    (out / "config.toml").write_text('baseURL = "https://example.invalid/"\ntitle = "Plain baseline"\n'
                                     'disableKinds = ["taxonomy", "term"]\n', "utf-8")
    return out


# -- the scenarios ---------------------------------------------------------------------------
def full_build(workdir: Path, records: int, *, naive: bool, hugo: str | None) -> dict:
    root = province(workdir, records)
    pages = len(texts(root))
    result: dict = {"records": records, "languages": len(LANGUAGES), "pages": pages,
                    "quangba": measure(quangba(root, "build", "--quiet"), root, "quangba build")}
    if naive:
        project = naive_mkdocs_project(root, workdir / f"mkdocs-{records}")
        result["mkdocs_naive"] = measure([str(Path(sys.executable).with_name("mkdocs")), "build", "--quiet"],
                                         project, "naive mkdocs build")
    else:
        result["mkdocs_naive"] = {"skipped": "--quick"}
    if hugo:
        project = hugo_project(root, workdir / f"hugo-{records}")
        result["hugo"] = measure([hugo, "--quiet", "--destination", "public"], project, "hugo")
    else:
        result["hugo"] = {"skipped": "hugo is not installed (make bench installs it)"}
    ours = result["quangba"]["wall_seconds"]
    result["ratios"] = {
        f"quangba_to_{name}": round(ours / result[name]["wall_seconds"], 3)
        for name in ("mkdocs_naive", "hugo") if result[name].get("wall_seconds")
    }
    result["rebuild_one_record_edited"] = rebuild(root)
    shutil.rmtree(root, ignore_errors=True)  # a build deletes its old outputs in the background
    return result


REBUILDS = 3  # one edit, one build, three times: the median is the figure (the machine is shared)


def rebuild(root: Path) -> dict:
    """A build after one record's Vietnamese text changed, as an editor would do: a different
    record each time, the median of REBUILDS (all of them are kept in ``samples``)."""
    texts_ = sorted((root / "content" / "vi").glob("*/*.md"))[:REBUILDS]
    runs = []
    for text in texts_:
        _wait_for_background_deletion(root)
        text.write_text(text.read_text("utf-8").rstrip("\n") + " Đã cập nhật.\n", "utf-8")
        runs.append(measure(quangba(root, "build", "--quiet"), root, "quangba rebuild"))
    median = sorted(runs, key=lambda run: run["wall_seconds"])[len(runs) // 2]
    return {**median, "samples": [run["wall_seconds"] for run in runs]}


def _wait_for_background_deletion(root: Path, seconds: float = 120) -> None:
    """Each sample starts as an editor's next build would, seconds later: after the outputs
    the build before replaced are deleted (by a process of their own, build._discard_later),
    not while that deletion still holds a core and the disk."""
    deadline = time.monotonic() + seconds
    while any(root.glob(DISCARDED + "*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def validate(workdir: Path, records: int) -> dict:
    root = province(workdir, records)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    cold = measure(quangba(root, "validate"), root, "quangba validate (cold)")
    warm = measure(quangba(root, "validate"), root, "quangba validate (warm)")
    shutil.rmtree(root, ignore_errors=True)
    return {"records": records, "languages": len(LANGUAGES), "cold": cold, "warm": warm}


def machine() -> dict:
    info = {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()}
    try:
        cpu = next(line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
        info["cpu"] = cpu.split(":", 1)[1].strip()
        memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        info["memory_gb"] = round(int(memory.split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000], help="records of the full builds")
    parser.add_argument("--validate-records", type=int, default=10000)
    parser.add_argument("--quick", action="store_true", help="skip the naive MkDocs build beyond the smallest size")
    parser.add_argument("--results-dir", type=Path, default=HERE)
    args = parser.parse_args(argv)
    hugo = shutil.which("hugo")
    # quangba runs from its source folder (an editable install): compile it once, as Python does
    # on the first run wherever it may write its bytecode cache (PYTHONDONTWRITEBYTECODE, set on
    # some machines, would otherwise have every measured run compile it again)
    compileall.compile_dir(ROOT / "scripts" / "quangba", quiet=1)
    started = datetime.now(timezone.utc)
    result: dict = {
        "what": "quangba build and validate in subprocesses on synthetic provinces, vs naive MkDocs and Hugo",
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "quick": args.quick,
        "versions": {"hugo": _version([hugo, "version"]) if hugo else None,
                     "mkdocs": _version([str(Path(sys.executable).with_name("mkdocs")), "--version"])},
        "builds": [],
    }
    target = args.results_dir / "results-scale.json"

    def save(complete: bool) -> None:  # after every step: an interrupted run still leaves its figures
        result["complete"] = complete
        result["load_average_at_end"] = round(os.getloadavg()[0], 2)
        args.results_dir.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")

    with tempfile.TemporaryDirectory(prefix="quangba-bench-scale-") as tmp:
        for size in args.sizes:
            naive = not args.quick or size == min(args.sizes)
            print(f"== full build, {len(LANGUAGES)} × {size} records", flush=True)
            result["builds"].append(full_build(Path(tmp), size, naive=naive, hugo=hugo))
            save(complete=False)
        print(f"== validate, {args.validate_records} records", flush=True)
        result["validate"] = validate(Path(tmp), args.validate_records)
    save(complete=True)
    print(target)
    return 0


def _version(argv: list[str]) -> str | None:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return None


if __name__ == "__main__":
    sys.exit(main())
