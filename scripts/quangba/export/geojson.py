"""GeoJSON (RFC 7946) of the exported places and events, one file per language.

A feature per public place or event that has coordinates — an event without its own takes
its venue's (a ``venue`` relation to an exported place). Titles and summaries are in the
file's language, or in Vietnamese where no translation exists (``lang`` says which).
"""

from __future__ import annotations

import json
from typing import Any

from ..model import SOURCE_LANGUAGE, Catalog
from .tables import Table

GEO_KINDS = ("place", "event")
_PROPERTIES = {"place": ("category", "heritage_status"), "event": ("event_type", "start", "end")}


def geojson_path(lang: str) -> str:
    return f"geo/{lang}.geojson"


def feature_collections(catalog: Catalog, tables: list[Table]) -> dict[str, str]:
    """``{lang: GeoJSON text}`` for every language of the province."""
    by_name = {t.name: t for t in tables}
    records = {r["id"]: r for r in by_name["records"].rows}
    texts: dict[tuple[str, str], dict[str, Any]] = {(t["record_id"], t["lang"]): t for t in by_name["texts"].rows}
    venues: dict[str, str] = {}
    for rel in by_name["relations"].rows:
        if rel["type"] == "venue" and rel["source"] not in venues:
            venues[rel["source"]] = rel["target"]
    points: list[tuple[dict[str, Any], float, float, str | None]] = []
    for row in by_name["records"].rows:
        if row["kind"] not in GEO_KINDS:
            continue
        lat, lon, via = row["lat"], row["lon"], None
        if lat is None and row["kind"] == "event" and venues.get(row["id"]) in records:
            venue = records[venues[row["id"]]]
            lat, lon, via = venue["lat"], venue["lon"], venue["id"]
        if lat is not None and lon is not None:
            points.append((row, lat, lon, via))
    out = {}
    for lang in catalog.languages:
        features = []
        for row, lat, lon, via in points:
            text = texts.get((row["id"], lang)) or texts.get((row["id"], SOURCE_LANGUAGE)) or {}
            properties: dict[str, Any] = {
                "id": row["id"], "uri": row["uri"], "kind": row["kind"], "agency": row["agency"],
                "title": text.get("title"), "summary": text.get("summary"), "lang": text.get("lang"),
                "modified": row["modified"].isoformat(), "sample": row["sample"],
            }
            for name in _PROPERTIES[row["kind"]]:
                if row.get(name) is not None:
                    properties[name] = row[name]
            if via:
                properties["venue"] = via
            features.append({"type": "Feature", "id": row["uri"],
                             "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": properties})
        collection = {"type": "FeatureCollection", "features": features}
        out[lang] = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    return out
