"""Publishing the built site (public/) to where it is served, copying only what changed.

A target is one string (FADAN_PUBLISH or `--publish`):
  DIR or file:///DIR       a local folder (the default: www/ in the project) — copied here, no tool needed
  rsync:DEST               rsync -a --delete to any rsync destination (user@host:/srv/www/fadan, /mnt/x, ...)
  s3://BUCKET[/PREFIX]     `aws s3 sync --delete` (the AWS CLI must be on PATH); S3-compatible stores
                           (MinIO, Cloudflare R2, Aliyun OSS, ...) through FADAN_S3_ENDPOINT_URL
  command:CMD              any other tool, e.g. `command:rclone sync {site} remote:fadan`; {site} is public/
  none                     do not publish (the web server serves public/ itself)

Every target skips hidden files (the build's manifest `.fadan-build.json`, temporary `.tmp-*` files) and
never deletes hidden files at the destination (a CNAME or .htaccess put there by hand stays). The
site generator rewrites a file only when its bytes change and keeps the mtime of the others, so the
size-and-mtime checks of rsync and `aws s3 sync` transfer exactly the changed files.

A publish deletes only what an earlier publish wrote. The folder, rsync and S3 targets keep a manifest at
the destination (`.fadan-published.json`: the files the last publish wrote); a file the site no longer
has is deleted only when that manifest lists it, so `FADAN_PUBLISH=/var/www` can never delete another
site's files. A destination that holds files but no manifest is refused, unless the operator says to
publish beside them (`--publish-adopt`, FADAN_PUBLISH_ADOPT=1): those files are then left alone for
good. Before copying, the manifest is extended with the new files, so a publish that dies halfway
still knows, next time, every file it may have written.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitegen.core.writer import atomic_write

PUBLISH_MANIFEST = ".fadan-published.json"


class PublishError(RuntimeError):
    pass


class ForeignDestination(PublishError):
    """The destination holds files that no Fadan publish wrote (and no manifest)."""

    def __init__(self, dest: str, examples: list[str]) -> None:
        shown = ", ".join(examples[:3]) + (", …" if len(examples) > 3 else "")
        super().__init__(
            f"{dest} already holds files that no Fadan publish wrote ({shown}) and no {PUBLISH_MANIFEST}: "
            "refusing to publish there, because publishing deletes what the site no longer has. Give the site "
            "an empty folder of its own, or publish beside those files with --publish-adopt "
            "(FADAN_PUBLISH_ADOPT=1): they are then never deleted."
        )


@dataclass(frozen=True)
class PublishResult:
    target: str
    copied: int | None  # None: the tool did not say
    deleted: int | None
    unchanged: int | None
    seconds: float

    def line(self) -> str:
        def n(value: int | None) -> str:
            return "?" if value is None else f"{value:,}"

        counts = f"{n(self.copied)} copied, {n(self.deleted)} deleted"
        if self.unchanged is not None:
            counts += f", {n(self.unchanged)} unchanged"
        return f"publish: {self.target}: {counts} ({self.seconds:.1f}s)"


@dataclass(frozen=True)
class Target:
    kind: str  # local | rsync | s3 | command | none
    dest: str

    def __str__(self) -> str:
        return "none (not published)" if self.kind == "none" else f"{self.kind} {self.dest}"


def parse_target(spec: str, root: Path) -> Target:
    """The target named by `spec`; relative local paths are taken from the project root."""
    spec = spec.strip()
    if not spec or spec.lower() == "none":
        return Target("none", "")
    if spec.startswith("rsync:"):
        dest = spec.removeprefix("rsync:")
        if not dest:
            raise PublishError("rsync: needs a destination, e.g. rsync:deploy@web1:/srv/www/fadan")
        return Target("rsync", dest)
    if spec.startswith("s3://"):
        if not urlsplit(spec).netloc:
            raise PublishError(f"{spec!r}: an S3 target is s3://BUCKET or s3://BUCKET/PREFIX")
        return Target("s3", spec.rstrip("/"))
    if spec.startswith("command:"):
        command = spec.removeprefix("command:").strip()
        if "{site}" not in command:
            raise PublishError("a command: target must name the built site as {site}, e.g. "
                               "command:rclone sync {site} remote:fadan")
        return Target("command", command)
    if re.match(r"^[a-z][a-z0-9+.-]*://", spec) and not spec.startswith("file://"):
        raise PublishError(f"unknown publish target {spec!r} (a folder, rsync:DEST, s3://BUCKET/PREFIX, "
                           "command:CMD or none)")
    path = Path(spec.removeprefix("file://")).expanduser()
    return Target("local", str(path if path.is_absolute() else (root / path).resolve()))


def publish(site: Path, target: Target, env: dict[str, str] | None = None, *,
            adopt: bool = False) -> PublishResult | None:
    """Copy the changed files of `site` to `target` and delete the files an earlier publish wrote that the
    site no longer has; None when the target is `none`. `adopt`: publish into a destination that holds
    files but no manifest (they are left alone)."""
    env = dict(os.environ if env is None else env)
    if not site.is_dir():
        raise PublishError(f"nothing to publish: {site} does not exist")
    started = time.perf_counter()
    if target.kind == "none":
        return None
    if target.kind == "local":
        copied, deleted, unchanged = sync_folder(site, Path(target.dest), adopt=adopt)
        return PublishResult(str(target), copied, deleted, unchanged, time.perf_counter() - started)
    if target.kind == "rsync":
        copied, deleted = _rsync(site, target.dest, env, adopt)
    elif target.kind == "s3":
        copied, deleted = _aws_s3_sync(site, target.dest, env, adopt)
    else:
        copied, deleted = _command(site, target.dest, env)
    return PublishResult(str(target), copied, deleted, None, time.perf_counter() - started)


# --- a local folder ------------------------------------------------------------------------------

def site_files(root: Path) -> Iterator[str]:
    """Relative paths of the files under root, hidden files and folders left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, root)
        for name in sorted(files):
            if not name.startswith("."):
                yield name if rel == "." else f"{rel}/{name}"


