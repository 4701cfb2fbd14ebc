"""The files a province repository needs for pull requests, installed by ``quangba templates``:
a pull-request template with a vi/en checklist, a CI workflow that runs ``check-pr`` and
builds a preview, and a pre-commit hook that runs the validator before each commit."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TEMPLATES = {  # template (in the quangba package) → where it goes in the repository
    "github/pull_request_template.md": ".github/pull_request_template.md",
    "github/workflows/quangba.yml": ".github/workflows/quangba.yml",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
}


def template_text(name: str) -> str:
    return resources.files("quangba").joinpath("templates", *name.split("/")).read_text("utf-8")


def install(root: Path, *, overwrite: bool = False) -> list[tuple[str, bool]]:
    """Write each template into ``root``; existing files are kept unless ``overwrite``.
    Returns (target, written) for each."""
    done = []
    for name, target in TEMPLATES.items():
        path = root / target
        if path.exists() and not overwrite:
            done.append((target, False))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template_text(name), "utf-8")
        done.append((target, True))
    return done
