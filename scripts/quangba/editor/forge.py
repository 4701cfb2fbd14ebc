"""The province's forge (``forge:`` in ``catalog/province.yaml``) as the web editor's backend.

Every forge gets Decap's editorial workflow: a draft is a branch, "in review" is an open
pull (merge) request — the unit of review does not change, only who can make one. Gitea
has no editorial workflow in Decap's own Gitea backend, so Gitea is driven through Decap's
Forgejo backend (Forgejo is a fork of Gitea with the same API for what the editor uses).
"""

from __future__ import annotations

from typing import Any, Mapping

FORGES = ("github", "gitlab", "gitea", "forgejo")
DEFAULT_BRANCH = "main"


def forge_type(forge: Mapping[str, str]) -> str:
    return forge.get("type") if forge.get("type") in FORGES else "github"


def editor_backend(forge: Mapping[str, str]) -> dict[str, Any]:
    """Decap's ``backend`` section for the forge."""
    kind = forge_type(forge)
    url = (forge.get("url") or "https://github.com").rstrip("/")
    backend: dict[str, Any] = {"repo": forge.get("repo", "owner/repository"),
                               "branch": forge.get("branch") or DEFAULT_BRANCH}
    if kind == "github":
        backend["name"] = "github"
        if url != "https://github.com":  # GitHub Enterprise Server
            backend["api_root"] = f"{url}/api/v3"
            backend["base_url"] = url
    elif kind == "gitlab":
        backend |= {"name": "gitlab", "api_root": f"{url}/api/v4", "base_url": url, "auth_type": "pkce",
                    "auth_endpoint": "oauth/authorize"}
    else:
        backend |= {"name": "forgejo", "api_root": f"{url}/api/v1", "base_url": url}
    if forge.get("app_id"):
        backend["app_id"] = forge["app_id"]
    return backend
