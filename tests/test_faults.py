"""Faults made for real, never mocked: `sitegen build` killed with SIGKILL at chosen
moments of a full build; an output device that refuses writes (a file size limit, a
full or read-only tmpfs, a file in the way); the dev server answering a bounded load
while sources change; a burst of hundreds of new, edited and deleted sources (a branch
switch) under the dev server."""

from __future__ import annotations

import contextlib
import functools
import http.client
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers import Served

from sitegen.serve import RELOAD_SCRIPT

from conftest import read_tree, run_build

pytestmark = pytest.mark.slow  # real processes killed, real devices filled

SITEGEN = [sys.executable, "-m", "sitegen"]
WORDS = (
    "harbour council river storm budget school market rail bridge court election farm "
    "hospital museum festival port energy water police weather tourism factory union "
    "mayor park library ferry tram clinic orchard"
).split()
TAGS = "ports transport schools health culture weather energy courts".split()


def article(number: int, rev: int = 0, title: str = "", date: str = "") -> str:
    """A Markdown article with front matter. Its first and last paragraphs carry the
    token ``rev-<number>-<rev>``: a page showing two revisions of one article is torn."""
    rng = random.Random(number)
    words = lambda count: " ".join(rng.choice(WORDS) for _ in range(count))  # noqa: E731
    title = title or f"{words(5).capitalize()} {number}"
    date = date or (datetime(2023, 1, 1, tzinfo=UTC) + timedelta(hours=7 * number)).isoformat()
    tags = ", ".join(sorted(rng.sample(TAGS, 2)))
    paragraphs = [f"Opening rev-{number}-{rev}: {words(30)}."]
    paragraphs += [f"{words(40).capitalize()}, *{words(3)}* and {words(20)}." for _ in range(5)]
    paragraphs.append(f"Closing rev-{number}-{rev}: {words(20)}.")
    return (
        f'---\ntitle: "{title}"\ndate: {date}\nauthors: ["Writer {number % 7}"]\n'
        f'tags: [{tags}]\nsections: ["Desk {number % 3}"]\nsummary: "{words(12)}."\n---\n\n'
        + "\n\n".join(paragraphs)
        + "\n"
    )


def make_site(root: Path, count: int, settings: str = "") -> Path:
    (root / "content").mkdir(parents=True)
    set_title(root, "Fault news", settings)
    for number in range(count):
        (root / "content" / f"a{number:04d}.md").write_text(article(number))
    return root


def set_title(site: Path, title: str, settings: str = "") -> None:
    """A settings change: every page changes, so the next build is a full one."""
    config = f'title = "{title}"\nbase_url = "http://localhost:8000/"\n{settings}'
    (site / "sitegen.toml").write_text(config)


def sitegen(*args, **options) -> subprocess.CompletedProcess:
    command = [*SITEGEN, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **options)


def tree_diff(found: dict[str, bytes], expected: dict[str, bytes]) -> str:
    """What differs between two file trees, in a line ("" if nothing does), for messages
    shorter than two dicts of pages."""
    if found == expected:
        return ""
    missing = sorted(expected.keys() - found.keys())
    extra = sorted(found.keys() - expected.keys())
    changed = sorted(p for p in found.keys() & expected.keys() if found[p] != expected[p])
    return (
        f"{len(missing)} missing {missing[:5]}, {len(extra)} extra {extra[:5]}, "
        f"{len(changed)} changed {changed[:5]}"
    )


def swept(site: Path, seconds: float = 20) -> list[str]:
    """The site folder's entries once the folders a build sets aside beside the output
    are gone (a background process deletes them): only the site and its output."""
    wanted = {".cache", "content", "output", "sitegen.toml"}
    deadline = time.monotonic() + seconds
    while True:
        found = set(os.listdir(site))
        if found <= wanted or time.monotonic() > deadline:
            return sorted(found - wanted)
        time.sleep(0.05)


