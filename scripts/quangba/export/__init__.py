"""The export stage: ``export_package(catalog, out_dir, now, media=None)`` writes what the
national foreign-information database (and any DCAT harvester) imports:

- ``datapackage.json`` + ``data/*.csv`` and ``data/*.ndjson``: a Frictionless Data Package v2
  (agencies, administrative units, records, texts, relations, media, record media, media
  files, tombstones, and the investment database: zones, projects, incentives, incentive
  zones, incentive legal basis — ``investment.py``), with Table Schemas, keys, licences,
  and each file's size and SHA-256;
- ``geo/<lang>.geojson``: places, events, zones and projects with coordinates, per language;
- ``schemas/``: the catalog's JSON Schemas, so the package describes itself;
- ``catalog.ttl`` / ``catalog.jsonld``: the DCAT-AP 3.0 catalog pointing at the package files;
- ``validation-report.json``: the package checked as an importer would (no error cap).

Only what may be public leaves: ``tables.build_tables`` reads the model through
``Record.is_public``/``is_visible`` and ``Catalog.public_media``; retracted records become
tombstones. Rows are sorted and dates come from the data, so the same commit exports the
same bytes. A big package is made and checked on two cores (``parallel.py``); the bytes are
the same as on one.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from ..catalog.model import Catalog
from ..media import MediaSet
from ..rules.findings import Finding, sort_findings
from . import dcat
from . import package as pkg
from . import check
from .check import write_report
from .frictionless_check import frictionless_findings
from .geojson import feature_collections, geojson_path
from .tables import build_tables

DCAT_TURTLE = "catalog.ttl"
DCAT_JSONLD = "catalog.jsonld"


def export_url(catalog: Catalog) -> str:
    """Where the package is published: ``export/`` below the portal's address."""
    return f"{catalog.province.base_url}export/"


@dataclass(frozen=True)
class ExportSummary:
    resources: dict[str, int]  # rows per table
    version: str = ""
    findings: list[Finding] = field(default_factory=list)  # the package's own validation

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def export_package(catalog: Catalog, out_dir: Path, now: datetime, media: MediaSet | None = None,
                   *, frictionless: bool = True, cache_dir: Path | None = None,
                   timings: dict[str, float] | None = None) -> ExportSummary:
    """Write the package into ``out_dir`` and validate it; ``frictionless=False`` skips the
    (slower) Frictionless validation in the report, keeping the project's own checks;
    ``cache_dir`` keeps Frictionless' verdicts on unchanged files (frictionless_check.py).
    ``timings``, if given, receives the seconds each phase took (for ``make bench``)."""
    import time

    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        if timings is not None:
            now_ = time.perf_counter()
            timings[name] = round(now_ - clock[0], 3)
            clock[0] = now_

    out_dir.mkdir(parents=True, exist_ok=True)
    with _no_cycle_collection():
        summary, descriptor = _write_and_check(catalog, out_dir, now, media, lap)
    if frictionless:  # Frictionless makes cycles of its own: the collector is back on
        findings = sort_findings([*summary.findings, *frictionless_findings(out_dir / pkg.DESCRIPTOR, cache_dir)])
        summary = replace(summary, findings=findings)
    write_report(out_dir, summary.findings, descriptor["version"], frictionless=frictionless)
    lap("validation")
    return summary


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Millions of short-lived objects, none in a cycle: the cyclic garbage collector would
    only walk the whole catalog again and again (a tenth of the time at 100 000 texts)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _write_and_check(catalog: Catalog, out_dir: Path, now: datetime, media: MediaSet | None,
                     lap: Callable[[str], None]) -> tuple[ExportSummary, dict[str, Any]]:
    tables = build_tables(catalog, now, media)
    lap("tables")
    writer = pkg.Writer(out_dir)
    licence = catalog.province.licence

    def resources(written: Callable[[str], dict[str, Any]]) -> list[dict[str, Any]]:
        """The descriptor's entries of the tables and the GeoJSON files."""
        return [*pkg.table_resources(tables, licence, written), *(pkg.file_resource(
            f"geo-{lang}", geojson_path(lang), f"Places, events, zones and projects ({lang}) / "
            "Địa danh, sự kiện, khu kinh tế và dự án", "geojson", "application/geo+json", written(geojson_path(lang)),
            licence) for lang in catalog.languages)]

    # Each file is checked as soon as it is written (read back from disk by the package's own
    # check, against its entry as the descriptor will state it) while the other process
    # writes the next; the check of the whole package after the descriptor then reads again
    # only a file whose verdict does not hold (check.Verdict).
    entries = {entry["path"]: entry for entry in resources(lambda path: {})}
    keep_keys = check.referenced(list(entries.values()))
    # written and checked, the GeoJSON files cost 1.2 records tables in CSV (measured at
    # 100 000 texts): taken from the queue between the records' NDJSON and CSV, so that the
    # two processes still end together
    geojson_job = (lambda: {geojson_path(lang): data for lang, data in feature_collections(catalog, tables).items()},
                   1.2 * sum(len(t.rows) + 1 for t in tables if t.name == "records"))
    verdicts = writer.write_all([*pkg.table_jobs(tables), geojson_job], then=lambda path: check.check_file(
        out_dir, entries[path], entries[path]["name"] in keep_keys))
    lap("files_written_and_checked")
    schema_files = pkg.write_schemas(writer, catalog)
    descriptor = pkg.descriptor(catalog, tables, resources(writer.written), schema_files)
    descriptor_file = writer.write(pkg.DESCRIPTOR, pkg.descriptor_bytes(descriptor))
    # beside the package (they name the descriptor's hash, so the descriptor cannot name theirs)
    graph = dcat.build_graph(catalog, tables, descriptor, descriptor_file, export_url(catalog))
    writer.write(DCAT_TURTLE, dcat.turtle_bytes(graph))
    writer.write(DCAT_JSONLD, dcat.jsonld_bytes(graph))
    lap("descriptor_and_dcat")
    findings = check.check_package(out_dir, ahead=verdicts)
    return ExportSummary(resources={t.name: len(t.rows) for t in tables}, version=descriptor["version"],
                         findings=findings), descriptor


def publish_export(catalog: Catalog, out_dir: Path, now: datetime, media: MediaSet | None = None,
                   *, frictionless: bool = True, cache_dir: Path | None = None) -> ExportSummary:
    """Export into a temporary folder beside ``out_dir``; replace ``out_dir`` only when the new
    package is valid. A failed export leaves the package published before exactly as it was."""
    import os
    import shutil
    import tempfile

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".quangba-export-", dir=out_dir.parent) as tmp:
        fresh = Path(tmp) / "package"
        summary = export_package(catalog, fresh, now, media, frictionless=frictionless, cache_dir=cache_dir)
        if not summary.ok:
            return summary
        old = Path(tmp) / "previous"
        if out_dir.exists():
            os.replace(out_dir, old)
        try:
            os.replace(fresh, out_dir)
        except BaseException:
            if old.exists():
                shutil.rmtree(out_dir, ignore_errors=True)
                os.replace(old, out_dir)
            raise
    return summary
