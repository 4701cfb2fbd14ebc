"""The web editor (Decap CMS, vendored) driven in Debian's headless chromium against the
local backend of a real ``quangba serve``: what an officer does, and what lands in the
repository. Screenshots for the officers' guide (docs/editor-guide.*.md) are taken here.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
import yaml

import conftest
from browserkit import browser  # noqa: F401  (a fixture)
from conftest import NOW, Repo, jpeg, text

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs" / "editor"
SHOTS = os.environ.get("QUANGBA_EDITOR_SHOTS") == "1"  # rewrite the guide's screenshots


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def _province(root: Path) -> Repo:
    repo = Repo(root)
    shutil.copytree(conftest.REPO / "catalog" / "schemas", root / "catalog" / "schemas")
    repo.write("catalog/province.yaml", conftest.PROVINCE)
    repo.write("catalog/agencies.yaml", conftest.AGENCIES)
    repo.write("catalog/place/nhat-le-beach.yaml", conftest.PLACE)
    repo.write("content/vi/place/nhat-le-beach.md", text("Bãi biển Nhật Lệ", "Bãi biển đẹp ở Đồng Hới.", "Nước trong xanh."))
    repo.write("content/en/place/nhat-le-beach.md", text("Nhat Le beach", "A fine beach in Dong Hoi.", "Clear water."))
    repo.write("assets/media/nhat-le.jpg", jpeg())
    repo.write("assets/media/nhat-le.yaml", conftest.SIDECAR)
    repo.write(".gitignore", ".cache/\nsite/\nexport/\n")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "start")
    return repo


@contextmanager
def _serving(repo: Repo) -> Iterator[str]:
    """``quangba serve`` running on ``repo``, as an officer starts it; yields its address."""
    port = _free_port()
    env = {**os.environ, "QUANGBA_NOW": NOW}
    log = open(repo.root.parent / "serve.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "quangba.cli", "--root", str(repo.root), "serve", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(address + "/admin/config.yml", timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, (repo.root.parent / "serve.log").read_text()
        time.sleep(0.5)
    try:
        yield address
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A province repository with ``quangba serve`` running on it: (repo, address)."""
    repo = _province(tmp_path_factory.mktemp("editor") / "province")
    with _serving(repo) as address:
        yield repo, address


def _changed(root: Path) -> list[str]:
    return sorted(line[3:] for line in _git(root, "status", "--porcelain", "--untracked-files=all").splitlines())


def _commit(root: Path) -> None:
    _git(root, "add", "-A")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "saved from the editor")


class Officer:
    """A browser tab on the editor, in the officer's language."""

    def __init__(self, browser, address: str, locale: str = "vi-VN"):  # noqa: F811
        self.context = browser.new_context(locale=locale, timezone_id="Asia/Ho_Chi_Minh",
                                           viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: None if request.url.startswith((address, "data:", "blob:"))
                     else self.foreign.append(request.url))
        self.address = address
        self.visits = 0

    def sign_in(self, button: str = "Đăng nhập") -> None:
        self.page.goto(self.address + "/admin/")
        self.page.get_by_role("button", name=button).click()
        self.page.get_by_role("navigation").first.wait_for()

    def open(self, fragment: str) -> None:
        """A fresh page load (a new query string) on the editor's route ``fragment``."""
        self.visits += 1
        self.page.goto(f"{self.address}/admin/?visit={self.visits}#/{fragment}")
        self.page.get_by_text("Đang viết trong nhóm").first.wait_for()

    def field(self, label: str):
        """The input of the field labelled ``label`` (Decap adds "(optional)" to some labels)."""
        return self.page.get_by_label(re.compile("^" + re.escape(label)))

    def pick(self, label: str, option: str) -> None:
        self.field(label).click()
        self.page.get_by_text(option, exact=True).last.click()

    def publish(self) -> None:
        self.page.get_by_role("button", name="Ghi vào kho").click()
        self.page.get_by_text("Công bố ngay").click()

    def wait_saved(self) -> None:
        """Until the editor says the entry is saved (the local backend has written it)."""
        self.page.get_by_text("Đã lưu thay đổi", exact=True).wait_for()

    def shot(self, name: str) -> None:
        if SHOTS:
            DOCS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(DOCS / f"{name}.png"))

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], self.errors
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"


