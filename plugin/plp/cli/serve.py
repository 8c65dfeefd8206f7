"""``plp serve``: preview one student's site, rebuilt as they edit their files."""

from __future__ import annotations

import argparse
import errno
import socket

from plp.cli.arguments import check_plans_folder
from plp.cli.build import add_site_arguments
from plp.errors import UsageError
from plp.format.selection import select_students


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "serve",
        help="preview one student's site with live reload",
        description="Preview one student's site at http://127.0.0.1:8000/, rebuilt on each save.",
    )
    command.add_argument("--student", required=True, metavar="ID", help="the student's id")
    add_site_arguments(command)
    command.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="IP:PORT",
        help="where to serve (default: 127.0.0.1:8000)",
    )
    command.set_defaults(run=run)  # fmt: skip


def _address(dev_addr: str) -> tuple[str, int]:
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--dev-addr takes IP:PORT, like 127.0.0.1:8000 (not '{dev_addr}')")
    return host.strip("[]"), int(port)


def port_taken(host: str, port: int) -> str:
    """The message for an address another program is already serving on."""
    return (
        f"cannot serve at http://{host}:{port}/: that port is already in use (another plp "
        f"serve or mkdocs serve is running?). Stop it, or use another port: --dev-addr "
        f"{host}:{port + 1 if port < 65535 else 8001}"
    )


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UsageError(port_taken(host, port)) from None
            raise UsageError(f"cannot serve at {host}:{port}: {error.strerror}") from None


def run(args: argparse.Namespace) -> int:
    check_plans_folder(args.plans)
    (student,) = select_students(args.plans, [args.student])
    host, port = _address(args.dev_addr)
    _check_free(host, port)
    from plp.dates import build_day
    from plp.history.git_access import git_problem

    try:
        build_day(None)  # SOURCE_DATE_EPOCH, when set, must be a day
    except ValueError as error:
        raise UsageError(str(error)) from None
    problem = git_problem(args.plans)
    if problem:
        raise UsageError(problem)
    from plp.sites import generator

    def started() -> None:
        print(f"Serving {student}'s site at http://{host}:{port}/ (Ctrl+C stops it)", flush=True)

    try:
        generator().serve_student(args.plans, student, args.config, args.dev_addr, started)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UsageError(port_taken(host, port)) from None
        raise
    return 0
