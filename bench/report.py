"""Merge every bench/results-<name>.json into bench/results.json and write the readable table
bench/RESULTS.md (printed too), each figure beside its goal. With ``--readme``, the table is
also copied into README.md between the ``bench:start`` / ``bench:end`` markers, so the README
always shows the last `make bench`. Run by `make bench` after the benchmarks.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
START, END = "<!-- bench:start (make bench rewrites this part) -->", "<!-- bench:end -->"

GB = 1024  # MB
GOALS = {  # figure → (goal shown, holds)
    "full_1000": ("≤ 10 s", lambda v: v <= 10),
    "full_3000": ("≤ 45 s", lambda v: v <= 45),
    "ratio_3000": ("≤ 0.1 × naive", lambda v: v <= 0.1),
    "rebuild_1000": ("≤ 2 s", lambda v: v <= 2),
    "validate_warm": ("≤ 2 s", lambda v: v <= 2),
    "memory": ("≤ 1.5 GB", lambda v: v <= 1.5 * GB),
}


def merge(folder: Path) -> dict[str, Any]:
    results = {}
    for path in sorted(folder.glob("results-*.json")):
        try:
            results[path.stem.removeprefix("results-")] = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as problem:
            results[path.stem.removeprefix("results-")] = {"unreadable": str(problem)}
    return results


def _run(figure: dict | None, more: str = "") -> str:
    if not figure:
        return "—"
    if "skipped" in figure:
        return f"skipped ({figure['skipped']})"
    return f"{figure['wall_seconds']} s (CPU {figure['cpu_seconds']} s, {figure['peak_memory_mb']} MB{more})"


def _goal(name: str, value: float | None) -> tuple[str, str]:
    goal, holds = GOALS[name]
    return goal, "—" if value is None else ("yes" if holds(value) else "**no**")


def scale_rows(scale: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    builds = {b["records"]: b for b in scale.get("builds", [])}
    for records, build in sorted(builds.items()):
        size = f"{build['languages']} × {records} records ({build['pages']} pages)"
        wall = build["quangba"]["wall_seconds"]
        goal_name = {1000: "full_1000", 3000: "full_3000"}.get(records)
        goal, met = _goal(goal_name, wall) if goal_name else ("", "")
        rows.append((f"Full build, {size}: quangba", _run(build["quangba"]), goal, met))
        rows.append(("… naive mkdocs-material + static-i18n", _run(build.get("mkdocs_naive")), "", ""))
        rows.append(("… Hugo, plain pages", _run(build.get("hugo")), "", ""))
        ratios = build.get("ratios", {})
        if "quangba_to_mkdocs_naive" in ratios:
            goal, met = _goal("ratio_3000", ratios["quangba_to_mkdocs_naive"]) if records == 3000 else ("", "")
            rows.append(("… quangba ÷ naive MkDocs", f"{ratios['quangba_to_mkdocs_naive']}{_cpu_ratio(build, 'mkdocs_naive')}",
                         goal, met))
        if "quangba_to_hugo" in ratios:
            rows.append(("… quangba ÷ Hugo", f"{ratios['quangba_to_hugo']}{_cpu_ratio(build, 'hugo')}", "", ""))
        rebuild = build.get("rebuild_one_record_edited")
        if rebuild:
            goal, met = _goal("rebuild_1000", rebuild["wall_seconds"]) if records == 1000 else ("", "")
            samples = rebuild.get("samples")
            median = f"; the median of {', '.join(f'{x} s' for x in samples)}" if samples else ""
            rows.append((f"Rebuild after editing one record, {build['languages']} × {records}",
                         _run(rebuild, median), goal, met))
    validate = scale.get("validate")
    if validate:
        rows.append((f"Validate {validate['records']} records, first run (no cache)", _run(validate["cold"]), "", ""))
        goal, met = _goal("validate_warm", validate["warm"]["wall_seconds"])
        rows.append((f"Validate {validate['records']} records, again (cache)", _run(validate["warm"]), goal, met))
    peaks = [run["peak_memory_mb"] for b in builds.values() for run in (b["quangba"], b.get("rebuild_one_record_edited"))
             if run] + ([validate["cold"]["peak_memory_mb"], validate["warm"]["peak_memory_mb"]] if validate else [])
    if peaks:
        goal, met = _goal("memory", max(peaks))
        rows.append(("Peak memory of any quangba run", f"{max(peaks)} MB", goal, met))
    return rows


def _cpu_ratio(build: dict, baseline: str) -> str:
    """The same ratio in CPU seconds, which a busy machine disturbs less than wall seconds."""
    ours, theirs = build["quangba"].get("cpu_seconds"), build.get(baseline, {}).get("cpu_seconds")
    return f" (CPU: {round(ours / theirs, 3)})" if ours and theirs else ""


def _get(data: Any, *path: Any) -> Any:
    for key in path:
        data = data[key]
    return data


# Other benchmarks: (label, how to read the figure, goal) — a figure that is missing is skipped.
OTHER: dict[str, list[tuple[str, Callable[[dict], Any], str]]] = {
    "export": [
        ("Export + package validation, text rows per second", lambda r: r["text_rows_per_second"],
         "target_text_rows_per_second"),
        ("… with Frictionless validation too, rows per second", lambda r: r["text_rows_per_second_with_frictionless"], ""),
    ],
    "media": [
        ("Images per second per core (pipeline)", lambda r: _get(r, "scenarios", 0, "images_per_second_per_core",
                                                                  "pipeline"), ""),
        ("… naive Pillow, per core", lambda r: _get(r, "scenarios", 0, "images_per_second_per_core", "naive"), ""),
    ],
    "site": [
        (None, lambda r: {f"Site stage in process, {run['records']} records × {run['languages']} ({run['pages']} pages)":
                          f"{run['seconds']['site_stage']} s" for run in r["runs"]}, ""),
    ],
    "page-weight": [  # (bench/page_weight.py) budgets are ceilings: (figure, goal, met)
        (None, lambda r: {
            "Home page first load, HTML + CSS + JS gzip (largest language)": _within(
                r["home_first_load_bytes_gzip_max"], r["home_first_load_budget"]),
            "Home page hero photo, WebP picked at 1280 px": _within(r["hero_webp_bytes_max"], r["hero_webp_budget"]),
            "… requests to other hosts": (str(r["requests_to_other_hosts"]), "0",
                                          "yes" if r["requests_to_other_hosts"] == 0 else "**no**"),
        }, ""),
    ],
}


def _within(value: int | None, budget: int) -> tuple[str, str, str]:
    if value is None:
        return ("—", f"≤ {budget // 1000} KB", "—")
    return (f"{value / 1000:.1f} KB", f"≤ {budget // 1000} KB", "yes" if value <= budget else "**no**")


def other_rows(results: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    for name, result in results.items():
        if name == "scale" or not isinstance(result, dict):
            continue
        known = OTHER.get(name)
        if known is None:  # a benchmark this report does not know yet: its top-level figures
            for key, value in result.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    rows.append((f"{name}: {key.replace('_', ' ')}", str(value), "", ""))
            continue
        for label, read, goal_key in known:
            try:
                value = read(result)
            except (KeyError, IndexError, TypeError):
                continue
            goal = f"≥ {result[goal_key]}" if goal_key and goal_key in result else ""
            met = ("yes" if value >= result[goal_key] else "**no**") if goal else ""
            if isinstance(value, dict):
                rows += [(k, *v) if isinstance(v, tuple) else (k, str(v), "", "") for k, v in value.items()]
            else:
                rows.append((label, str(value), goal, met))
    return rows


def table(results: dict) -> str:
    scale = results.get("scale", {})
    machine = scale.get("machine") or next((r.get("machine") for r in results.values()
                                            if isinstance(r, dict) and r.get("machine")), {})
    described = ", ".join(f"{k} {v}" for k, v in machine.items())
    load = (f"; load average {scale['load_average_at_start']} at start, {scale['load_average_at_end']} at end "
            "(the machine is shared: CPU seconds vary less than wall seconds)") if "load_average_at_end" in scale else ""
    lines = [f"Measured {scale.get('date', 'at an unknown date')} on: {described}{load}.", "",
             "| Figure | Measured: wall (CPU, peak memory) | Goal | Met |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in scale_rows(scale) + other_rows(results)]
    if scale.get("complete") is False:
        lines += ["", "**Interrupted run**: the figures above are those measured before it stopped."]
    if scale.get("quick"):
        lines += ["", "Run with `--quick`: the naive MkDocs build was skipped beyond the smallest size."]
    return "\n".join(lines) + "\n"


def write(folder: Path, readme: Path | None) -> str:
    results = merge(folder)
    (folder / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    text = table(results)
    (folder / "RESULTS.md").write_text(
        "# Benchmark results\n\nWritten by `make bench` (bench/report.py); do not edit by hand.\n\n" + text, "utf-8")
    if readme is not None:
        content = readme.read_text("utf-8")
        pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
        if pattern.search(content):
            readme.write_text(pattern.sub(lambda _: f"{START}\n{text}{END}", content), "utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results-dir", type=Path, default=HERE)
    parser.add_argument("--readme", action="store_true", help="also rewrite the figures in README.md")
    args = parser.parse_args(argv)
    print(write(args.results_dir, README if args.readme else None))
    print(args.results_dir / "results.json")
    print(args.results_dir / "RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
