import re
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


def test_user_errors_are_messages_not_tracebacks(tmp_path):
    result = sitegen(
        "build", "--site", str(SITES / "invalid-date"), "--output", str(tmp_path / "o")
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
