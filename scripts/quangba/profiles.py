"""Province profiles (``profiles/<name>/``) and ``quangba init DIR --profile NAME``.

A profile is what a province's regulation says, as data: its languages, reporting deadlines,
the agencies it names and the 2025 mergers as successor links. ``init`` turns one into a new
province repository that builds at once: schemas, portal look, a Makefile that installs this
quangba, the profile's registries and one starter record with its text in every language.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .catalog.model import SOURCE_LANGUAGE, text_version

SOURCE_TREE = Path(__file__).resolve().parents[2]  # the quangba checkout this package runs from
PROFILES_DIR = SOURCE_TREE / "profiles"
COPIED = ("catalog/schemas", "assets/theme", "mkdocs.yml")

# The starter text's wording per language; other languages get the English.
STARTER = {
    "vi": ("Giới thiệu {name}", "Trang giới thiệu chung về {name}.",
           "Đây là nội dung mẫu do quangba tạo ra. Hãy thay bằng thông tin chính thức về tỉnh."),
    "en": ("About {name}", "An introduction to {name}.",
           "This is starter text made by quangba. Replace it with official information about the province."),
    "lo": ("ກ່ຽວກັບ {name}", "ການແນະນຳກ່ຽວກັບ {name}.",
           "ນີ້ແມ່ນເນື້ອໃນຕົວຢ່າງ. ກະລຸນາປ່ຽນເປັນຂໍ້ມູນທາງການຂອງແຂວງ."),
    "zh": ("关于{name}", "{name}简介。", "这是 quangba 生成的示例文本。请替换为本省的官方信息。"),
    "th": ("เกี่ยวกับ{name}", "แนะนำ{name}", "นี่คือข้อความตัวอย่างที่ quangba สร้างขึ้น โปรดแทนที่ด้วยข้อมูลทางการของจังหวัด"),
}

MAKEFILE = """\
# Made by `quangba init --profile {profile}`. `make site` installs quangba (first run) and
# builds the portal into site/ and the data package into export/.
QUANGBA_SRC ?= {source}
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site validate translations

$(BIN)/quangba:
\t$(PYTHON) -m venv $(VENV)
\t$(BIN)/pip install --quiet --upgrade pip
\t$(BIN)/pip install --quiet -c $(QUANGBA_SRC)/constraints.txt -e $(QUANGBA_SRC)

site: $(BIN)/quangba
\t$(BIN)/quangba build

validate: $(BIN)/quangba
\t$(BIN)/quangba validate

translations: $(BIN)/quangba
\t$(BIN)/quangba translations
"""

README = """\
# {name_vi} — hệ thống dữ liệu quảng bá hình ảnh

Made from the `{profile}` profile of quangba ({basis}).

```sh
make site   # installs quangba from {source} on the first run, then builds site/ and export/
```

Start here: `catalog/province.yaml` (languages, portal address, reporting deadlines) and
`catalog/agencies.yaml` (the agencies the regulation names, with the 2025 mergers). The
record `catalog/fact-sheet/gioi-thieu.yaml` and its texts in `content/<lang>/` are starter
text: replace them. Then `git init && git add -A && git commit -m "{name_vi}"`: the duty
reports count contributions from the git history.
"""


@dataclass
class InitResult:
    root: Path
    files: list[str]


class InitError(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


def list_profiles() -> list[str]:
    return sorted(p.name for p in PROFILES_DIR.iterdir() if (p / "province.yaml").is_file()) if PROFILES_DIR.is_dir() else []


def init_repository(target: Path, profile: str, today: date) -> InitResult:
    source = PROFILES_DIR / profile
    if profile not in list_profiles():
        raise InitError(f"Không có hồ sơ tỉnh “{profile}”; có: {', '.join(list_profiles())}.",
                        f"There is no profile “{profile}”; there are: {', '.join(list_profiles())}.")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"Thư mục {target} đã có dữ liệu; quangba init chỉ tạo kho mới trong thư mục trống.",
                        f"{target} is not empty; quangba init only creates a new repository in an empty folder.")
    for rel in COPIED:
        if not (SOURCE_TREE / rel).exists():
            raise InitError(f"Không tìm thấy {rel} trong mã nguồn quangba ({SOURCE_TREE}).",
                            f"{rel} is missing from the quangba source tree ({SOURCE_TREE}).")
    province = yaml.safe_load((source / "province.yaml").read_text("utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    files: list[str] = []

    def write(rel: str, content: str) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
        files.append(rel)

    for rel in COPIED:
        src = SOURCE_TREE / rel
        if src.is_dir():
            shutil.copytree(src, target / rel)
            files.extend(p.relative_to(target).as_posix() for p in sorted((target / rel).rglob("*")) if p.is_file())
        else:
            write(rel, src.read_text("utf-8"))
    for name in ("province.yaml", "agencies.yaml"):
        write(f"catalog/{name}", (source / name).read_text("utf-8"))

    names = province.get("names", {})
    languages = [x for x in province.get("languages", [SOURCE_LANGUAGE])]
    basis = (province.get("legal_basis") or [{"title": profile}])[0]["title"]
    write("catalog/fact-sheet/gioi-thieu.yaml", "\n".join([
        "id: gioi-thieu", "kind: fact-sheet", f"agency: {province['owner']}", "status: published",
        "classification: public", f"created: {today.isoformat()}", f"modified: {today.isoformat()}",
        "topic: overview", f"as_of: {today.isoformat()}", "sample: true  # starter text: replace it", ""]))
    vi_parts = _starter(SOURCE_LANGUAGE, names)
    version = text_version(*vi_parts)
    for lang in languages:
        title, summary, body = _starter(lang, names)
        front = {"title": title, "summary": summary}
        if lang != SOURCE_LANGUAGE:
            front.update(source=version, translated=today)
        dumped = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10_000)
        write(f"content/{lang}/fact-sheet/gioi-thieu.md", f"---\n{dumped}---\n{body}\n")
    write("Makefile", MAKEFILE.format(profile=profile, source=SOURCE_TREE))
    # site and export are links into the build's own folders (.quangba-*): none is committed
    write(".gitignore", ".venv/\n/site\n/export\n.cache/\n/.quangba-*\n")
    write("README.md", README.format(name_vi=names.get("vi", profile), profile=profile, basis=basis, source=SOURCE_TREE))
    return InitResult(root=target, files=sorted(files))


def _starter(lang: str, names: dict) -> tuple[str, str, str]:
    title, summary, body = STARTER.get(lang, STARTER["en"])
    name = names.get(lang) or names.get("en") or names[SOURCE_LANGUAGE]
    return title.format(name=name), summary.format(name=name), body
