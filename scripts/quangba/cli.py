"""The ``quangba`` command. Each subcommand loads the catalog once and runs one stage."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from . import __version__
from .rules.findings import RENDERERS


def _load(root: Path):
    from .catalog.load import load_catalog
    from .governance import codeowners  # noqa: F401  registers GOV-CODEOWNERS-STALE with the rules

    return load_catalog(root)


def cmd_validate(args: argparse.Namespace) -> int:
    from .util.clock import now
    from .rules.validate import validate

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
    from .util.clock import now

    result = build(args.root, now(), frictionless=args.frictionless)
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
    from .rules.rulebook import all_rules

    if args.docs:
        from .governance.docs import write

        for rel in write(args.root):
            print(f"{rel}: đã cập nhật danh sách quy tắc / rule list updated")
        return 0

    for rule in all_rules().values():
        print(f"{rule.id} ({rule.severity.vi}/{rule.severity.value})\n  vi: {rule.vi}\n  en: {rule.en}")
    return 0


def cmd_stamp(args: argparse.Namespace) -> int:
    from .translations.stamp import stamp, translation_paths

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
    from .util.clock import now
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


def cmd_editor(args: argparse.Namespace) -> int:
    from .catalog.load import load_catalog
    from .editor import verify_vendored, write_editor
    from .util.clock import now

    changed = verify_vendored()
    if changed:
        print("Tệp của trình soạn thảo khác với bản đã ghim / the editor's files differ from the pinned ones: "
              + ", ".join(changed), file=sys.stderr)
        return 1
    out = args.out if args.out.is_absolute() else args.root / args.out
    catalog = load_catalog(args.root).catalog
    if not catalog.province.forge:
        print("Chưa khai báo forge: trong catalog/province.yaml; trình soạn thảo chưa biết đăng nhập vào đâu. / "
              "catalog/province.yaml names no forge: the editor does not know where to sign in.", file=sys.stderr)
    write_editor(catalog, out, now().date())
    print(f"{out}: trình soạn thảo cho máy chủ mã nguồn của tỉnh / the editor for the province's forge")
    return 0


# -- export, check-package, diff, import (the data package for the national database) -----
def _package_dir(value: Path) -> Path:
    return value.parent if value.name == "datapackage.json" else value


def cmd_export(args: argparse.Namespace) -> int:
    from .util.clock import now
    from .export import publish_export
    from .rules.validate import validate

    loaded = _load(args.root)
    findings = validate(loaded, now())
    if any(f.is_error for f in findings):
        sys.stdout.write(RENDERERS[args.format]([f for f in findings if f.is_error]))
        print("Không xuất: hãy sửa các lỗi trên; gói cũ được giữ nguyên.\n"
              "Not exported: fix the errors above; the previous package is left as it was.", file=sys.stderr)
        return 1
    out = args.out if args.out.is_absolute() else args.root / args.out
    import tempfile

    from .build import EXPORT_CACHE, MEDIA_CACHE
    from .media.pipeline import process_media

    # the published derivatives are listed with their size and hash: make them (from the cache
    # `quangba build` fills) exactly as the build does, in a scratch folder
    with tempfile.TemporaryDirectory(prefix=".quangba-export-media-", dir=args.root) as scratch:
        media = process_media(loaded.catalog, Path(scratch), now(), cache_dir=args.root / MEDIA_CACHE,
                              progress=False)
    if any(f.is_error for f in media.findings):
        sys.stdout.write(RENDERERS[args.format]([f for f in media.findings if f.is_error]))
        return 1
    summary = publish_export(loaded.catalog, out, now(), media, frictionless=not args.no_frictionless,
                             cache_dir=args.root / EXPORT_CACHE)
    if not summary.ok:
        sys.stdout.write(RENDERERS[args.format](summary.findings))
        print("Gói dữ liệu không hợp lệ nên không được thay thế. / "
              "The package is not valid, so it did not replace the previous one.", file=sys.stderr)
        return 1
    print(f"{out}: {summary.version} — " + ", ".join(f"{k} {v}" for k, v in summary.resources.items()))
    return 0


def cmd_check_package(args: argparse.Namespace) -> int:
    from .export.check import check_package

    findings = check_package(_package_dir(args.package), frictionless=not args.no_frictionless)
    if findings or args.format != "text":
        sys.stdout.write(RENDERERS[args.format](findings))
    else:
        print("Gói dữ liệu hợp lệ. / The data package is valid.")
    return 1 if any(f.is_error for f in findings) else 0


def _checked_package(path: Path, fmt: str):
    """The package at ``path`` read back, or None after printing what is wrong with it."""
    from .export.check import check_package
    from .export.read import read_package

    folder = _package_dir(path)
    findings = [f for f in check_package(folder) if f.is_error]
    if findings:
        sys.stdout.write(RENDERERS[fmt](findings))
        print(f"Gói “{path}” bị hỏng nên không được dùng. / The package “{path}” is damaged, so it was not used.",
              file=sys.stderr)
        return None
    return read_package(folder)


def cmd_diff(args: argparse.Namespace) -> int:
    from .export.diff import diff_packages, render_json, render_text

    old = _checked_package(args.old, "text" if args.format == "text" else "json")
    new = _checked_package(args.new, "text" if args.format == "text" else "json") if old else None
    if old is None or new is None:
        return 1
    result = diff_packages(old, new)
    sys.stdout.write(render_json(result) if args.format == "json" else render_text(result))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .export.importer import import_package

    target = args.dir.resolve()
    if target.exists() and any(target.iterdir()):
        print(f"“{target}” không trống: nhập vào một thư mục mới để không ghi đè dữ liệu nào. / "
              f"“{target}” is not empty: import into a new folder so nothing is overwritten.", file=sys.stderr)
        return 1
    package = _checked_package(args.package, "text")
    if package is None:
        return 1
    result = import_package(package, target)
    if any(f.is_error for f in result.findings):
        sys.stdout.write(RENDERERS["text"](result.findings))
        print(f"Gói “{args.package}” không được nhập; không có tệp nào được ghi. / "
              f"The package “{args.package}” was not imported; nothing was written.", file=sys.stderr)
        return 1
    counts = result.counts
    print(f"{target}: {counts['records']} records, {counts['texts']} texts, {counts['media']} media sidecars, "
          f"{counts['schemas']} schemas ({package.version})")
    return 0


def export_parsers(sub) -> None:
    e = sub.add_parser("export", help="xuất gói dữ liệu cho CSDL quốc gia / export the data package (export/)")
    e.add_argument("--out", type=Path, default=Path("export"), help="folder of the package (default: export/)")
    e.add_argument("--format", choices=sorted(RENDERERS), default="text")
    e.add_argument("--no-frictionless", action="store_true",
                   help="skip the Frictionless validation in the report (the project's own checks still run)")
    e.set_defaults(func=cmd_export)

    c = sub.add_parser("check-package", help="kiểm tra một gói dữ liệu / validate a data package")
    c.add_argument("package", type=Path, help="the package folder or its datapackage.json")
    c.add_argument("--format", choices=sorted(RENDERERS), default="text")
    c.add_argument("--no-frictionless", action="store_true", help="only the project's own checks")
    c.set_defaults(func=cmd_check_package)

    d = sub.add_parser("diff", help="so sánh hai phiên bản gói dữ liệu / what changed between two packages")
    d.add_argument("old", type=Path, help="the older package (folder or datapackage.json)")
    d.add_argument("new", type=Path, help="the newer package")
    d.add_argument("--format", choices=["text", "json"], default="text")
    d.set_defaults(func=cmd_diff)

    i = sub.add_parser("import", help="đọc gói dữ liệu thành tệp catalog / read a package back into catalog files")
    i.add_argument("package", type=Path, help="the package (folder or datapackage.json)")
    i.add_argument("dir", type=Path, help="a new, empty folder to write catalog/, content/ and assets/ into")
    i.set_defaults(func=cmd_import)


def cmd_press(args: argparse.Namespace) -> int:
    """The press office's report from the internal register (printed, never written to site/ or export/)."""
    from .util.clock import now
    from .reports.press import press_report, render_json, render_text
    from .rules.validate import validate

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
    """Normalise text files to Unicode NFC in place (Vietnamese typed with separate marks).
    Only files of the repository: a link that leads out of it is reported, never written
    through (it could rewrite any file the user may write)."""
    import unicodedata

    from .rules.rulebook import finding

    changed, refused = 0, []
    for name in args.paths:
        path = Path(name)
        files = sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".md"}) if path.is_dir() else [path]
        for file in files:
            real = file.resolve()
            if not real.is_relative_to(args.root):
                shown = _repo_relative(file, args.root)
                refused.append(finding("FILE-OUTSIDE-REPO", shown, name=shown))
                continue
            try:
                content = real.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                print(f"{file}: không đọc được / cannot read: {exc}", file=sys.stderr)
                return 1
            fixed = unicodedata.normalize("NFC", content)
            if fixed != content:
                _replace_text(real, fixed)
                changed += 1
                print(f"{file}: đã chuẩn hóa NFC / normalised to NFC")
    if refused:
        sys.stdout.write(RENDERERS["text"](refused))
    elif not changed:
        print("Không có gì cần sửa. / Nothing to change.")
    return 1 if refused else 0


