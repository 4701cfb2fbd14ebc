"""Import translators' files (PO or XLIFF 2.0) back into ``content/<lang>/``.

A text is written only when its file was cut from the Vietnamese as it is now (same source
version), every unit is translated and none is marked unfinished, and something changed;
everything else is reported as a finding and left alone. Importing an unedited export
therefore changes no byte.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..catalog.load import MAX_MARKDOWN_BYTES
from ..catalog.model import SOURCE_LANGUAGE, Catalog
from ..rules.findings import Finding
from ..rules.rulebook import finding
from .po import UnreadableFile, read_po
from .units import Submission, assemble, render_translation, split, translatable, units, write_translation


@dataclass
class ImportResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# A translator's file holds one language of a province's texts (each at most 1 MiB, the text
# limit): one larger than this is refused before it is read (a 100 MB msgstr never reaches memory).
MAX_FILE_BYTES = 64 * 1024 * 1024


class TooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def read_file(path: Path, shown: str) -> tuple[str | None, list[Submission], list[tuple[int, str]]]:
    from .xliff import read_xliff

    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLarge(size)
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)  # what stat said, or a device that never ends
    if len(raw) > MAX_FILE_BYTES:
        raise TooLarge(len(raw))
    if path.suffix.lower() in {".xlf", ".xliff"} or raw.lstrip()[:5] == b"<?xml":
        return read_xliff(shown, raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 (byte {exc.start})", raw[: exc.start].count(b"\n") + 1) from exc
    return read_po(shown, text)


def _one_line(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def import_files(catalog: Catalog, files: list[tuple[Path, str]], today: date) -> ImportResult:
    result = ImportResult()
    for path, shown in files:
        try:
            lang, subs, strays = read_file(path, shown)
        except TooLarge as exc:
            result.findings.append(finding("TR-FILE-TOO-LARGE", shown, size=exc.size, limit=MAX_FILE_BYTES))
            continue
        except (OSError, UnreadableFile) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            result.findings.append(finding("TR-FILE-UNREADABLE", shown, line=getattr(exc, "line", 0), problem=problem))
            continue
        if not lang or lang == SOURCE_LANGUAGE or lang not in catalog.languages:
            result.findings.append(finding("TR-FILE-LANG", shown, line=1, lang=lang or "",
                                           languages=", ".join(x for x in catalog.languages if x != SOURCE_LANGUAGE)))
            continue
        for line, context in strays:
            result.findings.append(finding("TR-UNIT-UNKNOWN", shown, line=line, context=context))
        allowed = {(r.kind, r.id): r for r in translatable(catalog, lang)}
        for sub in subs:
            _apply(catalog, allowed, sub, lang, today, result)
    return result


def _apply(catalog: Catalog, allowed: dict, sub: Submission, lang: str, today: date, result: ImportResult) -> None:
    name = f"{sub.kind}/{sub.record_id}"
    record = allowed.get((sub.kind, sub.record_id))
    if record is None:
        result.findings.append(finding("TR-UNIT-UNKNOWN", sub.file, line=sub.line, context=name))
        return
    current = record.source_text.version
    if sub.source_version != current:
        result.findings.append(finding("TR-STALE", sub.file, line=sub.line, record=name, lang=lang,
                                       source=sub.source_version or "?", current=current))
        return
    expected = split(record.source_text)
    extra = [u for u in sub.targets if u not in expected]
    for unit in extra:
        result.findings.append(finding("TR-UNIT-UNKNOWN", sub.file, line=sub.lines.get(unit, sub.line),
                                       context=f"{name}#{unit}"))
    if extra:
        return
    targets = {u: sub.targets.get(u, "") for u in expected}
    if targets == {u.id: u.target for u in units(record, lang)}:
        result.unchanged.append(name)  # exactly what an export offers now: the translator changed nothing
        return
    if not any(t.strip() for t in targets.values()):
        result.untranslated.append(name)
        return
    todo = [u for u in expected if not targets[u].strip() or u in sub.unfinished]
    if todo:
        result.findings.append(finding("TR-INCOMPLETE", sub.file, line=sub.lines.get(todo[0], sub.line), record=name,
                                       lang=lang, count=len(todo), units=", ".join(todo)))
        return
    title, summary, body = assemble({u: unicodedata.normalize("NFC", t) for u, t in targets.items()})
    title, summary = _one_line(title), _one_line(summary)
    existing = record.texts.get(lang)
    if (existing is not None and existing.source == current
            and split(existing) == split(replace(existing, title=title, summary=summary, body=body))):
        result.unchanged.append(name)
        return
    content = render_translation(title, summary, body, current, today)
    if len(content.encode("utf-8")) > MAX_MARKDOWN_BYTES:  # the text limit every loader holds it to
        unit = max(targets, key=lambda u: len(targets[u]))
        result.findings.append(finding("TR-TEXT-TOO-LARGE", sub.file, line=sub.lines.get(unit, sub.line), record=name,
                                       lang=lang, size=len(content.encode("utf-8")), limit=MAX_MARKDOWN_BYTES))
        return
    written = write_translation(catalog.root, record, lang, content)
    result.written.append(written.relative_to(catalog.root).as_posix())
