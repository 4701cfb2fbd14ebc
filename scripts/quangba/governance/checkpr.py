"""`quangba check-pr --base REF`: what a pull request changes, checked before a person reviews it.

1. The change is what differs between the merge base of REF and HEAD and the working tree
   (committed or not, plus new files), read with git in the repository.
2. Only findings about what the change touches, and what depends on it, are reported:
   the changed files, the records, texts and media they belong to, and the records that
   link to them, refer to them (a field its schema marks ``x-refers-to``, e.g. a project's
   ``zone``) or use them. A change to a registry or a schema touches everything.
3. Refused, whatever the validator says: a change to another agency's file, a change of a
   record's ``id`` or ``agency``, and a published record removed or made a draft again
   instead of retracted. Ownership and the contributor's rights are read from the BASE
   side, so a pull request cannot grant itself rights by editing ``agencies.yaml``.

The contributor is named with ``--agency ID`` (one or more), or found from ``--author
HANDLE`` (the pull request's author) in the base's ``reviewers`` of each agency.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..catalog.load import CATALOG_DIR, CODEOWNERS_FILE, CONTENT_DIR, MEDIA_DIR, SCHEMA_DIR, load_catalog
from ..catalog.model import Catalog, Record
from ..rules.findings import Finding, sort_findings
from ..rules.rulebook import finding
from ..rules.validate import validate
from .codeowners import generate as generate_codeowners
from .ownership import OWNER_ONLY, file_agency, may_change, media_id_of, owner_agencies, record_id_of

GLOBAL_FILES = ("catalog/agencies.yaml", "catalog/province.yaml")


class GitError(Exception):
    pass


@dataclass
class PullRequest:
    base_ref: str
    merge_base: str
    changed: list[str]  # repository-relative paths, sorted
    contributors: set[str] = field(default_factory=set)


def _git(root: Path, *args: str, binary: bool = False):
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=not binary)
    if result.returncode != 0:
        err = result.stderr if not binary else result.stderr.decode("utf-8", "replace")
        raise GitError(err.strip().splitlines()[-1] if err.strip() else f"git {args[0]} failed")
    return result.stdout


def changed_paths(root: Path, merge_base: str) -> list[str]:
    """Files that differ from ``merge_base``: committed, staged, in the working tree, or new."""
    diff = _git(root, "diff", "--name-only", "--no-renames", "-z", merge_base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    return sorted({p for p in (diff + untracked).split("\0") if p})


def base_catalog(root: Path, commit: str, into: Path) -> Catalog:
    """The catalog as it is at ``commit``, unpacked (data only, no links out) into ``into``."""
    # the photos themselves are not needed to know who owns what: only their sidecars
    wanted = [spec for p, spec in ((CATALOG_DIR, CATALOG_DIR), (CONTENT_DIR, CONTENT_DIR),
                                   (MEDIA_DIR, f":(glob){MEDIA_DIR}/**/*.yaml"))
              if _git(root, "ls-tree", "--name-only", commit, "--", p).strip()]
    if wanted:
        raw = _git(root, "archive", "--format=tar", commit, "--", *wanted, binary=True)
        with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
            tar.extractall(into, filter="data")
    if not (into / SCHEMA_DIR).is_dir():  # a repository without a catalog yet: nothing is owned
        (into / SCHEMA_DIR).parent.mkdir(parents=True, exist_ok=True)
        import shutil
        shutil.copytree(root / SCHEMA_DIR, into / SCHEMA_DIR)
    return load_catalog(into).catalog


def contributors_of(base: Catalog, agencies: list[str], author: str | None) -> set[str]:
    found = set(agencies)
    # the author may be named with several handles (an account and the teams or groups it is
    # in, as the CI knows them); a team handle in an agency's reviewers acts for that agency
    for name in re.split(r"[\s,]+", author or ""):
        if name.strip("@"):
            handle = "@" + name.lstrip("@").rstrip("/").lower()
            found |= {a.id for a in base.agencies.values() if handle in (r.lower() for r in a.reviewers)}
    return found


def check_pr(root: Path, base_ref: str, now: datetime, *, agencies: list[str] = (),
             author: str | None = None) -> list[Finding]:
    root = root.resolve()
    if base_ref.startswith("-"):  # never let a ref be read as one of git's options
        return [finding("PR-GIT", ".", base=base_ref, problem="not a branch or commit")]
    try:
        merge_base = _git(root, "merge-base", base_ref, "HEAD").strip()
        changed = changed_paths(root, merge_base)
    except (GitError, OSError) as exc:
        return [finding("PR-GIT", ".", base=base_ref, problem=str(exc))]
    loaded = load_catalog(root)
    head = loaded.catalog
    with tempfile.TemporaryDirectory(prefix="quangba-base-") as tmp:
        try:
            base = base_catalog(root, merge_base, Path(tmp))
        except (GitError, OSError, tarfile.TarError) as exc:
            return [finding("PR-GIT", ".", base=base_ref, problem=str(exc))]
    pr = PullRequest(base_ref=base_ref, merge_base=merge_base, changed=changed,
                     contributors=contributors_of(base, list(agencies), author))
    out = governance_findings(pr, base, head, now, author)
    relevant = touched(pr.changed, base, head)
    out += [f for f in validate(loaded, now) if relevant is None or f.path in relevant]
    return sort_findings(out)


# -- what the change touches ------------------------------------------------------------
def touched(changed: list[str], base: Catalog, head: Catalog) -> set[str] | None:
    """Paths whose findings concern this change; None when it touches everything."""
    if any(p in GLOBAL_FILES or p.startswith(SCHEMA_DIR + "/") for p in changed):
        return None
    paths = set(changed)
    record_ids: set[str] = set()
    media_ids: set[str] = set()
    for path in changed:
        about = record_id_of(path)
        if about is not None:
            record_ids.add(about[1])
            for catalog in (base, head):
                record_ids |= {r.id for r in catalog.records.values() if r.path == path}
        media_id = media_id_of(path, base, head)
        if media_id is not None:
            media_ids.add(media_id)
    fields_of: dict[str, tuple[str, ...]] = {}  # a kind's `x-refers-to` fields, read from its schema once
    for r in head.records.values():
        if r.kind not in fields_of:
            fields_of[r.kind] = tuple(head.reference_fields(r.kind))
        uses = r.id in record_ids or any(rel.target in record_ids for rel in r.relations) \
            or any(m in media_ids for m in r.media) \
            or any(target in record_ids for name in fields_of[r.kind] for target in r.ids(name))
        if uses:
            paths.add(r.path)
            paths |= {t.path for t in r.texts.values()}
    for m in head.media.values():
        if m.id in media_ids or m.place in record_ids:
            paths.add(m.sidecar)
            if m.file.is_relative_to(head.root):
                paths.add(m.file.relative_to(head.root).as_posix())
    for t in head.texts:
        if t.record_id in record_ids:
            paths.add(t.path)
    return paths


# -- what a change may not do -------------------------------------------------------------
def _record_at(catalog: Catalog, path: str) -> Record | None:
    return next((r for r in catalog.records.values() if r.path == path), None)


def _at(record: Record | None, rule: str, path: str, field_name: str, **params) -> Finding:
    line, col = record.line_of(field_name) if record is not None else (0, 0)
    return finding(rule, path, line=line, col=col, **params)


def governance_findings(pr: PullRequest, base: Catalog, head: Catalog, now: datetime,
                        author: str | None) -> list[Finding]:
    out: list[Finding] = []
    owners = ", ".join(owner_agencies(base)) or "?"
    if not pr.contributors:
        who = f"@{author.lstrip('@')}" if author else ""
        out.append(finding("PR-WHO", "catalog/agencies.yaml", author=who or "?", owners=owners))
    is_owner = any(base.agencies[c].owner for c in pr.contributors if c in base.agencies)
    acting = ", ".join(sorted(pr.contributors)) or "?"

    for path in pr.changed:
        if not pr.contributors:
            break
        if path == CODEOWNERS_FILE and head.codeowners == generate_codeowners(head):
            continue  # regenerated by `quangba build`: derived from files checked on their own
        agency = file_agency(path, base, head)
        if may_change(pr.contributors, agency, base):
            continue
        line, col = (0, 0)
        after = _record_at(head, path)
        if after is not None:
            line, col = after.line_of("agency")
        if agency == OWNER_ONLY:
            out.append(finding("PR-OWNER-ONLY", path, line=line, col=col, owners=owners, agencies=acting))
        else:
            out.append(finding("PR-NOT-OWNER", path, line=line, col=col, agency=agency, agencies=acting))

    # record by record: ids and agencies kept, published records never silently gone
    head_by_former = {old: r for r in head.records.values() for old in r.former_ids}
    for path in pr.changed:
        before, after = _record_at(base, path), _record_at(head, path)
        if before is None or after is None:
            continue
        if before.id != after.id and not is_owner:
            out.append(_at(after, "PR-ID-CHANGED", path, "id", old=before.id, new=after.id))
        if before.agency != after.agency and not is_owner:
            out.append(_at(after, "PR-AGENCY-CHANGED", path, "agency", old=before.agency, new=after.agency,
                           owners=owners))
    for rid, before in sorted(base.records.items()):
        if not before.is_visible(now):
            continue  # never public: a draft, internal or secret record may go
        after = head.records.get(rid)
        if after is None:
            renamed = head_by_former.get(rid)
            if renamed is not None:
                if not is_owner:
                    out.append(_at(renamed, "PR-ID-CHANGED", renamed.path, "former_ids", old=rid, new=renamed.id))
                continue
            if not (head.root / before.path).exists():  # still there but unreadable: its findings say why
                out.append(finding("PR-REMOVED-PUBLISHED", before.path, id=rid, kind=before.kind))
            continue
        if after.classification != "public":
            continue  # hiding a record that turned out to be secret must always be possible
        if not after.is_visible(now):
            embargoed = after.status != "draft"
            out.append(_at(after, "PR-UNPUBLISHED", after.path, "embargo_until" if embargoed else "status", id=rid,
                           state="under a new embargo" if embargoed else "a draft",
                           state_vi="bị đặt lệnh cấm đăng mới" if embargoed else "bản nháp"))
    return out
