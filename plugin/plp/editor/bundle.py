"""The editor's JavaScript, from the npm packages pinned in ``npm/package-lock.json``.

``npm ci`` installs exactly the locked versions, checked against their integrity hashes,
into a cache folder (or uses ``npm/node_modules`` of a source checkout when ``npm ci``
has been run there); nothing is ever fetched by the page itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

from plp.errors import UsageError

#: The folder holding package.json and package-lock.json.
NPM_FOLDER = Path(__file__).parent / "npm"
#: The Decap files the page loads: the main script and the chunks it loads on demand.
DECAP_DIST = Path("decap-cms") / "dist"
JS_YAML = Path("js-yaml") / "dist" / "js-yaml.min.js"


def pinned_versions() -> dict[str, str]:
    """The exact version of each package the lockfile pins, by name."""
    lock = json.loads((NPM_FOLDER / "package-lock.json").read_text(encoding="utf-8"))
    packages: dict[str, dict[str, str]] = lock["packages"]
    return {
        name.removeprefix("node_modules/"): info["version"]
        for name, info in packages.items()
        if name.count("node_modules/") == 1 and "version" in info
    }


def _complete(modules: Path) -> bool:
    """Whether ``modules`` holds the pinned decap-cms, decap-server and js-yaml."""
    pinned = pinned_versions()
    for name in ("decap-cms", "decap-server", "js-yaml"):
        manifest = modules / name / "package.json"
        if not manifest.is_file():
            return False
        if json.loads(manifest.read_text(encoding="utf-8")).get("version") != pinned[name]:
            return False
    return True


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    lock = (NPM_FOLDER / "package-lock.json").read_bytes()
    return Path(base) / "plp" / "editor" / hashlib.sha256(lock).hexdigest()[:16]


def node_modules() -> Path:
    """A ``node_modules`` folder with the pinned packages, installed with ``npm ci`` if need be."""
    local = NPM_FOLDER / "node_modules"
    if _complete(local):
        return local
    cache = _cache_folder()
    if _complete(cache / "node_modules"):
        return cache / "node_modules"
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise UsageError(
            "plp cms needs Node.js and npm to install the pinned web editor once "
            "(on Debian or Ubuntu: sudo apt-get install nodejs npm; elsewhere see "
            "https://nodejs.org), then run plp cms again"
        )
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(NPM_FOLDER / name, cache / name)
    done = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=cache,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not _complete(cache / "node_modules"):
        raise UsageError(
            f"npm ci could not install the pinned web editor into {cache}: "
            f"{(done.stderr or done.stdout).strip()[-800:]} (check the network connection "
            "to the npm registry, then run plp cms again)"
        )
    return cache / "node_modules"


def editor_files(modules: Path) -> dict[str, Path]:
    """The files the page needs, by their name in the output's ``decap/`` folder."""
    dist = modules / DECAP_DIST
    files = {
        path.name: path
        for path in sorted(dist.iterdir())
        if path.name.endswith("decap-cms.js") and path.is_file()
    }
    files["js-yaml.min.js"] = modules / JS_YAML
    return files


def decap_server(modules: Path) -> Path:
    """The pinned ``decap-server`` script (a local Git backend, for trying and for tests)."""
    return modules / "decap-server" / "dist" / "index.js"
