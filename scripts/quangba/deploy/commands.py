"""The commands of the province's server: ``publish``, ``rollback``, ``server-config``,
``next-update`` (issue 19). Each imports what it needs when it runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_publish(args: argparse.Namespace) -> int:
    from .publish import PublishError, publish
    from ..util.clock import now

    try:
        result = publish(args.root, args.dest.resolve(), now(), keep=args.keep)
    except PublishError as exc:
        print(exc, file=sys.stderr)
        return 1
    for line in result.summary():
        print(line)
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from .publish import PublishError, rollback

    try:
        name = rollback(args.dest.resolve())
    except PublishError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Đã quay lại bản / rolled back to: {name}")
    return 0


def cmd_server_config(args: argparse.Namespace) -> int:
    from ..catalog.load import load_catalog
    from .server_config import config_for

    catalog = load_catalog(args.root).catalog
    text = config_for(args.server, catalog, root=args.web_root, listen=args.listen, server_name=args.server_name,
                      site=args.root / "site")
    if args.out:
        Path(args.out).write_text(text, "utf-8")
        print(f"Đã ghi / written: {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_next_update(args: argparse.Namespace) -> int:
    from ..catalog.load import load_catalog
    from .next_update import as_json, as_text, next_update
    from ..util.clock import now

    moment, changes = next_update(load_catalog(args.root).catalog, now())
    sys.stdout.write(as_json(moment, changes) if args.format == "json" else as_text(moment, changes) + "\n")
    return 0


def add_parsers(sub) -> None:
    from .publish import DEFAULT_KEEP

    p = sub.add_parser("publish", help="công bố bản dựng vào thư mục web, chuyển một lần / publish the build into a "
                                       "web root as an immutable release, switched atomically")
    p.add_argument("dest", type=Path, help="the web root's folder: DEST/current is what the web server serves")
    p.add_argument("--keep", type=int, default=DEFAULT_KEEP,
                   help=f"releases and package versions kept (default {DEFAULT_KEEP})")
    p.set_defaults(func=cmd_publish)

    r = sub.add_parser("rollback", help="quay lại bản công bố trước / make the previous release live again")
    r.add_argument("dest", type=Path)
    r.set_defaults(func=cmd_rollback)

    s = sub.add_parser("server-config", help="cấu hình máy chủ web / write the web server's configuration")
    s.add_argument("server", choices=("nginx", "caddy"))
    s.add_argument("--out", help="write it to this file (default: print it)")
    s.add_argument("--web-root", default="/srv/quangba/current",
                   help="the folder served: DEST/current of `quangba publish` (default /srv/quangba/current)")
    s.add_argument("--listen", default="80", help="address and/or port to listen on (default 80)")
    s.add_argument("--server-name", default=None, help="host name (default: the host of base_url)")
    s.set_defaults(func=cmd_server_config)

    n = sub.add_parser("next-update", help="thời điểm đầu ra tự thay đổi lần tới / the next moment the output changes "
                                           "by itself (embargo, event end, agency validity)")
    n.add_argument("--format", choices=("text", "json"), default="text")
    n.set_defaults(func=cmd_next_update)