@pytest.fixture
def officer(browser, editor):  # noqa: F811
    tab = Officer(browser, editor[1])
    yield tab
    if os.environ.get("QUANGBA_EDITOR_DEBUG"):
        tab.page.screenshot(path=os.environ["QUANGBA_EDITOR_DEBUG"])
    tab.close()


def test_the_interface_is_vietnamese_for_a_vietnamese_browser_and_english_otherwise(browser, editor):  # noqa: F811
    vietnamese = Officer(browser, editor[1], "vi-VN")
    vietnamese.sign_in("Đăng nhập")
    nav = vietnamese.page.get_by_role("navigation").first.inner_text()
    assert "Nội dung" in nav and "Ảnh" in nav
    assert vietnamese.page.get_by_text("Địa danh và di sản — hồ sơ / Places and heritage — record").count()
    vietnamese.shot("01-collections")
    # every phrase of the interface has Vietnamese, so none falls back to English or to nothing
    missing = vietnamese.page.evaluate("""() => {
        const flat = (o, p = '') => Object.entries(o).flatMap(([k, v]) =>
            typeof v === 'object' ? flat(v, p + k + '.') : [[p + k, v]]);
        const vi = Object.fromEntries(flat(CMS.getLocale('vi')));
        return flat(CMS.getLocale('en')).map(([k]) => k).filter(k => !vi[k] || !String(vi[k]).trim());
    }""")
    assert missing == []
    vietnamese.close()

    english = Officer(browser, editor[1], "en-GB")
    english.sign_in("Login")
    assert "Contents" in english.page.get_by_role("navigation").first.inner_text()
    english.close()


def test_editing_a_place_summary_changes_only_that_text_file(officer, editor):
    repo, _ = editor
    before = repo.read("content/vi/place/nhat-le-beach.md")
    officer.sign_in()
    officer.open("collections/text-vi-place/entries/nhat-le-beach")
    summary = officer.field("Tóm tắt / Summary")
    summary.fill("Bãi biển cát trắng đẹp nhất Đồng Hới.")
    officer.shot("02-edit-summary")
    officer.publish()
    officer.wait_saved()
    assert _changed(repo.root) == ["content/vi/place/nhat-le-beach.md"]
    after = repo.read("content/vi/place/nhat-le-beach.md")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert len(changed) == 1 and changed[0][1].startswith("summary:") and "cát trắng" in changed[0][1]
    _commit(repo.root)
    # "view live" opens the record's page in the preview beside the editor, which has the edit
    live = officer.page.get_by_role("link", name="Xem trên cổng").get_attribute("href")
    assert live == f"{editor[1]}/place/nhat-le-beach/"
    deadline = time.monotonic() + 120
    while "cát trắng" not in urllib.request.urlopen(live, timeout=10).read().decode("utf-8"):
        assert time.monotonic() < deadline, "the preview was not rebuilt after the save"
        time.sleep(1)


def test_a_translation_saved_from_the_editor_records_the_vietnamese_version(officer, editor):
    from quangba.catalog.load import load_catalog

    repo, _ = editor
    officer.sign_in()
    officer.open("collections/text-en-place/entries/nhat-le-beach")
    officer.field("Tóm tắt / Summary").fill("The finest white-sand beach of Đồng Hới.")
    officer.page.get_by_text("On saving, the translation records the current Vietnamese version").wait_for()
    officer.shot("03-translation")
    officer.publish()
    officer.wait_saved()
    assert _changed(repo.root) == ["content/en/place/nhat-le-beach.md"]
    catalog = load_catalog(repo.root, cache=False).catalog
    record = catalog.records["nhat-le-beach"]
    assert record.texts["en"].source == record.source_text.version
    assert record.translation_state("en") == "current"
    _commit(repo.root)


