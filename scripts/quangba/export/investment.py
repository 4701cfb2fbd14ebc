"""The investment-promotion database as tables of its own: zones, projects, incentives, the
zones each incentive applies in, and the legal documents each rests on.

Each row is also a row of ``records`` (same id; its titles and texts are in ``texts``); these
tables give the facts typed and keyed, as the national database imports them: areas in
hectares and capital as a number with its ISO 4217 currency, projects keyed to their zone,
contact agency and commune, incentives linked to zones through ``incentive_zones``. Only
the public records the ``records`` table holds appear, and only references to them.
"""

from __future__ import annotations

from typing import Any

from ..catalog.model import Catalog, Record
from .columns import A, B, D, I, N, O, S, Table, fk, fld

ISO_4217 = "^[A-Z]{3}$"


def _enum(catalog: Catalog, kind: str, name: str) -> list[str] | None:
    """The values a kind's schema allows for a field (the export states the same ones)."""
    raw = catalog.schemas.raw if catalog.schemas is not None else {}
    spec = (raw.get(f"record:{kind}", {}).get("properties") or {}).get(name) or {}
    values = spec.get("enum") or (spec.get("items") or {}).get("enum")
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else None


def _number(description: str, *, required: bool = False, minimum: float | None = 0,
            maximum: float | None = None) -> dict[str, Any]:
    constraints: dict[str, Any] = {"required": True} if required else {}
    if minimum is not None:
        constraints["minimum"] = minimum
    if maximum is not None:
        constraints["maximum"] = maximum
    return {"type": N, "description": description, "constraints": constraints}


def _named(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, **spec}


