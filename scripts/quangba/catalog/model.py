"""The catalog as one typed model, built once per run by ``load.load_catalog`` and read by
every stage. Nothing here reads files; nothing here holds what the files do not say.

Who may see a record is decided here, once (``Record.is_public``), so that no stage can
publish a draft, an internal or secret record, or an embargoed one by forgetting a check.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, Mapping

SOURCE_LANGUAGE = "vi"

Lines = Mapping[tuple, tuple[int, int]]  # field path → (line, column) in the source file
VIETNAM = timezone(timedelta(hours=7), "ICT")


def parse_moment(value: str) -> datetime:
    """A date or RFC 3339 date-time as an aware datetime (a bare date is midnight, UTC+7)."""
    if len(value) == 10:
        d = date.fromisoformat(value)
        return datetime(d.year, d.month, d.day, tzinfo=VIETNAM)
    return datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))


@dataclass(frozen=True)
class Location:
    lat: float | None = None
    lon: float | None = None
    unit: str | None = None
    address: Mapping[str, str] = field(default_factory=dict)

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Relation:
    type: str
    target: str


@dataclass(frozen=True)
class Text:
    """One record's text in one language: ``content/<lang>/<kind>/<id>.md``."""

    lang: str
    kind: str
    record_id: str
    path: str
    title: str
    summary: str
    body: str
    source: str | None  # translations: version of the Vietnamese text they were made from
    translated: date | None
    lines: Lines = field(default_factory=dict, repr=False, compare=False)

    @cached_property  # asked for by the text's own row and by each translation's state
    def version(self) -> str:
        """Version of this text: first 12 hex digits of the SHA-256 of its normalised content."""
        return text_version(self.title, self.summary, self.body)


def _is_iso_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(date.fromisoformat(value))
    except ValueError:
        return False


def text_version(title: str, summary: str, body: str) -> str:
    canonical = "\n".join(unicodedata.normalize("NFC", part).strip() for part in (title, summary, body))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Money:
    """An amount in an ISO 4217 currency, e.g. a project's total capital."""

    amount: float
    currency: str


@dataclass(frozen=True)
class LegalDocument:
    """A legal document cited as basis (of an incentive, of a zone's establishment)."""

    number: str
    title: str
    date: date | None
    article: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ReportPublicPart:
    """All that may ever be shown of an internal press-monitoring entry: the facts of the
    report itself, which the outlet published. Never the assessment, notes or response."""

    outlet: str
    date: date | None
    headline: str


# A public record may link to an internal one only as (source kind, relation type, target
# kind) listed here, and then only the target's public part may be shown.
PUBLIC_PART_LINKS = {("clarification", "answers", "press-monitoring")}


