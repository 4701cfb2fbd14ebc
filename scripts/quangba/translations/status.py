"""`quangba translations`: per language and agency, which texts are missing, out of date
(with what changed in the Vietnamese since the translation was made) or not stamped."""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..catalog.history import file_revisions
from ..catalog.load import _split_front_matter
from ..catalog.model import SOURCE_LANGUAGE, Catalog, Record, Text, text_version
from ..catalog.yamlfiles import parse_yaml
from .units import translatable

STATES = ("missing", "outdated", "unknown", "current")
STATE_VI = {"missing": "chưa dịch", "outdated": "lỗi thời", "unknown": "chưa ghi nguồn", "current": "cập nhật"}


@dataclass
class Item:
    kind: str
    id: str
    agency: str
    state: str  # missing | outdated | unknown | current
    path: str  # the translation's file (to be created when missing)
    source_now: str  # current Vietnamese version
    source_then: str | None = None  # the version the translation was made from
    diff: str | None = None  # unified diff of the Vietnamese since then, when history has it


@dataclass
class Group:
    lang: str
    agency: str
    agency_name: str
    counts: dict[str, int] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)


def _as_lines(title: str, summary: str, body: str) -> list[str]:
    return [f"# {title}", "", summary, "", *body.strip("\n").split("\n")]


def vietnamese_at(catalog: Catalog, text: Text, version: str) -> tuple[str, str, str] | None:
    """The Vietnamese (title, summary, body) as it was at ``version``, from git history."""
    for _commit, content in file_revisions(catalog.root, text.path):
        front, body, _ = _split_front_matter(content)
        if front is None:
            continue
        doc, _ = parse_yaml(text.path, front)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        title, summary = str(data.get("title") or ""), str(data.get("summary") or "")
        body = body.strip("\n")
        if text_version(title, summary, body) == version:
            return title, summary, body
    return None


def change_diff(catalog: Catalog, record: Record, since: str) -> str | None:
    source = record.source_text
    old = vietnamese_at(catalog, source, since)
    if old is None:
        return None
    lines = difflib.unified_diff(_as_lines(*old), _as_lines(source.title, source.summary, source.body),
                                 fromfile=f"vi@{since}", tofile=f"vi@{source.version}", lineterm="", n=1)
    return "\n".join(lines)


def status(catalog: Catalog, *, langs: list[str] | None = None, agency: str | None = None,
           diffs: bool = True) -> list[Group]:
    groups: list[Group] = []
    for lang in langs or [x for x in catalog.languages if x != SOURCE_LANGUAGE]:
        by_agency: dict[str, Group] = {}
        for record in translatable(catalog, lang, agency):
            a = catalog.agencies.get(record.agency)
            group = by_agency.setdefault(record.agency, Group(
                lang=lang, agency=record.agency, agency_name=a.name(SOURCE_LANGUAGE) if a else record.agency,
                counts={s: 0 for s in STATES}))
            state = record.translation_state(lang)
            text = record.texts.get(lang)
            item = Item(kind=record.kind, id=record.id, agency=record.agency, state=state,
                        path=text.path if text else f"content/{lang}/{record.kind}/{record.id}.md",
                        source_now=record.source_text.version, source_then=text.source if text else None)
            if state == "outdated":
                item.diff = change_diff(catalog, record, text.source) if diffs else ""
            group.counts[state] += 1
            group.items.append(item)
        groups.extend(by_agency[k] for k in sorted(by_agency))
    return groups


def render_text(groups: list[Group], *, show_current: bool = False) -> str:
    out: list[str] = []
    lang = None
    for g in groups:
        if g.lang != lang:
            lang = g.lang
            total = {s: sum(x.counts[s] for x in groups if x.lang == lang) for s in STATES}
            out.append(f"== {lang}: " + ", ".join(f"{total[s]} {STATE_VI[s]}/{s}" for s in STATES))
        out.append(f"  {g.agency} ({g.agency_name}): " + ", ".join(f"{g.counts[s]} {s}" for s in STATES if g.counts[s]))
        for item in g.items:
            if item.state == "current" and not show_current:
                continue
            line = f"    {item.state:<8} {item.kind}/{item.id}  {item.path}"
            if item.state == "outdated":
                line += f"  (vi {item.source_then} → {item.source_now})"
            out.append(line)
            if item.state == "outdated":
                if item.diff:
                    out.extend("        " + d for d in item.diff.splitlines())
                elif item.diff is None:
                    out.append(f"        Không tìm thấy bản tiếng Việt {item.source_then} trong lịch sử git; "
                               f"hãy so sánh thủ công. / Vietnamese version {item.source_then} is not in the git "
                               "history; compare by hand.")
    if not groups:
        out.append("Không có văn bản nào cần dịch. / Nothing to translate.")
    return "\n".join(out) + "\n"


def render_json(groups: list[Group]) -> str:
    return json.dumps({"languages": sorted({g.lang for g in groups}), "groups": [asdict(g) for g in groups]},
                      ensure_ascii=False, indent=2) + "\n"
