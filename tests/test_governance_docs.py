"""The contributor guides (vi + en) explain every finding, and their commands exist."""

from __future__ import annotations

import re

from conftest import REPO
from quangba.governance.docs import GUIDES, current
from quangba.rules.rulebook import all_rules


def test_each_guide_lists_every_rule_as_rules_yaml_says_it():
    for lang, rel in GUIDES.items():
        guide = (REPO / rel).read_text("utf-8")
        assert current(guide, lang), f"{rel} is out of date: run `quangba rules --docs`"
        for rule in all_rules().values():
            assert f"**`{rule.id}`**" in guide


def test_the_vietnamese_guide_says_it_in_vietnamese():
    guide = (REPO / GUIDES["vi"]).read_text("utf-8")
    rule = all_rules()["PR-NOT-OWNER"]
    assert "Tệp này thuộc cơ quan “…”" in guide and rule.en.split("“")[0] not in guide


def test_rules_docs_rewrites_a_stale_list(repo):
    (repo.root / "docs").mkdir()
    (repo.root / "docs/contributing.en.md").write_text("# Guide\n\n<!-- rules:start -->\nOLD-LIST\n<!-- rules:end -->\nend\n")
    result = repo.run("rules", "--docs")
    assert result.code == 0 and "docs/contributing.en.md" in result.out
    text = (repo.root / "docs/contributing.en.md").read_text("utf-8")
    assert "OLD-LIST" not in text and "**`YAML-ALIAS`** (error)" in text and text.endswith("<!-- rules:end -->\nend\n")


def test_every_quangba_command_in_the_guides_exists(repo):
    for rel in GUIDES.values():
        guide = (REPO / rel).read_text("utf-8")
        for command in sorted(set(re.findall(r"quangba ([a-z][a-z-]+)", guide))):
            assert repo.run(command, "--help").code == 0, f"{rel}: quangba {command}"
