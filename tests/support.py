"""What tests share besides fixtures: where the test data is, the fixed Git identity."""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SPEC_EXAMPLE = DATA / "spec-example"
BROKEN = DATA / "broken" / "plans"

#: Every Git command in the tests runs with this identity, clock and no user config.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@school.invalid",
    "GIT_AUTHOR_DATE": "Tue, 01 Sep 2026 12:00:00 -0500",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@school.invalid",
    "GIT_COMMITTER_DATE": "Tue, 01 Sep 2026 12:00:00 -0500",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
