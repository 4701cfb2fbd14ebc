"""The files a province repository needs for pull requests, installed by ``quangba templates``
for the forge named in ``catalog/province.yaml`` (GitHub, GitLab, Gitea or Forgejo; see
``forges.py``): a pull/merge-request template with a vi/en checklist, CI that runs
``check-pr`` (findings where that forge shows them) and builds a preview, the build and
publication on merge and every hour, CODEOWNERS where that forge reads it, and a
pre-commit hook that runs the validator before each commit."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .forges import TEMPLATES as FORGE_TEMPLATES

TEMPLATES = FORGE_TEMPLATES["github"]  # template (in the quangba package) → where it goes (GitHub's)


def template_text(name: str) -> str:
    return resources.files("quangba").joinpath("templates", *name.split("/")).read_text("utf-8")


def install(root: Path, *, overwrite: bool = False) -> list[tuple[str, bool]]:
    """Write each template of the province's forge into ``root``; existing files are kept
    unless ``overwrite``. Returns (target, written) for each."""
    files = {target: template_text(name) for name, target in _templates(root).items()}
    codeowners = _forge_codeowners(root)
    if codeowners:
        files[codeowners[0]] = codeowners[1]
    done = []
    for target, content in files.items():
        path = root / target
        if path.exists() and not overwrite and not target.endswith("CODEOWNERS"):
            done.append((target, False))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
        done.append((target, True))
    return done


def _catalog(root: Path):
    from ..catalog.load import load_catalog

    return load_catalog(root).catalog


def _templates(root: Path) -> dict[str, str]:
    from .forges import templates_for

    if not (root / "catalog" / "province.yaml").is_file():
        return TEMPLATES
    return templates_for(_catalog(root))


def _forge_codeowners(root: Path) -> tuple[str, str] | None:
    """(path, content) of the CODEOWNERS the forge reads (always rewritten: it follows
    catalog/agencies.yaml, as `quangba build` keeps it)."""
    if not (root / "catalog" / "province.yaml").is_file():
        return None
    from . import codeowners
    from .forges import codeowners_for

    catalog = _catalog(root)
    generated = codeowners.generate(catalog)
    return codeowners_for(catalog, generated) or (codeowners.CODEOWNERS_PATH, generated)
