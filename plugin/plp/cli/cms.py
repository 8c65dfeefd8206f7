"""``plp cms``: write the web editor, forms generated from the plan schemas."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from plp.editor.site import write_editor
from plp.errors import EXIT_OK, UsageError

_REPO = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "cms",
        help="write the web editor (forms for a student's plan, each save a pull request)",
        description=(
            "Write the web editor into a folder: a static page that any host can serve, "
            "with Decap CMS from the pinned npm package (installed once with npm ci; needs "
            "Node.js and npm) and forms generated from the plan schemas. Each save becomes "
            "a branch and a pull request for the teacher to review. The page names no "
            "student: open it as index.html?student=<id>."
        ),
    )
    command.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="the folder to write"
    )
    command.add_argument(
        "--backend",
        choices=("github", "gitlab", "gitea"),
        default="github",
        help="the code host the plans repository is on (default: github)",
    )
    command.add_argument(
        "--repo", metavar="OWNER/NAME", help="the plans repository on the code host"
    )
    command.add_argument("--branch", default="main", help="the main branch (default: main)")
    command.add_argument(
        "--base-url",
        metavar="URL",
        help="the address of the school's OAuth endpoint for sign-in (see docs/it.md)",
    )
    command.add_argument(
        "--api-root", metavar="URL", help="the code host's API address (a self-hosted host)"
    )
    command.add_argument(
        "--app-id",
        metavar="ID",
        help="GitLab only: the OAuth application's id, to sign in with PKCE (no endpoint)",
    )
    command.add_argument(
        "--open-authoring",
        action="store_true",
        help="students without write access save to their own fork (GitHub only)",
    )
    command.add_argument(
        "--local-backend",
        metavar="URL",
        help=(
            "use a decap-server on this computer instead of a code host, for trying the "
            "editor (for example http://localhost:8081/api/v1)"
        ),
    )
    command.set_defaults(run=run)


def backend_settings(args: argparse.Namespace) -> dict[str, Any]:
    """Decap's ``backend`` section from the options."""
    if args.local_backend:
        return {"name": "proxy", "proxy_url": args.local_backend, "branch": args.branch}
    if not args.repo or not _REPO.fullmatch(args.repo):
        raise UsageError(
            "name the plans repository with --repo OWNER/NAME (or use --local-backend URL)"
        )
    if args.open_authoring and args.backend != "github":
        raise UsageError("--open-authoring works with --backend github only")
    backend: dict[str, Any] = {"name": args.backend, "repo": args.repo, "branch": args.branch}
    if args.base_url:
        backend["base_url"] = args.base_url
    if args.api_root:
        backend["api_root"] = args.api_root
    if args.open_authoring:
        backend["open_authoring"] = True
    if args.app_id:
        if args.backend != "gitlab":
            raise UsageError("--app-id works with --backend gitlab only")
        backend.update(auth_type="pkce", app_id=args.app_id)
    return backend


def run(args: argparse.Namespace) -> int:
    files = write_editor(args.out, backend_settings(args))
    size = sum(path.stat().st_size for path in files)
    print(f"Wrote the web editor to {args.out} ({len(files)} files, {size / 1e6:.1f} MB).")
    print(f"Open it as {args.out}/index.html?student=<id> on any static host.", file=sys.stderr)
    return EXIT_OK
