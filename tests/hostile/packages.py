"""Hostile data packages, each made from a clean one by a generator here (issue 21).

A generator changes one thing in a copy of a package the way an attacker would, and states
the new size and hash of every file it changed, so that the package's own descriptor and
schema find nothing wrong: only the checks that hold a package to the project's own rules
(ids, paths, plain files) can tell. Links, pipes and links to devices are made at run time
by the tests, never committed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any, Callable

DESCRIPTOR = "datapackage.json"


def descriptor(package: Path) -> dict[str, Any]:
    return json.loads((package / DESCRIPTOR).read_text("utf-8"))


def save_descriptor(package: Path, data: dict[str, Any]) -> None:
    (package / DESCRIPTOR).write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")


def restate(package: Path, rel: str) -> None:
    """The descriptor states the file's bytes and hash as it now is."""
    data = (package / rel).read_bytes()
    d = descriptor(package)
    for entry in [*d["resources"], *d.get("quangba:schemas", [])]:
        if entry.get("path") == rel:
            entry["bytes"], entry["hash"] = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    save_descriptor(package, d)


def resource(d: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in d["resources"] if r["name"] == name)


def edit_table(package: Path, name: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
               forms: tuple[str, ...] = ("csv", "ndjson")) -> None:
    """Rewrite a table's rows in CSV (and, to keep both forms alike, in NDJSON)."""
    for form in forms:
        entry = next((r for r in descriptor(package)["resources"]
                      if r["name"] == (name if form == "csv" else f"{name}-ndjson")), None)
        if entry is None:
            continue
        path = package / entry["path"]
        if form == "csv":
            reader = csv.DictReader(io.StringIO(path.read_text("utf-8"), newline=""))
            header = list(reader.fieldnames or [])
            rows = change(list(reader))
            header = [h for h in header if not rows or h in rows[0]] + \
                [k for k in (rows[0] if rows else {}) if k not in header]
            out = io.StringIO(newline="")
            writer = csv.DictWriter(out, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            path.write_text(out.getvalue(), "utf-8", newline="")
        else:
            lines = [json.loads(x) for x in path.read_text("utf-8").split("\n") if x.strip()]
            rows = change(lines)
            path.write_text("".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
                                    for row in rows), "utf-8")
        restate(package, entry["path"])


def drop_foreign_keys(package: Path, name: str) -> None:
    """The package's own schema stops saying where a table's ids point."""
    d = descriptor(package)
    for r in d["resources"]:
        if r["name"] in (name, f"{name}-ndjson"):
            r["schema"].pop("foreignKeys", None)
    save_descriptor(package, d)


def drop_enum(package: Path, name: str, field: str) -> None:
    """The package's own schema lets any value through ``field``."""
    d = descriptor(package)
    for r in d["resources"]:
        if r["name"] in (name, f"{name}-ndjson"):
            for f in r["schema"]["fields"]:
                if f["name"] == field:
                    f.get("constraints", {}).pop("enum", None)
                    f.get("constraints", {}).pop("pattern", None)
    save_descriptor(package, d)


# -- writes outside the target of `quangba import` ---------------------------------------------
def record_id_climbs_out(package: Path, new_id: str = "../../../../pwned") -> str:
    """A record (and its texts) whose id leaves the folder it is imported into."""
    first = {}

    def records(rows):
        first["id"] = rows[0]["id"]
        rows[0]["id"] = new_id
        return rows
    edit_table(package, "records", records)
    for table, column in (("texts", "record_id"), ("relations", "source"), ("relations", "target"),
                          ("record_media", "record_id")):
        edit_table(package, table, lambda rows, c=column: [{**r, c: new_id if r.get(c) == first["id"] else r[c]}
                                                          for r in rows])
    return first["id"]


def record_kind_climbs_out(package: Path) -> None:
    drop_enum(package, "records", "kind")

    def records(rows):
        rows[0]["kind"] = "../../.."
        return rows
    edit_table(package, "records", records)


def text_lang_climbs_out(package: Path) -> None:
    drop_enum(package, "texts", "lang")

    def texts(rows):
        rows[0]["lang"] = "../../../x"
        return rows
    edit_table(package, "texts", texts)


