"""A local stand-in for the code host's REST API: it answers with recorded responses
(``tests/data/github/*.json``, in the real API's shapes) and records what plp asked.

Each recorded file is ``{"status": ..., "headers": {...}, "body": ...}``; the address
``https://api.github.com`` in it (``Link`` headers, ``url`` fields) becomes the local
server's, so that plp follows pages exactly as it does against the real API.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .support import DATA

RECORDED = DATA / "github"
REAL = "https://api.github.com"


@dataclass
class Request:
    method: str
    path: str
    authorization: str
    body: Any


@dataclass
class Replay:
    """Routes ``(method, path with query)`` to recorded files, answered in turn."""

    routes: dict[tuple[str, str], list[str]]
    base: str = ""
    requests: list[Request] = field(default_factory=list)

    def answer(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        queue = self.routes.get((method, path))
        if not queue:
            body = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
            return 404, {}, json.dumps(body).encode()
        name = queue.pop(0) if len(queue) > 1 else queue[0]
        text = (RECORDED / name).read_text(encoding="utf-8").replace(REAL, self.base)
        recorded = json.loads(text)
        return (
            int(recorded["status"]),
            dict(recorded.get("headers", {})),
            json.dumps(recorded.get("body")).encode(),
        )


@contextmanager
def replay_api(routes: dict[tuple[str, str], list[str]]) -> Iterator[Replay]:
    """A server on 127.0.0.1 that replays ``routes``; yields it with its ``base`` set."""
    replay = Replay(routes)

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            replay.requests.append(
                Request(
                    self.command,
                    self.path,
                    self.headers.get("Authorization", ""),
                    json.loads(raw) if raw else None,
                )
            )
            status, headers, body = replay.answer(self.command, self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    replay.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