def _repo_relative(path: Path, root: Path) -> str:
    """A path as findings name it: from the repository's root when it is below it."""
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)


def _replace_text(path: Path, text: str) -> None:
    """The file's new text written beside it, then renamed over it (the same permissions)."""
    tmp = path.with_name(f".{path.name}.nfc-tmp")
    tmp.write_text(text, "utf-8")
    os.chmod(tmp, path.stat().st_mode & 0o7777)
    os.replace(tmp, path)


def cmd_init(args: argparse.Namespace) -> int:
    from .util.clock import now
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
    from .util.clock import now
    from .serve import serve

    serve(args.root, args.host, args.port, now)
    return 0


class _LeanParserFailed(Exception):
    """The lean parser met something to complain about: the full parser says it instead."""


class _LeanParser(argparse.ArgumentParser):
    """The commands defined here, not those the packages add (translations, reports, kiosk,
    profiles-pdf), which import the portal, the package's DCAT and the rest: built without
    them, a third of a second of `quangba validate` and a tenth of a rebuild's are saved."""

    commands: frozenset[str] = frozenset()

    def error(self, message: str):  # type: ignore[override]
        raise _LeanParserFailed(message)


def _named_command(argv: list[str]) -> str | None:
    """The subcommand in ``argv`` when nothing but ``--root`` comes before it; else None."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--root":
            index += 2
        elif arg.startswith("--root="):
            index += 1
        else:
            return arg
    return None


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    argv = sys.argv[1:] if argv is None else list(argv)
    lean = parser(lean=True)
    if _named_command(argv) in lean.commands:
        try:
            return lean.parse_args(argv)
        except _LeanParserFailed:
            pass  # the full parser prints the usage and the message, exactly as always
    return parser().parse_args(argv)


def parser(*, lean: bool = False) -> argparse.ArgumentParser:
    """Every command; ``lean``: only those defined here, without importing the packages that add commands."""
    p = (_LeanParser if lean else argparse.ArgumentParser)(
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
    b.add_argument("--frictionless", action="store_true",
                   help="kiểm tra thêm gói dữ liệu bằng Frictionless (chậm hơn) / also validate the package with "
                        "Frictionless (slower; the project's own check of every cell always runs)")
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

    export_parsers(sub)
    if lean:
        p.commands = frozenset(sub.choices)
        return p

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

    # -- the web editor for content officers (issue 18) --
    ed = sub.add_parser("editor", help="trình soạn thảo trên web cho máy chủ mã nguồn của tỉnh / write the web editor for the province's forge")
    ed.add_argument("--out", type=Path, default=Path("site/admin"),
                    help="where to write it (default: site/admin, after `quangba build`)")
    ed.set_defaults(func=cmd_editor)

    # -- the portal's local preview (issue 4) --
    sv = sub.add_parser("serve", help="xem trước cổng thông tin, tự cập nhật khi sửa / preview the portal with live reload (drafts shown)")
    sv.add_argument("--host", default="127.0.0.1")
    sv.add_argument("--port", type=int, default=8000)
    sv.set_defaults(func=cmd_serve)

    # one-page investment project profiles as PDF, opt-in (needs Chromium; issue 10)
    from .profiles_pdf import add_parser as add_profiles_pdf
    add_profiles_pdf(sub)

    # the province's server: publish, rollback, server-config, next-update (issue 19)
    from .deploy.commands import add_parsers as add_publishing
    add_publishing(sub)
    # screenshots of every page type, both widths, every language, opt-in (needs Chromium; issue 17)
    from .screenshots import add_parser as add_screenshots
    add_screenshots(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
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
