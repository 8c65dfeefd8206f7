"""The code host's REST API (GitHub's, or one that speaks it), with the workflow's token.

The base address comes from ``GITHUB_API_URL`` (GitHub Actions sets it; GitHub
Enterprise has its own) and the token from ``GITHUB_TOKEN``. Lists are read page by
page through the ``Link`` header; the token is only ever sent to the base address's
host, so that a ``next`` link elsewhere never receives it.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

from plp import __version__
from plp.errors import UsageError

DEFAULT_API_URL = "https://api.github.com"
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="next"')
#: A page never holds more than this many items; plp asks for as many.
PER_PAGE = 100
#: No list plp reads is longer than this many pages (a loop of ``next`` links ends).
MAX_PAGES = 200


class ApiError(UsageError):
    """The API refused or failed a request: what it said, and what to do."""


class GitHub:
    """Requests to one repository's part of the API."""

    def __init__(self, base_url: str, token: str, repository: str, timeout: float = 30) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", repository):
            raise UsageError(f"'{repository}' is not a repository name written owner/name")
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("https", "http") or not parsed.netloc:
            raise UsageError(f"GITHUB_API_URL '{base_url}' is not an http(s) address")
        self.base = base_url.rstrip("/")
        self._origin = (parsed.scheme, parsed.netloc)
        self.token = token
        self.repository = repository
        self.timeout = timeout

    @classmethod
    def from_environment(
        cls, repository: str | None, env: Mapping[str, str] | None = None
    ) -> GitHub:
        """The API as a workflow sees it: ``GITHUB_API_URL``, ``GITHUB_TOKEN`` and
        ``GITHUB_REPOSITORY`` (``repository`` given wins)."""
        env = os.environ if env is None else env
        token = env.get("GITHUB_TOKEN", "")
        if not token:
            raise UsageError(
                "GITHUB_TOKEN is not set: in a workflow, pass it to the step "
                "(env: GITHUB_TOKEN: ${{ github.token }}); elsewhere, a token that may "
                "write the pull request's comments"
            )
        repo = repository or env.get("GITHUB_REPOSITORY", "")
        if not repo:
            raise UsageError("no repository: give --repo owner/name (or set GITHUB_REPOSITORY)")
        return cls(env.get("GITHUB_API_URL") or DEFAULT_API_URL, token, repo)

    def url(self, path: str) -> str:
        return f"{self.base}/repos/{self.repository}/{path.lstrip('/')}"

    def request(self, method: str, url: str, body: Any = None) -> tuple[Any, str]:
        """The decoded JSON of the answer, and its ``Link`` header."""
        parsed = urllib.parse.urlsplit(url)
        if (parsed.scheme, parsed.netloc) != self._origin:
            raise ApiError(f"the API pointed to {url}, outside {self.base}: plp does not follow it")
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        request.add_header("User-Agent", f"plp/{__version__}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                raw = answer.read()
                link = answer.headers.get("Link", "")
        except urllib.error.HTTPError as error:
            raise ApiError(_refusal(method, url, error)) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ApiError(f"cannot reach the API at {self.base} ({reason})") from None
        try:
            return (json.loads(raw) if raw.strip() else None), link
        except ValueError:
            raise ApiError(f"the API's answer to {method} {url} is not JSON") from None

    def pages(self, path: str) -> Iterator[Any]:
        """Every item of a list, page after page."""
        separator = "&" if "?" in path else "?"
        url: str | None = self.url(f"{path}{separator}per_page={PER_PAGE}")
        for _ in range(MAX_PAGES):
            if url is None:
                return
            items, link = self.request("GET", url)
            if not isinstance(items, list):
                raise ApiError(f"the API's answer to GET {url} is not a list")
            yield from items
            found = _NEXT.search(link)
            url = found.group(1) if found else None
        raise ApiError(f"the list at {path} has more than {MAX_PAGES} pages")

    def issue_comments(self, number: int) -> Iterator[dict[str, Any]]:
        return (c for c in self.pages(f"issues/{number}/comments") if isinstance(c, dict))

    def create_issue_comment(self, number: int, body: str) -> dict[str, Any]:
        made, _ = self.request("POST", self.url(f"issues/{number}/comments"), {"body": body})
        return made if isinstance(made, dict) else {}

    def update_issue_comment(self, comment_id: int, body: str) -> dict[str, Any]:
        made, _ = self.request("PATCH", self.url(f"issues/comments/{comment_id}"), {"body": body})
        return made if isinstance(made, dict) else {}

    def review_comments(self, number: int) -> list[dict[str, Any]]:
        return [c for c in self.pages(f"pulls/{number}/comments") if isinstance(c, dict)]

    def reviews(self, number: int) -> list[dict[str, Any]]:
        return [r for r in self.pages(f"pulls/{number}/reviews") if isinstance(r, dict)]


def _refusal(method: str, url: str, error: urllib.error.HTTPError) -> str:
    try:
        said = json.loads(error.read()).get("message", "")
    except (ValueError, AttributeError, OSError):
        said = ""
    fix = {
        401: "the token is missing or expired",
        403: "the token may not do this: give the job 'pull-requests: write' (and "
        "'contents: write' to push), or check the API's rate limit",
        404: "no such pull request or repository, or the token cannot see it",
        422: "the API refused the content",
    }.get(error.code, "try again later")
    return f"the API answered {error.code} to {method} {url}: {said or error.reason}; {fix}"
