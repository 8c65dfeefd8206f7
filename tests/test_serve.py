"""``plp serve`` as a newcomer meets it, and student-id typos in every command."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from plp.cli import main

from .support import git


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "--student", "ava-martnez"],
        ["serve", "--student", "ava-martnez"],
        ["history", "ava-martnez"],
    ],
)
def test_a_mistyped_student_id_gets_a_did_you_mean(
    argv: list[str], school: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main([*argv, "--plans", str(school)])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "there is no plan for 'ava-martnez'. Did you mean 'ava-martinez'?" in err
    assert "bug" not in err


def test_a_student_id_far_from_any_lists_the_students(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--student", "zed", "--plans", str(school)]) == 2
    assert "there is no plan for 'zed'; the students are: ava-martinez" in capsys.readouterr().err


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


def test_a_port_in_use_is_said_plainly(
    school: Path, taken_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["serve", "--student", "ava-martinez", "--plans", str(school),
                   "--dev-addr", f"127.0.0.1:{taken_port}"])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"cannot serve at http://127.0.0.1:{taken_port}/: that port is already in use" in err
    assert f"--dev-addr 127.0.0.1:{taken_port + 1}" in err
    assert "bug" not in err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_prints_its_address_and_the_page_names_a_file_left_out(
    school: Path, tmp_path: Path
) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Plans")
    reflection = school / "ava-martinez" / "reflections" / "2026-11-24.md"
    reflection.write_text(reflection.read_text().replace("confidence: 3", "confidense: 3"))
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "plp", "serve", "--student", "ava-martinez", "--plans",
         str(school), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        address = f"http://127.0.0.1:{port}/"
        assert first == f"Serving ava-martinez's site at {address} (Ctrl+C stops it)\n"
        page = _get(f"http://127.0.0.1:{port}/index.html", time.monotonic() + 120)
        assert "1 file was left out of this preview" in page
        assert "<code>ava-martinez/reflections/2026-11-24.md</code>, line 9" in page
        assert "Run <code>plp validate</code>" in page
        assert "Score at least 85% on the Chapter 10 test" in page  # the rest is there
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
