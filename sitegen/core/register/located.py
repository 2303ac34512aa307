"""The institution strings an earlier build located (tree.locate), kept beside the build manifest so that a
nightly build matches only its new strings against the group tables (locate was most of the tree's time).

locate() is a pure function of its string, the register's code and the vocabularies (models/vocab and
models/data): the file is trusted only when a digest of all of those, and of the Python version (its
Unicode tables normalise the text), equals the one it was saved with. Anything else, or a damaged file,
means locating every string again, as a first build does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from models import vocab
from models.vocab.datafiles import DATA_DIR
from sitegen.core.register.tree import Located, NodeKey, locate
from sitegen.core.writer import atomic_write

log = logging.getLogger("sitegen")

CACHE_FILE = ".fadan-located.json"  # hidden: the publishers skip it like the manifest (ops/publish.py)
# The folders of the code and data locate() reads, wherever the packages are installed.
_INPUTS = ((Path(vocab.__file__).parent, "*.py"), (DATA_DIR, "**/*"), (Path(__file__).parent, "*"))


def inputs() -> list[Path]:
    """The files a saved location depends on (besides Python's version)."""
    return sorted(p for folder, pattern in _INPUTS for p in folder.glob(pattern) if p.is_file())


@cache
def code_digest() -> str:
    """What locate() depends on besides its string: the code and data files, Python's version."""
    h = hashlib.blake2b(digest_size=16)
    for path in inputs():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(repr((sys.version_info[:2], unicodedata.unidata_version)).encode())
    return h.hexdigest()


def load(path: Path) -> dict[str, Located | None]:
    """The strings located by the previous build, if it ran the same code on the same vocabularies."""
    try:
        saved = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
        if saved.get("version") != code_digest():
            return {}
        nodes = [NodeKey(group, tuple(segments)) for group, segments in saved["nodes"]]
        return {text: None if value is None else Located(nodes[value[0]], tuple(nodes[i] for i in value[1]),
                                                         bool(value[2]))
                for text, value in saved["located"].items()}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        log.warning("ignoring %s (%s): every institution string is located again", path, exc)
        return {}


def save(path: Path, texts: Iterable[str | None], previous: Mapping[str, Located | None]) -> None:
    """Keep where this build's strings sit (only these: a string no longer in the data is dropped); the
    file is left alone when the strings are those it holds already."""
    strings = sorted({t for t in texts if t is not None})
    if len(strings) == len(previous) and all(t in previous for t in strings):
        return
    nodes: dict[NodeKey, int] = {}  # each node once: a few thousand nodes carry tens of thousands of strings

    def encode(found: Located | None) -> Any:
        if found is None:
            return None
        return [nodes.setdefault(found.node, len(nodes)), [nodes.setdefault(n, len(nodes)) for n in found.formers],
                found.local]

    located = {t: encode(locate(t)) for t in strings}
    body = json.dumps({"version": code_digest(), "nodes": [[n.group, list(n.path)] for n in nodes], "located": located},
                      ensure_ascii=False, separators=(",", ":"))
    # A lone surrogate in a string survives the round trip; written 0644 like every built file.
    atomic_write(path, body.encode("utf-8", "surrogatepass"))
