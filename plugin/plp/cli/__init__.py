"""The ``plp`` command line: one module per command, one error handler for all.

Exit status: 0 all good, 1 findings (invalid plans), 2 usage or environment errors,
3 a bug in plp (with a short message; ``PLP_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
import traceback
from collections.abc import Sequence

from plp import __version__
from plp.cli import (
    action,
    activity,
    build,
    check,
    cms,
    codeowners,
    comment,
    dashboard,
    demo,
    diff,
    due,
    export,
    feedback,
    fmt,
    goal,
    guard,
    history,
    init,
    leaks,
    new,
    publish,
    reflect,
    serve,
    students,
    validate,
    week,
)
from plp.errors import EXIT_BUG, EXIT_OK, EXIT_USAGE, UsageError

COMMANDS = (
    validate,
    build,
    serve,
    history,
    init,
    new,
    demo,
    students,
    diff,
    guard,
    codeowners,
    comment,
    feedback,
    fmt,
    cms,
    publish,
    leaks,
    export,
    goal,
    activity,
    action,
    week,
    reflect,
    check,
    due,
    dashboard,
)


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``plp`` and its sub-commands."""
    return parsers()[0]


def parsers() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, and each sub-command's parser by name (for the docs)."""
    top = argparse.ArgumentParser(
        prog="plp",
        description="Personalized learning plans as code: check plans and build portfolio sites.",
    )
    top.add_argument("--version", action="version", version=f"plp {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.add_parser(commands)
    return top, dict(commands.choices)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``plp`` with ``argv`` (default: the process's arguments); return the exit status."""
    _escape_what_stderr_cannot_show()
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse's own --help and usage errors
        return int(exit_.code or 0)
    try:
        status: int = args.run(args)
    except UsageError as error:
        print(f"plp: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("plp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (plp history | head): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except UnicodeEncodeError as error:
        if not _from_stdout(error):
            return _bug(error)
        shown = error.object[max(0, error.start - 40) : error.end + 40]
        print(
            f"plp: the output cannot show this text in its encoding ({error.encoding}): "
            f"'{shown.encode(error.encoding, 'backslashreplace').decode(error.encoding)}'. "
            "Run plp with a UTF-8 output (set PYTHONIOENCODING=utf-8, or a UTF-8 locale such "
            "as LANG=C.UTF-8); a name that is not UTF-8 text needs renaming.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except Exception as error:  # one handler for all: a user never sees a traceback
        return _bug(error)
    return status


def _bug(error: Exception) -> int:
    if os.environ.get("PLP_DEBUG"):
        traceback.print_exc()
    print(
        f"plp: internal error ({type(error).__name__}: {error}). This is a bug in plp; "
        "please report it with the command you ran. Set PLP_DEBUG=1 to see details.",
        file=sys.stderr,
    )
    return EXIT_BUG


def _escape_what_stderr_cannot_show() -> None:
    """Messages on stderr are for people: a name stderr cannot encode is shown escaped."""
    with contextlib.suppress(AttributeError, ValueError, OSError):  # not a reconfigurable stream
        sys.stderr.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]


def _from_stdout(error: UnicodeEncodeError) -> bool:
    """Whether ``error`` is the output's: standard output could not encode a text."""
    encoding = getattr(sys.stdout, "encoding", None)
    if not isinstance(encoding, str):
        return False
    try:
        return codecs.lookup(encoding).name == codecs.lookup(error.encoding).name
    except LookupError:
        return False