# --- kill -9 during a full build ------------------------------------------------------

KILL_ARTICLES = 120  # a second to build on two cores, with 250 pages to render

# Runs `sitegen` and sends it SIGKILL when its main process raises the ``at``-th audit
# event named in the first argument that the pattern in the second finds (audit events
# are raised just before the operation they name). sitegen's code runs unchanged: this only
# picks the moment of a real kill.
KILLER = """\
import os, re, signal, sys
events, pattern, at = set(sys.argv[1].split(",")), re.compile(sys.argv[2]), int(sys.argv[3])
me, seen = os.getpid(), [0]

def hook(event, args):
    if event in events and os.getpid() == me and pattern.search(f"{event} {args!r}"):
        seen[0] += 1
        if seen[0] == at:
            os.kill(me, signal.SIGKILL)

sys.addaudithook(hook)
sys.argv[1:] = sys.argv[4:]
from sitegen.cli import run
run()
"""
# a rename (os.rename, os.replace), or the look-up of renameat2 just before its first call
SWAPS = ("os.rename,ctypes.dlsym", r"^os\.rename|'renameat2'")
MOMENTS = {
    # a line the build prints (in logs, each quarter of a long stage gets one)
    "rendering pages": ("line", r"rendering: "),
    "every page rendered": ("line", r"rendering: (\d+)/\1$"),
    # an operation of the build's main process
    "at the swap": ("audit", *SWAPS, 1),
    "after the first step of the swap": ("audit", *SWAPS, 2),
    "saving the cache": ("audit", "sqlite3.connect", "", 2),  # the first one loaded it
}
# a warm build (the cache of the last one at hand) writes changed pages over the old ones
IN_PLACE = ("audit", "open", "/output/", 150)  # of some 400 files


def build_killed(site: Path, moment: str, log: Path) -> None:
    """Run `sitegen build` on ``site`` and SIGKILL it at ``moment``."""
    kind, *how = MOMENTS.get(moment) or IN_PLACE
    if kind == "audit":
        command = [sys.executable, "-c", KILLER, how[0], how[1], str(how[2])]
    else:
        command = [sys.executable, "-m", "sitegen"]
    command += ["build", "--site", str(site)]
    with open(log, "w+") as said:
        # its own process group: the workers and Pagefind that the kill orphans can be
        # ended after it (they would otherwise wait forever, each holding the site)
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE if kind == "line" else said,
            text=True,
            start_new_session=True,
        )
        try:
            if kind == "line":
                for line in process.stderr:
                    said.write(line)
                    if re.match(how[0], line.rstrip("\n")):
                        os.kill(process.pid, signal.SIGKILL)
                        break
            process.wait(120)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            if process.stderr:
                process.stderr.close()
        said.seek(0)
        assert process.returncode == -signal.SIGKILL, f"not killed {moment}:\n{said.read()}"


@dataclass
class Versions:
    site: Path  # version A of the site, built, with its cache
    old: dict[str, bytes]  # the output of version A
    new: dict[str, bytes]  # a clean build of version B (another title)


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> Versions:
    root = tmp_path_factory.mktemp("versions")
    site = make_site(root / "site", KILL_ARTICLES)
    set_title(site, "Version B")
    built = sitegen("build", "--site", site, "--no-cache", "--output", root / "new")
    assert built.returncode == 0, built.stderr
    set_title(site, "Version A")
    built = sitegen("build", "--site", site)
    assert built.returncode == 0, built.stderr
    return Versions(site, read_tree(site / "output"), read_tree(root / "new"))


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_build_killed_at_any_moment_leaves_a_whole_site(versions, tmp_path, moment):
    """A full build (no cache yet) killed at any moment leaves the whole previous site or
    the whole new one, never a mix nor nothing; the next build is a clean build and
    sweeps up what the kill left."""
    site = tmp_path / "site"
    shutil.copytree(versions.site, site, ignore=shutil.ignore_patterns(".cache"))
    set_title(site, "Version B")
    build_killed(site, moment, tmp_path / "killed.log")
    assert (site / "output").is_dir(), f"no output after a kill {moment}: {os.listdir(site)}"
    found = read_tree(site / "output")
    old, new = tree_diff(found, versions.old), tree_diff(found, versions.new)
    assert not old or not new, f"a mix after a kill {moment}: old site {old}; new one {new}"
    again = sitegen("build", "--site", site)
    assert again.returncode == 0, again.stderr
    assert not (new := tree_diff(read_tree(site / "output"), versions.new)), new
    assert swept(site) == [], "left beside the output"


