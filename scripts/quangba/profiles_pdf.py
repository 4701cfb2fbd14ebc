"""``quangba profiles-pdf``: the one-page project profiles of a built portal as PDF files, for
investment conferences. Opt-in and separate from ``quangba build``, so that building the
portal never needs Chromium: it prints each ``project/<id>/profile/`` page of ``site/`` with
headless Chromium (``/usr/bin/chromium`` or ``--chromium``) from the file system, with every
host name unresolvable — a profile loads nothing from another host anyway.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .catalog.model import SOURCE_LANGUAGE

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--no-pdf-header-footer",
         "--host-resolver-rules=MAP * ~NOTFOUND")
TIMEOUT_SECONDS = 120


class ProfilesError(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


@dataclass(frozen=True)
class Profile:
    record_id: str
    lang: str
    page: Path  # the profile's index.html in the built site


@dataclass(frozen=True)
class Printed:
    profile: Profile
    pdf: Path
    pages: int


def find_chromium(given: str | None) -> str:
    for candidate in ((given,) if given else CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    shown = given or "/usr/bin/chromium"
    raise ProfilesError(
        f"Không tìm thấy trình duyệt Chromium ({shown}) để in hồ sơ dự án ra PDF. Cài bằng “apt-get install chromium” "
        "hoặc chỉ đường dẫn bằng --chromium. Cổng thông tin vẫn in được từ trình duyệt: mở trang hồ sơ và chọn In.",
        f"Chromium ({shown}) was not found, so the project profiles cannot be printed to PDF. Install it with "
        "“apt-get install chromium” or give its path with --chromium. The portal's profile pages still print "
        "from any browser: open a profile and choose Print.")


def profiles_in(site: Path, languages: tuple[str, ...]) -> list[Profile]:
    out = []
    for page in sorted(site.glob("**/project/*/profile/index.html")):
        parts = page.relative_to(site).parts  # [lang/]project/<id>/profile/index.html
        if len(parts) == 4 and parts[0] == "project":
            lang = SOURCE_LANGUAGE
        elif len(parts) == 5 and parts[0] in languages and parts[1] == "project":
            lang = parts[0]
        else:
            continue  # not a profile page of the portal's layout
        out.append(Profile(record_id=parts[-3], lang=lang, page=page))
    return out


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def print_profiles(site: Path, out: Path, languages: tuple[str, ...], chromium: str) -> list[Printed]:
    profiles = profiles_in(site, languages)
    if not profiles:
        raise ProfilesError(
            f"Không có hồ sơ dự án nào trong {site}. Chạy “quangba build” trước (cần ít nhất một dự án đã công bố).",
            f"There is no project profile in {site}. Run “quangba build” first (it needs at least one published project).")
    out.mkdir(parents=True, exist_ok=True)
    printed = []
    with tempfile.TemporaryDirectory(prefix="quangba-chromium-") as profile_dir:
        for profile in profiles:
            pdf = out / f"{profile.record_id}.{profile.lang}.pdf"
            command = [chromium, *FLAGS, f"--user-data-dir={profile_dir}", f"--print-to-pdf={pdf}",
                       profile.page.resolve().as_uri()]
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
            if result.returncode != 0 or not pdf.is_file():
                raise ProfilesError(
                    f"Chromium không in được {profile.page} (mã lỗi {result.returncode}): {result.stderr.strip()[-300:]}",
                    f"Chromium could not print {profile.page} (exit code {result.returncode}): {result.stderr.strip()[-300:]}")
            printed.append(Printed(profile, pdf, page_count(pdf.read_bytes())))
    return printed


def cmd_profiles_pdf(args: argparse.Namespace) -> int:
    from .catalog.load import load_catalog

    languages = load_catalog(args.root).catalog.languages
    site = args.site or args.root / "site"
    out = args.out or args.root / "build" / "profiles"
    try:
        chromium = find_chromium(args.chromium)
        printed = print_profiles(site, out, languages, chromium)
    except ProfilesError as exc:
        print(f"{exc.vi}\n{exc.en}", file=sys.stderr)
        return 2
    for item in printed:
        if item.pages > 1:
            print(f"{item.pdf}: {item.pages} trang, hồ sơ nên vừa một trang — hãy rút ngắn phần tóm tắt / "
                  f"{item.pages} pages, a profile should fit on one — shorten its summary", file=sys.stderr)
    print(f"{out}: {len(printed)} hồ sơ PDF / PDF profiles")
    return 0


def add_parser(sub) -> None:
    p = sub.add_parser("profiles-pdf", help="in hồ sơ dự án (một trang) ra PDF bằng Chromium / "
                                            "print the one-page project profiles to PDF with Chromium")
    p.add_argument("--site", type=Path, help="the built portal (default: site/)")
    p.add_argument("--out", type=Path, help="folder to write <id>.<lang>.pdf to (default: build/profiles)")
    p.add_argument("--chromium", help="the Chromium program (default: /usr/bin/chromium)")
    p.set_defaults(func=cmd_profiles_pdf)
