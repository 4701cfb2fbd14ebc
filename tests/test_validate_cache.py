"""The parse cache under .cache/: a second `quangba validate` reads what the first one parsed,
and says exactly the same; a stale, damaged or foreign cache is never believed."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from conftest import Repo, text

from quangba.rules.findings import sort_findings
from quangba.catalog.load import load_catalog
from quangba.catalog.parsecache import CACHE_FILE, ParseCache, read_many

PLACE = "catalog/place/nhat-le-beach.yaml"
EN_PLACE = "content/en/place/nhat-le-beach.md"


def _break_a_few_files(repo: Repo) -> None:
    repo.edit(PLACE, "category: beach", "category: [beach")  # YAML-SYNTAX
    repo.write("content/en/event/sea-festival.md", text("Sea festival", "A festival.", "Body.", colour="blue"))
    repo.write("catalog/place/cafe.yaml", b"\xef\xbb\xbfid: cafe\n")  # FILE-BOM, then the schema


def _cache(repo: Repo) -> Path:
    return repo.root / CACHE_FILE


def test_a_second_run_reads_the_cache_and_says_exactly_the_same(repo: Repo) -> None:
    _break_a_few_files(repo)
    first = repo.run("validate", "--format", "json")
    assert _cache(repo).is_file()
    second = repo.run("validate", "--format", "json")
    assert (second.code, second.out) == (first.code, first.out)
    assert '"rule": "YAML-SYNTAX"' in second.out and '"rule": "FILE-BOM"' in second.out


def test_the_cache_answers_without_parsing_again(repo: Repo) -> None:
    repo.run("validate")
    cache = ParseCache.open(repo.root)
    raw = (repo.root / EN_PLACE).read_bytes()
    entry = cache.get(ParseCache.key("md", EN_PLACE, raw))
    assert entry is not None, "the text read by the first run is in the cache"
    before, parts, after = entry
    assert parts[0]["title"] == "Nhat Le beach" and before == [] and after == []


def test_an_edited_file_is_read_again(repo: Repo) -> None:
    assert repo.run("validate").code == 0
    repo.edit(PLACE, "category: beach", "category: [beach")
    result = repo.run("validate")
    assert result.code == 1 and "YAML-SYNTAX" in result.rules()
    repo.edit(PLACE, "category: [beach", "category: beach")
    assert repo.run("validate").code == 0


def test_without_a_cache_the_same_findings(repo: Repo) -> None:
    _break_a_few_files(repo)
    repo.run("validate")
    warm = load_catalog(repo.root)
    cold = load_catalog(repo.root, cache=False)
    assert sort_findings(warm.findings) == sort_findings(cold.findings) != []
    assert warm.catalog.records.keys() == cold.catalog.records.keys()
    assert warm.catalog.texts == cold.catalog.texts


def test_a_damaged_cache_is_ignored_and_rewritten(repo: Repo) -> None:
    _break_a_few_files(repo)
    expected = repo.run("validate", "--format", "json").out
    cache = _cache(repo)
    for damage in (b"", b"not a cache at all", cache.read_bytes()[:-100], cache.read_bytes()[:48] + b"\0" * 64):
        cache.write_bytes(damage)
        os.chmod(cache, 0o600)
        result = repo.run("validate", "--format", "json")
        assert result.out == expected and "Traceback" not in result.err
        assert cache.read_bytes() != damage, "the damaged cache is replaced by a good one"


def _forge(repo: Repo, rel: str, lie_from: bytes) -> None:
    """A cache that says the current ``rel`` reads like ``lie_from`` did, with a valid checksum."""
    cache = ParseCache.open(repo.root)
    truth = cache.entries[ParseCache.key("yaml", rel, lie_from)]
    lie = {ParseCache.key("yaml", rel, (repo.root / rel).read_bytes()): truth}
    payload = marshal.dumps(lie)
    blob = cache.version + hashlib.blake2b(payload, digest_size=32).digest() + payload
    _cache(repo).write_bytes(blob)


def test_a_cache_others_could_write_is_not_believed(repo: Repo) -> None:
    repo.run("validate")
    clean = (repo.root / PLACE).read_bytes()
    repo.edit(PLACE, "category: beach", "category: [beach")
    _forge(repo, PLACE, clean)
    os.chmod(_cache(repo), 0o666)
    result = repo.run("validate")
    assert result.code == 1 and "YAML-SYNTAX" in result.rules()


def test_a_cache_of_another_version_is_not_believed(repo: Repo) -> None:
    repo.run("validate")
    clean = (repo.root / PLACE).read_bytes()
    repo.edit(PLACE, "category: beach", "category: [beach")
    _forge(repo, PLACE, clean)
    forged = _cache(repo).read_bytes()
    _cache(repo).write_bytes(b"\x00" * 16 + forged[16:])  # as written by another parser or Python
    os.chmod(_cache(repo), 0o600)
    result = repo.run("validate")
    assert result.code == 1 and "YAML-SYNTAX" in result.rules()


def test_a_cache_that_cannot_be_written_changes_nothing(repo: Repo) -> None:
    (repo.root / ".cache").mkdir()
    (repo.root / ".cache" / "quangba").write_text("a file where the cache folder would be")
    result = repo.run("validate")
    assert result.code == 0 and "Traceback" not in result.err


def test_many_files_are_parsed_in_worker_processes_like_in_this_one(repo: Repo, monkeypatch) -> None:
    for n in range(40):
        repo.write(f"catalog/place/p{n}.yaml", f"id: p{n}\nkind: place\nname: [x{n}\n" if n % 7 == 0 else f"id: p{n}\n")
    jobs = [("yaml", f"catalog/place/p{n}.yaml", repo.root / f"catalog/place/p{n}.yaml", 512 * 1024, "")
            for n in range(40)]
    monkeypatch.setattr("quangba.catalog.parsecache.PARALLEL_FROM", 10)
    parallel = read_many(jobs, workers=2)
    serial = read_many(jobs, workers=1)
    assert parallel == serial and len(serial) == 40
    assert sum(1 for _, (rows, _) in serial if rows and rows[0][3] == "YAML-SYNTAX") == 6


def test_the_cache_is_never_published(repo: Repo) -> None:
    assert repo.run("build").code == 0
    assert _cache(repo).is_file()
    published = [p for folder in ("site", "export") for p in (repo.root / folder).rglob("*")]
    assert published and not any(".cache" in p.parts or p.suffix == ".marshal" for p in published)


# Pieces of YAML, hostile ones included, to put together at random (seeded: the same every run).
_PIECES = ["- ", "-", "[", "]", "{", "}", "a: ", ":", "a:", "\n", "  ", " ", "? ", "a", "&x ", "*x", ", ", "'", '"',
           "|", ">", "#", "!!map ", "!t ", "--- ", "...\n", "\n- ", "\n  - ", "\n  a: ", "\n    ", "a: 1\n", "[" * 70]


def test_reading_without_the_event_pass_gives_the_same_answer(monkeypatch) -> None:
    import random

    from quangba.catalog import yamlfiles

    rng = random.Random(8)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    fast = [yamlfiles.parse_yaml("f.yaml", t) for t in texts]
    assert sum(not yamlfiles._needs_event_pass(t) for t in texts) > 500, "the fast path is taken"
    monkeypatch.setattr(yamlfiles, "_needs_event_pass", lambda text: True)
    slow = [yamlfiles.parse_yaml("f.yaml", t) for t in texts]
    for text, (fast_doc, fast_found), (slow_doc, slow_found) in zip(texts, fast, slow):
        assert fast_found == slow_found, text
        assert (fast_doc and (fast_doc.data, fast_doc.positions, fast_doc.key_positions)) == \
            (slow_doc and (slow_doc.data, slow_doc.positions, slow_doc.key_positions)), text
    assert any(f and f[0].rule == "YAML-TOO-DEEP" for _, f in fast)


def test_the_cache_is_never_committed(repo: Repo) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(repo.root)], check=True)
    repo.run("validate")
    assert _cache(repo).is_file()
    status = subprocess.run(["git", "-C", str(repo.root), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert "catalog/place/nhat-le-beach.yaml" in status and ".cache" not in status
