"""What a build is asked to do: where the data is, where the site goes, and where it will be served."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.core.urls import SAFE_LINK

DEFAULT_BASE_URL = "http://localhost:8000/"


@dataclass(frozen=True)
class BuildConfig:
    db_url: str
    out_dir: Path
    # Absolute origin (and optional path) the site is published at, for feeds and canonical links.
    base_url: str = DEFAULT_BASE_URL
    # Path prefix of every root-relative link: "/" at a domain root, "/fadan/" for project pages.
    base_path: str = "/"
    search: bool = True  # write the search index (sitegen/search/)
    downloads: bool = True
    quiet: bool = False
    jobs: int = 1  # processes rendering notice pages (1: none forked)
    full: bool = False  # render every page even if its inputs did not change (bytes are still compared)
    page_size: int = 200  # entries per listing page; changing it moves every archive page
    as_of: date | None = None  # the day bans are judged in force on (/people/); None: the build's day

    @property
    def origin(self) -> str:
        """scheme://host[:port], without a trailing slash."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def absolute(self, path: str) -> str:
        """The absolute URL of a site path such as 'notices/1/' (for feeds and canonical links)."""
        return self.origin + self.base_path + path


def normalise_base_path(value: str | None, base_url: str) -> str:
    """'/fadan' -> '/fadan/'; when not given, the path of base_url ('https://x.github.io/fadan/')."""
    path = value if value is not None else (urlsplit(base_url).path or "/")
    path = "/" + path.strip("/") + "/"
    path = "/" if path == "//" else path
    # Every link starts with it, printed unquoted (urls.link): letters, digits and / . _ ~ - only.
    if "#" in path or not SAFE_LINK.fullmatch(path):
        raise ValueError(f"--base-path may hold only letters, digits and / . _ ~ -, not {path!r}")
    return path


def normalise_base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"--base-url must be an absolute http(s) URL, not {value!r}")
    return value
