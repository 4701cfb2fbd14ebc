"""The review workflow on each kind of forge (``forge:`` in ``catalog/province.yaml``): where
it reads CODEOWNERS and in which syntax, and which templates ``quangba templates`` installs.

- GitHub: ``.github/CODEOWNERS`` (gitignore-style patterns, the last match wins), Actions
  workflows with annotations on the changed lines, a pull-request template.
- GitLab: ``.gitlab/CODEOWNERS`` (the same syntax), ``.gitlab-ci.yml`` whose check job
  leaves a code-quality report (the merge request's widget shows each finding), a merge
  request template.
- Gitea / Forgejo: ``.gitea/CODEOWNERS`` or ``.forgejo/CODEOWNERS`` where every line is a
  regular expression on the path, Actions workflows (the findings in the job's log and its
  status on the pull request), a pull-request template.
"""

from __future__ import annotations

import re

from ..catalog.model import Catalog
from ..editor.forge import forge_type

CODEOWNERS_FILES = {
    "github": ".github/CODEOWNERS",
    "gitlab": ".gitlab/CODEOWNERS",
    "gitea": ".gitea/CODEOWNERS",
    "forgejo": ".forgejo/CODEOWNERS",
}

_COMMON = {"pre-commit-config.yaml": ".pre-commit-config.yaml"}
TEMPLATES = {  # forge → {template in the quangba package: where it goes in the repository}
    "github": {
        "github/pull_request_template.md": ".github/pull_request_template.md",
        "github/workflows/quangba.yml": ".github/workflows/quangba.yml",
        "github/workflows/publish.yml": ".github/workflows/publish.yml",
        **_COMMON,
    },
    "gitlab": {
        "gitlab/gitlab-ci.yml": ".gitlab-ci.yml",
        "gitlab/merge_request_templates/Default.md": ".gitlab/merge_request_templates/Default.md",
        **_COMMON,
    },
    "gitea": {
        "forgejo/workflows/quangba.yml": ".gitea/workflows/quangba.yml",
        "forgejo/workflows/publish.yml": ".gitea/workflows/publish.yml",
        "github/pull_request_template.md": ".gitea/pull_request_template.md",
        **_COMMON,
    },
    "forgejo": {
        "forgejo/workflows/quangba.yml": ".forgejo/workflows/quangba.yml",
        "forgejo/workflows/publish.yml": ".forgejo/workflows/publish.yml",
        "github/pull_request_template.md": ".forgejo/pull_request_template.md",
        **_COMMON,
    },
}


def templates_for(catalog: Catalog) -> dict[str, str]:
    return TEMPLATES[forge_type(catalog.province.forge)]


def _regex_of(pattern: str) -> str:
    """A CODEOWNERS glob as written by codeowners.py (``*`` any name, ``\\`` escapes, a leading
    ``/`` anchors, a trailing ``/`` means everything below) as Gitea's path regex."""
    if pattern == "*":
        return ".*"
    out, i = [], 0
    body = pattern[1:] if pattern.startswith("/") else pattern
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(re.escape(body[i + 1]))
            i += 2
            continue
        out.append("[^/]*" if ch == "*" else re.escape(ch))
        i += 1
    regex = "".join(out)
    return f"^{regex}.*" if body.endswith("/") else f"^{regex}$"


def gitea_codeowners(text: str) -> str:
    """The GitHub-style file in Gitea's and Forgejo's syntax (a regex per line)."""
    lines = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            lines.append(line)
            continue
        parts = re.split(r"(?<!\\)\s+", line.strip(), maxsplit=1)  # a pattern's spaces are escaped
        owners = parts[1] if len(parts) > 1 else ""
        lines.append(f"{_regex_of(parts[0])} {owners}".rstrip())
    return "\n".join(lines) + "\n"


def codeowners_for(catalog: Catalog, generated: str) -> tuple[str, str] | None:
    """(path, content) of the CODEOWNERS the province's forge reads, when it is not the
    ``.github/CODEOWNERS`` that ``quangba build`` always writes."""
    kind = forge_type(catalog.province.forge)
    if kind == "github":
        return None
    content = gitea_codeowners(generated) if kind in ("gitea", "forgejo") else generated
    return CODEOWNERS_FILES[kind], content