@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    agency: str
    status: str  # draft | published | retracted
    classification: str  # public | internal | secret
    created: date
    modified: date
    path: str
    embargo_until: datetime | None = None
    retracted: date | None = None
    retraction_reason: Mapping[str, str] = field(default_factory=dict)
    sample: bool = False
    location: Location | None = None
    tags: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    former_ids: tuple[str, ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)  # the kind's own fields, as written
    texts: Mapping[str, Text] = field(default_factory=dict)  # by language
    lines: Lines = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, *path: Any) -> tuple[int, int]:
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return (1, 1)

    def is_visible(self, now: datetime) -> bool:
        """May anything of this record appear in a public output (page, export, feed…)?

        An allow-list: a status or classification nobody foresaw keeps the record hidden."""
        if self.classification != "public" or self.status not in ("published", "retracted"):
            return False
        return self.embargo_until is None or self.embargo_until <= now

    def is_public(self, now: datetime) -> bool:
        """Published, public, past its embargo: its content may be shown."""
        return self.is_visible(now) and self.status == "published"

    def is_retracted_notice(self, now: datetime) -> bool:
        """Retracted: only a short notice (never the old content) stays at its address."""
        return self.is_visible(now) and self.status == "retracted"

    # -- typed views of the kind's own fields (None when absent or not well-formed) -------
    def number(self, name: str) -> float | None:
        value = self.fields.get(name)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def day(self, name: str) -> date | None:
        value = self.fields.get(name)
        try:
            return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            return None

    def moment(self, name: str) -> datetime | None:
        value = self.fields.get(name)
        try:
            return parse_moment(value) if isinstance(value, str) else None
        except ValueError:
            return None

    @property
    def capital(self) -> Money | None:
        value = self.fields.get("capital")
        if isinstance(value, dict) and isinstance(value.get("currency"), str):
            amount = value.get("amount")
            if isinstance(amount, (int, float)) and not isinstance(amount, bool):
                return Money(amount=amount, currency=value["currency"])
        return None

    @property
    def legal_basis(self) -> tuple[LegalDocument, ...]:
        items = self.fields.get("legal_basis")
        return tuple(
            LegalDocument(number=str(d.get("number", "")), title=str(d.get("title", "")),
                          date=date.fromisoformat(d["date"]) if _is_iso_date(d.get("date")) else None,
                          article=d.get("article") if isinstance(d.get("article"), str) else None,
                          url=d.get("url") if isinstance(d.get("url"), str) else None)
            for d in (items if isinstance(items, list) else []) if isinstance(d, dict)
        )

    def ids(self, name: str) -> tuple[str, ...]:
        """Ids in a reference field (one id or a list), e.g. ``zone``, ``zones``, ``places``."""
        value = self.fields.get(name)
        values = value if isinstance(value, list) else [value]
        return tuple(v for v in values if isinstance(v, str))

    def report_public_part(self) -> ReportPublicPart | None:
        """The public part of a press-monitoring entry (outlet, date, headline); None for other kinds."""
        if self.kind != "press-monitoring":
            return None
        return ReportPublicPart(outlet=str(self.fields.get("outlet", "")), date=self.day("date"),
                                headline=str(self.fields.get("headline", "")))

    @property
    def source_text(self) -> Text | None:
        return self.texts.get(SOURCE_LANGUAGE)

    def translation_state(self, lang: str) -> str:
        """``source``, ``current``, ``outdated``, ``unknown`` (no stamp) or ``missing``."""
        if lang == SOURCE_LANGUAGE:
            return "source" if SOURCE_LANGUAGE in self.texts else "missing"
        text = self.texts.get(lang)
        if text is None:
            return "missing"
        source = self.source_text
        if text.source is None or source is None:
            return "unknown"
        return "current" if text.source == source.version else "outdated"


CONTACT_ROLES = ("spokesperson", "press-office", "investment-promotion", "foreign-information")


