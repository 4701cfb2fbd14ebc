"""The systemd service and timer that rebuild and publish on the province's server: the
files are valid for systemd, the script is valid shell, and every quangba command it runs
exists with the options it passes; the moment `next-update` gives is one systemd reads
(issue 19)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from quangba.cli import parse_args

TEMPLATES = Path(str(resources.files("quangba").joinpath("templates", "server")))


def test_the_script_is_valid_shell():
    assert subprocess.run(["sh", "-n", str(TEMPLATES / "quangba-publish.sh")]).returncode == 0


def test_every_quangba_command_the_script_runs_exists_with_its_options():
    script = (TEMPLATES / "quangba-publish.sh").read_text("utf-8")
    calls = re.findall(r"\.venv/bin/quangba ([a-z][^|\n]*)", script)
    assert {c.split()[0] for c in calls} == {"build", "publish", "next-update"}
    for call in calls:
        argv = [re.sub(r"^\$\w+$", "1", word) for word in shlex.split(call)]  # a setting: any value will do
        parse_args(argv)  # argparse exits on an unknown command or option


def test_the_units_are_valid_for_systemd(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("no systemd-analyze")
    home = tmp_path / "home"
    (home / ".config" / "quangba").mkdir(parents=True)
    shutil.copy(TEMPLATES / "quangba-publish.sh", home / ".config" / "quangba" / "quangba-publish.sh")
    for unit in ("quangba-publish.service", "quangba-publish.timer"):
        text = (TEMPLATES / unit).read_text("utf-8").replace("%h", str(home))
        (tmp_path / unit).write_text(text, "utf-8")
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(tmp_path / "quangba-publish.timer"),
                             str(tmp_path / "quangba-publish.service")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_next_update_moment_is_one_systemd_reads(repo):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("no systemd-analyze")
    moment = json.loads(repo.run("next-update", "--format", "json").out)["systemd"]
    result = subprocess.run(["systemd-analyze", "calendar", moment], capture_output=True, text=True)
    assert result.returncode == 0 and f"Normalized form: {moment}" in result.stdout, result.stdout + result.stderr
