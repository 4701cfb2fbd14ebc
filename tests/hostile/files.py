"""Hostile links and files in a province's repository and from translators (issue 21, items 3
and 4), made at run time by the generators here: links are never committed (a checkout on
another system would not keep them, and the repository itself must not hold one). The small
files beside this module are the translators' files that need no generating."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
# a planted secret, as the build's environment would hold one
SECRET = "CI_TOKEN=ghp_SECRET_FROM_THE_ENVIRONMENT"
# a PO "file" whose content is a path: polib would open /etc/passwd in its place
PO_IS_A_PATH = HERE / "po-is-a-path.po"
# Vietnamese typed with separate marks: what fix-nfc rewrites
DECOMPOSED = "---\ntitle: Ba\u0303i bie\u0302\u0309n\nsummary: y\n---\nx\n"


def theme_links_out(root: Path, outside: Path) -> None:
    """The issue's two theme links: the build's environment and /etc/passwd (the environment
    stood in for by a planted secret in ``outside``)."""
    secret = outside / "environ"
    secret.write_text(SECRET + "\n", "utf-8")
    os.symlink(secret, root / "assets/theme/env.txt")
    os.symlink("/etc/passwd", root / "assets/theme/x.css")


def theme_link_to_a_record(root: Path, record: str = "catalog/place/nhat-le-beach.yaml") -> str:
    """A theme file that is a link to a record (an internal one would be published)."""
    os.symlink(f"../../{record}", root / "assets/theme/record.txt")
    return "assets/theme/record.txt"


def theme_template_link_out(root: Path, outside: Path) -> None:
    """A template override (mkdocs-material has its own footer) that is a link out."""
    secret = outside / "environ"
    if not secret.exists():
        secret.write_text(SECRET + "\n", "utf-8")
    os.symlink(secret, root / "assets/theme/partials/footer.html")


def content_link_out(root: Path, outside: Path) -> Path:
    """A text in content/ that is a link to a file outside the repository, not in NFC."""
    target = outside / "outside.md"
    target.write_text(DECOMPOSED, "utf-8")
    os.symlink(target, root / "content/vi/place/linked.md")
    return target


def po_pointing_at(path: Path, into: Path) -> Path:
    """A PO "file" whose whole content names another file."""
    pointer = into / "pointer.po"
    pointer.write_text(str(path), "utf-8")
    return pointer