def test_a_required_field_left_empty_is_refused_with_a_message_in_vietnamese(officer, editor):
    repo, _ = editor
    officer.sign_in()
    officer.open("collections/record-press-release/new")
    officer.field("Mã bản ghi / Id").fill("thong-cao-thieu")
    officer.pick("Cơ quan chủ quản / Owning agency", "Sở Văn hóa, Thể thao và Du lịch (so-vhttdl)")
    officer.publish()
    officer.page.get_by_text("Còn trường bắt buộc chưa điền").first.wait_for()
    assert officer.page.get_by_text("Chưa điền “Thời điểm phát hành / Issued”: trường này bắt buộc.").count() == 1
    officer.shot("04-required")
    assert _changed(repo.root) == []
    # Decap ends the refused save by rejecting its promise without a reason: that is the refusal
    officer.errors = [e for e in officer.errors if e != "undefined"]


def test_a_press_release_with_an_english_translation_and_a_photo(officer, editor, tmp_path):
    repo, _ = editor
    photo = tmp_path / "hoi-nghi-xuc-tien.jpg"
    photo.write_bytes(jpeg(120, 80, "#c33"))
    page = officer.page
    officer.sign_in()

    # 1. the photo and its sidecar
    officer.open("collections/media/new")
    officer.field("Mã bản ghi / Id").fill("hoi-nghi-xuc-tien")
    page.get_by_role("button", name="Chọn ảnh").click()
    page.get_by_text("Tải ảnh lên").wait_for()
    page.locator("input[type=file]").set_input_files(str(photo))  # the "upload" button's file input
    officer.shot("05-photo-upload")
    page.get_by_role("button", name="Chọn ảnh này").click()
    officer.pick("Cơ quan chủ quản / Owning agency", "Sở Văn hóa, Thể thao và Du lịch (so-vhttdl)")
    officer.field("Tác giả ảnh / Credit").fill("Nguyễn Văn A / Báo Thử")
    officer.pick("Giấy phép / Licence", "CC BY 4.0 (ghi nguồn) / CC BY 4.0 (attribution)")
    officer.field("Tiếng Việt").nth(0).fill("Hội nghị xúc tiến đầu tư.")  # the caption
    officer.field("English").nth(0).fill("The investment promotion conference.")
    officer.field("Tiếng Việt").nth(1).fill("Hội trường đông người dự hội nghị.")  # the alternative text
    officer.field("English").nth(1).fill("A conference hall full of delegates.")
    officer.pick("Đồng ý của người trong ảnh / Consent of people shown",
                 "Không có người nhận diện được / No recognisable people")
    officer.shot("05-photo")
    officer.publish()
    officer.wait_saved()

    # 2. the record
    officer.open("collections/record-press-release/new")
    officer.field("Mã bản ghi / Id").fill("thong-cao-xuc-tien")
    officer.pick("Cơ quan chủ quản / Owning agency", "Sở Văn hóa, Thể thao và Du lịch (so-vhttdl)")
    officer.pick("Trạng thái / Status", "Đã công bố / Published")
    officer.pick("Mức độ công khai / Classification", "Công khai / Public")
    officer.field("Ngày tạo / Created").fill("2026-11-20")
    officer.field("Ngày sửa đổi / Modified").fill("2026-11-20")
    officer.field("Thời điểm phát hành / Issued").fill("2026-11-20T09:00:00+07:00")
    officer.field("Ảnh / Photos").click()
    page.get_by_text("Nguyễn Văn A / Báo Thử").last.click()
    officer.shot("06-record")
    officer.publish()
    officer.wait_saved()

    # 3. the Vietnamese text, then 4. the English one
    for lang, title, summary, body in (
        ("vi", "Hội nghị xúc tiến đầu tư 2026", "Tỉnh tổ chức hội nghị xúc tiến đầu tư.", "Nội dung thông cáo."),
        ("en", "Investment promotion conference 2026", "The province holds its investment conference.", "The release."),
    ):
        officer.open(f"collections/text-{lang}-press-release/new")
        officer.field("Mã bản ghi / Id").fill("thong-cao-xuc-tien")
        officer.field("Tiêu đề / Title").fill(title)
        officer.field("Tóm tắt / Summary").fill(summary)
        page.locator("[data-slate-editor]").first.click()  # the body, in rich-text mode
        page.keyboard.type(body)
        officer.publish()
        officer.wait_saved()
    page.get_by_text("On saving, the translation records the current Vietnamese version").wait_for()
    officer.shot("07-english")

    assert _changed(repo.root) == [
        "assets/media/hoi-nghi-xuc-tien.jpg", "assets/media/hoi-nghi-xuc-tien.yaml",
        "catalog/press-release/thong-cao-xuc-tien.yaml",
        "content/en/press-release/thong-cao-xuc-tien.md", "content/vi/press-release/thong-cao-xuc-tien.md",
    ]
    assert (repo.root / "assets/media/hoi-nghi-xuc-tien.jpg").read_bytes() == photo.read_bytes()
    sidecar = repo.read("assets/media/hoi-nghi-xuc-tien.yaml")
    assert 'file: "hoi-nghi-xuc-tien.jpg"' in sidecar and "Nguyễn Văn A / Báo Thử" in sidecar and "id:" not in sidecar
    record = repo.read("catalog/press-release/thong-cao-xuc-tien.yaml")
    assert 'issued: "2026-11-20T09:00:00+07:00"' in record and "hoi-nghi-xuc-tien" in record
    result = repo.quangba("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "thong-cao-xuc-tien" not in result.stdout  # not even a warning (the translation is stamped)
    _commit(repo.root)


def test_editing_one_field_of_a_record_keeps_every_other_line_and_the_key_order(officer, editor):
    repo, _ = editor
    before = repo.read("catalog/place/nhat-le-beach.yaml")
    officer.sign_in()
    officer.open("collections/record-place/entries/nhat-le-beach")
    officer.field("Giờ mở cửa / Opening hours").fill("Cả ngày / All day")
    officer.publish()
    officer.wait_saved()
    assert _changed(repo.root) == ["catalog/place/nhat-le-beach.yaml"]
    after = repo.read("catalog/place/nhat-le-beach.yaml")
    assert after == before + 'opening_hours: "Cả ngày / All day"\n'  # flow style, quotes, order: as they were
    result = repo.quangba("validate", "catalog/place/nhat-le-beach.yaml")
    assert result.returncode == 0, result.stdout
    _commit(repo.root)


RECORD_IN_ITS_OWN_ORDER = """\
kind: event
id: order-test
status: draft
agency: so-vhttdl
classification: public
modified: "2026-02-01"
created: "2026-01-01"
event_type: festival
start: "2026-06-01"
end: "2026-06-03"
organiser: "Sở Văn hóa, Thể thao và Du lịch"
tags:
  - festival
location:
  unit: dong-hoi
  lat: 17.47
"""


def test_the_editor_format_keeps_a_file_key_order_and_is_stable(officer, editor):
    """What the editor writes on the forge (where no local merge helps): the file's own key
    order, whatever order the editor's maps hold the data in; a second save, the same bytes."""
    officer.sign_in()
    written = officer.page.evaluate("""([text, schemaOrder]) => {
        const f = CMS.getCustomFormatsFormatters()['quangba-record'];
        const shuffled = (data) => Object.fromEntries(Object.entries(data).reverse());
        const first = f.toFile(shuffled(f.fromFile(text)), schemaOrder);
        const second = f.toFile(shuffled(f.fromFile(first)), schemaOrder);
        return [first, second];
    }""", [RECORD_IN_ITS_OWN_ORDER, ["id", "kind", "agency", "status", "classification", "created", "modified"]])
    first, second = written
    assert first == second
    keys = [line.split(":")[0] for line in first.splitlines() if not line.startswith(" ")]
    assert keys == [line.split(":")[0] for line in RECORD_IN_ITS_OWN_ORDER.splitlines() if not line.startswith(" ")]
    assert yaml.safe_load(first) == yaml.safe_load(RECORD_IN_ITS_OWN_ORDER)


FORGE_SIGN_IN = {
    "github": ("https://github.com", "Đăng nhập bằng GitHub"),
    "gitlab": ("https://git.tinh.gov.vn", "Đăng nhập bằng GitLab"),
    "forgejo": ("https://code.tinh.gov.vn", "Đăng nhập bằng Forgejo"),
    "gitea": ("https://gitea.tinh.gov.vn", "Đăng nhập bằng Forgejo"),
}


@pytest.mark.parametrize("forge", sorted(FORGE_SIGN_IN))
def test_the_published_editor_accepts_its_configuration_for_each_forge(browser, tmp_path, forge):  # noqa: F811
    """Decap checks its configuration when it starts: the one made for each forge (with the
    review workflow) passes, and the sign-in page names the forge, in Vietnamese."""
    from browserkit import served

    repo = _province(tmp_path / "province")
    url, button = FORGE_SIGN_IN[forge]
    repo.write("catalog/province.yaml", repo.read("catalog/province.yaml")
               + f'forge: {{type: {forge}, url: "{url}", repo: tinh/quangba, app_id: "abc123"}}\n')
    result = repo.run("editor", "--out", str(tmp_path / "site" / "admin"))
    assert result.code == 0, result.out + result.err
    with served(tmp_path / "site") as address:
        tab = Officer(browser, address)
        tab.page.goto(address + "/admin/")
        tab.page.get_by_role("button", name=button).wait_for()
        assert tab.page.get_by_text("Lỗi cấu hình").count() == 0
        tab.foreign = [u for u in tab.foreign if not u.startswith(url)]  # the forge itself is the backend
        tab.close()


def test_a_record_of_every_kind_of_the_demo_is_edited_and_saved_line_for_line(browser, tmp_path):  # noqa: F811
    """The demo province (every kind, lists of objects, money, locations, relations): one field
    changed in the form changes that one line of the file, and the province still validates."""
    root = tmp_path / "demo"
    tracked = _git(conftest.REPO, "ls-files").splitlines()
    for rel in tracked:
        if rel.split("/", 1)[0] in ("catalog", "content", "assets", "mkdocs.yml", "Makefile", "pyproject.toml"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(conftest.REPO / rel, root / rel)
    (root / ".gitignore").write_text(".cache/\nsite/\nexport/\n", "utf-8")
    _git(root, "init", "-q")
    _commit(root)
    repo = Repo(root)
    kinds = sorted(p.name for p in (root / "catalog").iterdir() if p.is_dir() and p.name != "schemas")
    with _serving(repo) as address:
        officer = Officer(browser, address)
        officer.sign_in()
        for kind in kinds:
            record = sorted((root / "catalog" / kind).glob("*.yaml"))[0]
            officer.open(f"collections/record-{kind}/entries/{record.stem}")
            officer.field("Ngày sửa đổi / Modified").fill("2026-12-01")
            officer.publish()
            officer.wait_saved()
            diff = _git(root, "diff", "-U0", "--", f"catalog/{kind}/{record.name}")
            changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            assert len(changed) == 2 and changed[1] == '+modified: "2026-12-01"', (kind, changed)
        sidecar = sorted((root / "assets/media").glob("*.yaml"))[0]
        officer.open(f"collections/media/entries/{sidecar.stem}")
        officer.field("Tác giả ảnh / Credit").fill("Trần Thị B / Báo Quảng Trị")
        officer.publish()
        officer.wait_saved()
        diff = _git(root, "diff", "-U0", "--", f"assets/media/{sidecar.name}")
        changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        assert len(changed) == 2 and changed[1] == '+credit: "Trần Thị B / Báo Quảng Trị"', changed
        officer.close()
    assert sorted(_changed(root)) == sorted([f"assets/media/{sidecar.name}"] + [
        f"catalog/{k}/{sorted((root / 'catalog' / k).glob('*.yaml'))[0].name}" for k in kinds])
    result = repo.quangba("validate")
    assert result.returncode == 0, result.stdout
