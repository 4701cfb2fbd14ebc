"""The ``quangba report`` command: ``compliance``, ``contributions`` and ``drafts``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _setup(args):
    from ..util.clock import now
    from ..catalog.load import load_catalog
    from .contributions import contributions

    catalog = load_catalog(args.root).catalog
    today = now().date()
    return catalog, contributions(catalog), today, args.year or today.year


def _no_history(catalog) -> None:
    print("Chưa có lịch sử git nào: số liệu đóng góp tính từ các lần commit. / "
          f"No git history in {catalog.root}: contributions are counted from commits.", file=sys.stderr)


def cmd_compliance(args: argparse.Namespace) -> int:
    from .compliance import compliance, render_json, render_text

    catalog, found, today, year = _setup(args)
    if not found:
        _no_history(catalog)
    result = compliance(catalog, found, year, today, every="month" if args.command_kind == "contributions" else None)
    sys.stdout.write(render_json(result) if args.format == "json" else render_text(result))
    return 0


def cmd_drafts(args: argparse.Namespace) -> int:
    from .documents import plan_draft, report_draft, write_docx, write_html

    catalog, found, today, year = _setup(args)
    if args.agency and args.agency not in catalog.agencies:
        print(f"Không có cơ quan “{args.agency}” trong catalog/agencies.yaml. / "
              f"No agency “{args.agency}” in catalog/agencies.yaml.", file=sys.stderr)
        return 2
    if not found:
        _no_history(catalog)
    out = args.out.resolve()
    charts = out / "charts"
    charts.mkdir(parents=True, exist_ok=True)
    if args.agency:
        scopes = [args.agency]
    else:
        active = {c.agency for c in found}
        scopes = [None, *sorted(a.id for a in catalog.agencies.values()
                                if a.id in active or (a.parent and a.is_current(today)))]
    written = []
    for scope in scopes:
        drafts = [report_draft(catalog, found, year, today, charts, agency=scope, half=args.half)]
        if args.plan:
            drafts.append(plan_draft(catalog, found, year + 1, today, charts, agency=scope))
        for draft in drafts:
            written += [write_docx(draft, out), write_html(draft, out)]
    for path in written:
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


def add_parser(sub) -> None:
    r = sub.add_parser("report", help="báo cáo theo Thông tư 22/2016 / duty reports under Circular 22/2016")
    rs = r.add_subparsers(dest="report_command", required=True)
    for name, help_ in (("compliance", "ai cung cấp thông tin đủ, ai chậm / who supplied as required, who is late"),
                        ("contributions", "số mục mỗi cơ quan đóng góp theo tháng / items per agency and month")):
        c = rs.add_parser(name, help=help_)
        c.add_argument("--year", type=int, help="default: this year")
        c.add_argument("--format", choices=["text", "json"], default="text")
        c.set_defaults(func=cmd_compliance, command_kind=name)
    d = rs.add_parser("drafts", help="dự thảo báo cáo (Phụ lục 02) và kế hoạch (Phụ lục 01), .docx và HTML / "
                                     "draft report (Appendix 02) and plan (Appendix 01), .docx and HTML")
    d.add_argument("--year", type=int, help="year reported on (default: this year); the plan is for the next")
    d.add_argument("--half", action="store_true", help="the six-monthly report (January to June)")
    d.add_argument("--plan", action="store_true", help="also draft next year's plan (Appendix 01)")
    d.add_argument("--agency", help="only this agency (default: the province and every agency)")
    d.add_argument("--out", type=Path, required=True, help="folder to write into")
    d.set_defaults(func=cmd_drafts)
