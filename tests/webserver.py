"""Debian's real nginx and Caddy, started on a loopback port with the configuration
`quangba server-config` wrote, and a plain HTTP client that shows exactly what they send.

Without the server the tests are skipped locally and FAIL when CI=true (``.ci/run``
installs nginx, and caddy where it installs).
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest


def need(binary: str) -> str:
    path = shutil.which(binary) or (f"/usr/sbin/{binary}" if Path(f"/usr/sbin/{binary}").exists() else None)
    if path is None:
        if os.environ.get("CI") == "true" and binary == "nginx":
            pytest.fail("CI: nginx is missing (.ci/run installs Debian's nginx)")
        pytest.skip(f"no {binary}: install Debian's {binary} to run these tests")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_listening(port: int, process: subprocess.Popen, log: Path) -> None:
    """Until the server accepts a connection (or has exited: then say why)."""
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the server exited ({process.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            try:
                process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                pass


@contextmanager
def nginx(site_config: str, work: Path, port: int) -> Iterator[None]:
    """nginx in the foreground with ``site_config`` (a file for sites-available/) inside a
    main configuration of its own: no system file is touched."""
    binary = need("nginx")
    work.mkdir(parents=True, exist_ok=True)
    (work / "site.conf").write_text(site_config, "utf-8")
    user = "user root root;\n" if os.geteuid() == 0 else ""  # the web root is under pytest's private tmp
    (work / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  access_log {work}/access.log;\n"
        + "".join(f"  {kind}_temp_path {work}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f"  include {work}/site.conf;\n}}\n", "utf-8")
    command = [binary, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx -t refused the configuration:\n{check.stderr}\n{site_config}"
    with open(work / "stderr.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_listening(port, process, work / "error.log")
        yield
    finally:
        process.terminate()
        process.wait(timeout=60)


@contextmanager
def caddy(caddyfile: str, work: Path, port: int) -> Iterator[None]:
    binary = need("caddy")
    work.mkdir(parents=True, exist_ok=True)
    config = work / "Caddyfile"
    # no admin endpoint, no certificates: a test on loopback only
    config.write_text("{\n\tadmin off\n\tauto_https off\n}\n" + caddyfile, "utf-8")
    env = {**os.environ, "HOME": str(work), "XDG_DATA_HOME": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config")}
    check = subprocess.run([binary, "validate", "--config", str(config), "--adapter", "caddyfile"],
                           capture_output=True, text=True, env=env)
    assert check.returncode == 0, f"caddy validate refused the configuration:\n{check.stdout}{check.stderr}"
    with open(work / "caddy.log", "wb") as log:
        process = subprocess.Popen([binary, "run", "--config", str(config), "--adapter", "caddyfile"],
                                   stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_listening(port, process, work / "caddy.log")
        yield
    finally:
        process.terminate()
        process.wait(timeout=60)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def get(port: int, path: str, *, gzip: bool = False) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip else {})
        response = connection.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()
