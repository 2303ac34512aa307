"""The Chromium the browser tests and the search benchmark drive: found on PATH, not at a fixed path."""

from __future__ import annotations

import shutil
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> Path | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None