def test_a_warm_build_killed_while_writing_in_place_is_repaired_by_the_next(versions, tmp_path):
    """A warm build writes its changed pages over the old files, so a kill among those
    writes leaves some pages new and some old (as the README says); its marker no longer
    matches the cache, and the next build makes the whole new site."""
    site = tmp_path / "site"
    shutil.copytree(versions.site, site)
    set_title(site, "Version B")  # every page changes, written in place
    build_killed(site, "writing pages in place", tmp_path / "killed.log")
    again = sitegen("build", "--site", site)
    assert again.returncode == 0, again.stderr
    assert not (new := tree_diff(read_tree(site / "output"), versions.new)), new
    assert swept(site) == [], "left beside the output"


# --- an output device that refuses writes ---------------------------------------------


def one_error_naming(result: subprocess.CompletedProcess, output: Path) -> str:
    """The build failed with exit status 2 and one `error:` line naming the output."""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert len(errors) == 1 and str(output) in errors[0], result.stderr
    assert "a bug in sitegen" not in errors[0], result.stderr
    return errors[0]


def file_size_limit(limit: int):
    def limit_in_the_child() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # then a write past it fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_in_the_child


@pytest.mark.parametrize("warm", [False, True], ids=["full build", "warm build"])
def test_a_file_size_limit_is_one_error_and_the_next_build_is_whole(tmp_path, warm):
    """RLIMIT_FSIZE stops root too: every article page is bigger than the limit, so the
    first one the build writes fails with EFBIG (in a worker process or the main one).
    The limit covers every file the process writes, and Pagefind's temporary copy of the
    pages would be hit first, hence no search index here. A full build (no cache) keeps
    the old site as it was; a warm one writes its changed pages over the old ones, so it
    may leave some written (as the README says), and the next build repairs them."""
    site = make_site(tmp_path / "site", 40, "search = false\n")
    output = site / "output"
    assert sitegen("build", "--site", site).returncode == 0
    old = read_tree(output)
    limit = 4096  # what multiprocessing's shared memory needs
    assert sum(len(data) > limit for path, data in old.items() if path.endswith(".html")) > 40
    set_title(site, "Version B", "search = false\n")
    options = [] if warm else ["--no-cache"]
    failed = sitegen("build", "--site", site, *options, preexec_fn=file_size_limit(limit))
    line = one_error_naming(failed, output)
    if not warm:
        assert "nothing was changed" in line
        assert not (changed := tree_diff(read_tree(output), old)), changed
    else:
        assert "build again" in line
    assert swept(site) == [], "left beside the output"
    done = sitegen("build", "--site", site)  # with the limit lifted
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean"
    run_build(site, clean)
    assert not (wrong := tree_diff(read_tree(output), read_tree(clean))), wrong


def test_a_file_in_the_way_of_the_output_is_one_error_and_stays(tmp_path):
    site = make_site(tmp_path / "site", 30)
    output = tmp_path / "published"
    output.write_bytes(b"a file, not a folder")
    failed = sitegen("build", "--site", site, "--output", output)
    one_error_naming(failed, output)
    assert output.read_bytes() == b"a file, not a folder"
    assert sorted(os.listdir(tmp_path)) == ["published", "site"]  # no staging left


