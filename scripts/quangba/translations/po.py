"""Gettext PO files for translators' tools (Poedit, Weblate, Lokalize, OmegaT…).

One entry per unit: ``msgctxt`` is ``<kind>/<id>#<unit>`` (title, summary, p1, p2…),
``msgid`` the Vietnamese, ``msgstr`` the translation. The Vietnamese version the entry was
cut from is an extracted comment (``#. source-version: …``), kept by those tools; an out-of-
date translation is offered as ``fuzzy``. Entries marked fuzzy are not imported.
"""

from __future__ import annotations

import re

import polib

from ..catalog.model import Catalog
from .units import Submission, translatable, units

_VERSION = re.compile(r"^source-version: ([0-9a-f]{12})$", re.M)
_CONTEXT = re.compile(r"^([a-z0-9-]+)/([a-z0-9]+(?:-[a-z0-9]+)*)#(title|summary|p[1-9][0-9]*)$")


def export_po(catalog: Catalog, lang: str, agency: str | None = None, *, include_internal: bool = False) -> str:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": f"{catalog.province.id} {catalog.as_of.isoformat()}",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": "vi",
    }
    for record in translatable(catalog, lang, agency, include_internal=include_internal):
        state = record.translation_state(lang)
        version = record.source_text.version
        for unit in units(record, lang):
            entry = polib.POEntry(
                msgctxt=unit.context(record), msgid=unit.source, msgstr=unit.target,
                comment=f"source-version: {version}\nagency: {record.agency}",
                occurrences=[(record.source_text.path, "")],
            )
            if unit.target and state != "current":
                entry.flags.append("fuzzy")  # made from an older Vietnamese, or never stamped
            po.append(entry)
    return str(po) + "\n"


def parse_po(text: str) -> polib.POFile:
    """A PO file from its text. ``polib.pofile(text)`` opens ``text`` as a path when a file of
    that name exists (a "PO file" whose content is ``/etc/passwd`` would be read from there,
    and named in errors): the parser is made with no text and handed the lines itself, as
    polib does with a text it takes for one."""
    parser = polib._POFileParser("", encoding="utf-8", check_for_duplicates=False, klass=None)
    parser.fhandle = text.splitlines()
    po = parser.parse()
    po.wrapwidth = 0
    return po


class UnreadableFile(Exception):
    def __init__(self, problem: str, line: int = 0):
        super().__init__(problem)
        self.problem, self.line = problem, line


def read_po(path: str, raw: str) -> tuple[str | None, list[Submission], list[tuple[int, str]]]:
    """(language, submissions, (line, context) of entries not naming a unit)."""
    try:
        po = parse_po(raw)
    except (OSError, ValueError, UnicodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise UnreadableFile(str(exc), int(match.group(1)) if match else 0) from exc
    lang = po.metadata.get("Language") or None
    subs: dict[tuple[str, str], Submission] = {}
    strays: list[tuple[int, str]] = []
    for entry in po:
        if entry.obsolete:
            continue
        match = _CONTEXT.match(entry.msgctxt or "")
        if match is None:
            strays.append((entry.linenum, entry.msgctxt or entry.msgid))
            continue
        kind, record_id, unit = match.groups()
        version = _VERSION.search(entry.comment or "")
        sub = subs.setdefault((kind, record_id), Submission(
            file=path, line=entry.linenum, kind=kind, record_id=record_id, lang=lang or "",
            source_version=version.group(1) if version else None))
        if version and sub.source_version != version.group(1):
            sub.source_version = None  # entries of one text cut from different versions: trust none
        sub.targets[unit] = entry.msgstr
        sub.lines[unit] = entry.linenum
        if "fuzzy" in entry.flags:
            sub.unfinished.add(unit)
    return lang, list(subs.values()), strays