@dataclass(frozen=True)
class Contact:
    """Someone the press, visitors or investors can reach at an agency: a role, a name per
    language, an official phone (E.164 once checked) and e-mail."""

    role: str
    names: Mapping[str, str] = field(default_factory=dict)
    title: Mapping[str, str] = field(default_factory=dict)  # the person's post, per language
    phone: str | None = None
    email: str | None = None
    lines: Mapping[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get(SOURCE_LANGUAGE, "")


@dataclass(frozen=True)
class Agency:
    id: str
    kind: str
    names: Mapping[str, str]
    short: Mapping[str, str] = field(default_factory=dict)
    former_names: tuple[Mapping[str, str], ...] = ()
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    owner: bool = False
    reviewers: tuple[str, ...] = ()
    url: str | None = None
    address: Mapping[str, str] = field(default_factory=dict)
    phone: str | None = None
    email: str | None = None
    contacts: tuple[Contact, ...] = ()
    line: int = 0  # where its entry starts in catalog/agencies.yaml
    field_lines: Mapping[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, field_name: str) -> tuple[int, int]:
        return self.field_lines.get(field_name, (self.line, 1))

    def is_current(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (self.valid_to is None or on <= self.valid_to)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names[SOURCE_LANGUAGE]

    def contacts_of(self, role: str) -> tuple[Contact, ...]:
        return tuple(c for c in self.contacts if c.role == role)


@dataclass(frozen=True)
class MediaItem:
    """An original file in ``assets/`` and what its sidecar says about it."""

    id: str
    file: Path  # absolute path of the original
    sidecar: str  # repository-relative path of the sidecar
    agency: str
    credit: str
    licence: str
    taken: date | None = None
    place: str | None = None
    caption: Mapping[str, str] = field(default_factory=dict)
    alt: Mapping[str, str] = field(default_factory=dict)
    consent: str = "not-applicable"
    press_kit: bool = False
    sample: bool = False
    lines: Lines = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class AdminUnit:
    id: str
    type: str
    names: Mapping[str, str]
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class BorderGate:
    id: str
    names: Mapping[str, str]
    country: str
    counterpart: str | None = None
    record: str | None = None


@dataclass(frozen=True)
class ProvinceLink:
    """Another province this one was merged into, or that was merged into this one (2025)."""

    id: str
    names: Mapping[str, str]
    effective: date | None = None  # the day the merger took effect
    profile: str | None = None


@dataclass(frozen=True)
class KioskCluster:
    """A foreign-information cluster (screens for travellers, e.g. at a border gate)."""

    id: str
    names: Mapping[str, str]
    gate: str | None = None
    languages: tuple[str, ...] = ()  # empty: every language of the province
    records: tuple[str, ...] = ()  # shown first, in this order
    tags: tuple[str, ...] = ()  # then records with any of these tags
    seconds: int = 12


@dataclass(frozen=True)
class Identity:
    """The province's look as data: its emblem (an SVG or PNG under assets/, read by the
    loader so that the site stage never reads a file) and its colours."""

    logo: str | None = None  # repository-relative path
    logo_bytes: bytes = field(default=b"", repr=False)
    primary: str = "#8a1c1c"
    accent: str = "#b8860b"
    # the picture a link to a page without a photo of its own shows when shared (OpenGraph):
    # the emblem on the province's colour, 1200 × 630
    share_image: str | None = None
    share_image_bytes: bytes = field(default=b"", repr=False)

    @property
    def logo_type(self) -> str:
        return "svg" if (self.logo or "").lower().endswith(".svg") else "png"

    @property
    def share_image_type(self) -> str:
        return "png" if (self.share_image or "").lower().endswith(".png") else "jpg"


DEFAULT_NAVIGATION = ("place", "event", "project", "press", "publication", "fact-sheet")


@dataclass(frozen=True)
class SiteInfo:
    """Who runs the portal, as a Vietnamese government site says in its footer."""

    managing_agency: str | None = None  # default: the province's owner
    responsible: Mapping[str, str] = field(default_factory=dict)  # the person responsible for the content, per language
    responsible_title: Mapping[str, str] = field(default_factory=dict)
    featured: str | None = None  # the record whose photo leads the home page
    journalists: str | None = None  # the record the press office edits for foreign journalists
    navigation: tuple[str, ...] = DEFAULT_NAVIGATION


@dataclass(frozen=True)
class Province:
    id: str
    names: Mapping[str, str]
    languages: tuple[str, ...]
    base_url: str
    licence: str
    owner: str
    tagline: Mapping[str, str] = field(default_factory=dict)
    legal_basis: tuple[Mapping[str, str], ...] = ()
    reporting: Mapping[str, Any] = field(default_factory=dict)
    admin_units: tuple[AdminUnit, ...] = ()
    border_gates: tuple[BorderGate, ...] = ()
    lines: Lines = field(default_factory=dict, repr=False, compare=False)
    valid_to: date | None = None
    successor: ProvinceLink | None = None
    predecessors: tuple[ProvinceLink, ...] = ()
    kiosks: tuple[KioskCluster, ...] = ()
    forge: Mapping[str, str] = field(default_factory=dict)  # type, url, repo, branch, app_id (catalog/province.yaml)
    identity: Identity = field(default_factory=Identity)
    site: SiteInfo = field(default_factory=SiteInfo)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names[SOURCE_LANGUAGE]


@dataclass(frozen=True)
class Catalog:
    """Everything the repository says, read once."""

    root: Path
    province: Province
    agencies: Mapping[str, Agency]
    records: Mapping[str, Record]
    media: Mapping[str, MediaItem]
    kinds: tuple[str, ...]
    schemas: Any = field(repr=False, compare=False, default=None)  # schemas.SchemaSet
    texts: tuple[Text, ...] = ()  # every text file read, attached to a record or not
    media_files: tuple[str, ...] = ()  # every original under assets/media/, with a sidecar or not
    codeowners: str | None = None  # .github/CODEOWNERS as committed (generated; see governance.codeowners)

    @property
    def languages(self) -> tuple[str, ...]:
        return self.province.languages

    @property
    def as_of(self) -> date:
        """The newest date the data itself states; outputs use it instead of the build clock."""
        return max((r.modified for r in self.records.values()), default=date(1970, 1, 1))

    def public_records(self, now: datetime) -> list[Record]:
        return sorted((r for r in self.records.values() if r.is_public(now)), key=lambda r: (r.kind, r.id))

    def visible_records(self, now: datetime) -> list[Record]:
        """Public records and retraction notices: everything an output may mention."""
        return sorted((r for r in self.records.values() if r.is_visible(now)), key=lambda r: (r.kind, r.id))

    def public_media(self, now: datetime) -> list[MediaItem]:
        """Media used by at least one public record, and by no internal or secret record:
        a photo attached to a secret record is secret too, wherever else it is used."""
        used = {m for r in self.public_records(now) for m in r.media}
        hidden = {m for r in self.records.values() if r.classification != "public" for m in r.media}
        return [self.media[m] for m in sorted(used - hidden) if m in self.media]

    def records_of(self, kind: str) -> Iterator[Record]:
        return (r for r in self.records.values() if r.kind == kind)

    def agency_chain(self, agency_id: str) -> list[Agency]:
        """The agency and its successors, oldest first: how an old name stays findable."""
        chain, seen = [], set()
        current = self.agencies.get(agency_id)
        while current is not None and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
            current = self.agencies.get(current.successor) if current.successor else None
        return chain

    def record_uri(self, record: Record) -> str:
        return f"{self.province.base_url}id/{record.kind}/{record.id}"

    # -- kinds described by their schemas --------------------------------------------------
    def _kind_schema(self, kind: str) -> Mapping[str, Any]:
        raw = getattr(self.schemas, "raw", None) or {}
        return raw.get(f"record:{kind}", {})

    @property
    def internal_kinds(self) -> tuple[str, ...]:
        """Kinds whose schema says ``x-internal: true``: always internal, never published."""
        return tuple(k for k in self.kinds if self._kind_schema(k).get("x-internal") is True)

    def reference_fields(self, kind: str) -> dict[str, tuple[str, ...]]:
        """A kind's fields that hold ids of other records (``x-refers-to`` in its schema):
        field → the kinds it may point at (``agency``: the agency registry)."""
        props = self._kind_schema(kind).get("properties", {}) or {}
        return {name: tuple(spec["x-refers-to"]) for name, spec in props.items()
                if isinstance(spec, dict) and isinstance(spec.get("x-refers-to"), list)}

    def links_to_public_part(self, source: Record, relation: Relation) -> bool:
        """Is this the one allowed public → internal link (a clarification answering a
        press-monitoring entry), which may show only the entry's public part?"""
        target = self.records.get(relation.target)
        return (target is not None and target.classification == "internal"
                and (source.kind, relation.type, target.kind) in PUBLIC_PART_LINKS)

    # -- investment promotion ---------------------------------------------------------------
    def zone_of(self, project: Record) -> Record | None:
        zone = self.records.get(project.fields.get("zone")) if isinstance(project.fields.get("zone"), str) else None
        return zone if zone is not None and zone.kind == "zone" else None

    def projects_in(self, zone: Record, now: datetime) -> list[Record]:
        return [r for r in self.public_records(now) if r.kind == "project" and r.fields.get("zone") == zone.id]

    def incentives_for(self, record: Record, now: datetime) -> list[Record]:
        """Public incentives that apply to a project (its zone and sector) or to a zone."""
        zone = record.id if record.kind == "zone" else record.fields.get("zone")
        sector = record.fields.get("sector") if record.kind == "project" else None
        out = []
        for incentive in self.public_records(now):
            if incentive.kind != "incentive":
                continue
            zones, sectors = incentive.ids("zones"), incentive.fields.get("sectors")
            if zones and zone not in zones:
                continue
            if sector and isinstance(sectors, list) and sectors and sector not in sectors:
                continue
            out.append(incentive)
        return out

    # -- the press office -----------------------------------------------------------------
    def answered_reports(self, clarification: Record, now: datetime) -> list[ReportPublicPart]:
        """The public parts of the press reports a public clarification answers: the only
        way a public output may mention a press-monitoring entry."""
        if not clarification.is_public(now):
            return []
        return [self.records[rel.target].report_public_part()
                for rel in clarification.relations if self.links_to_public_part(clarification, rel)]

    def answers_to(self, entry: Record, now: datetime) -> list[Record]:
        """Published clarifications (issued by ``now``) that answer a press-monitoring entry."""
        out = []
        for r in self.public_records(now):
            issued = r.moment("issued")
            if r.kind == "clarification" and (issued is None or issued <= now) and any(
                    rel.type == "answers" and rel.target == entry.id for rel in r.relations):
                out.append(r)
        return sorted(out, key=lambda r: (r.moment("issued") or now, r.id))