def _publish_order(path: str) -> tuple[int, int, str]:
    # Assets first, then pages deepest first: a page goes live after the files it links to.
    is_page = path.endswith((".html", ".xml"))
    return (int(is_page), -path.count("/"), path)


def sync_folder(site: Path, dest: Path, *, adopt: bool = False) -> tuple[int, int, int]:
    """Make `dest` a copy of `site` (hidden files aside); return (copied, deleted, unchanged).

    A file whose size and mtime match is not read; one that differs is compared byte for byte and,
    when it did change, replaced atomically (a reader of the live site never sees half a file). Only
    files the destination's manifest lists (an earlier publish wrote them) are ever deleted."""
    site, dest = site.resolve(), dest.resolve()
    if dest == site or dest.is_relative_to(site) or site.is_relative_to(dest):
        raise PublishError(f"refusing to publish {site} into {dest}: one contains the other")
    if dest == Path(dest.anchor) or dest == Path.home():
        raise PublishError(f"refusing to publish into {dest}: give the site its own folder")
    _make_dirs(dest)
    manifest = dest / PUBLISH_MANIFEST
    previous = _read_local_manifest(manifest)
    if previous is None:
        foreign = [rel for _, rel in zip(range(10), site_files(dest), strict=False)]
        if foreign and not adopt:
            raise ForeignDestination(str(dest), foreign)
        previous = set()
    wanted = sorted(site_files(site), key=_publish_order)
    _put_file(manifest, manifest_bytes(previous | set(wanted)))  # before any copy: see the module's doc
    copied = unchanged = 0
    for rel in wanted:
        source, target = site / rel, dest / rel
        if _same(source, target):
            unchanged += 1
            continue
        _make_dirs(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-publish-")
        os.close(fd)
        try:
            shutil.copy2(source, tmp)  # keeps the mtime: the next quick check needs it
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        copied += 1
    deleted = 0
    for rel in stale_files(previous, wanted):
        target = dest / rel
        # Never through a symlinked folder: what it points at is not the site's.
        inside = target.parent.resolve().is_relative_to(dest)
        if inside and target.is_file() and not target.is_symlink():
            target.unlink()
            deleted += 1
            _prune_empty(target, dest)
    _put_file(manifest, manifest_bytes(wanted))
    return copied, deleted, unchanged


# --- the publish manifest ------------------------------------------------------------------------

def manifest_bytes(paths: set[str] | list[str]) -> bytes:
    return json.dumps({"files": sorted(paths)}, ensure_ascii=False, indent=0).encode("utf-8") + b"\n"


def parse_manifest(data: bytes, where: str) -> set[str]:
    try:
        files = json.loads(data)["files"]
    except (ValueError, KeyError, TypeError):
        raise PublishError(f"{where} is not a Fadan publish manifest: look at it, or remove it") from None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise PublishError(f"{where} is not a Fadan publish manifest: look at it, or remove it")
    return set(files)


def stale_files(previous: set[str], wanted: list[str]) -> list[str]:
    """What an earlier publish wrote and the site no longer has; never a path that leaves the folder."""
    keep = set(wanted)
    return sorted(rel for rel in previous - keep if _inside(rel))


def _inside(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and all(p and p not in (".", "..") and not p.startswith(".")
                                                         for p in parts)


def _read_local_manifest(path: Path) -> set[str] | None:
    if path.is_symlink():
        raise PublishError(f"{path} is a symlink: refusing to trust it")
    try:
        return parse_manifest(path.read_bytes(), str(path))
    except FileNotFoundError:
        return None


def _put_file(target: Path, data: bytes) -> None:
    """Replace `target` atomically with `data`, 0644; left alone when it holds these bytes already."""
    try:
        if target.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    atomic_write(target, data)


def _make_dirs(folder: Path) -> None:
    """Create `folder` and its missing parents as 0755 whatever the umask: a web server must read them."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        os.chmod(path, 0o755)


def _same(source: Path, target: Path) -> bool:
    try:
        a, b = source.stat(), target.stat()
    except FileNotFoundError:
        return False
    if a.st_size != b.st_size:
        return False
    if a.st_mtime_ns == b.st_mtime_ns:
        return True
    with open(source, "rb") as fa, open(target, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                break
    os.utime(target, ns=(b.st_atime_ns, a.st_mtime_ns))  # same bytes: only align the mtime
    return True


def _prune_empty(path: Path, root: Path) -> None:
    folder = path.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# --- external tools ------------------------------------------------------------------------------

def _run(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0], path=env.get("PATH")) is None:
        raise PublishError(f"{what}: `{command[0]}` is not installed (or not on PATH)")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-10:])
        raise PublishError(f"{what} failed (exit {result.returncode}): {shlex.join(command)}\n{tail}")
    return result


def _stat_number(text: str, label: str) -> int | None:
    match = re.search(rf"^{re.escape(label)}:\s*([\d,]+)", text, re.MULTILINE)
    return int(match.group(1).replace(",", "")) if match else None


def _run_quiet(command: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    """A tool's run whose failure the caller interprets (e.g. "no manifest yet")."""
    if shutil.which(command[0], path=env.get("PATH")) is None:
        raise PublishError(f"{what}: `{command[0]}` is not installed (or not on PATH)")
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def _rsync(site: Path, dest: str, env: dict[str, str], adopt: bool) -> tuple[int | None, int | None]:
    base = dest.rstrip("/") + "/"
    wanted = sorted(site_files(site))
    with tempfile.TemporaryDirectory(prefix="fadan-publish-") as tmp:
        previous = _rsync_manifest(base, Path(tmp), env)
        if previous is None:
            foreign = _rsync_listing(base, env)
            if foreign and not adopt:
                raise ForeignDestination(dest, foreign)
            previous = set()
        staged = Path(tmp) / "manifest"
        staged.mkdir()
        # A folder's contents, not a file: rsync then creates the destination folder on a first publish.
        send_manifest = ["rsync", "-r", "--checksum", "--chmod=D755,F644", f"{staged}/", base]
        (staged / PUBLISH_MANIFEST).write_bytes(manifest_bytes(previous | set(wanted)))
        _run(send_manifest, env, "rsync")
        # --delay-updates puts every changed file in place at the end, so the site switches nearly at once.
        command = ["rsync", "-a", "--delay-updates", "--chmod=D755,F644", "--exclude=.*", "--stats", f"{site}/", base]
        result = _run(command, env, "rsync")
        copied = _stat_number(result.stdout, "Number of regular files transferred")
        deleted = 0
        stale = stale_files(previous, wanted)
        if stale:
            # Deletes exactly the stale files: every other name is excluded, hence protected.
            rules = Path(tmp) / "stale.rules"
            rules.write_text("".join(f"+ /{rel}\n" for rel in _with_parents(stale)) + "- *\n", encoding="utf-8")
            result = _run(["rsync", "-r", "--delete", f"--filter=merge {rules}", "--stats", f"{site}/", base],
                          env, "rsync (deleting stale files)")
            deleted = _deleted_files(result.stdout)
        (staged / PUBLISH_MANIFEST).write_bytes(manifest_bytes(wanted))
        _run(send_manifest, env, "rsync")
    return copied, deleted


def _rsync_manifest(base: str, tmp: Path, env: dict[str, str]) -> set[str] | None:
    local = tmp / "previous.json"
    result = _run_quiet(["rsync", base + PUBLISH_MANIFEST, str(local)], env, "rsync")
    if result.returncode == 0:
        return parse_manifest(local.read_bytes(), base + PUBLISH_MANIFEST)
    if result.returncode == 23 and "No such file or directory" in result.stderr:
        return None  # no manifest (or no folder) yet
    tail = "\n".join(result.stderr.strip().splitlines()[-10:])
    raise PublishError(f"rsync failed (exit {result.returncode}) reading {base}{PUBLISH_MANIFEST}\n{tail}")


def _rsync_listing(base: str, env: dict[str, str]) -> list[str]:
    """The visible files at the destination (none when it does not exist)."""
    result = _run_quiet(["rsync", "-r", "--list-only", "--exclude=.*", base], env, "rsync")
    if result.returncode == 23 and "No such file or directory" in result.stderr:
        return []
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-10:])
        raise PublishError(f"rsync failed (exit {result.returncode}) listing {base}\n{tail}")
    return [line.split(None, 4)[4] for line in result.stdout.splitlines() if line.startswith("-")]


