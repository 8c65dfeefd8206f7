"""An encrypted private site (``plp build --encrypt``): a student's built site turned into
files only that student's passphrase opens, for any static host.

Every file of the site except the theme's own assets (Material's scripts and stylesheets,
which hold nothing of any student) is encrypted with AES-256-GCM under a key derived from
the student's passphrase (PBKDF2-SHA256, :data:`ITERATIONS` rounds, a random salt per
student) and stored under a random name in ``data/``; each file has a fresh random 96-bit
nonce, and its path inside the site as associated data, so that no file can be passed off
as another. An encrypted manifest maps the paths to the names. What stays in plaintext is
the theme's assets and a generic unlock page (``index.html`` with ``plp-unlock.js``) that
asks for the passphrase and shows the decrypted pages in the browser with WebCrypto.

The salt of a site that is rebuilt in place is kept, so that a key a student let their
browser remember still opens the new build while the passphrase stays the same.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
import secrets
import unicodedata
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from plp.publish.outputs import SITE_MARKER

#: PBKDF2-SHA256 rounds: OWASP's figure for 2023 and later.
ITERATIONS = 600_000
SALT_BYTES = 16
NONCE_BYTES = 12  # 96 bits, as GCM expects
#: Where the encrypted files go inside the site, and the associated data of the manifest.
DATA_FOLDER = "data"
MANIFEST_AAD = b"plp manifest"
#: The plaintext files of an encrypted site besides the theme's assets.
SHELL_PAGE, SHELL_SCRIPT = "index.html", "plp-unlock.js"
_SETTINGS = re.compile(
    r'<script id="plp-unlock-settings" type="application/json">(.*?)</script>', re.S
)


def derive_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """The 256-bit AES key of ``passphrase`` with ``salt``, as the unlock page derives it
    from what the student types (spaces around it dropped, Unicode in NFC form)."""
    kdf = PBKDF2HMAC(algorithm=SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(unicodedata.normalize("NFC", passphrase.strip()).encode("utf-8"))


def encrypt(key: bytes, data: bytes, associated: bytes) -> bytes:
    """``data`` encrypted: a fresh random nonce, then the ciphertext with its tag."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, data, associated)


def decrypt(key: bytes, blob: bytes, associated: bytes) -> bytes:
    """What :func:`encrypt` encrypted (raises ``cryptography.exceptions.InvalidTag`` for a
    wrong key, a changed file or another file's associated data)."""
    return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated)


def site_settings(site: Path) -> dict[str, object] | None:
    """The plaintext settings (salt, rounds, manifest) of the encrypted site at ``site``;
    None when there is no encrypted site there."""
    try:
        page = (site / SHELL_PAGE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _SETTINGS.search(page)
    if not match:
        return None
    try:
        settings = json.loads(match.group(1))
    except ValueError:
        return None
    return settings if isinstance(settings, dict) else None


def _previous_salt(previous: Path | None) -> bytes | None:
    settings = site_settings(previous) if previous is not None else None
    if not settings or settings.get("iterations") != ITERATIONS:
        return None
    try:
        salt = base64.b64decode(str(settings.get("salt")), validate=True)
    except ValueError:
        return None
    return salt if len(salt) == SALT_BYTES else None


def encrypt_site(
    site: Path, passphrase: str, plain: Iterable[str], previous: Path | None = None
) -> int:
    """Encrypt the built site at ``site`` in place; returns how many files were encrypted.

    ``plain`` names the theme's assets (paths inside the site), which stay as they are;
    every other file is encrypted into ``data/`` and removed. ``previous`` is the site this
    one will replace: its salt is kept when it was encrypted too."""
    keep = set(plain) | {SITE_MARKER}
    salt = _previous_salt(previous) or secrets.token_bytes(SALT_BYTES)
    key = derive_key(passphrase, salt)
    files = sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and not path.is_symlink()
    )
    data = site / DATA_FOLDER
    data.mkdir()
    manifest: dict[str, list[str]] = {}
    for name in files:
        if name in keep:
            continue
        source = site / name
        opaque = f"{DATA_FOLDER}/{secrets.token_hex(16)}"
        (site / opaque).write_bytes(encrypt(key, source.read_bytes(), name.encode("utf-8")))
        source.unlink()
        manifest[name] = [opaque, mimetypes.guess_type(name)[0] or "application/octet-stream"]
    _remove_empty_folders(site)
    listing = json.dumps({"version": 1, "files": manifest}, separators=(",", ":"))
    manifest_name = f"{DATA_FOLDER}/{secrets.token_hex(16)}"
    (site / manifest_name).write_bytes(encrypt(key, listing.encode("utf-8"), MANIFEST_AAD))
    settings = {
        "version": 1,
        "kdf": "PBKDF2-SHA256",
        "iterations": ITERATIONS,
        "salt": base64.b64encode(salt).decode("ascii"),
        "manifest": manifest_name,
    }
    _write_shell(site, json.dumps(settings))
    return len(manifest)


def _remove_empty_folders(site: Path) -> None:
    for folder, _, _ in sorted(os.walk(site), key=lambda entry: -len(entry[0])):
        path = Path(folder)
        if path != site and not any(path.iterdir()):
            path.rmdir()


def _write_shell(site: Path, settings: str) -> None:
    """The generic unlock page and its script: nothing of the student in either."""
    shell = resources.files("plp.publish") / "unlock"
    page = (shell / "index.html").read_text(encoding="utf-8")
    (site / SHELL_PAGE).write_text(page.replace("{{settings}}", settings), encoding="utf-8")
    script = (shell / SHELL_SCRIPT).read_text(encoding="utf-8")
    (site / SHELL_SCRIPT).write_text(script, encoding="utf-8")
