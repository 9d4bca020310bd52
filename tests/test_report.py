import io

from sitegen.report import Reporter
from sitegen.sources import summarise_sources


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_logs_get_a_line_per_quarter_of_a_long_job():
    log = io.StringIO()
    reporter = Reporter(log)
    for done in range(1, 401):
        reporter.progress("rendering", done, 400)
    assert log.getvalue().splitlines() == [
        "rendering: 1/400",
        "rendering: 100/400",
        "rendering: 200/400",
        "rendering: 300/400",
        "rendering: 400/400",
    ]


def test_a_terminal_gets_a_bar_that_ends_with_a_newline():
    term = Terminal()
    reporter = Reporter(term)
    for done in range(1, 201):
        reporter.progress("reading", done, 200)
    out = term.getvalue()
    assert out.count("\r") == 200
    assert out.endswith("\rreading [##############################] 200/200\n")


def test_short_jobs_and_quiet_builds_show_no_progress():
    log = io.StringIO()
    Reporter(log).progress("reading", 5, 10)
    Reporter(log, quiet=True).progress("reading", 500, 500)
    assert log.getvalue() == ""


def test_records_per_source_then_per_folder_for_big_sites():
    log = io.StringIO()
    summarise_sources({"content/a.txt": 12, "content/b.md": 1}, Reporter(log))
    assert log.getvalue() == "  content/a.txt: 12 records\n  content/b.md: 1 record\n"
    log = io.StringIO()
    counts = {f"content/news/{i}.md": 1 for i in range(40)} | {"content/x.txt": 7}
    summarise_sources(counts, Reporter(log))
    assert log.getvalue() == (
        "  content/news/: 40 records in 40 files\n  content/: 7 records in 1 files\n"
    )
