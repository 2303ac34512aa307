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
"""

from __future__ import annotations

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


class PublishError(RuntimeError):
    pass


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


def publish(site: Path, target: Target, env: dict[str, str] | None = None) -> PublishResult | None:
    """Copy the changed files of `site` to `target`; None when the target is `none`."""
    env = dict(os.environ if env is None else env)
    if not site.is_dir():
        raise PublishError(f"nothing to publish: {site} does not exist")
    started = time.perf_counter()
    if target.kind == "none":
        return None
    if target.kind == "local":
        copied, deleted, unchanged = sync_folder(site, Path(target.dest))
        return PublishResult(str(target), copied, deleted, unchanged, time.perf_counter() - started)
    if target.kind == "rsync":
        copied, deleted = _rsync(site, target.dest, env)
    elif target.kind == "s3":
        copied, deleted = _aws_s3_sync(site, target.dest, env)
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


def sync_folder(site: Path, dest: Path) -> tuple[int, int, int]:
    """Make `dest` a copy of `site` (hidden files aside); return (copied, deleted, unchanged).

    A file whose size and mtime match is not read; one that differs is compared byte for byte and,
    when it did change, replaced atomically (a reader of the live site never sees half a file)."""
    site, dest = site.resolve(), dest.resolve()
    if dest == site or dest.is_relative_to(site) or site.is_relative_to(dest):
        raise PublishError(f"refusing to publish {site} into {dest}: one contains the other")
    if dest == Path(dest.anchor) or dest == Path.home():
        raise PublishError(f"refusing to publish into {dest}: give the site its own folder")
    dest.mkdir(parents=True, exist_ok=True)
    wanted = sorted(site_files(site), key=_publish_order)
    copied = unchanged = 0
    for rel in wanted:
        source, target = site / rel, dest / rel
        if _same(source, target):
            unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
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
    keep = set(wanted)
    deleted = 0
    for rel in list(site_files(dest)):
        if rel not in keep:
            (dest / rel).unlink()
            deleted += 1
            _prune_empty(dest / rel, dest)
    return copied, deleted, unchanged


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


def _rsync(site: Path, dest: str, env: dict[str, str]) -> tuple[int | None, int | None]:
    # --delay-updates puts every changed file in place at the end, so the site switches nearly at once.
    command = ["rsync", "-a", "--delete", "--delay-updates", "--exclude=.*", "--stats", f"{site}/", dest]
    result = _run(command, env, "rsync")
    return (_stat_number(result.stdout, "Number of regular files transferred"),
            _stat_number(result.stdout, "Number of deleted files"))


def aws_cli(path: str | None = None) -> str:
    """The AWS CLI: on `path` (default PATH), else beside this Python (pip installed it into the venv,
    which cron does not activate)."""
    beside = Path(sys.executable).parent / "aws"
    return shutil.which("aws", path=path) or (str(beside) if beside.exists() else "aws")


def _aws_s3_sync(site: Path, dest: str, env: dict[str, str]) -> tuple[int, int]:
    # Its "upload:" and "delete:" lines are how the changes are counted.
    command = [aws_cli(env.get("PATH")), "s3", "sync", str(site), dest, "--delete", "--no-progress", "--exclude", ".*",
               "--exclude", "*/.*"]
    endpoint = env.get("FADAN_S3_ENDPOINT_URL")
    if endpoint:
        command += ["--endpoint-url", endpoint]
    result = _run(command, env, "aws s3 sync")
    lines = result.stdout.splitlines()
    return (sum(line.startswith("upload:") for line in lines), sum(line.startswith("delete:") for line in lines))


def _command(site: Path, command: str, env: dict[str, str]) -> tuple[None, None]:
    argv = [part.replace("{site}", str(site)) for part in shlex.split(command)]
    _run(argv, env, "the publish command")
    return None, None
