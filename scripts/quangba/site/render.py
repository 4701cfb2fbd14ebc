"""Pages written from *frames*: MkDocs + mkdocs-material + static-i18n lay out only the few
section pages and one record page per language and folder (``place/_quangba-skeleton/``),
each with marked slots instead of its own head data, banner, language entries, title and
content (the theme's ``main.html`` emits them when ``page.meta.qb.slots`` is set). Every
planned page is then its frame with the slots filled — the head, banner and language entries
through the theme's own partials, so a designer still changes them in one place.

A record page's frame sits at the same depth as the page (same folder), so every relative
link MkDocs wrote into it — assets, navigation, the section of its kind — stays right.

Frames depend only on the theme, mkdocs.yml, the languages and the section pages' titles,
never on a record: with a cache folder they are kept (with the theme's static files) under
a hash of those inputs, and a build whose sections did not change does not run MkDocs.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterable

from .urls import relative, url_of

SLOTS = ("head", "announce", "languages", "title", "content", "footer")
SKELETON = "_quangba-skeleton"  # never a record id: a slug has no underscore
FORMAT = "2"  # bump when the frame files change shape


def marker(slot: str) -> str:
    return f"<!--quangba:{slot}-->"


def frame_key(key: str) -> str:
    """The frame a page is laid out in: a section page (in the menu) is its own frame; any
    deeper page uses the skeleton page of its folder."""
    if is_section(key):
        return key
    return posixpath.dirname(key.rstrip("/")) + f"/{SKELETON}/"


def is_section(key: str) -> bool:
    return key.count("/") <= 1


@dataclass(frozen=True)
class FramePage:
    """What the MkDocs plugin sees for a frame: its meta (no content of its own)."""

    lang: str
    key: str
    title: str  # escaped; the title slot's marker for a skeleton page
    html: str = ""

    @property
    def meta(self) -> dict:
        # lang and home are the same for every page laid out in this frame (same language, same
        # depth): the search box (partials/search.html) is rendered once, here
        home = html.escape(relative(self.url, url_of(self.lang, "")), quote=True)
        # no table of contents column: planned pages have none, and the content gets its width
        return {"qb": {"slots": True, "lang": self.lang, "home": home}, "title": self.title,
                "search": {"exclude": True}, "hide": ["toc"]}

    @property
    def url(self) -> str:
        return url_of(self.lang, self.key)


def frame_pages(pages: Iterable) -> list[FramePage]:
    frames: dict[tuple[str, str], FramePage] = {}
    for page in pages:
        key = frame_key(page.key)
        if (page.lang, key) in frames:
            continue
        title = page.meta["title"] if key == page.key else marker("title")
        frames[(page.lang, key)] = FramePage(page.lang, key, title)
    return list(frames.values())


@dataclass
class Frames:
    """Each frame split at its slots: [text, slot, text, slot, …, text]."""

    parts: dict[tuple[str, str], list[str]]
    not_found: dict[str, str]  # lang -> the rendered 404 page
    static: Path  # MkDocs' output without the frames: the theme's assets, fonts, css…
    partials: Callable[[dict], dict[str, str]] | None = None
    _encoded: dict[tuple[str, str], list] = field(default_factory=dict, repr=False)

    def render(self, page) -> bytes:
        """The page's file: its frame, each slot filled, in UTF-8."""
        frame = (page.lang, frame_key(page.key))
        parts = self._encoded.get(frame)
        if parts is None:  # the frame's own text is encoded once, not again for each page
            parts = self._encoded[frame] = [p.encode("utf-8") if i % 2 == 0 else p
                                            for i, p in enumerate(self.parts[frame])]
        filled = self.partials(page.meta.get("qb", {}))
        filled["title"] = page.meta.get("title", "")
        filled["content"] = page.html
        filled["footer"] = page.meta.get("footer", "")
        out = [parts[0]]
        for i in range(1, len(parts), 2):
            out.append(filled[parts[i]].encode("utf-8"))
            out.append(parts[i + 1])
        return b"".join(out)


def split_slots(html: str) -> list[str] | None:
    """A frame split at its markers; None when the theme does not mark slots (an older copy
    of the theme in a province's repository: then MkDocs renders every page itself)."""
    if marker("content") not in html:
        return None
    parts: list[str] = []
    rest = html
    while True:
        found = [(rest.find(marker(s)), s) for s in SLOTS if marker(s) in rest]
        if not found:
            parts.append(rest)
            return parts
        at, slot = min(found)
        parts += [rest[:at], slot]
        rest = rest[at + len(marker(slot)):]


PARTIALS = {"head": "partials/quangba-head.html", "announce": "partials/quangba-announce.html",
            "languages": "partials/quangba-languages.html"}


SEPARATOR = "<!--quangba:split-->"  # no planned value can contain it: every "<" in them is escaped


