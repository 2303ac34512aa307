"""Publishing the built site: a local folder, rsync, an S3-compatible store and a custom command."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.publish import (
    PUBLISH_MANIFEST,
    ForeignDestination,
    PublishError,
    Target,
    aws_cli,
    manifest_bytes,
    parse_target,
    publish,
    site_files,
    sync_folder,
)

ROOT = Path(__file__).resolve().parents[1]


def make_site(root: Path) -> Path:
    """A small site shaped like the generator's: pages, assets, a download, its hidden manifest."""
    files = {
        "index.html": "<h1>罚单</h1>",
        "notices/1182734/index.html": "<p>中国农业银行某支行 罚款30万元</p>",
        "notices/1184531/index.html": "<p>某人寿保险公司</p>",
        "static/style.css": "body{}",
        "data/fadan.sqlite.gz": "\x1f\x8b binary-ish",
        "feed.xml": "<rss/>",
        ".fadan-build.json": "{}",
        ".tmp-abc": "half a file",
        "notices/.tmp-x": "half a page",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in site_files(root)}


def identities(root: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every file, hidden ones included: a rewrite changes one or the other."""
    out = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            st = (Path(folder) / name).stat()
            out[os.path.relpath(Path(folder) / name, root)] = (st.st_ino, st.st_mtime_ns)
    return out


# --- targets -------------------------------------------------------------------------------------

def test_targets_are_parsed_from_one_string(tmp_path: Path) -> None:
    assert parse_target("none", tmp_path) == Target("none", "")
    assert parse_target("", tmp_path) == Target("none", "")
    assert parse_target("www", tmp_path) == Target("local", str(tmp_path / "www"))
    assert parse_target("/srv/www/fadan", tmp_path) == Target("local", "/srv/www/fadan")
    assert parse_target("file:///srv/www/fadan", tmp_path) == Target("local", "/srv/www/fadan")
    assert parse_target("rsync:deploy@web1:/srv/www/fadan", tmp_path) == Target("rsync", "deploy@web1:/srv/www/fadan")
    assert parse_target("s3://fadan-site/prod/", tmp_path) == Target("s3", "s3://fadan-site/prod")
    assert parse_target("command:rclone sync {site} r2:fadan", tmp_path) == Target(
        "command", "rclone sync {site} r2:fadan")


@pytest.mark.parametrize("spec", ["ftp://host/x", "rsync:", "s3://", "command:rclone sync public r2:x"])
def test_a_target_that_cannot_work_is_refused_with_a_reason(spec: str, tmp_path: Path) -> None:
    with pytest.raises(PublishError):
        parse_target(spec, tmp_path)


# --- a local folder ------------------------------------------------------------------------------

def test_a_local_folder_receives_the_site_without_hidden_files(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "www"
    result = publish(site, Target("local", str(dest)))
    assert result is not None and (result.copied, result.deleted, result.unchanged) == (6, 0, 0)
    assert tree(dest) == tree(site)
    assert not (dest / ".fadan-build.json").exists() and not (dest / ".tmp-abc").exists()
    assert not (dest / "notices" / ".tmp-x").exists()


def test_publishing_again_rewrites_only_what_changed_and_removes_what_went(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "www"
    sync_folder(site, dest)
    (dest / "CNAME").write_text("fadan.example.org")  # put there by hand: not the generator's
    (dest / ".well-known").mkdir()
    (dest / ".well-known" / "security.txt").write_text("Contact: x")
    before = identities(dest)

    assert sync_folder(site, dest) == (0, 0, 6)  # nothing changed
    # Only what a publish wrote is ever deleted: the operator's CNAME and hidden files stay.
    assert (dest / "CNAME").read_text() == "fadan.example.org"
    assert (dest / ".well-known" / "security.txt").exists()
    assert identities(dest) == before

    time.sleep(0.01)
    (site / "notices" / "1184531" / "index.html").write_text("<p>changed</p>", encoding="utf-8")
    shutil.rmtree(site / "notices" / "1182734")
    (site / "notices" / "1190000").mkdir()
    (site / "notices" / "1190000" / "index.html").write_text("<p>new</p>", encoding="utf-8")
    assert sync_folder(site, dest) == (2, 1, 4)
    assert tree(dest) == {**tree(site), "CNAME": b"fadan.example.org"}
    assert not (dest / "notices" / "1182734").exists()  # its emptied folder is gone too
    after = identities(dest)
    for rel in ("index.html", "static/style.css", "data/fadan.sqlite.gz", "feed.xml"):
        assert after[rel] == before[rel], rel


def test_same_bytes_with_another_mtime_are_not_copied(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "www"
    sync_folder(site, dest)
    os.utime(site / "index.html", (1, 1))
    inode = (dest / "index.html").stat().st_ino
    assert sync_folder(site, dest) == (0, 0, 6)
    assert (dest / "index.html").stat().st_ino == inode
    assert (dest / "index.html").stat().st_mtime_ns == (site / "index.html").stat().st_mtime_ns


@pytest.mark.parametrize("where", ["public", "public/www", "."])
def test_publishing_into_the_site_itself_or_around_it_is_refused(where: str, tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    with pytest.raises(PublishError, match="one contains the other"):
        sync_folder(site, tmp_path / where)


def test_a_missing_site_is_an_error_not_an_empty_publish(tmp_path: Path) -> None:
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / "index.html").write_text("live")
    with pytest.raises(PublishError, match="does not exist"):
        publish(tmp_path / "public", Target("local", str(dest)))
    assert (dest / "index.html").read_text() == "live"


def _other_site(dest: Path) -> dict[str, bytes]:
    """Another site's files in the folder an operator pointed FADAN_PUBLISH at (/var/www, say)."""
    files = {"index.html": b"<h1>another site</h1>", "blog/2025/post.html": b"<p>a post</p>",
             "wp-config.php": b"<?php secret"}
    for rel, data in files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(data)
    return files


def test_a_folder_holding_other_files_and_no_manifest_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "var-www"
    others = _other_site(dest)
    with pytest.raises(ForeignDestination, match="--publish-adopt"):
        publish(site, Target("local", str(dest)))
    assert tree(dest) == others  # not a byte written, nothing deleted


def test_adopting_a_folder_publishes_beside_its_files_and_never_deletes_them(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "var-www"
    others = _other_site(dest)
    result = publish(site, Target("local", str(dest)), adopt=True)
    assert result is not None and result.deleted == 0
    assert tree(dest) == {**others, **tree(site)}  # the site's index.html replaced the other one
    # The site drops a page: that page goes, the other site's files stay, on this publish and the next.
    shutil.rmtree(site / "notices" / "1182734")
    assert sync_folder(site, dest) == (0, 1, 5)
    assert not (dest / "notices" / "1182734").exists()
    for rel in ("blog/2025/post.html", "wp-config.php"):
        assert (dest / rel).read_bytes() == others[rel]
    assert sync_folder(site, dest) == (0, 0, 5)


def test_only_files_the_manifest_lists_are_deleted_and_never_outside(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "www"
    sync_folder(site, dest)
    (dest / "uploaded-by-hand.pdf").write_bytes(b"%PDF")  # after the first publish: not in its manifest
    outside = tmp_path / "outside.txt"
    outside.write_text("not the site's")
    manifest = dest / PUBLISH_MANIFEST
    listed = sorted(site_files(site))
    manifest.write_bytes(manifest_bytes([*listed, "../outside.txt", "/etc/hostname", "gone.html"]))
    (dest / "gone.html").write_text("an old page")
    assert sync_folder(site, dest) == (0, 1, 6)
    assert not (dest / "gone.html").exists()
    assert outside.read_text() == "not the site's" and (dest / "uploaded-by-hand.pdf").exists()
    assert sorted(__import__("json").loads(manifest.read_text())["files"]) == listed


def test_a_stale_file_behind_a_symlinked_folder_is_not_deleted(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "www"
    sync_folder(site, dest)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("another site's page")
    shutil.rmtree(dest / "notices" / "1182734")
    (dest / "notices" / "1182734").symlink_to(elsewhere)  # the folder of a page the site then drops
    shutil.rmtree(site / "notices" / "1182734")
    sync_folder(site, dest)
    assert (elsewhere / "index.html").read_text() == "another site's page"


def test_a_manifest_that_is_not_one_stops_the_publish(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "www"
    dest.mkdir()
    (dest / PUBLISH_MANIFEST).write_text("{not json")
    with pytest.raises(PublishError, match="not a Fadan publish manifest"):
        sync_folder(site, dest)


def test_published_files_and_folders_are_world_readable_under_umask_077(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "www"
    old = os.umask(0o077)
    try:
        sync_folder(site, dest)
    finally:
        os.umask(old)
    for folder, dirs, files in os.walk(dest):
        for name in dirs:
            assert (Path(folder) / name).stat().st_mode & 0o777 == 0o755, name
        for name in files:
            assert (Path(folder) / name).stat().st_mode & 0o777 == 0o644, name
    assert dest.stat().st_mode & 0o777 == 0o755


# --- rsync ---------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync)")
def test_rsync_to_a_local_destination(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "mirror"
    dest.mkdir()
    (dest / ".htaccess").write_text("keep me")
    first = publish(site, parse_target(f"rsync:{dest}/", tmp_path))
    assert first is not None and (first.copied, first.deleted) == (6, 0)
    assert tree(dest) == tree(site)
    assert (dest / ".htaccess").read_text() == "keep me"
    assert not (dest / ".fadan-build.json").exists()
    before = identities(dest)
    again = publish(site, parse_target(f"rsync:{dest}/", tmp_path))
    assert again is not None and (again.copied, again.deleted) == (0, 0)
    assert identities(dest) == before


@pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed (apt-get install rsync)")
def test_rsync_deletes_only_what_a_publish_wrote(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "mirror"
    dest.mkdir()
    others = _other_site(dest)
    target = parse_target(f"rsync:{dest}", tmp_path)
    with pytest.raises(ForeignDestination):
        publish(site, target)
    assert tree(dest) == others
    first = publish(site, target, adopt=True)
    assert first is not None and (first.copied, first.deleted) == (6, 0)
    shutil.rmtree(site / "notices" / "1182734")
    (site / "index.html").unlink()
    (dest / "notices" / "1182734" / "keep.txt").write_text("an operator's file inside a dropped page's folder")
    second = publish(site, target)
    assert second is not None and second.deleted == 2
    assert not (dest / "notices" / "1182734" / "index.html").exists() and not (dest / "index.html").exists()
    assert (dest / "notices" / "1182734" / "keep.txt").exists()
    for rel in ("blog/2025/post.html", "wp-config.php"):
        assert (dest / rel).read_bytes() == others[rel]


def test_a_failing_rsync_is_reported_with_its_message(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    script = fake_bin / "rsync"
    script.write_text("#!/bin/sh\necho 'rsync: connection unexpectedly closed' >&2\nexit 12\n")
    script.chmod(0o755)
    env = dict(os.environ, PATH=f"{fake_bin}:{os.environ['PATH']}")
    with pytest.raises(PublishError, match=r"exit 12.*\n.*connection unexpectedly closed"):
        publish(site, parse_target("rsync:web1:/srv/www", tmp_path), env)


def test_a_missing_tool_is_named(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    env = dict(os.environ, PATH=str(tmp_path))
    with pytest.raises(PublishError, match="`rsync` is not installed"):
        publish(site, parse_target("rsync:web1:/srv/www", tmp_path), env)


# --- a custom command ----------------------------------------------------------------------------

def test_a_command_target_gets_the_site_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    dest = tmp_path / "copy"
    result = publish(site, parse_target(f"command:cp -a {{site}}/. {dest}", tmp_path))
    assert result is not None and result.copied is None
    assert tree(dest) == tree(site)


# --- S3 (an S3-compatible server on localhost: moto) ---------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3_endpoint(tmp_path: Path) -> Iterator[str]:
    """A local S3-compatible endpoint (moto's server) with one bucket, and fake credentials."""
    if shutil.which(aws_cli()) is None:
        pytest.skip("the AWS CLI is not installed (pip install awscli)")
    pytest.importorskip("moto.server", reason="moto[server] is not installed")
    boto3 = pytest.importorskip("boto3")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                     aws_secret_access_key="test").create_bucket(Bucket="fadan-site")
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def _s3_env(endpoint: str, tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, FADAN_S3_ENDPOINT_URL=endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=str(tmp_path / "none"),
                AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))


def _bucket(endpoint: str, prefix: str) -> dict[str, bytes]:
    import boto3

    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                      aws_secret_access_key="test")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="fadan-site", Prefix=prefix).get("Contents", [])]
    return {k.removeprefix(prefix): s3.get_object(Bucket="fadan-site", Key=k)["Body"].read() for k in keys}


def test_an_s3_compatible_bucket_receives_changes_only(s3_endpoint: str, tmp_path: Path) -> None:
    site = make_site(tmp_path / "public")
    # `aws s3 sync` uploads a file newer than its object, and S3 keeps whole seconds: a file written in the
    # second of its upload would go again. A built site is older than its upload; say so.
    built = time.time() - 60
    for path in site.rglob("*"):
        os.utime(path, (built, built))
    env = _s3_env(s3_endpoint, tmp_path)
    target = parse_target("s3://fadan-site/prod", tmp_path)
    first = publish(site, target, env)
    assert first is not None and (first.copied, first.deleted) == (6, 0)
    assert _bucket(s3_endpoint, "prod/") == {**tree(site), PUBLISH_MANIFEST: manifest_bytes(list(tree(site)))}

    again = publish(site, target, env)
    assert again is not None and (again.copied, again.deleted) == (0, 0)

    time.sleep(1.1)  # S3 keeps whole seconds; a changed file must be newer than its upload
    (site / "index.html").write_text("<h1>新</h1>", encoding="utf-8")
    (site / "feed.xml").unlink()
    third = publish(site, target, env)
    assert third is not None and (third.copied, third.deleted) == (1, 1)
    assert _bucket(s3_endpoint, "prod/") == {**tree(site), PUBLISH_MANIFEST: manifest_bytes(list(tree(site)))}


def test_an_s3_prefix_holding_other_objects_is_refused_and_adopted_objects_stay(s3_endpoint: str,
                                                                              tmp_path: Path) -> None:
    import boto3

    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="test",
                      aws_secret_access_key="test")
    s3.put_object(Bucket="fadan-site", Key="prod/other/report.pdf", Body=b"%PDF")
    site = make_site(tmp_path / "public")
    built = time.time() - 60
    for path in site.rglob("*"):
        os.utime(path, (built, built))
    env = _s3_env(s3_endpoint, tmp_path)
    target = parse_target("s3://fadan-site/prod", tmp_path)
    with pytest.raises(ForeignDestination, match=r"other/report\.pdf"):
        publish(site, target, env)
    assert _bucket(s3_endpoint, "prod/") == {"other/report.pdf": b"%PDF"}
    first = publish(site, target, env, adopt=True)
    assert first is not None and (first.copied, first.deleted) == (6, 0)
    (site / "feed.xml").unlink()
    second = publish(site, target, env)
    assert second is not None and (second.copied, second.deleted) == (0, 1)
    assert _bucket(s3_endpoint, "prod/") == {**tree(site), "other/report.pdf": b"%PDF",
                                             PUBLISH_MANIFEST: manifest_bytes(sorted(site_files(site)))}
