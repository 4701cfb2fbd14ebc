"""The ``quangba`` command. Each subcommand loads the catalog once and runs one stage."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .findings import RENDERERS, sort_findings


def _load(root: Path):
    from .load import load_catalog

    return load_catalog(root)


def cmd_validate(args: argparse.Namespace) -> int:
    from .clock import now
    from .validate import validate

    loaded = _load(args.root)
    only = [os.path.relpath(Path(p).resolve(), args.root.resolve()) for p in args.paths]
    findings = validate(loaded, now(), only)
    if findings or args.format != "text":
        sys.stdout.write(RENDERERS[args.format](findings))
    else:
        c = loaded.catalog
        print(f"Không có lỗi. / No problems found. "
              f"({len(c.records)} records, {len(c.texts)} texts, {len(c.media)} media, {len(c.agencies)} agencies)")
    return 1 if any(f.is_error for f in findings) else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .clock import now

    result = build(args.root, now(), drafts=args.drafts)
    shown = [f for f in result.findings if f.is_error] if args.quiet else result.findings
    if shown:
        sys.stdout.write(RENDERERS[args.format](shown))
    if not result.ok:
        print("Không xây dựng: hãy sửa các lỗi trên; site/ và export/ cũ được giữ nguyên.\n"
              "Not built: fix the errors above; the previous site/ and export/ are left as they were.",
              file=sys.stderr)
        return 1
    for line in result.summary:
        print(line)
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from .rulebook import all_rules

    if args.docs:
        from .governance.docs import write

        for rel in write(args.root):
            print(f"{rel}: đã cập nhật danh sách quy tắc / rule list updated")
        return 0

    for rule in all_rules().values():
        print(f"{rule.id} ({rule.severity.vi}/{rule.severity.value})\n  vi: {rule.vi}\n  en: {rule.en}")
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    from .stamp import stamp, translation_paths

    catalog = _load(args.root).catalog
    paths = translation_paths(catalog, args.paths)
    if not paths:
        print("Không tìm thấy bản dịch nào. / No translation found at those paths.", file=sys.stderr)
        return 1
    for path in paths:
        version = stamp(catalog, path)
        if version:
            print(f"{path}: source {version}")
    return 0


def cmd_check_pr(args: argparse.Namespace) -> int:
    from .clock import now
    from .governance.checkpr import check_pr

    author = args.author or os.environ.get("QUANGBA_PR_AUTHOR") or None
    findings = check_pr(args.root, args.base, now(), agencies=args.agency, author=author)
    if findings or args.format != "text":
        sys.stdout.write(RENDERERS[args.format](findings))
    else:
        print("Thay đổi hợp lệ. / The change is fine.")
    return 1 if any(f.is_error for f in findings) else 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    from .governance import codeowners

    catalog = _load(args.root).catalog
    if args.check:
        if catalog.codeowners == codeowners.generate(catalog):
            print(f"{codeowners.CODEOWNERS_PATH}: khớp / current")
            return 0
        print(f"{codeowners.CODEOWNERS_PATH}: cần sinh lại, chạy “quangba codeowners” / stale, run “quangba codeowners”")
        return 1
    changed = codeowners.write(catalog)
    print(f"{codeowners.CODEOWNERS_PATH}: " + ("đã cập nhật / updated" if changed else "không đổi / unchanged"))
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from .governance.templates import install

    for target, written in install(args.root, overwrite=args.overwrite):
        print(f"{target}: " + ("đã ghi / written" if written else "đã có, giữ nguyên / exists, kept"))
    return 0


def cmd_press(args: argparse.Namespace) -> int:
    """The press office's report from the internal register (printed, never written to site/ or export/)."""
    from .clock import now
    from .press import press_report, render_json, render_text
    from .validate import validate

    loaded = _load(args.root)
    errors = [f for f in validate(loaded, now()) if f.is_error]
    report = press_report(loaded.catalog, now(), year=args.year)
    sys.stdout.write(render_json(report) if args.format == "json" else render_text(report))
    if errors:
        print(f"Dữ liệu có {len(errors)} lỗi nên số liệu có thể thiếu; chạy “quangba validate” để xem.\n"
              f"The data has {len(errors)} error(s), so the figures may be incomplete; run “quangba validate” to see them.",
              file=sys.stderr)
        return 1
    return 0


