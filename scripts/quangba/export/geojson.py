"""GeoJSON (RFC 7946) of the exported places, events, zones and projects, one file per
language.

A feature per public place, event, economic zone or investment project that has
coordinates — an event without its own takes its venue's (a ``venue`` relation to an
exported place), a project without its own its zone's (``coordinates_from`` names the zone).
Titles and summaries are in the file's language, or in Vietnamese where no translation
exists (``lang`` says which).
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from ..catalog.model import SOURCE_LANGUAGE, Catalog
from .columns import Table
from .package import _encode_json, _encode_string, nfc_json

GEO_KINDS = ("place", "event", "zone", "project")
_PROPERTIES = {"place": ("category", "heritage_status"), "event": ("event_type", "start", "end"),
               "zone": ("zone_type", "area_ha", "occupancy_percent"),
               "project": ("sector", "project_status", "zone", "area_ha", "capital_amount", "capital_currency",
                           "investment_form")}


def _encode(value: Any) -> str:
    """The JSON text the package's encoder writes for ``value``; a string's without going
    through the encoder's Python steps (most values are strings: hundreds of thousands a package)."""
    return _encode_string(value) if type(value) is str else _encode_json(value)


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
    # between the files, so everything else is encoded once (the bytes json.dumps writes), and
    # each piece a column at a time.
    rows = [row for row, _, _, _ in points]
    uris = _encoded([row["uri"] for row in rows])
    heads = list(map("".join, zip(
        repeat('{"type":"Feature","id":'), uris, repeat(',"geometry":{"type":"Point","coordinates":'),
        [_encode([lon, lat]) for _, lat, lon, _ in points], repeat('},"properties":{"id":'),
        _encoded([row["id"] for row in rows]), repeat(',"uri":'), uris,
        repeat(',"kind":'), _encoded([row["kind"] for row in rows]),
        repeat(',"agency":'), _encoded([row["agency"] for row in rows]))))
    tails = []
    for row, _, _, via in points:
        tail = ',"modified":' + _encode(row["modified"].isoformat()) + ',"sample":' + _encode(row["sample"])
        for name in _PROPERTIES[row["kind"]]:
            if row.get(name) is not None:
                tail += "," + _encode(name) + ":" + _encode(row[name])
        if via:
            tail += (',"venue":' if row["kind"] == "event" else ',"coordinates_from":') + _encode(via)
        tails.append(tail + "}}")
    ids = [row["id"] for row in rows]
    out = {}
    for lang in catalog.languages:
        chosen = [texts.get((rid, lang)) or texts.get((rid, SOURCE_LANGUAGE)) or _NO_TEXT for rid in ids]
        features = map("".join, zip(
            heads, repeat(',"title":'), _encoded(list(map(dict.get, chosen, repeat("title")))),
            repeat(',"summary":'), _encoded(list(map(dict.get, chosen, repeat("summary")))),
            repeat(',"lang":'), _encoded(list(map(dict.get, chosen, repeat("lang")))), tails))
        out[lang] = nfc_json('{"type":"FeatureCollection","features":[' + ",".join(features) + "]}\n")
    return out


_NO_TEXT: dict[str, Any] = {}  # a record with no text in the language nor in Vietnamese: nulls


def _encoded(values: list[Any]) -> list[str]:
    """``_encode`` of each value; of a column of strings, without a Python step per value."""
    if set(map(type, values)) <= {str}:
        return list(map(_encode_string, values))
    return list(map(_encode, values))
