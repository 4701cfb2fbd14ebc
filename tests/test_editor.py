"""The web editor without a browser: the vendored bundle is what was pinned, its
configuration follows the schemas, the local backend stays inside the repository and a
save keeps the file as it was wherever nothing changed. (tests/browser/test_editor_browser.py
drives the editor itself.)"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import shutil
from datetime import date

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from conftest import REPO
from quangba.catalog.load import load_catalog
from quangba.catalog.yamlfiles import parse_yaml
from quangba.editor import VENDORED, package_dir, vendored_files, vendored_version, verify_vendored, write_editor
from quangba.editor.config import editor_config
from quangba.editor.forge import editor_backend
from quangba.editor.keep import merged
from quangba.editor.localbackend import LocalBackend, Refused, answer

TODAY = date(2026, 11, 23)


# -- the vendored editor ---------------------------------------------------------------------
@pytest.mark.parametrize("name", VENDORED)
def test_vendored_packages_are_pinned_with_checksums_and_licence(name):
    folder = package_dir() / "vendor" / name
    pinned = vendored_files(name)
    version = vendored_version(name)
    assert version["name"] == name and version["version"].count(".") == 2
    assert (folder / "LICENSE").read_text("utf-8").startswith(("Copyright", "(The MIT License)"))
    on_disk = {p.name for p in folder.iterdir()} - {"LICENSE", "SHA256SUMS", "VERSION.yaml"}
    assert on_disk == set(pinned), "every vendored file is listed in SHA256SUMS, and only those"
    for file, digest in pinned.items():
        assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, file


def test_a_changed_vendored_file_is_noticed(tmp_path, monkeypatch):
    copy = tmp_path / "editor"
    shutil.copytree(package_dir(), copy)
    (copy / "vendor" / "js-yaml" / "js-yaml.min.js").write_text("/* not js-yaml */", "utf-8")
    monkeypatch.setattr("quangba.editor.package_dir", lambda: copy)
    assert verify_vendored() == ["js-yaml/js-yaml.min.js"]


def test_the_editor_page_loads_nothing_from_another_host(tmp_path):
    catalog = load_catalog(REPO).catalog
    out = write_editor(catalog, tmp_path / "admin", TODAY)
    page = (out / "index.html").read_text("utf-8")
    assert "http" not in page
    for name in ("quangba-editor.js", "vendor/decap-cms/decap-cms.js", "vendor/js-yaml/js-yaml.min.js", "config.js"):
        assert (out / name).is_file()


# -- the configuration, held to the schemas -----------------------------------------------
@pytest.fixture(scope="module")
def demo():
    return load_catalog(REPO).catalog


@pytest.fixture(scope="module")
def config(demo):
    return editor_config(demo, TODAY, backend=editor_backend(demo.province.forge))


def _collections(config):
    return {c["name"]: c for c in config["collections"]}


def _fields(collection):
    return {f["name"]: f for f in collection["fields"]}


def test_every_kind_has_a_record_form_and_a_text_form_per_language_vietnamese_first(demo, config):
    names = [c["name"] for c in config["collections"]]
    # nothing is deleted from the editor: a published record is retracted, not deleted
    assert all(c["delete"] is False for c in config["collections"])
    for kind in demo.schemas.kinds:
        record = _collections(config)[f"record-{kind}"]
        assert record["folder"] == f"catalog/{kind}" and record["extension"] == "yaml"
        texts = [n for n in names if n.startswith("text-") and n.endswith(f"-{kind}")]
        assert texts == [f"text-{lang}-{kind}" for lang in demo.languages] and texts[0] == f"text-vi-{kind}"
        assert names.index(texts[0]) == names.index(f"record-{kind}") + 1
        for lang in demo.languages:
            text = _collections(config)[f"text-{lang}-{kind}"]
            assert text["folder"] == f"content/{lang}/{kind}"
            assert text["preview_path"] == ("" if lang == "vi" else f"{lang}/") + f"{kind}/{{{{slug}}}}/"


def test_every_field_of_the_schemas_is_in_its_form_with_required_enums_and_patterns(demo, config):
    raw = demo.schemas.raw
    common = raw["record"]
    for kind in demo.schemas.kinds:
        own = raw[f"record:{kind}"]
        fields = _fields(_collections(config)[f"record-{kind}"])
        properties = {**common["properties"], **own.get("properties", {})}
        assert list(fields) == list(properties), kind
        required = set(common["required"]) | set(own.get("required", []))
        for name, prop in properties.items():
            field = fields[name]
            assert field["label"].strip() and " / " in field["label"], (kind, name)
            if name == "kind":
                assert field["widget"] == "hidden" and field["default"] == kind
                continue
            assert field["required"] is (name in required), (kind, name)
            if "enum" in prop:
                assert [o["value"] for o in field["options"]] == prop["enum"]
                assert all(" / " in o["label"] or o["label"] == o["value"] for o in field["options"])
            if prop.get("x-refers-to") == ["agency"] or name == "agency":
                assert field["widget"] == "select"
                assert {o["value"] for o in field["options"]} == {a.id for a in demo.agencies.values()
                                                                  if a.is_current(TODAY)}
            elif len(prop.get("x-refers-to", [])) == 1:
                target = prop["x-refers-to"][0]
                assert field["widget"] == "relation" and field["collection"] == f"text-vi-{target}"
                assert field["display_fields"] == ["title"]
            if "pattern" in prop:
                assert field["pattern"][0] == prop["pattern"]
            if prop.get("x-description-vi"):
                assert field["hint"].startswith(prop["x-description-vi"])


def test_dates_money_and_location_have_their_own_forms(config):
    project = _fields(_collections(config)["record-project"])
    assert project["created"]["widget"] == "datetime" and project["created"]["format"] == "YYYY-MM-DD"
    capital = {f["name"]: f for f in project["capital"]["fields"]}
    assert capital["amount"]["widget"] == "number" and "VND" in capital["currency"]["options"]
    assert capital["currency"]["default"] == "VND"
    location = {f["name"]: f for f in project["location"]["fields"]}
    assert {"lat", "lon", "unit", "address"} <= set(location)
    assert "phuong-dong-hoi" in {o["value"] for o in location["unit"]["options"]}
    embargo = _fields(_collections(config)["record-press-release"])["embargo_until"]
    assert embargo["widget"] == "datetime" and embargo["format"].endswith("Z") and "+07:00" in embargo["pattern"][0]
    day_or_moment = re.compile(_fields(_collections(config)["record-event"])["start"]["pattern"][0])
    for value, fine in (("2026-06-01", True), ("2026-06-01T09:00:00+07:00", True),
                        ("2026-06-01T09:00:00Z", False), ("01/06/2026", False)):
        assert bool(day_or_moment.match(value)) is fine, value


def test_photos_are_uploaded_beside_their_sidecar_with_licence_from_a_list(demo, config):
    media = _collections(config)["media"]
    assert media["folder"] == "assets/media" and media["media_folder"] == ""
    fields = _fields(media)
    assert fields["file"]["widget"] == "image" and fields["file"]["media_library"]["config"]["max_file_size"] > 0
    assert demo.province.licence in {o["value"] for o in fields["licence"]["options"]}
    assert set(fields) - {"id"} == set(demo.schemas.raw["media"]["properties"])


def test_a_kind_added_to_the_schemas_appears_in_the_editor(tmp_path):
    root = tmp_path / "province"
    shutil.copytree(REPO / "catalog" / "schemas", root / "catalog" / "schemas")
    shutil.copy(REPO / "catalog" / "province.yaml", root / "catalog" / "province.yaml")
    shutil.copy(REPO / "catalog" / "agencies.yaml", root / "catalog" / "agencies.yaml")
    (root / "catalog/schemas/kinds/recipe.schema.yaml").write_text(
        "title: Local dish\nrequired: [region]\nproperties:\n"
        "  region: {description: Where it comes from., enum: [coast, mountain]}\n", "utf-8")
    catalog = load_catalog(root, cache=False).catalog
    config = editor_config(catalog, TODAY, backend={"name": "github", "repo": "a/b"})
    fields = _fields(_collections(config)["record-recipe"])
    assert fields["region"]["required"] is True and [o["value"] for o in fields["region"]["options"]] == ["coast", "mountain"]
    assert fields["region"]["label"] == "region" and fields["region"]["hint"] == "Where it comes from."
    assert "text-en-recipe" in _collections(config)


@pytest.mark.parametrize("forge, name, api", [
    ({"type": "github", "url": "https://github.com", "repo": "a/b"}, "github", None),
    ({"type": "gitlab", "url": "https://git.tinh.gov.vn", "repo": "so/quangba"}, "gitlab", "https://git.tinh.gov.vn/api/v4"),
    ({"type": "forgejo", "url": "https://code.tinh.vn", "repo": "so/quangba"}, "forgejo", "https://code.tinh.vn/api/v1"),
    ({"type": "gitea", "url": "https://gitea.tinh.vn/", "repo": "so/quangba"}, "forgejo", "https://gitea.tinh.vn/api/v1"),
])
def test_the_editor_signs_in_to_the_province_forge(forge, name, api):
    backend = editor_backend(forge)
    assert backend["name"] == name and backend["repo"] == forge["repo"] and backend["branch"] == "main"
    assert backend.get("api_root") == api


def test_the_published_editor_uses_the_review_workflow_and_serve_the_working_copy(demo, tmp_path):
    forge = yaml.safe_load((write_editor(demo, tmp_path / "a", TODAY) / "config.yml").read_text("utf-8"))
    assert forge["publish_mode"] == "editorial_workflow" and "local_backend" not in forge
    local = yaml.safe_load((write_editor(demo, tmp_path / "b", TODAY, local_backend="http://127.0.0.1:8000/api/v1")
                            / "config.yml").read_text("utf-8"))
    assert "publish_mode" not in local and local["local_backend"]["url"] == "http://127.0.0.1:8000/api/v1"
    assert local["site_url"] == "http://127.0.0.1:8000/" and forge["site_url"] == demo.province.base_url


def test_every_phrase_of_the_interface_has_vietnamese():
    phrases = json.loads((package_dir() / "static" / "vi.json").read_text("utf-8"))
    assert len(phrases) > 200 and all(value.strip() for value in phrases.values())


# -- the local backend ----------------------------------------------------------------------
@pytest.fixture
def working_copy(tmp_path):
    root = tmp_path / "province"
    (root / "content/vi/place").mkdir(parents=True)
    (root / "catalog/place").mkdir(parents=True)
    (root / "content/vi/place/a.md").write_text('---\ntitle: "A"\nsummary: "Old."\n---\nBody.\n', "utf-8")
    (root / "catalog/place/a.yaml").write_text("id: a\nkind: place\ncreated: \"2026-01-01\"\ntags: [x, y]\n", "utf-8")
    (tmp_path / "outside.txt").write_text("secret", "utf-8")
    return root


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/passwd", "catalog/../../outside.txt", "", "a\x00b"])
def test_the_local_backend_reads_nothing_outside_the_repository(working_copy, path):
    backend = LocalBackend(working_copy)
    assert backend.handle({"action": "getEntry", "params": {"path": path}})["data"] is None
    status, body = answer(backend, json.dumps({"action": "getMediaFile", "params": {"path": path}}).encode())
    assert status == 422 and b"secret" not in body


def test_a_link_out_of_the_repository_is_not_followed(working_copy):
    (working_copy / "content/vi/place/link.md").symlink_to(working_copy.parent / "outside.txt")
    backend = LocalBackend(working_copy)
    listed = backend.handle({"action": "entriesByFolder", "params": {"folder": "content/vi/place", "extension": "md", "depth": 1}})
    assert [e["file"]["path"] for e in listed] == ["content/vi/place/a.md"]
    with pytest.raises(Refused):
        backend.handle({"action": "persistEntry", "params": {"dataFiles": [
            {"path": "content/vi/place/link.md", "raw": "x", "slug": "link"}], "assets": []}})


@pytest.mark.parametrize("path", ["Makefile", ".git/config", "scripts/quangba/cli.py", "catalog/../Makefile"])
def test_the_local_backend_writes_only_records_texts_and_photos(working_copy, path):
    backend = LocalBackend(working_copy)
    status, _ = answer(backend, json.dumps({"action": "persistEntry", "params": {
        "dataFiles": [{"path": path, "raw": "x", "slug": "x"}], "assets": []}}).encode())
    assert status == 422 and not (working_copy / path).exists()


def test_a_save_with_no_change_changes_no_byte_and_an_edit_only_its_line(working_copy):
    written = []
    backend = LocalBackend(working_copy, on_write=written.extend)
    before = (working_copy / "content/vi/place/a.md").read_bytes()
    restyled = "---\ntitle: A\nsummary: Old.\n---\nBody.\n"  # the editor's own quoting
    backend.handle({"action": "persistEntry", "params": {"dataFiles": [
        {"path": "content/vi/place/a.md", "raw": restyled, "slug": "a"}], "assets": []}})
    assert (working_copy / "content/vi/place/a.md").read_bytes() == before and written == []
    backend.handle({"action": "persistEntry", "params": {"dataFiles": [
        {"path": "content/vi/place/a.md", "raw": restyled.replace("Old.", "New."), "slug": "a"}], "assets": []}})
    assert (working_copy / "content/vi/place/a.md").read_text("utf-8") == '---\ntitle: "A"\nsummary: New.\n---\nBody.\n'
    assert written == ["content/vi/place/a.md"]


def test_a_photo_is_uploaded_into_assets_media_only_as_an_image(working_copy):
    backend = LocalBackend(working_copy)
    content = base64.b64encode(b"\xff\xd8\xff pretend jpeg").decode()
    backend.handle({"action": "persistMedia", "params": {"asset": {"path": "assets/media/a.jpg", "content": content, "encoding": "base64"}}})
    assert (working_copy / "assets/media/a.jpg").read_bytes().startswith(b"\xff\xd8")
    status, _ = answer(backend, json.dumps({"action": "persistMedia", "params": {
        "asset": {"path": "assets/media/run.sh", "content": content, "encoding": "base64"}}}).encode())
    assert status == 422


def test_only_the_editor_served_by_quangba_serve_may_post(working_copy):
    from quangba.serve import editor_app

    app = editor_app(working_copy, working_copy / ".cache/editor", 8000)

    def call(origin, content_type="application/json", host="127.0.0.1:8000"):
        seen = {}
        body = json.dumps({"action": "info"}).encode()
        environ = {"PATH_INFO": "/api/v1", "REQUEST_METHOD": "POST", "CONTENT_TYPE": content_type,
                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "HTTP_HOST": host}
        if origin:
            environ["HTTP_ORIGIN"] = origin
        app(environ, lambda status, headers: seen.setdefault("status", status), lambda e, s: [])
        return seen["status"]

    assert call("http://127.0.0.1:8000").startswith("200")
    assert call("https://evil.example").startswith("403")
    assert call("http://127.0.0.1:8000", "text/plain").startswith("403")
    assert call(None, host="evil.example:8000").startswith("403")  # a name rebound to 127.0.0.1


# -- keeping the file as it was ----------------------------------------------------------
SCALARS = st.one_of(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
                    st.integers(-10**6, 10**6), st.booleans())
KEYS = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
DATA = st.dictionaries(KEYS, st.one_of(SCALARS, st.lists(SCALARS, max_size=3),
                                        st.dictionaries(KEYS, SCALARS, max_size=3)), min_size=1, max_size=6)


def _read(text: str):
    doc, problems = parse_yaml("x.yaml", text)
    assert not problems
    return doc.data


@settings(max_examples=150, deadline=None)
@given(old=DATA, new=DATA, flow=st.booleans())
def test_a_merged_save_reads_back_as_the_editor_data_and_keeps_unchanged_keys(old, new, flow):
    old_text = yaml.safe_dump(old, allow_unicode=True, sort_keys=False, default_flow_style=flow)
    new_text = yaml.safe_dump(new, allow_unicode=True, sort_keys=False, default_style='"')
    result = merged(old_text, new_text, ".yaml")
    assert _read(result) == _read(new_text)
    if _read(old_text) == _read(new_text):
        assert result == old_text


def test_quangba_editor_writes_the_editor_for_the_forge(repo, tmp_path):
    repo.write("catalog/province.yaml", repo.read("catalog/province.yaml")
               + 'forge: {type: gitlab, url: "https://git.tinh.gov.vn", repo: so/quangba}\n')
    result = repo.run("editor", "--out", str(tmp_path / "admin"))
    assert result.code == 0, result.out + result.err
    config = yaml.safe_load((tmp_path / "admin/config.yml").read_text("utf-8"))
    assert config["backend"]["name"] == "gitlab" and config["backend"]["repo"] == "so/quangba"
    assert (tmp_path / "admin/vendor/decap-cms/LICENSE").is_file()


@settings(max_examples=300, deadline=None)
@given(path=st.lists(st.sampled_from(list("ab./\\~:%\x00 ") + ["..", "catalog", "content", "assets/media", "/"]),
                     max_size=12).map("".join))
def test_no_path_a_request_can_send_leads_out_of_the_repository(tmp_path_factory, path):
    root = tmp_path_factory.getbasetemp() / "fuzz-root"
    (root / "catalog").mkdir(parents=True, exist_ok=True)
    backend = LocalBackend(root)
    for writing in (False, True):
        try:
            full = backend.inside(path, writing=writing)
        except Refused:
            continue
        assert full.is_relative_to(root.resolve())
        if writing:
            assert full.relative_to(root.resolve()).parts[0] in ("catalog", "content", "assets")


def test_quangba_serve_listens_on_the_loopback_address_only(tmp_path):
    from quangba.serve import serve

    with pytest.raises(SystemExit, match="127.0.0.1"):
        serve(tmp_path, "0.0.0.0", 8000, lambda: None)
