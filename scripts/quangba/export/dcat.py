"""The DCAT-AP 3.0 catalog beside the package (``catalog.ttl``, ``catalog.jsonld``): what a
harvester (CKAN's ckanext-dcat, a European-style data portal) reads to find the package.

One catalog; one dataset per record kind — its records and their texts in every language
that has one — and one for the reference tables (agencies, units, media, relations,
tombstones). Distributions point at the package's files with size and SHA-256; the
publisher is the agency that owns the system; titles carry language tags.
Checksums and agents have IRIs, not blank nodes, so both files are byte-reproducible.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from functools import cache
from importlib import resources
from itertools import repeat
from operator import itemgetter
from typing import Any

import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from ..catalog.model import SOURCE_LANGUAGE, Catalog
from .columns import Table
from .geojson import GEO_KINDS
from .tables import agency_uri

SPDX = Namespace("http://spdx.org/rdf/terms#")
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
# BCP-47 primary tags → the EU language authority's codes (ISO 639-3 style)
_LANGUAGES = {"vi": "VIE", "en": "ENG", "lo": "LAO", "th": "THA", "zh": "ZHO", "km": "KHM", "fr": "FRA",
              "ru": "RUS", "ja": "JPN", "ko": "KOR", "de": "DEU", "es": "SPA"}
_FILE_TYPES = {"csv": "CSV", "ndjson": "JSON", "json": "JSON", "geojson": "GEOJSON"}
CORE_KINDS_TABLES = ("records", "texts")
# kinds with tables of their own (export/investment.py), distributed in the kind's dataset
KIND_TABLES = {"zone": ("zones",), "project": ("projects",),
               "incentive": ("incentives", "incentive_zones", "incentive_legal_basis")}


def _language(tag: str) -> URIRef:
    code = _LANGUAGES.get(tag.split("-")[0].lower())
    return URIRef(EU_LANGUAGE + code) if code else URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{tag.split('-')[0]}")


def _kind_names(kind: str) -> dict[str, str]:
    """The kind's names per language: the portal's words, else the shared kind_names.yaml."""
    try:
        from ..catalog.kind_names import kind_names
        names = _portal_words().get("kinds", {}).get(kind) or kind_names().get(kind)
    except Exception:  # the portal's words are a convenience here, never a requirement
        names = None
    return dict(names) if isinstance(names, dict) else {"en": kind}


@cache
def _portal_words() -> dict[str, Any]:
    """The portal's words (``site/strings.yaml``, what ``site.strings`` reads), read without
    importing the portal's modules: their imports (calendars, page makers) take a tenth of
    a second that the export does not need."""
    strings = sys.modules.get("quangba.site.strings")
    if strings is not None:  # already read by the portal in this process
        return strings._strings()
    text = resources.files("quangba").joinpath("site", "strings.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def build_graph(catalog: Catalog, tables: list[Table], descriptor: dict[str, Any], descriptor_file: dict[str, Any],
                export_url: str) -> Graph:
    """The catalog as RDF; ``descriptor_file`` is the size and hash of ``datapackage.json``."""
    g = Graph()
    g.bind("dcat", DCAT)
    g.bind("dct", DCTERMS)
    g.bind("foaf", FOAF)
    g.bind("spdx", SPDX)
    province = catalog.province
    created = datetime.fromisoformat(descriptor["created"])
    created_literal = Literal(created.isoformat(), datatype=XSD.dateTime)

    def agent(agency_id: str) -> URIRef:
        node = URIRef(agency_uri(catalog, agency_id))
        agency = catalog.agencies.get(agency_id)
        g.add((node, RDF.type, FOAF.Agent))
        g.add((node, RDF.type, FOAF.Organization))
        names = dict(agency.names) if agency else {SOURCE_LANGUAGE: agency_id}
        for lang, name in sorted(names.items()):
            g.add((node, FOAF.name, Literal(name, lang=lang)))
        return node

    def licence(uri: str) -> URIRef:
        node = URIRef(uri)
        g.add((node, RDF.type, DCTERMS.LicenseDocument))
        return node

    def standard(uri: str) -> URIRef:
        node = URIRef(uri)
        g.add((node, RDF.type, DCTERMS.Standard))
        return node

    publisher = agent(province.owner)
    default_licence = licence(province.licence) if province.licence else None
    resources = {r["name"]: r for r in descriptor["resources"]}

    def distribution(resource: dict[str, Any]) -> URIRef:
        url = URIRef(export_url + resource["path"])
        node = URIRef(f"{export_url}{resource['path']}#distribution")
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((url, RDF.type, RDFS.Resource))
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        g.add((node, DCTERMS.title, Literal(f"{resource.get('title', resource['name'])} ({resource['format']})", lang="en")))
        fmt = URIRef(EU_FILE_TYPE + _FILE_TYPES.get(resource["format"], "BIN"))
        g.add((fmt, RDF.type, DCTERMS.MediaTypeOrExtent))
        g.add((node, DCTERMS.format, fmt))
        media_type = URIRef(IANA + resource["mediatype"])
        g.add((media_type, RDF.type, DCTERMS.MediaType))
        g.add((node, DCAT.mediaType, media_type))
        g.add((node, DCAT.byteSize, Literal(resource["bytes"], datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{export_url}{resource['path']}#sha256")
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(resource["hash"].split(":", 1)[1], datatype=XSD.hexBinary)))
        g.add((node, SPDX.checksum, checksum))
        for lic in resource.get("licenses") or []:
            g.add((node, DCTERMS.license, licence(lic["path"])))
        if resource.get("type") == "table":
            g.add((node, DCTERMS.conformsTo, standard("https://datapackage.org/standard/table-schema/")))
        return node

    cat = URIRef(f"{export_url}catalog")
    g.add((cat, RDF.type, DCAT.Catalog))
    for lang, name in sorted(province.names.items()):
        prefix = "Dữ liệu quảng bá hình ảnh" if lang == SOURCE_LANGUAGE else "Image-promotion data" if lang == "en" else None
        g.add((cat, DCTERMS.title, Literal(f"{prefix} — {name}" if prefix else name, lang=lang)))
    g.add((cat, DCTERMS.description, Literal(descriptor["description"].split(" / ")[0], lang=SOURCE_LANGUAGE)))
    g.add((cat, DCTERMS.description, Literal(descriptor["description"].split(" / ")[-1], lang="en")))
    g.add((cat, DCTERMS.publisher, publisher))
    home = URIRef(province.base_url)
    g.add((home, RDF.type, FOAF.Document))
    g.add((cat, FOAF.homepage, home))
    g.add((cat, DCTERMS.modified, created_literal))
    if default_licence is not None:
        g.add((cat, DCTERMS.license, default_licence))
    for lang in province.languages:
        node = _language(lang)
        g.add((node, RDF.type, DCTERMS.LinguisticSystem))
        g.add((cat, DCTERMS.language, node))

    by_name = {t.name: t for t in tables}
    records, texts = by_name["records"].rows, by_name["texts"].rows
    kinds = list(map(itemgetter("kind"), records))
    kinds_present = sorted(set(kinds))
    # the languages of each kind's texts, and each kind's newest date: from the distinct
    # (kind, language) and (kind, date) pairs, gathered without a Python step per row
    kind_of = dict(zip(map(itemgetter("id"), records), kinds))
    text_langs: dict[str, set[str]] = {}
    for kind, lang in set(zip(map(kind_of.get, map(itemgetter("record_id"), texts), repeat("")),
                              map(itemgetter("lang"), texts))):
        text_langs.setdefault(kind, set()).add(lang)
    modified: dict[str, Any] = {}
    for kind, day in dict.fromkeys(zip(kinds, map(itemgetter("modified"), records))):  # in row order
        modified[kind] = max(modified.get(kind, day), day)

    def dataset(slug: str, titles: dict[str, str], descriptions: dict[str, str], files: list[str],
                languages: set[str], changed: Any) -> None:
        node = URIRef(f"{export_url}dataset/{slug}")
        g.add((cat, DCAT.dataset, node))
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(str(node))))
        for lang, title in sorted(titles.items()):
            g.add((node, DCTERMS.title, Literal(title, lang=lang)))
        for lang, text in sorted(descriptions.items()):
            g.add((node, DCTERMS.description, Literal(text, lang=lang)))
        g.add((node, DCTERMS.publisher, publisher))
        if default_licence is not None:
            g.add((node, DCTERMS.license, default_licence))
        if changed is not None:
            g.add((node, DCTERMS.modified, Literal(changed.isoformat(), datatype=XSD.date)))
        for lang in sorted(languages):
            lang_node = _language(lang)
            g.add((lang_node, RDF.type, DCTERMS.LinguisticSystem))
            g.add((node, DCTERMS.language, lang_node))
        g.add((node, DCAT.keyword, Literal(slug, lang="en")))
        for name in files:
            if name in resources:
                g.add((node, DCAT.distribution, distribution(resources[name])))

    for kind in kinds_present:
        names = _kind_names(kind)
        own = KIND_TABLES.get(kind, ())
        files = ["records", "records-ndjson", "texts", "texts-ndjson",
                 *(name + suffix for name in own for suffix in ("", "-ndjson"))]
        if kind in GEO_KINDS:
            files += [f"geo-{lang}" for lang in province.languages]
        listed = ["records", "texts", *own]
        tables_vi, tables_en = (", ".join(listed[:-1]) + word + listed[-1] for word in (" và ", " and "))
        descriptions = {
            SOURCE_LANGUAGE: f"{names.get(SOURCE_LANGUAGE, kind)}: các hàng loại “{kind}” trong {tables_vi}.",
            "en": f"{names.get('en', kind)}: the rows of kind “{kind}” in {tables_en}.",
        }
        dataset(kind, names, descriptions, files, text_langs.get(kind, set()) | {SOURCE_LANGUAGE}, modified.get(kind))
    dataset(
        "reference",
        {SOURCE_LANGUAGE: "Danh mục tham chiếu: cơ quan, đơn vị hành chính, ảnh, liên kết, bản ghi đã rút",
         "en": "Reference tables: agencies, administrative units, media, relations, tombstones"},
        {SOURCE_LANGUAGE: "Các bảng mà bản ghi tham chiếu tới, và danh sách bản ghi đã rút hoặc đổi mã.",
         "en": "The tables records refer to, and the list of retracted or renamed records."},
        [name for name in sorted(resources) if name.split("-ndjson")[0] in
         ("agencies", "admin_units", "media", "record_media", "media_files", "relations", "tombstones",
          # a kind's own tables while it has no record (their header still states the columns)
          *(t for kind, own in KIND_TABLES.items() if kind not in kinds_present for t in own))],
        {SOURCE_LANGUAGE}, None,
    )
    package = {"name": "datapackage", "path": "datapackage.json", "title": "Data Package descriptor",
               "format": "json", "mediatype": "application/json", "licenses": descriptor.get("licenses", []),
               **descriptor_file}
    node = distribution(package)
    g.add((node, DCTERMS.conformsTo, standard("https://datapackage.org/standard/data-package/")))
    for kind in [*kinds_present, "reference"]:
        g.add((URIRef(f"{export_url}dataset/{kind}"), DCAT.distribution, node))
    return g


def turtle_bytes(g: Graph) -> bytes:
    """Turtle, with statements in a fixed order (rdflib's own order depends on hashing)."""
    ordered = Graph()
    for prefix, ns in g.namespaces():
        ordered.bind(prefix, ns)
    text = g.serialize(format="nt")
    lines = sorted(line for line in text.splitlines() if line.strip())
    ordered.parse(data="\n".join(lines), format="nt")
    out = ordered.serialize(format="turtle")
    return out.encode("utf-8") if isinstance(out, str) else out


def jsonld_bytes(g: Graph) -> bytes:
    """JSON-LD (expanded, flattened by subject), nodes and values sorted."""
    data = json.loads(g.serialize(format="json-ld"))
    nodes = []
    for node in sorted(data, key=lambda n: n.get("@id", "")):
        nodes.append({k: (sorted(v, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
                          if isinstance(v, list) else v) for k, v in sorted(node.items())})
    return (json.dumps(nodes, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
