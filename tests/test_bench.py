"""`make bench` on a tiny province: every scenario and baseline runs end to end and the
results are well formed. Times are never asserted (they belong to the machine)."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

BENCH = REPO / "bench"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _is_run(figure: dict) -> bool:
    return (set(figure) - {"samples"} == {"wall_seconds", "cpu_seconds", "peak_memory_mb"}
            and figure["wall_seconds"] > 0 and figure["peak_memory_mb"] > 0)


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    for name in ("results-export.json", "results-media.json"):  # what the other benchmarks leave
        if (BENCH / name).exists():
            shutil.copy(BENCH / name, out / name)
    done = subprocess.run([sys.executable, str(BENCH / "scale.py"), "--sizes", "12", "--validate-records", "12",
                           "--results-dir", str(out)], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    done = subprocess.run([sys.executable, str(BENCH / "report.py"), "--results-dir", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_every_scenario_and_baseline_runs(tiny_results: Path) -> None:
    scale = json.loads((tiny_results / "results-scale.json").read_text("utf-8"))
    assert scale["machine"]["cpus"] >= 1 and scale["date"] and scale["complete"] is True
    (build,) = scale["builds"]
    assert build["records"] == 12 and build["languages"] == 3
    assert build["pages"] >= 12, "at least the Vietnamese text of every record"
    for figure in ("quangba", "mkdocs_naive", "rebuild_one_record_edited"):
        assert _is_run(build[figure]), build[figure]
    rebuilt = build["rebuild_one_record_edited"]
    assert len(rebuilt["samples"]) == 3 and rebuilt["wall_seconds"] == sorted(rebuilt["samples"])[1], "the median"
    assert "quangba_to_mkdocs_naive" in build["ratios"]
    if shutil.which("hugo"):
        assert _is_run(build["hugo"]) and "quangba_to_hugo" in build["ratios"]
    else:
        assert "skipped" in build["hugo"]
    assert _is_run(scale["validate"]["cold"]) and _is_run(scale["validate"]["warm"])


def test_the_merged_results_and_the_table(tiny_results: Path) -> None:
    merged = json.loads((tiny_results / "results.json").read_text("utf-8"))
    assert "scale" in merged
    table = (tiny_results / "RESULTS.md").read_text("utf-8")
    assert "| Full build, 3 × 12 records" in table and "naive mkdocs-material + static-i18n" in table
    assert "Rebuild after editing one record" in table and "Validate 12 records, again (cache)" in table
    assert "≤ 1.5 GB" in table and "≤ 2 s" in table
    assert merged["scale"]["date"] in table and f"cpus {merged['scale']['machine']['cpus']}" in table
    if "export" in merged:
        assert "Export + package validation, text rows per second" in table


def test_the_readme_shows_the_last_table_between_its_markers(tiny_results: Path, tmp_path: Path) -> None:
    report = _module("report")
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n## Performance\n\n{report.START}\nold figures\n{report.END}\n\n## After\n", "utf-8")
    table = report.write(tiny_results, readme)
    content = readme.read_text("utf-8")
    assert "old figures" not in content and table in content
    assert content.startswith("# Title\n") and content.endswith("## After\n")
    assert (REPO / "README.md").read_text("utf-8").count(report.START) == 1


def test_peak_memory_is_the_child_s_own(tmp_path: Path) -> None:
    scale = _module("scale")
    ballast = bytearray(400 * 1024 * 1024)  # the bench's own size must not count as the command's
    ballast[::4096] = b"1" * len(ballast[::4096])
    small = scale.measure([sys.executable, "-c", "pass"], tmp_path, "small")
    del ballast
    large = scale.measure([sys.executable, "-c", "x = bytearray(300 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"],
                          tmp_path, "large")
    assert large["peak_memory_mb"] >= 300 > small["peak_memory_mb"]


def test_a_failing_step_says_which_and_why(tmp_path: Path) -> None:
    scale = _module("scale")
    with pytest.raises(RuntimeError, match="(?s)naive mkdocs build.*exited with 3.*boom"):
        scale.measure([sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], tmp_path, "naive mkdocs build")


def test_the_site_bench_runs_and_names_every_step(tmp_path: Path) -> None:
    out = tmp_path / "results-site.json"
    done = subprocess.run([sys.executable, str(BENCH / "site.py"), "--records", "12", "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    (run,) = json.loads(out.read_text("utf-8"))["runs"]
    for build in (run["full"], run["rebuild_one_record"]):
        assert build["pages"] == run["pages"] > 12
        assert {"build", "load", "validate", "plan", "write", "search", "extras", "export_stage"} <= set(build["wall"])
        assert 0 < build["peak_mb"] < 1024  # the build's own, not the bench's