def contained_loader(theme_dirs: list[str]):
    """A Jinja loader over the theme's folders (a province's overrides first) that takes a
    template only from inside its own folder: an override that is a link out of it (to
    /proc/self/environ, /etc/passwd) is passed over as if absent, so the next folder's — the
    installed theme's own — is used. ``quangba validate`` reports such a link (FILE-OUTSIDE-REPO,
    THEME-LINK); this keeps the site stage on its own from rendering it into pages."""
    import jinja2
    from jinja2.loaders import split_template_path

    class Contained(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            pieces = split_template_path(template)
            for folder in self.searchpath:
                candidate = posixpath.join(folder, *pieces)
                if os.path.isfile(candidate) and _within(os.path.realpath(candidate), os.path.realpath(folder)):
                    return jinja2.FileSystemLoader(folder, encoding=self.encoding).get_source(environment, template)
            raise jinja2.TemplateNotFound(template)

    return Contained(theme_dirs)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def load_partials(theme_dirs: list[str]) -> Callable[[dict], dict[str, str]] | None:
    """The theme's slot partials found with the same loader MkDocs uses (a province's
    overrides first), compiled once into one template: one Jinja context per page instead
    of three. None for a theme without them."""
    import jinja2

    env = jinja2.Environment(loader=contained_loader(theme_dirs), auto_reload=False)
    try:
        sources = [env.loader.get_source(env, name)[0] for name in PARTIALS.values()]
    except jinja2.TemplateNotFound:
        return None
    template = env.from_string(SEPARATOR.join(sources))
    slots = list(PARTIALS)

    def fill(qb: dict) -> dict[str, str]:
        context = template.new_context({"qb": _attributes(qb)}, shared=True)
        return dict(zip(slots, "".join(template.root_render_func(context)).split(SEPARATOR)))

    return fill


class _Attributes(dict):
    """A dict whose keys are also its attributes. Jinja looks ``qb.x`` up as an attribute
    before an item: on a plain dict each lookup first raises and catches an AttributeError,
    most of what filling the partials cost. A template finds the same values (no planned key
    is named like a dict method, which a key would hide)."""

    def __init__(self, items: dict):
        super().__init__(items)
        self.__dict__ = self


def _attributes(qb: dict) -> _Attributes:
    """The planned head data as the partials read it: its dicts, and those in its lists,
    as _Attributes (deeper ones, which the planned data has none of, are read as before)."""
    out = _Attributes(qb)
    for key, value in qb.items():
        if isinstance(value, dict):
            out[key] = _Attributes(value)
        elif isinstance(value, list):
            out[key] = [_Attributes(v) if isinstance(v, dict) else v for v in value]
    return out


def write_pages(frames: Frames, pages: Iterable, out_dir: Path, previous: Path | None = None) -> None:
    """Every page into ``out_dir``. A page whose bytes are those of the same file in
    ``previous`` (the site published before) is hard-linked to it instead: after a small
    edit almost every page is, and writing thousands of files, then deleting the old ones,
    is most of what a rebuild would cost. The bytes are compared, never assumed, so nothing
    stale is kept; nothing writes into a page file afterwards (extras and search write, or
    link, files of their own), so the published site is never changed through a link."""
    made: set[str] = set()
    for page in pages:
        rel = url_of(page.lang, page.key)
        folder = os.path.join(out_dir, rel)
        if folder not in made:
            try:  # its parent (the kind's folder) is there but for the first page of a kind
                os.mkdir(folder)
            except OSError:
                os.makedirs(folder, exist_ok=True)
            made.add(folder)
        old = None if previous is None else os.path.join(previous, rel, "index.html")
        write_or_link(os.path.join(folder, "index.html"), frames.render(page), old)


def write_or_link(target: str, data: bytes, old: str | None) -> None:
    """``data`` into ``target``: a hard link to ``old`` when that holds exactly these bytes
    (no new file for the disk to make), else a new file — never written into a file already
    there, which may be a link into the site published before."""
    unlinked(target)  # e.g. MkDocs' own 404.html or sitemap.xml among the theme's files
    if old is None or not link_if_same(old, target, data):
        with open(target, "wb") as f:
            f.write(data)


def unlinked(target: str | Path) -> str | Path:
    """``target``, with any file already there removed (not written through: it may be a
    hard link into the site published before)."""
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass
    return target


def link_if_same(old: str, new: str, data: bytes) -> bool:
    """Hard-link ``new`` to ``old`` when ``old`` is a regular file holding exactly ``data``;
    False (and nothing done) otherwise, or when the file system cannot link."""
    try:
        fd = os.open(old, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        if os.read(fd, len(data) + 1) != data:  # a short read only costs the link
            return False
        os.link(old, new, follow_symlinks=False)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


# -- the frame cache ---------------------------------------------------------------------------
def inputs_digest(spec: dict, config_file: Path, theme_dirs: list[str]) -> str:
    """Everything a frame depends on: the frames asked for, mkdocs.yml, the theme's files
    (the province's overrides), the versions of MkDocs and its plugins, and quangba's own
    site package (plugin, strings)."""
    digest = hashlib.sha256()
    digest.update(FORMAT.encode())
    digest.update(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode())
    digest.update(config_file.read_bytes())
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "jinja2"):
        digest.update(f"{dist}={metadata.version(dist)}".encode())
    own = Path(__file__).resolve().parent
    for folder in [own, *(Path(d) for d in theme_dirs)]:
        if not folder.is_dir() or "site-packages" in str(folder.resolve()):
            continue  # installed themes are covered by their version
        real = folder.resolve()
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode())
                if not path.resolve().is_relative_to(real):  # a link out: never read, never copied (plugin)
                    digest.update(b"\0link-out:" + os.fsencode(os.readlink(path)) if path.is_symlink() else b"\0out")
                    continue
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


