"""Who owns a file of the province repository.

A record (``catalog/<kind>/<id>.yaml``), its texts (``content/<lang>/<kind>/<id>.md``) and its
media (``assets/media/…`` with the sidecar's ``agency``) belong to the agency named in them.
Everything else — the registries, the schemas, the portal's look, the tooling — belongs to
the owning department alone (the agency with ``owner: true``).

An agency that was merged away (``valid_to`` and ``successor``) hands its files to its
successor: the successor's people may change them.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..catalog.load import CATALOG_DIR, CONTENT_DIR, MEDIA_DIR, SCHEMA_DIR
from ..catalog.model import Catalog

OWNER_ONLY = "(owner)"  # stands for "only the owning department"


def owner_agencies(catalog: Catalog) -> list[str]:
    return sorted(a.id for a in catalog.agencies.values() if a.owner)


def record_id_of(path: str) -> tuple[str, str] | None:
    """(kind, id) a record or text path is about, or None."""
    parts = PurePosixPath(path).parts
    if len(parts) == 3 and parts[0] == CATALOG_DIR and path.endswith(".yaml") \
            and not path.startswith(SCHEMA_DIR + "/"):
        return parts[1], PurePosixPath(parts[2]).stem
    if len(parts) == 4 and parts[0] == CONTENT_DIR and path.endswith(".md"):
        return parts[2], PurePosixPath(parts[3]).stem
    return None


def media_id_of(path: str, *catalogs: Catalog) -> str | None:
    """The media item a file under assets/media/ belongs to: its sidecar, or the sidecar naming it."""
    if not path.startswith(MEDIA_DIR + "/"):
        return None
    if path.endswith(".yaml"):
        return PurePosixPath(path).stem
    for catalog in catalogs:
        for item in catalog.media.values():
            if item.file.is_relative_to(catalog.root) and item.file.relative_to(catalog.root).as_posix() == path:
                return item.id
    return PurePosixPath(path).stem


def file_agency(path: str, base: Catalog, head: Catalog) -> str:
    """The agency that owns ``path`` as the base side says (a new file: as it says itself),
    or OWNER_ONLY. Ownership is read from the base so that a change cannot grant itself rights."""
    about = record_id_of(path)
    if about is not None:
        kind, rid = about
        if path.startswith(CATALOG_DIR + "/"):
            before = next((r for r in base.records.values() if r.path == path), None)
            if before is not None:
                return before.agency
        if rid in base.records:
            return base.records[rid].agency
        after = next((r for r in head.records.values() if r.path == path), None) or head.records.get(rid)
        return after.agency if after is not None else OWNER_ONLY
    media_id = media_id_of(path, base, head)
    if media_id is not None:
        for catalog in (base, head):
            if media_id in catalog.media:
                return catalog.media[media_id].agency
        return OWNER_ONLY
    return OWNER_ONLY


def may_change(contributors: set[str], agency: str, base: Catalog) -> bool:
    """Whether someone acting for ``contributors`` may change a file owned by ``agency``."""
    if any(base.agencies[c].owner for c in contributors if c in base.agencies):
        return True
    if agency == OWNER_ONLY:
        return False
    heirs = {a.id for a in base.agency_chain(agency)}  # the agency and whoever took it over
    return bool(contributors & heirs)
