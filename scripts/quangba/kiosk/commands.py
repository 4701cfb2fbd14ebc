"""The ``quangba kiosk`` command."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..rules.findings import RENDERERS, sort_findings


def cmd_kiosk(args: argparse.Namespace) -> int:
    from ..util.clock import now
    from ..catalog.load import load_catalog
    from .bundle import KioskError, build_kiosk

    catalog = load_catalog(args.root).catalog
    if args.list or not args.cluster:
        for cluster in catalog.province.kiosks:
            print(f"{cluster.id}: {cluster.names.get('vi', '')}")
        return 0 if args.list else 2
    try:
        bundle = build_kiosk(catalog, args.cluster, args.out or Path("kiosk") / args.cluster, now())
    except KioskError as exc:
        print(f"{exc.vi}\n{exc.en}", file=sys.stderr)
        return 2
    if bundle.findings:
        sys.stdout.write(RENDERERS["text"](sort_findings(bundle.findings)))
    print(f"{bundle.out}/index.html: {len(bundle.records)} bản ghi / records, {len(bundle.slides)} màn hình / screens, "
          f"{len(bundle.images)} ảnh / photos")
    return 0


def add_parser(sub) -> None:
    k = sub.add_parser("kiosk", help="gói trình chiếu ngoại tuyến cho cụm thông tin đối ngoại / "
                                     "offline bundle for a foreign-information cluster (border-gate screens)")
    k.add_argument("--cluster", help="cluster id from catalog/province.yaml (kiosk), e.g. lao-bao")
    k.add_argument("--out", type=Path, help="folder to write (default: kiosk/<cluster>)")
    k.add_argument("--list", action="store_true", help="list the clusters")
    k.set_defaults(func=cmd_kiosk)
