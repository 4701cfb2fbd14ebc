"""The web editor's local backend: the small HTTP API of Decap's proxy server (decap-server,
``MODE=fs``), answered by ``quangba serve`` in Python so that editing the working copy needs
no Node. The editor posts ``{"action": ..., "params": {...}}`` to ``/api/v1``.

Every path is held inside the repository and, for writing, inside the folders the editor
edits (``catalog/``, ``content/``, ``assets/media/``); symbolic links that lead out are
refused. A save that changes nothing changes no byte, and a save that changes some fields
keeps every other line of the file as it was (see ``keep.py``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .keep import merged

WRITABLE = ("catalog", "content", "assets/media")
MAX_UPLOAD_BYTES = 40_000_000
MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


class Refused(Exception):
    """A request the backend will not carry out (answered 422 with the reason)."""


@dataclass
class LocalBackend:
    root: Path
    on_write: Callable[[list[str]], None] | None = None  # told which files a save wrote

    def __post_init__(self) -> None:
        self.root = self.root.resolve()

    # -- paths ---------------------------------------------------------------------------
    def inside(self, rel: str, *, writing: bool = False) -> Path:
        """The repository file ``rel`` names, or Refused when it lies outside."""
        if not isinstance(rel, str) or not rel or "\x00" in rel or rel.startswith(("/", "\\")):
            raise Refused(f"not a repository path: {rel!r}")
        full = (self.root / rel).resolve()
        if not full.is_relative_to(self.root):
            raise Refused(f"outside the repository: {rel}")
        if writing:
            relative = full.relative_to(self.root).as_posix()
            if not any(relative == w or relative.startswith(w + "/") for w in WRITABLE):
                raise Refused(f"the editor writes only under {', '.join(WRITABLE)}: {rel}")
        return full

    def relative(self, full: Path) -> str:
        return full.relative_to(self.root).as_posix()

    # -- the API -------------------------------------------------------------------------
    def handle(self, body: Any) -> Any:
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            raise Refused("expected {action, params}")
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise Refused("params must be an object")
        action = getattr(self, "action_" + body["action"], None)
        if action is None:
            raise Refused(f"Unknown action {body['action']}")
        return action(params)

    def action_info(self, params: dict) -> Any:
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def action_entriesByFolder(self, params: dict) -> Any:
        folder = self.inside(params.get("folder", ""))
        extension = str(params.get("extension", ""))
        depth = int(params.get("depth", 1))
        files = sorted(self._list(folder, extension, depth))
        return [self._entry(self.relative(f)) for f in files]

    def action_entriesByFiles(self, params: dict) -> Any:
        return [self._entry(f.get("path", ""), f.get("label")) for f in params.get("files", [])]

    def action_getEntry(self, params: dict) -> Any:
        return self._entry(params.get("path", ""))

    def action_persistEntry(self, params: dict) -> Any:
        entry = params.get("entry")
        data_files = params.get("dataFiles") or ([entry] if entry else [])
        writes: list[tuple[Path, bytes]] = []
        for data_file in data_files:
            target = self.inside(data_file.get("path", ""), writing=True)
            new_path = data_file.get("newPath")
            if new_path and new_path != data_file.get("path"):
                raise Refused("renaming a record is not done from the editor: its id never changes")
            raw = str(data_file.get("raw", ""))
            old = target.read_text("utf-8") if target.is_file() else None
            writes.append((target, merged(old, raw, target.suffix).encode("utf-8")))
        for asset in params.get("assets") or []:
            writes.append((self.inside(asset.get("path", ""), writing=True), self._decoded(asset)))
        written = [self.relative(path) for path, content in writes if self._write(path, content)]
        if written and self.on_write:
            self.on_write(written)
        return {"message": "entry persisted"}

    def action_getMedia(self, params: dict) -> Any:
        folder = self.inside(params.get("mediaFolder", ""))
        files = sorted(f for f in self._list(folder, "", 1) if f.suffix.lower() in MEDIA_SUFFIXES)
        return [self._media(f) for f in files]

    def action_getMediaFile(self, params: dict) -> Any:
        return self._media(self.inside(params.get("path", "")))

    def action_persistMedia(self, params: dict) -> Any:
        asset = params.get("asset") or {}
        target = self.inside(asset.get("path", ""), writing=True)
        if target.suffix.lower() not in MEDIA_SUFFIXES:
            raise Refused("only JPEG, PNG or WebP photos are uploaded")
        self._write(target, self._decoded(asset))
        if self.on_write:
            self.on_write([self.relative(target)])
        return self._media(target)

    def action_deleteFile(self, params: dict) -> Any:
        self._delete([params.get("path", "")])
        return {"message": "deleted"}

    def action_deleteFiles(self, params: dict) -> Any:
        self._delete(list(params.get("paths") or []))
        return {"message": "deleted"}

    def action_getDeployPreview(self, params: dict) -> Any:
        return None

    # -- files ---------------------------------------------------------------------------
    def _list(self, folder: Path, extension: str, depth: int) -> list[Path]:
        if depth <= 0 or not folder.is_dir():
            return []
        out: list[Path] = []
        for child in folder.iterdir():
            resolved = child.resolve()
            if not resolved.is_relative_to(self.root):
                continue  # a link out of the repository is not followed
            if child.is_dir():
                out.extend(self._list(child, extension, depth - 1))
            elif child.name.endswith(extension) and not child.name.startswith("."):
                out.append(child)
        return out

    def _entry(self, rel: str, label: str | None = None) -> dict[str, Any]:
        try:
            content = self.inside(rel).read_bytes()
        except (OSError, Refused):
            return {"data": None, "file": {"path": rel, "label": label, "id": None}}
        return {"data": content.decode("utf-8", "replace"),
                "file": {"path": rel, "label": label, "id": hashlib.sha256(content).hexdigest()}}

    def _media(self, full: Path) -> dict[str, Any]:
        content = full.read_bytes()
        return {"id": hashlib.sha256(content).hexdigest(), "content": base64.b64encode(content).decode("ascii"),
                "encoding": "base64", "path": self.relative(full), "name": full.name}

    @staticmethod
    def _decoded(asset: dict) -> bytes:
        if asset.get("encoding") != "base64":
            raise Refused("assets come base64-encoded")
        try:
            content = base64.b64decode(str(asset.get("content", "")), validate=True)
        except (binascii.Error, ValueError) as error:
            raise Refused(f"not base64: {error}") from None
        if len(content) > MAX_UPLOAD_BYTES:
            raise Refused(f"larger than {MAX_UPLOAD_BYTES // 1_000_000} MB")
        return content

    @staticmethod
    def _write(path: Path, content: bytes) -> bool:
        """Write if different; True when the file changed."""
        if path.is_file() and path.read_bytes() == content:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.editor-tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
        return True

    def _delete(self, paths: list[str]) -> None:
        targets = [self.inside(p, writing=True) for p in paths]
        for target in targets:
            if target.is_file():
                target.unlink()
        if targets and self.on_write:
            self.on_write([self.relative(t) for t in targets])


def answer(backend: LocalBackend, body: bytes) -> tuple[int, bytes]:
    """(HTTP status, JSON body) for one request body."""
    try:
        result = backend.handle(json.loads(body.decode("utf-8")))
    except (Refused, ValueError, TypeError, KeyError) as error:
        return 422, json.dumps({"error": str(error)}).encode("utf-8")
    except OSError as error:
        return 500, json.dumps({"error": f"{type(error).__name__}: {error.strerror or error}"}).encode("utf-8")
    return 200, json.dumps(result, ensure_ascii=False).encode("utf-8")
