import pytest

from sitegen.config import Config, load_config, settings_doc
from sitegen.errors import SitegenError


def load(tmp_path, text, **overrides):
    (tmp_path / "sitegen.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, overrides)


def test_defaults_without_a_file(tmp_path):
    assert load_config(tmp_path) == Config()


def test_every_setting_is_documented():
    for key, _default, doc in settings_doc():
        assert doc.strip(), key


def test_values_and_overrides(tmp_path):
    config = load(
        tmp_path, 'title = "X"\nper_page = 3\n', base_url="https://e.org/news", drafts=True
    )
    assert (config.title, config.per_page, config.drafts) == ("X", 3, True)
    assert config.base_path == "/news/"


def test_unknown_key_is_reported_with_the_valid_ones(tmp_path):
    with pytest.raises(SitegenError) as caught:
        load(tmp_path, 'title = "X"\n\npaginate = 5\n')
    message = str(caught.value)
    assert message.startswith("sitegen.toml:3: unknown setting 'paginate' (valid: title, ")
    assert "per_page" in message


def test_all_problems_are_reported_together(tmp_path):
    with pytest.raises(SitegenError) as caught:
        load(tmp_path, 'per_page = "ten"\ncolour = 1\n')
    assert [str(p) for p in caught.value.problems] == [
        "sitegen.toml:1: setting 'per_page' must be int, not str",
        "sitegen.toml:2: unknown setting 'colour' (valid: "
        + ", ".join(k for k, _, _ in settings_doc())
        + ")",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('timezone = "Mars/Base"', "sitegen.toml:1: unknown timezone 'Mars/Base'"),
        ("per_page = 0", "sitegen.toml:1: per_page must be at least 1"),
        ('base_url = "example.org"', "sitegen.toml:1: base_url must be an absolute http(s) URL"),
        ('article_permalink = "{year}/"', "sitegen.toml:1: article_permalink must contain {slug}"),
        ('title = "x', "sitegen.toml:1: invalid TOML"),
    ],
)
def test_bad_values(tmp_path, text, message):
    with pytest.raises(SitegenError) as caught:
        load(tmp_path, text + "\n")
    assert str(caught.value).startswith(message)