def media_id_climbs_out(package: Path) -> None:
    """A photo's sidecar aimed at the target repository's ``.pre-commit-config.yaml``."""
    bad = "../../../.pre-commit-config"

    def media(rows):
        return [*rows, {"id": bad, "uri": "https://demo.example/id/media/x", "agency": "so-vhttdl",
                        "credit": "x", "licence": "https://creativecommons.org/licenses/by/4.0/"}]
    edit_table(package, "media", media)


def schema_path_climbs_out(package: Path) -> None:
    """A ``quangba:schemas`` entry whose path climbs out of the package (and of the target)."""
    d = descriptor(package)
    entry = d["quangba:schemas"][0]
    old = entry["path"]
    entry["path"] = "schemas/../../../../../escaped.schema.json"
    save_descriptor(package, d)
    outside = (package / entry["path"]).resolve()
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_bytes((package / old).read_bytes())


def text_without_its_record(package: Path) -> None:
    """A text whose record the package does not have (its own schema no longer says so)."""
    drop_foreign_keys(package, "texts")

    def texts(rows):
        rows.append({**rows[-1], "record_id": "no-such-record"})
        return rows
    edit_table(package, "texts", texts)


# -- reads outside the package of `quangba check-package` ---------------------------------------
def file_is_a_link(package: Path, target: Path, rel: str = "data/agencies.csv") -> None:
    """A table's file replaced by a link to ``target`` (made at run time)."""
    (package / rel).unlink()
    os.symlink(target, package / rel)


def folder_is_a_link(package: Path, outside: Path) -> None:
    """The package's data/ folder is a link to a copy of it elsewhere."""
    import shutil

    shutil.move(str(package / "data"), outside)
    os.symlink(outside, package / "data", target_is_directory=True)


def file_is_a_pipe(package: Path, rel: str = "data/agencies.csv") -> None:
    (package / rel).unlink()
    os.mkfifo(package / rel)


def path_is(package: Path, value: Any, key: str = "path", name: str = "agencies") -> None:
    """A resource's path, schema or dialect replaced by ``value`` (a URL, an absolute or
    climbing path)."""
    d = descriptor(package)
    resource(d, name)[key] = value
    save_descriptor(package, d)


def profile_is(package: Path, url: str) -> None:
    """The descriptor's ``$schema`` names a profile at a web address."""
    d = descriptor(package)
    d["$schema"] = url
    save_descriptor(package, d)


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


def descriptor_nested_deeply(package: Path) -> None:
    text = (package / DESCRIPTOR).read_text("utf-8")
    (package / DESCRIPTOR).write_text(text.rstrip()[:-1] + f', "x": {deep_json()}}}', "utf-8")


def cell_nested_deeply(package: Path) -> None:
    """An ``array`` cell (records.tags) nested a hundred thousand levels deep."""
    def records(rows):
        rows[0]["tags"] = deep_json(50_000)  # within a CSV field's size limit
        return rows
    edit_table(package, "records", records, forms=("csv",))


def ndjson_line_nested_deeply(package: Path) -> None:
    """A line of the NDJSON form whose array cell is nested a hundred thousand levels deep."""
    rel = "data/records.ndjson"
    lines = (package / rel).read_text("utf-8").split("\n")
    lines[0] = lines[0].replace('"tags":null', f'"tags":{deep_json()}', 1) if '"tags":null' in lines[0] else \
        lines[0][:-1] + f',"deep":{deep_json()}}}'
    (package / rel).write_text("\n".join(lines), "utf-8")
    restate(package, rel)


def records_without_agency(package: Path) -> None:
    """The records table loses its agency column, and its own schema says nothing of it."""
    d = descriptor(package)
    for r in d["resources"]:
        if r["name"] in ("records", "records-ndjson"):
            r["schema"]["fields"] = [f for f in r["schema"]["fields"] if f["name"] != "agency"]
            r["schema"]["foreignKeys"] = [k for k in r["schema"].get("foreignKeys", []) if k["fields"] != ["agency"]]
    save_descriptor(package, d)
    edit_table(package, "records", lambda rows: [{k: v for k, v in row.items() if k != "agency"} for row in rows])