@functools.cache
def unshare_prefix() -> tuple[list[str] | None, str]:
    """How to run a command in a mount namespace of its own where it may mount a tmpfs
    (a user namespace for a normal user, or root's), or None and why not."""
    if shutil.which("unshare") is None:
        return None, "no unshare command"
    why = ""
    with tempfile.TemporaryDirectory() as folder:
        for prefix in (["unshare", "-rm"], ["unshare", "-m"]):
            probe = subprocess.run(
                [*prefix, "sh", "-c", 'mount -t tmpfs -o size=64k tmpfs "$0"', folder],
                capture_output=True,
                text=True,
            )
            if probe.returncode == 0:
                return prefix, ""
            why = probe.stderr.strip()
    return None, f"cannot mount a tmpfs in a namespace of our own: {why}"


# Mounts a small tmpfs, puts the old site on it, maybe makes it read-only, runs the
# build given as arguments, and copies what the device then holds back to $HOST.
ON_A_SMALL_DEVICE = """\
set -e
mount -t tmpfs -o size="$SIZE" tmpfs "$DEVICE"
cp -a "$OLD" "$DEVICE/output"
if [ "$MODE" = read-only ]; then mount -o remount,ro "$DEVICE"; fi
set +e
"$@" 2> "$HOST/stderr"
echo $? > "$HOST/status"
cp -a "$DEVICE/." "$HOST/after"
"""


