"""GeoJSON (RFC 7946) of the exported places, events, zones and projects, one file per
language.

A feature per public place, event, economic zone or investment project that has
coordinates — an event without its own takes its venue's (a ``venue`` relation to an
exported place), a project without its own its zone's (``coordinates_from`` names the zone).
Titles and summaries are in the file's language, or in Vietnamese where no translation
exists (``lang`` says which).
"""

from __future__ import annotations

import json
from typing import Any

from ..model import SOURCE_LANGUAGE, Catalog
from .package import nfc_json
from .tables import Table

GEO_KINDS = ("place", "event", "zone", "project")
_PROPERTIES = {"place": ("category", "heritage_status"), "event": ("event_type", "start", "end"),
               "zone": ("zone_type", "area_ha", "occupancy_percent"),
               "project": ("sector", "project_status", "zone", "area_ha", "capital_amount", "capital_currency",
                           "investment_form")}


_encode_any = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_encode_string = json.encoder.encode_basestring  # what the encoder above does with a str


def _encode(value: Any) -> str:
    """The JSON text ``_encode_any`` writes for ``value``; a string's without going through
    the encoder's Python steps (most values are strings: hundreds of thousands a package)."""
    return _encode_string(value) if type(value) is str else _encode_any(value)


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
    # a project's typed facts (capital as amount and currency) come from its own table
    facts = {row["id"]: row for name in ("zones", "projects") if name in by_name for row in by_name[name].rows}
    points: list[tuple[dict[str, Any], float, float, str | None]] = []
    for row in by_name["records"].rows:
        if row["kind"] not in GEO_KINDS:
            continue
        lat, lon, via = row["lat"], row["lon"], None
        if row["id"] in facts:
            row = {**row, **facts[row["id"]]}
        if lat is None and row["kind"] == "event" and venues.get(row["id"]) in records:
            venue = records[venues[row["id"]]]
            lat, lon, via = venue["lat"], venue["lon"], venue["id"]
        elif lat is None and row["kind"] == "project" and row.get("zone") in records:
            zone = records[row["zone"]]
            lat, lon, via = zone["lat"], zone["lon"], zone["id"]
        if lat is not None and lon is not None:
            points.append((row, lat, lon, via))
    # A feature's JSON is put together from pieces: only the title, summary and language differ
    # between the files, so everything else is encoded once (the bytes json.dumps writes).
    heads, tails = [], []
    for row, lat, lon, via in points:
        heads.append('{"type":"Feature","id":' + _encode(row["uri"]) + ',"geometry":{"type":"Point","coordinates":'
                     + _encode([lon, lat]) + '},"properties":{"id":' + _encode(row["id"]) + ',"uri":'
                     + _encode(row["uri"]) + ',"kind":' + _encode(row["kind"]) + ',"agency":' + _encode(row["agency"]))
        tail = ',"modified":' + _encode(row["modified"].isoformat()) + ',"sample":' + _encode(row["sample"])
        for name in _PROPERTIES[row["kind"]]:
            if row.get(name) is not None:
                tail += "," + _encode(name) + ":" + _encode(row[name])
        if via:
            tail += (',"venue":' if row["kind"] == "event" else ',"coordinates_from":') + _encode(via)
        tails.append(tail + "}}")
    out = {}
    for lang in catalog.languages:
        features = []
        for (row, _, _, _), head, tail in zip(points, heads, tails):
            text = texts.get((row["id"], lang)) or texts.get((row["id"], SOURCE_LANGUAGE)) or {}
            features.append(head + ',"title":' + _encode(text.get("title")) + ',"summary":'
                            + _encode(text.get("summary")) + ',"lang":' + _encode(text.get("lang")) + tail)
        out[lang] = nfc_json('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}\n")
    return out
