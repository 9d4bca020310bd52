import os
import re
import socket
import subprocess
import sys
from pathlib import Path

from conftest import SITES, broken_links

ROOT = Path(__file__).resolve().parents[1]


def sitegen(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_command_builds_and_exits_zero(tmp_path):
    out = tmp_path / "out"
    result = sitegen(
        "build",
        "--no-cache",  # the fixture stays as it is
        "--site",
        str(SITES / "basic"),
        "--output",
        str(out),
        "--base-url",
        "https://example.org/news/",
    )
    assert result.returncode == 0, result.stderr
    assert "built 7 articles" in result.stderr
    assert broken_links(out, "https://example.org/news/") == []
    # check crawls it for the base URL it was built for, unless told another
    checked = sitegen("check", "--site", str(SITES / "basic"), "--output", str(out))
    assert checked.returncode == 0, checked.stderr
    assert "checked" in checked.stderr and ": 0 problems" in checked.stderr
    elsewhere = sitegen("check", "--output", str(out), "--base-url", "https://example.org/")
    assert elsewhere.returncode == 1 and "broken link /news/authors/" in elsewhere.stderr


def test_user_errors_are_messages_not_tracebacks(tmp_path):
    result = sitegen(
        "build",
        "--no-cache",
        "--site",
        str(SITES / "invalid-date"),
        "--output",
        str(tmp_path / "o"),
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: content/story.md:4: 'date': invalid date")
    assert "Traceback" not in result.stderr


def test_output_piped_into_a_reader_that_stops_is_no_traceback():
    # `sitegen records | head -1`: the pipe closes while records are still printed
    proc = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "records", str(ROOT / "tests" / "devset")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().startswith("{")
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in stderr


def test_missing_content_folder(tmp_path):
    result = sitegen("build", "--site", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == f"error: no content folder at {tmp_path / 'content'}\n"


def test_the_default_site_builds_with_no_broken_links(tmp_path):
    out = tmp_path / "out"
    result = sitegen("build", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert broken_links(out, "http://localhost:8000/") == []
    assert (out / "authors/mara-lindqvist/index.html").is_file()
    assert "City editor" in (out / "authors/mara-lindqvist/index.html").read_text()
    # the five captures: every record an article (the profile feeds its author's page)
    assert "built 322 articles" in result.stderr
    chen = (out / "authors/chen-qingqing/index.html").read_text()
    assert '<p class="role">Reporter, Beijing</p>' in chen and "co-leads the Global Times" in chen
    assert {p.name for p in (out / "sections").iterdir() if p.is_dir()} >= {
        "china",
        "world",
        "culture",
        "tec",
    }
    topics = (out / "tags/index.html").read_text()
    assert topics.count('class="derived"') >= 20  # derived topics, marked as such
    assert "Related coverage" in next(
        p.read_text()
        for p in (out / "articles").glob("*/index.html")
        if "Baidu rejected" in p.read_text()
    )


def test_timings_say_how_many_pages_were_hashed_and_rendered(basic_site, tmp_path):
    args = ("build", "--site", str(basic_site), "--output", str(tmp_path / "out"), "--timings")
    sitegen(*args)
    one = basic_site / "content/news/one.md"
    one.write_text(one.read_text().replace("Two cranes were damaged.", "Two cranes broke."))
    result = sitegen(*args)
    assert result.returncode == 0, result.stderr
    hashed = re.search(r"^  hash pages +[\d.]+ s \((\d+) pages\)$", result.stderr, re.M)
    rendered = re.search(r"^  render +[\d.]+ s \((\d+) pages\)$", result.stderr, re.M)
    assert hashed and rendered, result.stderr
    assert 0 < int(rendered.group(1)) < int(hashed.group(1)) <= 65  # the site's pages


def test_records_of_a_missing_file_is_a_message():
    result = sitegen("records", "no-such-capture.txt")
    assert result.returncode == 1
    assert result.stderr == "error: no such file: no-such-capture.txt\n"


def no_traceback(result, code=None):
    said = result.stdout + result.stderr
    assert "Traceback" not in said, said
    if code is not None:
        assert result.returncode == code, said
    return said


def test_no_command_ever_shows_a_traceback(tmp_path):
    """Bad arguments, missing and unwritable paths, a file where a folder belongs, a busy
    port: every command answers with a message."""
    site = tmp_path / "site"
    init = sitegen("init", str(site))
    no_traceback(init, 0)
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = str(busy.getsockname()[1])
    cases = [
        ((), 2),
        (("frobnicate",), 2),
        (("build", "--per-page", "3"), 2),
        (("build", "--site", str(tmp_path / "missing")), 1),
        (("build", "--site", str(a_file)), 1),
        (("build", "--site", str(site), "--output", str(a_file / "out")), 2),
        (("build", "--site", str(site), "--cache-dir", str(a_file / "cache")), None),
        (("build", "--site", str(site), "--output", str(site)), 1),
        (("build", "--site", str(site), "--output", str(site / "content")), 1),
        (("serve", "--site", str(site), "--port", port), 1),
        (("serve", "--site", str(site), "--port", "not-a-number"), 2),
        (("watch", "--site", str(tmp_path / "missing")), 1),
        (("serve", "--site", str(a_file), "--port", "0"), 1),
        (("check", "--site", str(site), "--output", str(tmp_path / "missing")), 1),
        (("check", "--site", str(site), "--output", str(a_file)), 1),
        (("records", str(tmp_path / "missing.md"), "--site", str(site)), 1),
        (("records", str(a_file), "--site", str(site)), None),
        (("records", "--explain", str(site / "content"), "--site", str(site)), None),
        (("init", str(a_file)), 1),
        (("init", str(site)), 1),
        (("new", "", "--site", str(site)), 1),
        (("new", "Hello", "--site", str(tmp_path / "missing")), 1),
        (("new", "Hello", "--site", str(a_file)), 1),
    ]
    if os.geteuid() != 0:  # root writes anywhere
        cases.append((("build", "--site", str(site), "--output", str(locked / "out")), 2))
    try:
        for args, code in cases:
            result = sitegen(*args)
            said = no_traceback(result, code)
            assert result.returncode == 0 or "error" in said.lower() or "usage" in said, args
        assert "--port 0" in no_traceback(sitegen("serve", "--site", str(site), "--port", port))
    finally:
        busy.close()
        locked.chmod(0o700)


def test_records_keeps_going_past_a_bad_file(tmp_path):
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content/good.md").write_text("---\ntitle: Good\ndate: 2024-01-01\n---\nText.\n")
    (site / "content/bad.md").write_text("---\ntitle: Bad\ndate: someday\n---\nText.\n")
    result = sitegen("records", "--site", str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert '"title": "Good"' in result.stdout
    assert "error: content/bad.md:3: 'date': invalid date 'someday'" in result.stderr


def test_debug_is_heard_before_and_after_the_command():
    from sitegen.cli import parser

    for args in (["--debug", "build"], ["build", "--debug"]):
        assert parser().parse_args(args).debug, args
    assert not parser().parse_args(["build"]).debug
