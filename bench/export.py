"""Bench: export + validation of a synthetic province with 100 000 text rows.

Builds the catalog in memory (the model, as the loader would return it: reading YAML and
Markdown from disk is the loader's bench, not this one), then times, end to end:
  export       — everything ``export_package`` does: the tables (with Markdown → plain text
                 of every body), CSV + NDJSON of every table, GeoJSON per language, the
                 schemas, the descriptor (sizes, SHA-256, version), DCAT (Turtle + JSON-LD),
                 and the project's own validation of the written package read back from
                 disk (sizes, SHA-256, NFC, every cell, primary and foreign keys: each file
                 as soon as it is written, then the descriptor) and its report.
                 This is the figure the target (20 000 text rows/s) is about.
  frictionless — the Frictionless Framework's own validation of the same package, timed
                 apart: it reads every row of every file in pure Python and alone takes
                 longer than the export; with it in the path, it is the floor.
Big packages are made on two cores (export/parallel.py), so the figure depends on how busy
the machine is: the load average and the CPU seconds used are recorded beside it.
Writes bench/results-export.json. Run with `make bench` (or `python bench/export.py`);
BENCH_TEXT_ROWS sets the size, BENCH_FRICTIONLESS=0 skips Frictionless.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from quangba.export import export_package  # noqa: E402
from quangba.export.check import frictionless_findings  # noqa: E402
from quangba.catalog.model import VIETNAM, Agency, AdminUnit, Catalog, Location, Province, Record, Relation, Text  # noqa: E402
from quangba.catalog.schemas import load_schemas  # noqa: E402

TEXT_ROWS = int(os.environ.get("BENCH_TEXT_ROWS", "100000"))
FRICTIONLESS = os.environ.get("BENCH_FRICTIONLESS", "1") != "0"
LANGUAGES = ("vi", "en", "lo")
BODY = (
    "## Giới thiệu\n\nBãi biển **{name}** nằm ở phía đông thành phố Đồng Hới, nơi sông Nhật Lệ đổ ra biển. "
    "Nước trong xanh, cát trắng mịn, thích hợp cho du lịch nghỉ dưỡng quanh năm.\n\n"
    "- Bơi lội và lướt ván\n- Ẩm thực hải sản\n- Lễ hội văn hóa\n\n"
    "Xem thêm [bản đồ](https://example.org/map/{n}) và *lịch lễ hội* của tỉnh.\n"
)


def synthetic_catalog(text_rows: int) -> Catalog:
    schemas = load_schemas(REPO / "catalog" / "schemas")
    agencies = {f"agency-{i}": Agency(id=f"agency-{i}", kind="department",
                                      names={"vi": f"Sở số {i}", "en": f"Department {i}"}, owner=i == 0)
                for i in range(12)}
    units = tuple(AdminUnit(id=f"unit-{i}", type="commune", names={"vi": f"Xã {i}"}) for i in range(40))
    province = Province(id="bench", names={"vi": "Tỉnh Thử", "en": "Bench Province", "lo": "ແຂວງ"},
                        languages=LANGUAGES, base_url="https://bench.example/",
                        licence="https://creativecommons.org/licenses/by/4.0/", owner="agency-0",
                        admin_units=units)
    records = {}
    n_records = -(-text_rows // len(LANGUAGES))
    kinds = [("place", {"category": "beach"}), ("event", {"event_type": "festival", "start": "2026-04-30"}),
             ("press-release", {"issued": "2026-01-15"})]
    # one record in a hundred is of the investment database: zones, projects in them, incentives
    investment = [
        ("zone", lambda n: {"zone_type": "industrial-park", "area_ha": 250 + n % 500, "occupancy_percent": n % 100}),
        ("project", lambda n: {"sector": "industry", "project_status": "calling", "zone": f"zone-{(n - 100) // 300 * 300 + 99:06d}",
                               "area_ha": 12.5 + n % 40, "capital": {"amount": 10**9 * (1 + n % 900), "currency": "VND"},
                               "investment_form": "fdi", "contact_agency": "agency-0"}),
        ("incentive", lambda n: {"incentive_type": "land-rent", "zones": [f"zone-{(n - 200) // 300 * 300 + 99:06d}"],
                                 "legal_basis": [{"number": "31/2021/NĐ-CP", "title": "Nghị định", "date": "2021-03-26"}]}),
    ]
    for n in range(n_records):
        kind, fields = kinds[n % len(kinds)]
        if n % 100 == 99:
            kind, make = investment[(n // 100) % 3]
            fields = make(n)
        rid = f"{kind}-{n:06d}"
        texts = {}
        for lang in LANGUAGES:
            if len(records) * len(LANGUAGES) + len(texts) >= text_rows:
                break
            texts[lang] = Text(lang=lang, kind=kind, record_id=rid, path=f"content/{lang}/{kind}/{rid}.md",
                               title=f"Bãi biển số {n} ({lang})", summary=f"Tóm tắt bản ghi {n}.",
                               body=BODY.format(name=f"Nhật Lệ {n}", n=n), source=None, translated=None)
        records[rid] = Record(
            id=rid, kind=kind, agency=f"agency-{n % 12}", status="published", classification="public",
            created=date(2024, 1, 1), modified=date(2025, 1 + n % 12, 1 + n % 28), path=f"catalog/{kind}/{rid}.yaml",
            location=Location(lat=17.0 + (n % 1000) / 1000, lon=106.0 + (n % 997) / 1000, unit=f"unit-{n % 40}")
            if kind in ("place", "zone") else None,
            tags=("beach", "sea"), fields=fields,
            relations=(Relation("venue", f"place-{(n // 3) * 3:06d}"),) if kind == "event" else (),
            texts=texts,
        )
    return Catalog(root=REPO, province=province, agencies=agencies, records=records, media={},
                   kinds=tuple(schemas.kinds), schemas=schemas)


def cpu_seconds() -> tuple[float, float]:
    """CPU time of this process, and of the workers it forked (and waited for)."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime


