"""Bench: export + validation of a synthetic province with 100 000 text rows.

Builds the catalog in memory (the model, as the loader would return it), then times:
  export     — tables, CSV + NDJSON, GeoJSON, descriptor, DCAT, and the project's own
               validation of the written package (sizes, SHA-256, NFC, keys) and its report;
  frictionless — the Frictionless Framework's validation of the same package.
Writes bench/results-export.json. Run with `make bench` (or `python bench/export.py`).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from quangba.export import export_package  # noqa: E402
from quangba.export.check import frictionless_findings  # noqa: E402
from quangba.model import VIETNAM, Agency, AdminUnit, Catalog, Location, Province, Record, Relation, Text  # noqa: E402
from quangba.schemas import load_schemas  # noqa: E402

TEXT_ROWS = int(os.environ.get("BENCH_TEXT_ROWS", "100000"))
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
    for n in range(n_records):
        kind, fields = kinds[n % len(kinds)]
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
            if kind == "place" else None,
            tags=("beach", "sea"), fields=fields,
            relations=(Relation("venue", f"place-{(n // 3) * 3:06d}"),) if kind == "event" else (),
            texts=texts,
        )
    return Catalog(root=REPO, province=province, agencies=agencies, records=records, media={},
                   kinds=tuple(schemas.kinds), schemas=schemas)


def main() -> None:
    now = datetime(2026, 11, 23, 12, tzinfo=VIETNAM)
    started = time.perf_counter()
    catalog = synthetic_catalog(TEXT_ROWS)
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export"
        t0 = time.perf_counter()
        phases: dict[str, float] = {}
        summary = export_package(catalog, out, now, frictionless=False, timings=phases)
        export_seconds = time.perf_counter() - t0
        assert summary.ok, summary.findings[:5]
        t1 = time.perf_counter()
        errors = frictionless_findings(out / "datapackage.json")
        frictionless_seconds = time.perf_counter() - t1
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    text_rows = summary.resources["texts"]
    all_rows = sum(summary.resources.values())
    result = {
        "what": "export + the project's own validation of the package, synthetic province, in memory",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average_1min_at_end": round(os.getloadavg()[0], 2)},
        "text_rows": text_rows,
        "rows_all_tables": all_rows,
        "package_bytes": size,
        "catalog_build_seconds": round(built, 2),
        "export_and_validation_seconds": round(export_seconds, 2),
        "text_rows_per_second": round(text_rows / export_seconds),
        "phases_seconds": phases,
        "frictionless_validation_seconds": round(frictionless_seconds, 2),
        "frictionless_errors": len(errors),
        "text_rows_per_second_with_frictionless": round(text_rows / (export_seconds + frictionless_seconds)),
        "target_text_rows_per_second": 20000,
        "meets_target_without_frictionless": text_rows / export_seconds >= 20000,
        "meets_target_with_frictionless": text_rows / (export_seconds + frictionless_seconds) >= 20000,
    }
    (REPO / "bench" / "results-export.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
