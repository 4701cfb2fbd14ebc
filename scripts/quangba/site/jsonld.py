"""schema.org descriptions (JSON-LD) of the portal's pages, for search engines and the
national database's crawlers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..catalog.model import Record
from .strings import pick
from .urls import absolute, record_key

if TYPE_CHECKING:
    from .parts import Site

PLACE_LANDMARK = {"heritage", "memorial", "religious"}
NEWS_KINDS = {"press-release", "statement", "clarification"}


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # json.dumps would make one per call


def dump(data: dict[str, Any]) -> str:
    """JSON safe to put inside ``<script type="application/ld+json">``."""
    text = _ENCODER.encode(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def organisation(site: "Site", agency_id: str, lang: str) -> dict[str, Any] | None:
    agency = site.catalog.agencies.get(agency_id)
    if agency is None:
        return None
    org: dict[str, Any] = {"@type": "GovernmentOrganization", "@id": f"{site.base}id/agency/{agency.id}",
                           "name": agency.name(lang)}
    if agency.url:
        org["url"] = agency.url
    return org


def website(site: "Site", lang: str) -> dict[str, Any]:
    province = site.catalog.province
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "WebSite", "url": absolute(site.base, lang, ""),
        "name": province.name(lang), "inLanguage": lang,
    }
    owner = organisation(site, province.owner, lang)
    if owner:
        data["publisher"] = owner
    if province.tagline:
        data["description"] = pick(dict(province.tagline), lang)
    return data


def _type(record: Record) -> str:
    if record.kind == "place":
        heritage = record.fields.get("heritage_status") not in (None, "none")
        return "LandmarksOrHistoricalBuildings" if heritage or record.fields.get("category") in PLACE_LANDMARK else "TouristAttraction"
    if record.kind == "event":
        return "Event"
    if record.kind in NEWS_KINDS:
        return "NewsArticle"
    return {"project": "Project", "publication": "CreativeWork", "agreement": "CreativeWork",
            "fact-sheet": "Article"}.get(record.kind, "CreativeWork")


def _geo(record: Record) -> dict[str, Any] | None:
    if record.location and record.location.has_point:
        return {"@type": "GeoCoordinates", "latitude": record.location.lat, "longitude": record.location.lon}
    return None


def record(site: "Site", rec: Record, lang: str, title: str, summary: str, image: str) -> dict[str, Any]:
    kind = _type(rec)
    text_lang = lang if lang in rec.texts else "vi"
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": kind, "@id": site.catalog.record_uri(rec),
        "url": absolute(site.base, text_lang, record_key(rec.kind, rec.id)), "name": title,
        "inLanguage": text_lang, "dateModified": rec.modified.isoformat(),
    }
    if summary:
        data["description"] = summary
    if image:
        data["image"] = image
    org = organisation(site, rec.agency, lang)
    geo = _geo(rec)
    if kind in ("TouristAttraction", "LandmarksOrHistoricalBuildings"):
        if geo:
            data["geo"] = geo
        data["isAccessibleForFree"] = True
    elif kind == "Event":
        for key, prop in (("start", "startDate"), ("end", "endDate")):
            if isinstance(rec.fields.get(key), str):
                data[prop] = rec.fields[key]
        venue = next((site.shown.get(r.target) for r in rec.relations if r.type in ("venue", "located-at")), None)
        place: dict[str, Any] = {"@type": "Place"}
        if venue is not None:
            place["name"] = (venue.texts.get(lang) or venue.source_text).title if (venue.texts.get(lang) or venue.source_text) else venue.id
            place["url"] = absolute(site.base, lang, record_key(venue.kind, venue.id))
            geo = geo or _geo(venue)
        if geo:
            place["geo"] = geo
        if len(place) > 1:
            data["location"] = place
        data["eventStatus"] = "https://schema.org/EventScheduled"
        if org:
            data["organizer"] = org
    elif kind == "NewsArticle":
        data["headline"] = title[:110]
        if isinstance(rec.fields.get("issued"), str):
            data["datePublished"] = rec.fields["issued"]
        if isinstance(rec.fields.get("spokesperson"), str):
            data["author"] = {"@type": "Person", "name": rec.fields["spokesperson"]}
        elif org:
            data["author"] = org
    if org:
        data["publisher"] = org
    data["license"] = site.catalog.province.licence
    if rec.sample:
        data["keywords"] = "sample data"
    return data
