"""XLIFF 2.0 files for translators' tools (OmegaT, Okapi, memoQ, Trados, Matecat…).

One ``<file>`` per record (``id`` = ``<kind>/<id>``, ``original`` = the Vietnamese file) with
the Vietnamese version it was cut from as ``<note category="source-version">``; one
``<unit>`` per title, summary and paragraph. A segment's ``state`` says whether it is done:
``initial`` (not yet, or an out-of-date translation offered for reuse) is not imported;
``translated``, ``reviewed`` and ``final`` are.

Reading uses expat directly: no DTDs or entities are accepted, and every element keeps its
line so that a finding can point at it.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from xml.sax.saxutils import escape, quoteattr

from ..catalog.model import Catalog
from .po import UnreadableFile
from .units import Submission, translatable, units

NS = "urn:oasis:names:tc:xliff:document:2.0"
_FILE_ID = re.compile(r"^([a-z0-9-]+)/([a-z0-9]+(?:-[a-z0-9]+)*)$")
_UNIT_ID = re.compile(r"^(title|summary|p[1-9][0-9]*)$")
DONE = {"translated", "reviewed", "final"}


def export_xliff(catalog: Catalog, lang: str, agency: str | None = None, *, include_internal: bool = False) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<xliff xmlns="{NS}" version="2.0" srcLang="vi" trgLang={quoteattr(lang)}>']
    for record in translatable(catalog, lang, agency, include_internal=include_internal):
        state = record.translation_state(lang)
        out.append(f'  <file id={quoteattr(f"{record.kind}/{record.id}")} original={quoteattr(record.source_text.path)}>')
        out.append("    <notes>")
        out.append(f'      <note category="source-version">{record.source_text.version}</note>')
        out.append(f'      <note category="agency">{escape(record.agency)}</note>')
        out.append("    </notes>")
        for unit in units(record, lang):
            seg_state = "translated" if unit.target and state == "current" else "initial"
            out.append(f'    <unit id="{unit.id}" name={quoteattr(unit.context(record))}>')
            out.append(f'      <segment state="{seg_state}">')
            out.append(f'        <source xml:space="preserve">{escape(unit.source)}</source>')
            if unit.target:
                out.append(f'        <target xml:space="preserve">{escape(unit.target)}</target>')
            out.append("      </segment>")
            out.append("    </unit>")
        out.append("  </file>")
    out.append("</xliff>")
    return "\n".join(out) + "\n"


class _Reader:
    def __init__(self, path: str):
        self.path = path
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars
        self.parser.StartDoctypeDeclHandler = self.refuse
        self.parser.EntityDeclHandler = self.refuse
        self.lang: str | None = None
        self.version_ok = False
        self.subs: list[Submission] = []
        self.strays: list[tuple[int, str]] = []
        self.sub: Submission | None = None
        self.unit: str | None = None
        self.state = "initial"
        self.text: list[str] | None = None
        self.note: str | None = None
        self.target: str | None = None

    def refuse(self, *args) -> None:
        raise UnreadableFile("DTD/entity declarations are not accepted", self.parser.CurrentLineNumber)

    def line(self) -> int:
        return self.parser.CurrentLineNumber

    def start(self, name: str, attrs: dict) -> None:
        ns, _, local = name.rpartition(" ")
        if local == "xliff":
            if ns != NS or attrs.get("version", "").split(".")[0] != "2":
                raise UnreadableFile("not an XLIFF 2 document", self.line())
            self.lang = attrs.get("trgLang")
        elif local == "file":
            match = _FILE_ID.match(attrs.get("id", ""))
            if match is None:
                self.strays.append((self.line(), attrs.get("id", "")))
                self.sub = None
                return
            self.sub = Submission(file=self.path, line=self.line(), kind=match.group(1), record_id=match.group(2),
                                  lang=self.lang or "", source_version=None)
            self.subs.append(self.sub)
        elif local == "note" and self.sub is not None and self.unit is None:
            self.note = attrs.get("category")
            self.text = []
        elif local == "unit" and self.sub is not None:
            unit = attrs.get("id", "")
            if _UNIT_ID.match(unit) is None:
                self.strays.append((self.line(), f"{self.sub.kind}/{self.sub.record_id}#{unit}"))
                return
            self.unit = unit
            self.target = None
            self.state = "initial"
            self.sub.lines[unit] = self.line()
        elif local == "segment" and self.unit is not None:
            self.state = attrs.get("state", "initial")
        elif local == "target" and self.unit is not None:
            self.text = []

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "note" and self.text is not None:
            if self.note == "source-version" and self.sub is not None:
                self.sub.source_version = "".join(self.text).strip()
            self.text = self.note = None
        elif local == "target" and self.text is not None:
            self.target = "".join(self.text)
            self.text = None
        elif local == "unit" and self.unit is not None and self.sub is not None:
            self.sub.targets[self.unit] = self.target or ""
            if self.state not in DONE:
                self.sub.unfinished.add(self.unit)
            self.unit = None


def read_xliff(path: str, raw: bytes) -> tuple[str | None, list[Submission], list[tuple[int, str]]]:
    reader = _Reader(path)
    try:
        reader.parser.Parse(raw, True)
    except xml.parsers.expat.ExpatError as exc:
        raise UnreadableFile(xml.parsers.expat.errors.messages[exc.code], exc.lineno) from exc
    for sub in reader.subs:
        sub.lang = reader.lang or ""
    return reader.lang, reader.subs, reader.strays
