"""The ``plp`` command line: one module per command, one error handler for all.

Exit status: 0 all good, 1 findings (invalid plans), 2 usage or environment errors,
3 a bug in plp (with a short message; ``PLP_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from plp import __version__
from plp.errors import EXIT_BUG, EXIT_OK, EXIT_USAGE, UsageError

#: The commands, in the order ``plp --help`` lists them; each is the module of that name in
#: ``plp.cli``, with ``add_parser(commands)``. A command's module is imported only when it
#: runs (or for the full help): ``plp validate`` in a pre-commit hook does not pay for the
#: imports of ``plp build``.
COMMANDS = (
    "validate",
    "build",
    "serve",
    "history",
    "init",
    "new",
    "demo",
    "students",
    "diff",
    "guard",
    "codeowners",
    "comment",
    "feedback",
    "fmt",
    "cms",
    "publish",
    "leaks",
    "export",
    "goal",
    "activity",
    "action",
    "week",
    "reflect",
    "check",
    "due",
    "dashboard",
)


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``plp`` and its sub-commands."""
    return parsers()[0]


def parsers(
    only: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, and each sub-command's parser by name (for the docs); with
    ``only``, the parser of that command alone."""
    top = argparse.ArgumentParser(
        prog="plp",
        description="Personalized learning plans as code: check plans and build portfolio sites.",
    )
    top.add_argument("--version", action="version", version=f"plp {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"plp.cli.{name}").add_parser(commands)
    return top, dict(commands.choices)


def _command(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` names first, when it is one (else the full parser is needed:
    for ``--help``, ``--version``, or to say which commands there are)."""
    args = sys.argv[1:] if argv is None else argv
    return args[0] if args and args[0] in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``plp`` with ``argv`` (default: the process's arguments); return the exit status."""
    _escape_what_stderr_cannot_show()
    try:
        args = parsers(_command(argv))[0].parse_args(argv)
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
