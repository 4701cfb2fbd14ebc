"""The web editor's configuration (Decap CMS ``config.yml``), generated from the schemas in
``catalog/schemas/``, the province and its agencies — never kept by hand, so a kind or a
field added to the schemas appears in the editor at the next ``quangba serve`` or
``quangba editor``.

Each kind gets an entry form for its record (``catalog/<kind>/<id>.yaml``) and one for its
text in each language of the province (``content/<lang>/<kind>/<id>.md``), Vietnamese
first; photos get one for their sidecar (``assets/media/<id>.yaml``), the photo itself
uploaded beside it. Labels are "Vietnamese / English" (``labels.yaml``), hints the
schemas' own descriptions (``x-description-vi`` first).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Mapping

import yaml

from ..catalog.codes import currencies
from ..catalog.kind_names import kind_names
from ..catalog.model import SOURCE_LANGUAGE, Catalog

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MESSAGE = ("Chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối, ví dụ le-hoi-hoa-sen / "
                "lower-case letters, digits and hyphens only")
VIETNAM_OFFSET = "+07:00"
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False,
        "picker_utc": False}
# A moment is written with the editor's own clock offset: in Vietnam, +07:00 (the pattern
# refuses any other, so a laptop set to another time zone cannot slip one in).
DATETIME = {"widget": "datetime", "format": "YYYY-MM-DDTHH:mm:ssZ", "date_format": "DD/MM/YYYY",
            "time_format": "HH:mm", "picker_utc": False,
            "pattern": [f"^\\d{{4}}-\\d{{2}}-\\d{{2}}T\\d{{2}}:\\d{{2}}:\\d{{2}}\\{VIETNAM_OFFSET}$",
                        "Giờ Việt Nam (UTC+07:00): đặt múi giờ của máy tính là Việt Nam / "
                        "Vietnam time (UTC+07:00): set the computer's time zone to Vietnam"]}
# A day, or a moment of it in Vietnam time (an event's start, a release's issue): typed, since
# the editor's date pickers cannot leave the time out at will.
DATE_OR_MOMENT = {"widget": "string",
                  "pattern": [f"^\\d{{4}}-\\d{{2}}-\\d{{2}}(T\\d{{2}}:\\d{{2}}:\\d{{2}}\\{VIETNAM_OFFSET})?$",
                              "Ngày 2026-06-01, hoặc ngày giờ Việt Nam 2026-06-01T09:00:00+07:00 / "
                              "A day, 2026-06-01, or a moment in Vietnam time, 2026-06-01T09:00:00+07:00"]}
PHOTO_FORMATS = ("jpg", "jpeg", "png", "webp")
MAX_PHOTO_BYTES = 40_000_000  # a 64-megapixel JPEG stays under it; `quangba validate` checks pixels
MEDIA_FOLDER = "assets/media"


@cache
def labels() -> dict[str, Any]:
    return yaml.safe_load(resources.files("quangba.editor").joinpath("labels.yaml").read_text("utf-8"))


def field_label(name: str) -> str:
    words = labels()["fields"].get(name)
    return f"{words['vi']} / {words['en']}" if words else name


def value_label(field: str, value: str) -> str:
    words = labels()["values"].get(field, {}).get(value)
    return f"{words['vi']} / {words['en']}" if words else value


def hint(prop: Mapping[str, Any], resolved: Mapping[str, Any]) -> str | None:
    vi = prop.get("x-description-vi") or resolved.get("x-description-vi")
    en = prop.get("description") or resolved.get("description")
    return " / ".join(part for part in (vi, en) if part) or None


class Context:
    """What a field's form needs besides its schema: the schemas' shared definitions, the
    province (languages, communes and wards) and today's agencies."""

    def __init__(self, catalog: Catalog, today: date):
        self.catalog = catalog
        self.defs: dict[str, Any] = catalog.schemas.raw["record"].get("$defs", {})
        self.languages = list(catalog.languages)
        self.agency_options = [
            {"label": f"{a.names.get('vi') or a.id} ({a.id})", "value": a.id}
            for a in catalog.agencies.values() if a.is_current(today)
        ]
        self.unit_options = [{"label": f"{u.names.get('vi') or u.id} ({u.id})", "value": u.id}
                             for u in catalog.province.admin_units]
        self.currency_options = sorted(currencies(today))

    def resolve(self, prop: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
        """(name of the shared definition it refers to, the definition) or (None, prop)."""
        ref = prop.get("$ref", "")
        if "#/$defs/" in ref:
            name = ref.rsplit("/", 1)[1]
            return name, self.defs.get(name, {})
        return None, prop


def field_config(name: str, prop: Mapping[str, Any], ctx: Context, *, required: bool) -> dict[str, Any]:
    """One schema property as a Decap field."""
    ref, resolved = ctx.resolve(prop)
    out: dict[str, Any] = {"name": name, "label": field_label(name), "required": required}
    if text := hint(prop, resolved):
        out["hint"] = text
    out.update(_widget(name, prop, ref, resolved, ctx))
    return out


def _widget(name: str, prop: Mapping[str, Any], ref: str | None, resolved: Mapping[str, Any],
            ctx: Context) -> dict[str, Any]:
    refers_to = prop.get("x-refers-to") or []
    many = prop.get("type") == "array"
    if name == "media" and many:  # a record's photos: picked among the sidecars
        return {"widget": "relation", "collection": "media", "value_field": "{{slug}}", "multiple": True,
                "search_fields": ["credit"], "display_fields": ["{{slug}}", "credit"]}
    if name == "agency" or refers_to == ["agency"]:
        return {"widget": "select", "options": ctx.agency_options}
    if len(refers_to) == 1:
        return {"widget": "relation", "collection": text_collection(SOURCE_LANGUAGE, refers_to[0]),
                "value_field": "{{slug}}", "search_fields": ["title"], "display_fields": ["title"],
                "multiple": many}
    if ref == "slug" or (many and _items_ref(prop, ctx) == "slug"):
        return _slugs(many)
    if ref == "date" or prop.get("format") == "date":
        return dict(DATE)
    if _any_of_formats(prop, ctx) >= {"date", "date-time"}:
        return dict(DATE_OR_MOMENT)
    if prop.get("format") == "date-time" or _any_of_formats(prop, ctx) >= {"date-time"}:
        return dict(DATETIME)
    if ref == "per_language":
        return per_language(ctx)
    if ref == "location":
        return location(ctx)
    if ref == "money":
        return money(ctx)
    if ref == "relation":
        return {"widget": "object", "fields": [
            {"name": "type", "label": field_label("type"), "widget": "select", "required": True,
             "options": [{"label": value_label("type", v), "value": v} for v in resolved["properties"]["type"]["enum"]]},
            {"name": "target", "label": field_label("target"), "widget": "string", "required": True,
             "pattern": [SLUG, SLUG_MESSAGE]},
        ]}
    if "enum" in resolved:
        return {"widget": "select", "options": [{"label": value_label(name, v), "value": v} for v in resolved["enum"]]}
    if many:
        items = prop.get("items", {})
        _, item = ctx.resolve(items)
        if "enum" in item:
            return {"widget": "select", "multiple": True,
                    "options": [{"label": value_label(name, v), "value": v} for v in item["enum"]]}
        if ref_items := _items_ref(prop, ctx):
            if ref_items == "relation":
                return {"widget": "list", "fields": _widget("relation", {"$ref": "#/$defs/relation"}, "relation",
                                                            ctx.defs["relation"], ctx)["fields"]}
        if item.get("type") == "object" and item.get("properties"):
            needed = set(item.get("required", []))
            return {"widget": "list", "fields": [field_config(k, v, ctx, required=k in needed)
                                                 for k, v in item["properties"].items()]}
        return {"widget": "list"}
    kind = resolved.get("type")
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind in ("number", "integer"):
        out: dict[str, Any] = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        for key in ("minimum", "maximum"):
            if key in resolved:
                out[key[:3]] = resolved[key]
        return out
    if kind == "object" and resolved.get("properties"):
        needed = set(resolved.get("required", []))
        return {"widget": "object", "fields": [field_config(k, v, ctx, required=k in needed)
                                               for k, v in resolved["properties"].items()]}
    out = {"widget": "string"}
    if pattern := resolved.get("pattern"):
        out["pattern"] = [pattern, f"Không đúng dạng yêu cầu / Not in the required form: {pattern}"]
    return out


def _items_ref(prop: Mapping[str, Any], ctx: Context) -> str | None:
    return ctx.resolve(prop.get("items", {}))[0]


def _any_of_formats(prop: Mapping[str, Any], ctx: Context) -> set[str]:
    out = set()
    for option in prop.get("anyOf", []):
        ref, resolved = ctx.resolve(option)
        out.add("date" if ref == "date" else resolved.get("format", ""))
    return out


def _slugs(many: bool) -> dict[str, Any]:
    one = {"widget": "string", "pattern": [SLUG, SLUG_MESSAGE]}
    return {"widget": "list", "field": {"name": "id", "label": field_label("id"), **one}} if many else one


def per_language(ctx: Context) -> dict[str, Any]:
    names = labels_for_languages()
    return {"widget": "object", "fields": [
        {"name": lang, "label": names.get(lang, lang), "widget": "text", "required": False}
        for lang in ctx.languages]}


@cache
def labels_for_languages() -> dict[str, str]:
    from ..site.strings import _strings

    return {lang: name for lang, name in _strings()["language_name"].items()}


def location(ctx: Context) -> dict[str, Any]:
    unit = {"name": "unit", "label": field_label("unit"), "required": False, "widget": "select",
            "options": ctx.unit_options, "hint": "Xã, phường sau sắp xếp năm 2025 (catalog/province.yaml) / "
                                                 "Commune or ward after the 2025 reform"}
    return {"widget": "object", "fields": [
        {"name": "lat", "label": field_label("lat"), "widget": "number", "value_type": "float",
         "min": -90, "max": 90, "required": False, "hint": "Ví dụ / e.g. 17.5917"},
        {"name": "lon", "label": field_label("lon"), "widget": "number", "value_type": "float",
         "min": -180, "max": 180, "required": False, "hint": "Ví dụ / e.g. 106.2833"},
        unit,
        {"name": "address", "label": field_label("address"), "required": False, **per_language(ctx)},
    ]}


def money(ctx: Context) -> dict[str, Any]:
    return {"widget": "object", "fields": [
        {"name": "amount", "label": field_label("amount"), "widget": "number", "value_type": "float",
         "min": 0, "required": True, "hint": "Ghi số, không dấu chấm ngăn cách, ví dụ 50000000000 / "
                                             "A number without separators, e.g. 50000000000"},
        {"name": "currency", "label": field_label("currency"), "widget": "select", "default": "VND",
         "required": True, "options": ctx.currency_options},
    ]}


def kind_label(kind: str) -> tuple[str, str]:
    from ..site.strings import kind_name

    names = kind_names().get(kind) or {}
    return (names.get("vi") or kind_name(kind, "vi"), names.get("en") or kind_name(kind, "en"))


def record_collection(kind: str, ctx: Context) -> dict[str, Any]:
    schemas = ctx.catalog.schemas.raw
    common, own = schemas["record"], schemas[f"record:{kind}"]
    needed = set(common.get("required", [])) | set(own.get("required", []))
    fields = []
    for name, prop in {**common.get("properties", {}), **own.get("properties", {})}.items():
        if name == "kind":
            fields.append({"name": "kind", "label": field_label("kind"), "widget": "hidden", "default": kind})
            continue
        fields.append(field_config(name, prop, ctx, required=name in needed))
    vi, en = kind_label(kind)
    return {
        "name": f"record-{kind}", "label": f"{vi} — hồ sơ / {en} — record",
        "label_singular": f"{vi} (hồ sơ)", "description": own.get("description") or own.get("title", ""),
        "folder": f"catalog/{kind}", "extension": "yaml", "format": "quangba-record", "create": True, "delete": False,
        "slug": "{{fields.id}}", "identifier_field": "id", "summary": "{{id}} · {{status}}",
        "preview_path": f"{kind}/{{{{slug}}}}/", "fields": fields,
    }


def text_collection(lang: str, kind: str) -> str:
    """The name of the collection of ``kind``'s texts in ``lang`` (its hyphens as "_", so that
    the editor's script can tell the language from the kind)."""
    return f"text-{lang.replace('-', '_')}-{kind}"


def text_collection_config(lang: str, kind: str, ctx: Context) -> dict[str, Any]:
    vi, en = kind_label(kind)
    language = labels_for_languages().get(lang, lang)
    text = ctx.catalog.schemas.raw["text"]["properties"]
    fields: list[dict[str, Any]] = [
        {"name": "id", "label": field_label("id"), "widget": "string", "required": False,
         "pattern": [SLUG, SLUG_MESSAGE],
         "hint": "Chỉ điền khi tạo mới: mã của hồ sơ (tên tệp catalog/" + kind + "/<mã>.yaml); không ghi vào tệp. / "
                 "Only for a new text: the record's id (its file name); not written into the file."},
        {"name": "title", "label": field_label("title"), "widget": "string", "required": True,
         "pattern": [f"^[\\s\\S]{{1,{text['title'].get('maxLength', 300)}}}$", "Tối đa / at most "
                     f"{text['title'].get('maxLength', 300)}"]},
        {"name": "summary", "label": field_label("summary"), "widget": "text", "required": False,
         "hint": "Một hai câu, hiện trong danh sách và khi chia sẻ / One or two sentences, shown in lists and link previews"},
    ]
    if lang != SOURCE_LANGUAGE:
        fields.append({"name": "source", "label": field_label("source"), "widget": "quangba-source",
                       "required": False, "source_collection": text_collection(SOURCE_LANGUAGE, kind),
                       "hint": hint(text["source"], {})})
        fields.append({"name": "translated", "label": field_label("translated"), "required": False, **DATE})
    fields.append({"name": "body", "label": field_label("body"), "widget": "markdown", "required": False})
    return {
        "name": text_collection(lang, kind), "label": f"{vi} — {language} / {en} — {lang}",
        "label_singular": f"{vi} ({language})", "folder": f"content/{lang}/{kind}", "extension": "md",
        "format": "quangba-text", "create": True, "delete": False, "slug": "{{fields.id}}", "identifier_field": "title",
        "summary": "{{title}}", "preview_path": portal_path(lang, kind), "fields": fields,
    }


def portal_path(lang: str, kind: str) -> str:
    """Where the record's page is on the portal (Vietnamese at the root, others under /<lang>/)."""
    prefix = "" if lang == SOURCE_LANGUAGE else f"{lang}/"
    return f"{prefix}{kind}/{{{{slug}}}}/"


def media_collection(ctx: Context) -> dict[str, Any]:
    schema = ctx.catalog.schemas.raw["media"]
    props = schema["properties"]
    needed = set(schema.get("required", []))
    licences = [{"label": f"{x['vi']} / {x['en']}", "value": x["value"]} for x in labels()["licences"]]
    if ctx.catalog.province.licence not in {x["value"] for x in licences}:
        licences.insert(0, {"label": f"Giấy phép của tỉnh / The province's licence: {ctx.catalog.province.licence}",
                            "value": ctx.catalog.province.licence})
    fields: list[dict[str, Any]] = [
        {"name": "id", "label": field_label("id"), "widget": "string", "required": False, "pattern": [SLUG, SLUG_MESSAGE],
         "hint": "Chỉ điền khi thêm ảnh mới: mã ảnh, thường trùng tên tệp ảnh (không có đuôi); không ghi vào tệp. / "
                 "Only for a new photo: its id, usually the image's file name without extension; not written into the file."},
    ]
    for name, prop in props.items():
        if name == "file":
            fields.append({"name": "file", "label": field_label("file"), "widget": "image", "required": True,
                           "choose_url": False, "hint": hint(prop, {}),
                           "media_library": {"config": {"max_file_size": MAX_PHOTO_BYTES}},
                           "pattern": [f"^[a-z0-9]+(-[a-z0-9]+)*\\.({'|'.join(PHOTO_FORMATS)})$",
                                       "Ảnh JPEG, PNG hoặc WebP; tên tệp chỉ gồm chữ thường không dấu, số và gạch nối / "
                                       "A JPEG, PNG or WebP image named with lower-case letters, digits and hyphens"]})
        elif name == "licence":
            fields.append({"name": "licence", "label": field_label("licence"), "widget": "select",
                           "required": True, "options": licences, "hint": hint(prop, {})})
        else:
            fields.append(field_config(name, prop, ctx, required=name in needed))
    return {
        "name": "media", "label": "Ảnh / Photos", "label_singular": "Ảnh / Photo",
        "folder": MEDIA_FOLDER, "extension": "yaml", "format": "quangba-sidecar", "create": True, "delete": False,
        "slug": "{{fields.id}}", "identifier_field": "credit", "summary": "{{filename}} · {{credit}}",
        "media_folder": "", "public_folder": "", "fields": fields,
    }


def editor_config(catalog: Catalog, today: date, *, backend: Mapping[str, Any],
                  local_backend: str | None = None) -> dict[str, Any]:
    """The whole ``config.yml``: ``backend`` from the province's forge (see ``forge.py``),
    ``local_backend`` the address of ``quangba serve``'s API when editing the working copy."""
    ctx = Context(catalog, today)
    collections: list[dict[str, Any]] = [media_collection(ctx)]
    raw = catalog.schemas.raw
    # the public kinds first; the press office's internal register after them
    kinds = sorted(catalog.schemas.kinds, key=lambda k: bool(raw[f"record:{k}"].get("x-internal")))
    for kind in kinds:
        collections.append(record_collection(kind, ctx))
        collections.extend(text_collection_config(lang, kind, ctx) for lang in ctx.languages)
    config: dict[str, Any] = {
        "backend": dict(backend),
        "media_folder": MEDIA_FOLDER,
        "public_folder": "",
        "locale": "vi",
        "site_url": catalog.province.base_url,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    if local_backend:
        config["local_backend"] = {"url": local_backend, "allowed_hosts": ["127.0.0.1", "localhost"]}
        # "View live" opens the page in the local preview beside the editor
        config["site_url"] = local_backend.split("/api/", 1)[0] + "/"
    return config


def render(config: Mapping[str, Any]) -> str:
    header = ("# Generated by quangba from catalog/schemas/ and catalog/province.yaml: do not edit;\n"
              "# change the schemas (or scripts/quangba/editor/labels.yaml) instead.\n")
    return header + yaml.safe_dump(dict(config), allow_unicode=True, sort_keys=False, width=100)