def investment_tables(catalog: Catalog, public: list[Record], units: set[str]) -> list[Table]:
    """Zones, projects, incentives, incentive_zones and incentive_legal_basis of ``public``."""
    def of_kind(kind: str) -> list[Record]:
        return [r for r in public if r.kind == kind]

    zones, projects, incentives = of_kind("zone"), of_kind("project"), of_kind("incentive")
    zone_ids = {r.id for r in zones}

    def point(r: Record) -> tuple[Any, Any, Any]:
        loc = r.location
        if loc is None:
            return None, None, None
        return (loc.lat if loc.has_point else None, loc.lon if loc.has_point else None,
                loc.unit if loc.unit in units else None)

    def agency(value: Any) -> str | None:
        return value if isinstance(value, str) and value in catalog.agencies else None

    common = [
        fld("id", S, "Id of the record (a row of records; its texts are in texts).", required=True, unique=True),
        fld("uri", S, "Stable URI of the record.", required=True, fmt="uri"),
        fld("agency", S, "Id of the agency that keeps the record.", required=True),
    ]
    located = [fld("lat", N, "Latitude (WGS 84)."), fld("lon", N, "Longitude (WGS 84)."),
               fld("unit", S, "Id of the commune or ward (administrative unit).")]
    keys = [fk(["id"], "records", ["id"]), fk(["agency"], "agencies", ["id"]), fk(["unit"], "admin_units", ["id"])]
    tables = []

    zone_rows = []
    for r in zones:
        lat, lon, unit = point(r)
        established = r.fields.get("established_by")
        zone_rows.append({
            "id": r.id, "uri": catalog.record_uri(r), "agency": r.agency,
            "zone_type": r.fields.get("zone_type"), "area_ha": r.number("area_ha"),
            "occupancy_percent": r.number("occupancy_percent"),
            "infrastructure": list(r.ids("infrastructure")) or None,
            "established_by": dict(established) if isinstance(established, dict) else None,
            "lat": lat, "lon": lon, "unit": unit,
        })
    tables.append(Table(
        "zones", "Economic zones and industrial parks / Khu kinh tế, khu công nghiệp",
        "Zones where projects lie and incentives apply: type, planned area in hectares, occupancy, infrastructure.",
        [*common,
         fld("zone_type", S, "Type of zone.", required=True, enum=_enum(catalog, "zone", "zone_type")),
         _named("area_ha", _number("Total planned area in hectares (ha).", required=True)),
         _named("occupancy_percent", _number("Share of industrial/commercial land leased, percent.", maximum=100)),
         fld("infrastructure", A, "Infrastructure in place."),
         fld("established_by", O, "The decision that established the zone (number, title, date)."),
         *located],
        ["id"], keys, zone_rows,
    ))

    project_rows = []
    for r in projects:
        lat, lon, unit = point(r)
        capital = r.capital
        zone = r.fields.get("zone")
        project_rows.append({
            "id": r.id, "uri": catalog.record_uri(r), "agency": r.agency,
            "sector": r.fields.get("sector"), "project_status": r.fields.get("project_status"),
            "zone": zone if zone in zone_ids else None,
            "area_ha": r.number("area_ha"),
            "capital_amount": capital.amount if capital else None,
            "capital_currency": capital.currency if capital else None,
            "investment_form": r.fields.get("investment_form"),
            "contact_agency": agency(r.fields.get("contact_agency")),
            "lat": lat, "lon": lon, "unit": unit,
        })
    tables.append(Table(
        "projects", "Investment projects / Dự án đầu tư",
        "Projects calling for investment, licensed or operating: sector, zone or commune, area in hectares, "
        "total capital with its ISO 4217 currency, investment form, the agency investors contact.",
        [*common,
         fld("sector", S, required=True, enum=_enum(catalog, "project", "sector")),
         fld("project_status", S, "calling (calling for investment), licensed or operating.", required=True,
             enum=_enum(catalog, "project", "project_status")),
         fld("zone", S, "Id of the zone it lies in (zones)."),
         _named("area_ha", _number("Land area in hectares (ha).")),
         _named("capital_amount", _number("Total investment capital, in capital_currency.")),
         {**fld("capital_currency", S, "ISO 4217 code of the capital's currency."),
          "constraints": {"pattern": ISO_4217}},
         fld("investment_form", S, enum=_enum(catalog, "project", "investment_form")),
         fld("contact_agency", S, "Id of the agency investors contact (agencies)."),
         *located],
        ["id"],
        [*keys, fk(["zone"], "zones", ["id"]), fk(["contact_agency"], "agencies", ["id"])],
        project_rows,
    ))

    tables.append(Table(
        "incentives", "Investment incentives / Ưu đãi đầu tư",
        "Tax, land and support incentives: type, who qualifies, sectors. The zones each applies in are in "
        "incentive_zones, its legal basis in incentive_legal_basis.",
        [*common[:3],
         fld("incentive_type", S, required=True, enum=_enum(catalog, "incentive", "incentive_type")),
         fld("qualifies", O, "Who qualifies, per language."),
         fld("sectors", A, "Project sectors it applies to; empty: every sector."),
         fld("everywhere", B, "true when it applies in the whole province, not only in the zones listed.",
             required=True)],
        ["id"], keys[:2],
        [{"id": r.id, "uri": catalog.record_uri(r), "agency": r.agency,
          "incentive_type": r.fields.get("incentive_type"),
          "qualifies": dict(r.fields["qualifies"]) if isinstance(r.fields.get("qualifies"), dict) else None,
          "sectors": list(r.ids("sectors")) or None, "everywhere": not r.ids("zones")}
         for r in incentives],
    ))

    tables.append(Table(
        "incentive_zones", "Where incentives apply / Khu được hưởng ưu đãi",
        "One row per incentive and zone it applies in (an incentive with none applies everywhere).",
        [fld("incentive_id", S, required=True), fld("zone_id", S, required=True)],
        ["incentive_id", "zone_id"],
        [fk(["incentive_id"], "incentives", ["id"]), fk(["zone_id"], "zones", ["id"])],
        [{"incentive_id": r.id, "zone_id": z} for r in incentives for z in sorted(set(r.ids("zones")))
         if z in zone_ids],
    ))

    tables.append(Table(
        "incentive_legal_basis", "Legal basis of incentives / Căn cứ pháp lý của ưu đãi",
        "The legal documents each incentive rests on, in the order cited.",
        [fld("incentive_id", S, required=True), fld("position", I, "Order of citation.", required=True),
         fld("number", S, "Number and symbol, e.g. 31/2021/NĐ-CP.", required=True),
         fld("title", S, "Title (trích yếu), in Vietnamese.", required=True),
         fld("date", D, "Date of issue."), fld("article", S, "Article or clause cited."),
         fld("url", S, fmt="uri")],
        ["incentive_id", "position"],
        [fk(["incentive_id"], "incentives", ["id"])],
        [{"incentive_id": r.id, "position": i, "number": d.number, "title": d.title, "date": d.date,
          "article": d.article, "url": d.url}
         for r in incentives for i, d in enumerate(r.legal_basis)],
    ))
    return tables
