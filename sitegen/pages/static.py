"""/static/: the site's own CSS, scripts and icons, copied from site/static (nothing from another host)."""

from __future__ import annotations

import hashlib

from sitegen.core.output import Site
from sitegen.core.render import STATIC

FAMILY = "static"


def write_static(site: Site) -> None:
    for source in sorted(p for p in STATIC.rglob("*") if p.is_file() and not p.name.startswith(".")):
        data = source.read_bytes()
        path = "static/" + source.relative_to(STATIC).as_posix()
        site.writer.write(path, data, hashlib.blake2b(data, digest_size=16).hexdigest(), FAMILY)