THEME_DIRS = "theme-dirs.json"


def _theme_dirs_key(config_file: Path) -> str | None:
    """What decides the theme's folders (where MkDocs looks for templates): mkdocs.yml — its
    place, since ``custom_dir`` is relative to it, and its bytes — and the installed versions
    of MkDocs and its theme and plugins. None when mkdocs.yml reads more than its own bytes
    (another file it inherits, environment variables): then only loading it tells."""
    try:
        text = config_file.read_bytes()
    except OSError:
        return None
    if b"INHERIT" in text or b"!ENV" in text:
        return None
    digest = hashlib.sha256(FORMAT.encode())
    digest.update("\0".join((sys.prefix, str(config_file.resolve()))).encode() + b"\0" + text)
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n"):
        digest.update(f"{dist}={metadata.version(dist)}".encode())
    return digest.hexdigest()


def known_theme_dirs(cache_dir: Path | None, config_file: Path) -> list[str] | None:
    """The theme's folders as the last build's MkDocs configuration gave them, when nothing
    that decides them changed (and they are all still there): loading the configuration
    (plugins, theme) only to learn them costs more than the rest of a frame-cache hit."""
    key = _theme_dirs_key(config_file) if cache_dir is not None else None
    if key is None:
        return None
    from ..util.cachefile import load_entries

    dirs = load_entries(cache_dir / THEME_DIRS, key).get("dirs")
    if not (isinstance(dirs, list) and dirs and all(isinstance(d, str) and os.path.isdir(d) for d in dirs)):
        return None
    return dirs


def remember_theme_dirs(cache_dir: Path | None, config_file: Path, dirs: list[str]) -> None:
    key = _theme_dirs_key(config_file) if cache_dir is not None else None
    if key is not None:
        from ..util.cachefile import save_entries

        save_entries(cache_dir / THEME_DIRS, key, {"dirs": [str(d) for d in dirs]})


def forget_theme_dirs(cache_dir: Path | None) -> None:
    if cache_dir is not None:
        (cache_dir / THEME_DIRS).unlink(missing_ok=True)


def save_frames(frames: Frames, where: Path) -> None:
    data = {"parts": [[lang, key, parts] for (lang, key), parts in frames.parts.items()],
            "not_found": frames.not_found}
    (where / "frames.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def load_frames(where: Path, partials) -> Frames | None:
    if not (where / "site").is_dir():
        return None
    try:
        data = json.loads((where / "frames.json").read_text("utf-8"))
        parts = {(lang, key): list(p) for lang, key, p in data["parts"]}
        return Frames(parts=parts, not_found=dict(data["not_found"]), static=where / "site", partials=partials)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a broken cache is only a slower build


def copy_static(frames: Frames, out_dir: Path, previous: Path | None = None) -> None:
    """The theme's files into a fresh output folder: copies, never links to the cache, so
    nothing written into the site afterwards can change it; a file whose bytes are those of
    the same file in ``previous`` (the site published before) is hard-linked to that one."""
    static = str(frames.static)

    def copy(source: str, target: str) -> None:
        if previous is not None:
            with open(source, "rb") as f:
                data = f.read()
            if link_if_same(os.path.join(previous, os.path.relpath(source, static)), target, data):
                return
        shutil.copy2(source, target)

    shutil.copytree(static, out_dir, dirs_exist_ok=True, copy_function=copy)


def new_cache_entry(cache_dir: Path) -> Path:
    cache_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".frames-", dir=cache_dir))


def keep_cache_entry(tmp: Path, cache_dir: Path, digest: str) -> Path:
    """Put a finished entry in place and drop older ones (one set of frames is kept)."""
    final = cache_dir / f"frames-{digest}"
    if final.exists():  # an entry that could not be read: replace it
        shutil.rmtree(final, ignore_errors=True)
    try:
        os.replace(tmp, final)
    except OSError:  # another build put a complete one in place meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    for old in cache_dir.glob("frames-*"):
        if old != final:
            shutil.rmtree(old, ignore_errors=True)
    return final