@pytest.mark.parametrize("mode", ["full", "read-only"])
def test_a_full_or_read_only_device_is_one_error_and_keeps_the_old_site(tmp_path, mode):
    """The output on a tmpfs that holds the old site but not a second copy beside it
    (ENOSPC), or that was remounted read-only (EROFS)."""
    prefix, why = unshare_prefix()
    if prefix is None:
        pytest.skip(why)
    site = make_site(tmp_path / "site", 30)
    old_output = tmp_path / "old"
    assert sitegen("build", "--site", site, "--output", old_output).returncode == 0
    old = read_tree(old_output)
    used = sum(-(-len(data) // 4096) * 4096 for data in old.values())
    set_title(site, "Version B")
    device, host = tmp_path / "device", tmp_path / "host"
    device.mkdir()
    (host / "after").mkdir(parents=True)
    output = device / "output"
    size = str(used * 3 // 2)  # the old site fits, a second copy beside it does not
    env = dict(os.environ, SIZE=size, DEVICE=str(device), OLD=str(old_output), MODE=mode)
    env["HOST"] = str(host)
    build = [*SITEGEN, "build", "--site", str(site), "--output", str(output), "--no-cache"]
    ran = subprocess.run(
        [*prefix, "sh", "-c", ON_A_SMALL_DEVICE, "sh", *build],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0 and (host / "status").is_file(), ran.stderr
    result = subprocess.CompletedProcess(
        build, int((host / "status").read_text()), "", (host / "stderr").read_text()
    )
    line = one_error_naming(result, output)
    assert ("No space left" if mode == "full" else "Read-only") in line
    assert not (changed := tree_diff(read_tree(host / "after" / "output"), old)), changed
    assert sorted(os.listdir(host / "after")) == ["output"]  # no staging left on the device


# --- the dev server under load while sources change -----------------------------------


def url_of(path: str) -> str:
    return "/" + path.removesuffix("index.html")


def saved_in_place(path: str, numbers: list[int]) -> bool:
    """Whether ``path`` is the page of one of the articles ``numbers`` (its slug ends
    with the number that ends its title)."""
    found = re.fullmatch(r"\d{4}/\d\d/\d\d/[^/]*-(\d+)/index\.html", path)
    return bool(found) and int(found.group(1)) in numbers


def torn(body: bytes) -> list[str]:
    """The articles of which a page shows two revisions: a page half written."""
    revisions: dict[bytes, set[bytes]] = {}
    for number, rev in re.findall(rb"rev-(\d+)-(\d+)", body):
        revisions.setdefault(number, set()).add(rev)
    return [number.decode() for number, revs in revisions.items() if len(revs) > 1]


def test_the_dev_server_answers_every_request_while_sources_change(tmp_path):
    """Six clients fetch pages without pause while articles are edited (saved by rename
    and in place), created and deleted. Every answer is whole: its full length, one
    revision of each article, a page ending in </html>. No connection fails, nothing
    answers 5xx, and every page answers 200 but these, which may answer 404 depending on
    the moment: an article created or deleted meanwhile, and one saved in place (its
    file is empty between the truncation and the write; a rebuild reading it then has
    no such article, and the save's own rebuild brings it back)."""
    site = make_site(tmp_path / "site", 90)
    server = Served(site)
    try:
        renamed, in_place = list(range(0, 90, 14)), list(range(7, 90, 14))
        pages = [p for p in read_tree(site / "output") if "pagefind" not in p]
        pages += ["feed.xml", "sitemap.xml", "static/sitegen.css", "pagefind/pagefind.js"]
        urls = [(url_of(p), not saved_in_place(p, in_place)) for p in pages]
        urls += [(f"/2024/06/{k + 1:02d}/churn-story-{k}/", False) for k in range(7)]
        assert sum(not must for _, must in urls) == len(in_place) + 7
        stop = threading.Event()
        problems: list[str] = []
        answered: list[int] = []

        def client(seed: int) -> None:
            rng = random.Random(seed)
            count = 0
            while not stop.is_set():
                url, must_exist = rng.choice(urls)
                try:
                    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
                    conn.request("GET", url)
                    response = conn.getresponse()
                    body = response.read()  # IncompleteRead if short of Content-Length
                    conn.close()
                except (OSError, http.client.HTTPException) as err:
                    problems.append(f"{url}: {type(err).__name__}: {err}")
                    continue
                count += 1
                status, ctype = response.status, response.getheader("Content-Type", "")
                if status != 200 and (must_exist or status != 404):
                    problems.append(f"{url}: {status}")
                elif status == 200 and ctype.startswith("text/html"):
                    if not body.endswith(b"</html>\n") or body.count(b"</html>") != 1:
                        problems.append(f"{url}: not a whole page: ...{body[-60:]!r}")
                    if torn(body):
                        problems.append(f"{url}: two revisions of article(s) {torn(body)}")
            answered.append(count)

        def editor() -> None:
            rng = random.Random(1)
            for step in range(21):
                k = step // 3
                if step % 3 == 0:
                    number = rng.choice(in_place if step % 2 else renamed)
                    path = site / "content" / f"a{number:04d}.md"
                    text = article(number, rev=step + 1)
                    if step % 2:
                        path.write_text(text)  # in place, as some editors save
                    else:
                        temp = path.with_name(path.name + ".tmp")
                        temp.write_text(text)
                        os.replace(temp, path)  # write then rename, as most editors do
                elif step % 3 == 1:
                    date = f"2024-06-{k + 1:02d}"
                    text = article(1000 + k, title=f"Churn story {k}", date=date)
                    (site / "content" / f"churn{k}.md").write_text(text)
                elif k >= 2:
                    (site / "content" / f"churn{k - 2}.md").unlink()
                time.sleep(rng.uniform(0.05, 0.3))  # quiet long enough to rebuild, or not

        builds = server.rebuilds()
        clients = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for thread in clients:
            thread.start()
        editing = threading.Thread(target=editor)
        editing.start()
        editing.join(60)
        time.sleep(0.5)  # the last rebuild under load too
        stop.set()
        for thread in clients:
            thread.join(60)
        said = "\n".join(server.lines[-20:])
        assert problems == [], f"{len(problems)} bad answers: {problems[:10]}\n{said}"
        assert sum(answered) >= 300 and min(answered) > 0, answered
        assert server.rebuilds() >= builds + 3, "the edits were hardly rebuilt under load"

        clean = tmp_path / "clean"
        run_build(site, clean)
        expected = read_tree(clean)
        settled(server, site / "output", expected)
        for path, data in expected.items():  # and what the server sends is that site
            status, _, body = server.get(
                url_of(path) if path.endswith("index.html") else "/" + path
            )
            body = body.replace(RELOAD_SCRIPT.encode() + b"</body>", b"</body>", 1)
            assert (status, body) == (200, data), path
    finally:
        server.stop()


def settled(server: Served, output: Path, expected: dict[str, bytes], seconds: float = 90):
    """Wait until the output folder equals ``expected`` and no rebuild came for a second
    and a half (the search index follows edits by a second), then check it still does."""
    deadline = time.monotonic() + seconds
    found: dict[str, bytes] = {}
    while time.monotonic() < deadline:
        builds = server.rebuilds()
        found = read_tree(output)
        if found == expected:
            time.sleep(1.5)
            if server.rebuilds() == builds and read_tree(output) == expected:
                return
        else:
            time.sleep(0.3)
    raise AssertionError(
        f"not settled to a clean build: {tree_diff(found, expected)}\n"
        + "\n".join(server.lines[-15:])
    )


@pytest.mark.skipif(not hasattr(resource, "prlimit"), reason="no prlimit (Linux only)")
def test_the_dev_server_reports_a_write_fault_and_repairs_the_site_after_it(tmp_path):
    """A file size limit put on the running server (prlimit; Python ignores SIGXFSZ, so
    the write fails with EFBIG): an article grown past it fails its rebuild with one
    error line, the server keeps serving and watching, and undoing the edit, exactly,
    gives a clean build's site again, including the page the failed build half wrote."""
    site = make_site(tmp_path / "site", 40, "search = false\n")
    server = Served(site)
    try:
        output = site / "output"
        limit = 2 * max(len(data) for data in read_tree(output).values())
        resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (limit, limit))
        path = site / "content" / "a0005.md"
        original = path.read_text()
        more = f"The {' '.join(WORDS)} story goes on.\n\n" * (limit // 100)
        path.write_text(original + "\n" + more)
        server.wait_for(
            lambda: [line for line in server.lines if line.startswith("error:")], what="error"
        )
        errors = [line for line in server.lines if line.startswith("error:")]
        assert len(errors) == 1 and str(output) in errors[0], errors
        assert server.get("/")[0] == 200
        path.write_text(original)
        clean = tmp_path / "clean"
        run_build(site, clean)
        settled(server, output, read_tree(clean))
        assert not any("Traceback" in line for line in server.lines), server.lines
    finally:
        server.stop()


# --- a branch switch under the dev server ---------------------------------------------


def test_a_burst_of_new_edited_and_deleted_sources_ends_in_a_clean_build(tmp_path):
    """300 new articles (a third in a new folder), 15 edits of which 5 change the title
    and so the URL, 10 deletions and 5 moves, written as fast as the test can: once the
    server settles, its output folder is, byte for byte, a clean `sitegen build`."""
    site = make_site(tmp_path / "site", 60)
    content = site / "content"
    server = Served(site)
    try:
        builds = server.rebuilds()
        (content / "branch").mkdir()
        for k in range(300):
            folder = content / "branch" if k % 3 == 0 else content
            (folder / f"new{k:03d}.md").write_text(article(2000 + k))
        for number in range(0, 60, 4):
            title = f"Renamed story {number}" if number % 3 == 0 else ""
            (content / f"a{number:04d}.md").write_text(article(number, rev=1, title=title))
        for number in range(1, 60, 6):
            (content / f"a{number:04d}.md").unlink()
        for number in range(3, 60, 12):
            (content / f"a{number:04d}.md").rename(content / "branch" / f"moved{number}.md")
        clean = tmp_path / "clean"
        run_build(site, clean)
        expected = read_tree(clean)
        server.wait_rebuild(builds + 1, timeout=60)
        settled(server, site / "output", expected)
    finally:
        server.stop()
