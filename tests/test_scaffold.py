"""`sitegen init` and `sitegen new`: starting a site, and writing an article in it."""

import subprocess
import sys
import sysconfig
import venv
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from sitegen.errors import SitegenError
from sitegen.scaffold import init_site, new_article

from conftest import run_build

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=ZoneInfo("UTC"))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_init_makes_a_site_that_builds(tmp_path):
    site = tmp_path / "harbour-news"
    written = init_site(site, NOW)
    names = sorted(p.relative_to(site).as_posix() for p in written)
    assert names == [
        ".github/workflows/pages.yml",
        ".gitignore",
        "content/2026-03-04-welcome.md",
        "sitegen.toml",
    ]
    assert 'title = "Harbour News"' in (site / "sitegen.toml").read_text()
    assert '# timezone = "UTC"' in (site / "sitegen.toml").read_text()
    assert (site / ".gitignore").read_text().split() == ["output/", ".cache/"]
    report, _ = run_build(site)
    assert report.records == {"content/2026-03-04-welcome.md": 1}
    assert (site / "output/2026/03/04/welcome/index.html").is_file()  # the name gives the slug


def test_init_never_overwrites_a_site_nor_writes_into_a_file(tmp_path):
    init_site(tmp_path / "a", NOW)
    with pytest.raises(SitegenError, match="already holds a site"):
        init_site(tmp_path / "a", NOW)
    (tmp_path / "f").write_text("x")
    with pytest.raises(SitegenError, match="is a file"):
        init_site(tmp_path / "f", NOW)


def test_init_with_the_theme_copies_the_templates_to_override(tmp_path):
    init_site(tmp_path / "s", NOW, theme=True)
    templates = tmp_path / "s/templates"
    assert (templates / "base.html").is_file() and (templates / "static/reader.js").is_file()
    assert not list(templates.rglob("*.py"))
    (templates / "index.html").write_text(
        (templates / "index.html").read_text().replace("Latest", "Today's paper")
    )
    run_build(tmp_path / "s")
    assert "<h1>Today's paper</h1>" in (tmp_path / "s/output/index.html").read_text()


def test_new_writes_a_draft_dated_now_in_the_sites_timezone(tmp_path):
    site = tmp_path / "s"
    init_site(site, NOW)
    (site / "sitegen.toml").write_text('timezone = "Asia/Tokyo"\n')
    path = new_article(site, "Ferry: «delays» ahead?", NOW, section="Local", author="Ana Silva")
    assert path == site / "content/local/2026-03-04-ferry-delays-ahead.md"
    meta = front_matter(path)
    assert meta["title"] == "Ferry: «delays» ahead?"
    assert meta["date"] == datetime(2026, 3, 4, 14, 6, 7, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert meta["authors"] == ["Ana Silva"] and meta["sections"] == ["Local"]
    assert meta["draft"] is True
    report, _ = run_build(site)
    assert report.records[path.relative_to(site).as_posix()] == 1
    assert not (site / "output/2026/03/04/ferry-delays-ahead").exists()  # a draft
    published = new_article(site, "Ferry runs again", NOW, draft=False)
    assert "draft" not in front_matter(published)


def test_new_never_overwrites_and_needs_a_title(tmp_path):
    init_site(tmp_path / "s", NOW)
    new_article(tmp_path / "s", "Same", NOW)
    with pytest.raises(SitegenError, match="exists already"):
        new_article(tmp_path / "s", "Same", NOW)
    with pytest.raises(SitegenError, match="needs a title"):
        new_article(tmp_path / "s", "  ", NOW)


@pytest.mark.slow  # a wheel built and installed in a new environment
def test_init_new_build_from_an_installed_package(tmp_path):
    """The commands a new user types, run by a sitegen installed from its wheel (its
    theme from the package), not by this checkout."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # sitegen's dependencies from the test environment; sitegen itself from the wheel
    (purelib / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    (wheel,) = wheels.glob("sitegen-*.whl")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", purelib, wheel],
        check=True,
        capture_output=True,
    )
    sitegen = env_dir / "bin" / "sitegen"
    sitegen.write_text(f"#!{python}\nfrom sitegen.cli import run\nrun()\n")
    sitegen.chmod(0o755)

    def run(*args, cwd):
        done = subprocess.run([sitegen, *args], cwd=cwd, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done

    where = subprocess.run(
        [python, "-c", "import sitegen; print(sitegen.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert str(purelib) in where and str(ROOT) not in where
    run("init", "news", cwd=tmp_path)
    news = tmp_path / "news"
    made = run("new", "Hello", "--publish", cwd=news).stdout.strip()
    assert made.startswith("content/") and made.endswith("-hello.md")
    run("build", cwd=news)
    page = next((news / "output").glob("*/*/*/hello/index.html"))
    assert "Hello" in page.read_text() and (news / "output/static/reader.js").is_file()
