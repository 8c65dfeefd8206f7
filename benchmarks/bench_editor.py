"""The web editor: how soon a big plan's form is usable, and how much the editor weighs.

Goal (issue "Students edit their plan in a web form"): the plan form is rendered within
2 s of opening the editor for a plan with 20 goals of 5 actions each. The editor is
served from a local server, the plan from the pinned ``decap-server`` in Git mode, and
Debian's Chromium opens it with a cold cache each run, straight to the plan; the time
runs from opening the address (with the one click the local backend's sign-in needs) to
the form showing every goal's title (goals start collapsed) and the story. Also printed:
the time to open the last goal to its actions; when Decap's script was fetched and had
run; the editor's download size (every byte the browser received, and gzip-compressed);
the size of the files ``plp cms`` writes; the load average, as the machine may be shared.

Usage: python benchmarks/bench_editor.py [--runs 5]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from plp.editor.bundle import decap_server, node_modules
from plp.editor.site import write_editor
from plp.format.canonical import emit

STUDENT = "bench-student"
LAST_GOAL = "Goal number 19 of this busy year"
#: When Decap's script was downloaded, and when it had run (the page's own marks, in ms).
SCRIPT_TIMES = """() => {
  const script = performance.getEntriesByType("resource")
    .find(e => e.name.endsWith("decap-cms.js"));
  const mark = performance.getEntriesByName("plp-editor-start")[0];
  return {fetched: script ? script.responseEnd : 0, evaluated: mark ? mark.startTime : 0};
}"""


def big_plan() -> str:
    """A valid plan.md with 20 goals of 5 actions each."""
    goals = [
        {
            "id": f"goal-{g}",
            "title": f"Goal number {g} of this busy year",
            "kind": "learning",
            "deadline": "2027-05-28",
            "status": "in-progress",
            "actions": [
                {"who": "student", "do": f"Step {a} of goal {g}", "when": "weekly", "done": False}
                for a in range(5)
            ],
        }
        for g in range(20)
    ]
    front = {
        "schema": 1,
        "student": {"id": STUDENT, "name": "Bench Student", "graduation_year": 2029},
        "goals": goals,
    }
    return "---\n" + "".join(line + "\n" for line in emit(front)) + "---\nMy story.\n"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@school.invalid",
           "GIT_COMMITTER_NAME": "B", "GIT_COMMITTER_EMAIL": "b@school.invalid"}  # fmt: skip
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    chromium = os.environ.get("PLP_CHROMIUM") or shutil.which("chromium")
    if chromium is None or shutil.which("node") is None:
        print("needs Chromium and Node.js", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        repo = work / "repo"
        (repo / "plans" / STUDENT).mkdir(parents=True)
        (repo / "plans" / STUDENT / "plan.md").write_text(big_plan(), encoding="utf-8")
        git(repo, "init", "-q", "--initial-branch=main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "Start")
        port = free_port()
        env = {**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
               "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "error"}  # fmt: skip
        server = subprocess.Popen(["node", str(decap_server(node_modules()))], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        site = work / "editor"
        files = write_editor(site, {"name": "proxy", "branch": "main",
                                    "proxy_url": f"http://127.0.0.1:{port}/api/v1"})  # fmt: skip
        written = sum(path.stat().st_size for path in files)
        # what the page loads at start: index.html and the scripts it names (not the
        # chunks Decap loads on demand, nor the source maps)
        loaded_files = [site / "index.html", *site.glob("*.js"), site / "decap" / "decap-cms.js",
                        site / "decap" / "js-yaml.min.js"]  # fmt: skip
        squeezed = sum(len(gzip.compress(f.read_bytes())) for f in loaded_files)
        httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
        )
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        time.sleep(1)  # decap-server starts
        url = f"http://127.0.0.1:{httpd.server_address[1]}/index.html?student={STUDENT}"
        timings: list[float] = []
        loaded: list[float] = []
        scripts: list[dict[str, float]] = []
        opened: list[float] = []
        received: list[int] = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
                )
                for _ in range(args.runs):
                    context = browser.new_context()  # a cold cache each run
                    page = context.new_page()
                    sizes: list[int] = []
                    page.on("requestfinished", functools.partial(_count, sizes))
                    start = time.perf_counter()
                    page.goto(url + "#/collections/plan/entries/plan")
                    page.get_by_role("button", name="Login").click()  # the local backend's
                    loaded.append(time.perf_counter() - start)
                    # the form: every goal by its title (goals start collapsed), the story
                    page.get_by_text(LAST_GOAL, exact=True).wait_for()
                    page.get_by_text("My story.", exact=True).wait_for()
                    timings.append(time.perf_counter() - start)
                    scripts.append(page.evaluate(SCRIPT_TIMES))
                    goal = page.locator("[class*='SortableListItem']", has_text=LAST_GOAL)
                    clicked = time.perf_counter()
                    goal.get_by_role("button").first.click()
                    goal.get_by_role("button", name="Add actions").wait_for()
                    opened.append(time.perf_counter() - clicked)
                    received.append(sum(sizes))
                    context.close()
                browser.close()
        finally:
            httpd.shutdown()
            server.terminate()
            server.wait(10)
    print("plan: 20 goals x 5 actions")
    print(f"files plp cms writes: {len(files)}, {written / 1e6:.2f} MB")
    print(f"downloaded by the browser (first visit and plan form): {max(received) / 1e6:.2f} MB")
    print(f"  the same, gzip-compressed as most static hosts serve it: {squeezed / 1e6:.2f} MB")
    print(f"open the plan to its form rendered, {args.runs} runs: "
          f"median {statistics.median(timings):.2f} s, max {max(timings):.2f} s")  # fmt: skip
    print(f"  of which the editor loading to its sign-in, median {statistics.median(loaded):.2f} s")
    for name in ("fetched", "evaluated"):
        figure = statistics.median(s[name] for s in scripts) / 1000
        print(f"  Decap's script {name} after {figure:.2f} s (median)")
    print(f"opening a goal to its actions, median {statistics.median(opened):.2f} s")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


def _count(sizes: list[int], request: Any) -> None:
    sizes.append(request.sizes()["responseBodySize"])


if __name__ == "__main__":
    sys.exit(main())