def cmd_fix_nfc(args: argparse.Namespace) -> int:
    """Normalise text files to Unicode NFC in place (Vietnamese typed with separate marks)."""
    import unicodedata

    changed = 0
    for name in args.paths:
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".md"}) if path.is_dir() else [path]
        for file in files:
            try:
                content = file.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                print(f"{file}: không đọc được / cannot read: {exc}", file=sys.stderr)
                return 1
            fixed = unicodedata.normalize("NFC", content)
            if fixed != content:
                file.write_text(fixed, "utf-8")
                changed += 1
                print(f"{file}: đã chuẩn hóa NFC / normalised to NFC")
    if not changed:
        print("Không có gì cần sửa. / Nothing to change.")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .clock import now
    from .profiles import InitError, init_repository, list_profiles

    if args.list or not args.dir or not args.profile:
        print("\n".join(list_profiles()))
        return 0 if args.list else 2
    try:
        result = init_repository(args.dir.resolve(), args.profile, now().date())
    except InitError as exc:
        print(f"{exc.vi}\n{exc.en}", file=sys.stderr)
        return 2
    print(f"{result.root}: {len(result.files)} tệp / files. "
          f"Tiếp theo / next: cd {result.root} && make site")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .clock import now
    from .site.serve import serve

    serve(args.root, args.host, args.port, now)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="quangba",
        description="Hệ thống dữ liệu quảng bá hình ảnh / A province's image-promotion data system.",
    )
    p.add_argument("--version", action="version", version=f"quangba {__version__}")
    p.add_argument("--root", type=Path, default=Path.cwd(), help="the province repository (default: here)")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="kiểm tra dữ liệu / check the data (exit 0 clean, 1 errors)")
    v.add_argument("paths", nargs="*", help="only report findings about these files or folders")
    v.add_argument("--format", choices=sorted(RENDERERS), default="text")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("build", help="kiểm tra rồi xây dựng cổng thông tin và gói dữ liệu / validate, then build site/ and export/")
    b.add_argument("--format", choices=sorted(RENDERERS), default="text")
    b.add_argument("--quiet", action="store_true", help="show errors only, not warnings")
    b.add_argument("--drafts", action="store_true", help=argparse.SUPPRESS)
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("rules", help="liệt kê các quy tắc kiểm tra / list every validation rule")
    r.add_argument("--docs", action="store_true",
                   help="rewrite the list of findings in docs/contributing.vi.md and docs/contributing.en.md")
    r.set_defaults(func=cmd_rules)

    s = sub.add_parser("stamp", help="ghi phiên bản tiếng Việt mà bản dịch dựa vào / mark translations as made from the current Vietnamese")
    s.add_argument("paths", nargs="+", help="translation files or folders, e.g. content/en/place")
    s.set_defaults(func=cmd_stamp)

    # -- governance: pull requests ------------------------------------------------------
    pr = sub.add_parser("check-pr", help="kiểm tra một yêu cầu thay đổi (pull request) / check a pull request's change")
    pr.add_argument("--base", required=True, help="the branch the change goes into, e.g. origin/main")
    pr.add_argument("--agency", action="append", default=[], metavar="ID",
                    help="the agency sending the change (repeatable)")
    pr.add_argument("--author", help="the pull request author's account; their agency is found in the "
                                     "base's catalog/agencies.yaml reviewers (default: $QUANGBA_PR_AUTHOR)")
    pr.add_argument("--format", choices=sorted(RENDERERS), default="text")
    pr.set_defaults(func=cmd_check_pr)

    co = sub.add_parser("codeowners", help="sinh .github/CODEOWNERS từ danh sách cơ quan / write .github/CODEOWNERS from the agencies")
    co.add_argument("--check", action="store_true", help="only say whether it is current (exit 1 when stale)")
    co.set_defaults(func=cmd_codeowners)

    tp = sub.add_parser("templates", help="cài mẫu pull request, CI và pre-commit / install the pull-request, CI and pre-commit templates")
    tp.add_argument("--overwrite", action="store_true", help="replace files that already exist")
    tp.set_defaults(func=cmd_templates)

    ps = sub.add_parser("press", help="báo cáo theo dõi báo chí (nội bộ) / the press office's report (internal)")
    ps.add_argument("--year", type=int, help="only reports, visits and interviews of this year")
    ps.add_argument("--format", choices=["text", "json"], default="text")
    ps.set_defaults(func=cmd_press)

    n = sub.add_parser("fix-nfc", help="chuẩn hóa Unicode NFC / normalise text files to Unicode NFC")
    n.add_argument("paths", nargs="+", help="files or folders (.yaml and .md files)")
    n.set_defaults(func=cmd_fix_nfc)

    # translators: status, PO / XLIFF export and import (quangba.translations)
    from .translations.commands import add_parser as add_translations
    add_translations(sub)

    # a new province repository from a profile (quangba.profiles)
    i = sub.add_parser("init", help="tạo kho dữ liệu tỉnh mới từ hồ sơ / create a new province repository from a profile")
    i.add_argument("dir", type=Path, nargs="?", help="an empty or new folder")
    i.add_argument("--profile", help="e.g. quang-tri, cao-bang (see --list)")
    i.add_argument("--list", action="store_true", help="list the profiles")
    i.set_defaults(func=cmd_init)

    # duty reports under Circular 22/2016 (quangba.reports)
    from .reports.commands import add_parser as add_reports
    add_reports(sub)

    # the offline bundle for border-gate screens (quangba.kiosk)
    from .kiosk.commands import add_parser as add_kiosk
    add_kiosk(sub)

    # -- the portal's local preview (issue 4) --
    sv = sub.add_parser("serve", help="xem trước cổng thông tin, tự cập nhật khi sửa / preview the portal with live reload (drafts shown)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: a message, never a bare traceback
        if os.environ.get("QUANGBA_DEBUG"):
            traceback.print_exc()
        print(f"Lỗi nội bộ của quangba: {type(exc).__name__}: {exc}\n"
              f"quangba internal error: {type(exc).__name__}: {exc}\n"
              "Hãy báo lỗi này kèm lệnh đã chạy (đặt QUANGBA_DEBUG=1 để xem chi tiết). / "
              "Please report it with the command you ran (set QUANGBA_DEBUG=1 for details).",
              file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
