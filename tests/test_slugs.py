from sitegen.slugs import assign_slugs, slug_for


def test_slugs_are_readable_ascii_in_any_script():
    assert slug_for("Hong Kong's new law") == "hong-kongs-new-law"
    assert slug_for("陈青青") == "chen-qing-qing"
    assert slug_for("Ελληνικά νέα") == "ellenika-nea"
    assert slug_for("Привет мир") == "privet-mir"


def test_names_without_letters_still_get_a_stable_slug():
    assert slug_for("😀🎉") == "u1f600-u1f389"
    assert slug_for("...") == "u2e-u2e-u2e"
    assert slug_for("   ") == "untitled"


def test_path_tricks_do_not_survive():
    assert slug_for("../../etc/passwd") == "etc-passwd"


def test_long_names_are_cut_at_a_word():
    slug = slug_for("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-")


def test_collisions_are_told_apart_deterministically_and_reported():
    names = ["陈青青", "Chen Qing Qing", "C++", "C", "c-2"]
    slugs, notes = assign_slugs(names)
    again, _ = assign_slugs(list(reversed(names)))
    assert slugs == again
    assert slugs == {
        "Chen Qing Qing": "chen-qing-qing",
        "陈青青": "chen-qing-qing-2",
        "C": "c",
        "C++": "c-3",  # c-2 is another name's own slug
        "c-2": "c-2",
    }
    assert len(set(slugs.values())) == len(slugs)
    assert any("'陈青青' and 'Chen Qing Qing' share the slug 'chen-qing-qing'" in n for n in notes)
    assert len(notes) == 2