def main() -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=VIETNAM)
    load_at_start = os.getloadavg()[0]
    started = time.perf_counter()
    catalog = synthetic_catalog(TEXT_ROWS)
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export"
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        phases: dict[str, float] = {}
        summary = export_package(catalog, out, now, frictionless=False, timings=phases)
        export_seconds, cpu1 = time.perf_counter() - t0, cpu_seconds()
        own_cpu, workers_cpu = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
        export_cpu = own_cpu + workers_cpu
        assert summary.ok, summary.findings[:5]
        frictionless_seconds, errors = None, []
        if FRICTIONLESS:
            t1 = time.perf_counter()
            errors = frictionless_findings(out / "datapackage.json")
            frictionless_seconds = time.perf_counter() - t1
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    text_rows = summary.resources["texts"]
    all_rows = sum(summary.resources.values())
    with_frictionless = export_seconds + frictionless_seconds if frictionless_seconds else None
    result = {
        "what": "export_package end to end (tables, CSV + NDJSON, GeoJSON, descriptor, DCAT, the project's own "
                "validation of the written package and its report), synthetic province built in memory; "
                "Frictionless validation timed apart",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_1min_at_start": round(load_at_start, 2),
                    "load_average_1min_at_end": round(os.getloadavg()[0], 2)},
        "text_rows": text_rows,
        "rows_all_tables": all_rows,
        "rows_per_table": summary.resources,
        "package_bytes": size,
        "catalog_build_seconds": round(built, 2),
        "export_and_validation_seconds": round(export_seconds, 2),
        "export_and_validation_cpu_seconds": round(export_cpu, 2),
        # This process does every serial part and half of the rest while its worker does the
        # other half beside it: with two idle cores, the wall time is about this process's CPU.
        "cpu_seconds_this_process": round(own_cpu, 2),
        "cpu_seconds_worker": round(workers_cpu, 2),
        "text_rows_per_second_of_this_process_cpu": round(text_rows / own_cpu),
        "text_rows_per_second": round(text_rows / export_seconds),
        "text_rows_per_cpu_second": round(text_rows / export_cpu),
        "phases_seconds": phases,
        "frictionless_validation_seconds": round(frictionless_seconds, 2) if frictionless_seconds else None,
        "frictionless_errors": len(errors),
        "text_rows_per_second_with_frictionless": round(text_rows / with_frictionless) if with_frictionless else None,
        "target_text_rows_per_second": 20000,
        "meets_target": text_rows / export_seconds >= 20000,
        "meets_target_with_frictionless": text_rows / with_frictionless >= 20000 if with_frictionless else None,
    }
    (REPO / "bench" / "results-export.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
