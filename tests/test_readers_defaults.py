from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sitegen.errors import SitegenError
from sitegen.model import ReadOptions
from sitegen.readers import read_source

from conftest import write_site

OPTIONS = ReadOptions(timezone="UTC")


def test_defaults_file_fills_what_records_lack(tmp_path):
    write_site(
        tmp_path,
        {
            "_defaults.toml": 'publisher = "Harbour Wire"\nsection = "Ports"\n'
            'timezone = "Asia/Tokyo"\ndate = 2025-03-01\n',
            "a.jsonl": '{"title": "Dated", "date": "2025-04-02 09:00", "text": "x"}\n'
            '{"title": "Own section", "sections": ["Local"], "publisher": "Own", "text": "y"}\n',
        },
    )
    dated, own = read_source(tmp_path / "a.jsonl", "news/a.jsonl", OPTIONS).records
    assert dated.date == datetime(2025, 4, 2, 9, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert (dated.publisher, dated.sections) == ("Harbour Wire", ("Ports",))
    assert (own.publisher, own.sections) == ("Own", ("Local",))
    assert own.date == datetime(2025, 3, 1, tzinfo=ZoneInfo("Asia/Tokyo")) and own.date_only


def test_a_bad_default_names_the_defaults_file_and_line(tmp_path):
    write_site(tmp_path, {"_defaults.toml": 'publisher = "X"\nauthor = "Y"\n', "a.jsonl": "{}\n"})
    with pytest.raises(SitegenError) as caught:
        read_source(tmp_path / "a.jsonl", "news/a.jsonl", OPTIONS)
    assert str(caught.value) == (
        "news/_defaults.toml:2: unknown default 'author' "
        "(valid: publisher, section, sections, timezone, date, captured)"
    )


def test_a_bad_timezone_default(tmp_path):
    write_site(tmp_path, {"_defaults.toml": 'timezone = "Nowhere/City"\n', "a.jsonl": "{}\n"})
    with pytest.raises(SitegenError, match=r"^_defaults.toml:1: unknown timezone 'Nowhere/City'"):
        read_source(tmp_path / "a.jsonl", "a.jsonl", OPTIONS)
