"""The ``quangba translations`` command: status (default), ``export`` and ``import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..rules.findings import RENDERERS


def _catalog(args):
    from ..catalog.load import load_catalog

    return load_catalog(args.root).catalog


def _langs(catalog, wanted: list[str] | None) -> list[str] | None:
    if not wanted:
        return None
    unknown = [x for x in wanted if x not in catalog.languages or x == "vi"]
    if unknown:
        raise _Usage(f"Ngôn ngữ không phải ngôn ngữ dịch của tỉnh: {', '.join(unknown)} / "
                      f"not a target language of the province: {', '.join(unknown)} "
                      f"({', '.join(x for x in catalog.languages if x != 'vi')})")
    return wanted


class _Usage(Exception):
    pass


def cmd_status(args: argparse.Namespace) -> int:
    from .status import render_json, render_text, status

    catalog = _catalog(args)
    try:
        langs = _langs(catalog, args.lang)
    except _Usage as exc:
        print(exc, file=sys.stderr)
        return 2
    groups = status(catalog, langs=langs, agency=args.agency, diffs=not args.no_diff)
    sys.stdout.write(render_json(groups) if args.format == "json" else render_text(groups, show_current=args.all))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .po import export_po
    from .xliff import export_xliff

    catalog = _catalog(args)
    try:
        _langs(catalog, [args.lang])
    except _Usage as exc:
        print(exc, file=sys.stderr)
        return 2
    fmt = args.format or ("xliff" if args.out and args.out.suffix in {".xlf", ".xliff"} else "po")
    content = (export_xliff if fmt == "xliff" else export_po)(catalog, args.lang, args.agency,
                                                              include_internal=args.include_internal)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(content, "utf-8")
        print(f"{args.out}: {fmt} ({args.lang})", file=sys.stderr)
    else:
        sys.stdout.write(content)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..util.clock import now
    from ..rules.findings import sort_findings
    from .importer import import_files

    catalog = _catalog(args)
    files = []
    for name in args.files:
        files.append((Path(name).resolve(), name))  # findings name the file as the user typed it
    result = import_files(catalog, files, now().date())
    findings = sort_findings(result.findings)
    if findings:
        sys.stdout.write(RENDERERS[args.format](findings))
    for path in result.written:
        print(f"{path}: đã nhập / imported")
    print(f"{len(result.written)} đã ghi / written, {len(result.unchanged)} không đổi / unchanged, "
          f"{len(result.untranslated)} chưa dịch / untranslated, "
          f"{len(findings)} không nhập / not imported (xem trên / see above)")
    return 1 if any(f.is_error for f in findings) else 0


def add_parser(sub) -> None:
    t = sub.add_parser("translations", help="tình trạng bản dịch; xuất/nhập PO, XLIFF / translation status; PO and XLIFF export and import")
    t.add_argument("--lang", action="append", help="only this language (repeatable)")
    t.add_argument("--agency", help="only this agency's records")
    t.add_argument("--format", choices=["text", "json"], default="text")
    t.add_argument("--no-diff", action="store_true", help="do not show what changed in the Vietnamese")
    t.add_argument("--all", action="store_true", help="list current translations too")
    t.set_defaults(func=cmd_status)
    ts = t.add_subparsers(dest="translations_command")

    e = ts.add_parser("export", help="xuất tệp cho người dịch / write a file for translators' tools")
    e.add_argument("--lang", required=True, help="target language, e.g. en, lo")
    e.add_argument("--format", choices=["po", "xliff"], help="default: from --out's suffix, else po")
    e.add_argument("--agency", help="only this agency's records")
    e.add_argument("--out", type=Path, help="file to write (default: standard output)")
    e.add_argument("--include-internal", action="store_true",
                   help="also internal records (press office's register, internal releases): only for translators "
                        "who may read them; by default only what may be published")
    e.set_defaults(func=cmd_export)

    i = ts.add_parser("import", help="nhập bản dịch từ tệp PO/XLIFF / import translated PO or XLIFF files")
    i.add_argument("files", nargs="+", help=".po, .xlf or .xliff files")
    i.add_argument("--format", choices=sorted(RENDERERS), default="text", help="how to print findings")
    i.set_defaults(func=cmd_import)