def _with_parents(paths: list[str]) -> list[str]:
    """Each path with its folders first ('a/', 'a/b/', 'a/b/c.html'): rsync reaches a file only through
    folders its filter lets in."""
    out: dict[str, None] = {}
    for rel in paths:
        parts = rel.split("/")
        for i in range(1, len(parts)):
            out["/".join(parts[:i]) + "/"] = None
        out[rel] = None
    return list(out)


def _deleted_files(stats: str) -> int:
    match = re.search(r"^Number of deleted files:\s*[\d,]+(?: \(reg: ([\d,]+))?", stats, re.MULTILINE)
    if not match:
        return 0
    return int((match.group(1) or "0").replace(",", ""))


def aws_cli(path: str | None = None) -> str:
    """The AWS CLI: on `path` (default PATH), else beside this Python (pip installed it into the venv,
    which cron does not activate)."""
    beside = Path(sys.executable).parent / "aws"
    return shutil.which("aws", path=path) or (str(beside) if beside.exists() else "aws")


def _aws_s3_sync(site: Path, dest: str, env: dict[str, str], adopt: bool) -> tuple[int, int]:
    aws = [aws_cli(env.get("PATH"))]
    endpoint = env.get("FADAN_S3_ENDPOINT_URL")
    extra = ["--endpoint-url", endpoint] if endpoint else []
    wanted = sorted(site_files(site))
    manifest_key = f"{dest}/{PUBLISH_MANIFEST}"
    with tempfile.TemporaryDirectory(prefix="fadan-publish-") as tmp:
        local = Path(tmp) / PUBLISH_MANIFEST
        fetched = _run_quiet([*aws, "s3", "cp", manifest_key, str(local), "--no-progress", *extra], env, "aws s3 cp")
        if fetched.returncode == 0:
            previous: set[str] = parse_manifest(local.read_bytes(), manifest_key)
        elif "404" in fetched.stderr or "Not Found" in fetched.stderr or "does not exist" in fetched.stderr:
            listing = _run_quiet([*aws, "s3", "ls", f"{dest}/", "--recursive", *extra], env, "aws s3 ls")
            if listing.returncode != 0 and (listing.returncode != 1 or listing.stderr.strip()):
                # (exit 1 without a message: nothing under the prefix)
                tail = "\n".join(listing.stderr.strip().splitlines()[-10:])
                raise PublishError(f"aws s3 ls failed (exit {listing.returncode}) listing {dest}/\n{tail}")
            prefix = urlsplit(dest).path.lstrip("/")
            keys = [line.split(None, 3)[3] for line in listing.stdout.splitlines() if len(line.split(None, 3)) == 4]
            foreign = [k for k in (key.removeprefix(prefix).lstrip("/") for key in keys) if _inside(k)]
            if foreign and not adopt:
                raise ForeignDestination(dest, foreign)
            previous = set()
        else:
            tail = "\n".join(fetched.stderr.strip().splitlines()[-10:])
            raise PublishError(f"aws s3 cp failed (exit {fetched.returncode}) reading {manifest_key}\n{tail}")
        local.write_bytes(manifest_bytes(previous | set(wanted)))
        _run([*aws, "s3", "cp", str(local), manifest_key, "--no-progress", *extra], env, "aws s3 cp")
        # No --delete here: its "upload:" lines are how the changes are counted.
        result = _run([*aws, "s3", "sync", str(site), dest, "--no-progress", "--exclude", ".*", "--exclude", "*/.*",
                       *extra], env, "aws s3 sync")
        copied = sum(line.startswith("upload:") for line in result.stdout.splitlines())
        deleted = 0
        stale = stale_files(previous, wanted)
        for at in range(0, len(stale), 200):  # --delete limited to exactly these keys, a few hundred a call
            includes = [arg for rel in stale[at:at + 200] for arg in ("--include", rel)]
            result = _run([*aws, "s3", "sync", str(site), dest, "--delete", "--no-progress", "--exclude", "*",
                           *includes, *extra], env, "aws s3 sync (deleting stale files)")
            deleted += sum(line.startswith("delete:") for line in result.stdout.splitlines())
        local.write_bytes(manifest_bytes(wanted))
        _run([*aws, "s3", "cp", str(local), manifest_key, "--no-progress", *extra], env, "aws s3 cp")
    return copied, deleted


def _command(site: Path, command: str, env: dict[str, str]) -> tuple[None, None]:
    argv = [part.replace("{site}", str(site)) for part in shlex.split(command)]
    _run(argv, env, "the publish command")
    return None, None
