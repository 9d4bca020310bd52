"""The watcher: one rebuild per burst of saves, told which files changed."""

import os
import threading
import time

from sitegen.watch import Watcher


def watching(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("a")
    calls: list = []
    called = threading.Condition()

    def rebuild(touched):
        with called:
            calls.append(touched)
            called.notify_all()

    watcher = Watcher(lambda: [content], tmp_path, rebuild, delay=0.05)
    watcher.start()
    time.sleep(0.3)  # the observer's threads set their inotify watches up as they start
    return watcher, content, calls, called


def wait_until(called, test, timeout=10.0):
    deadline = time.monotonic() + timeout
    with called:
        while not test():
            assert called.wait(deadline - time.monotonic()), "no rebuild came"


def test_rebuilds_are_told_the_files_saved_but_not_editors_temp_files(tmp_path):
    watcher, content, calls, called = watching(tmp_path)
    try:
        (content / "a.md").write_text("a, edited")
        temp = content / "b.md.tmp"
        temp.write_text("b")
        os.replace(temp, content / "b.md")  # an editor's atomic save
        expected = {(content / "a.md").resolve(), (content / "b.md").resolve()}
        wait_until(called, lambda: set().union(*(c or {None} for c in calls)) >= expected)
        assert set().union(*calls) == expected
    finally:
        watcher.stop()


def test_a_new_folder_means_any_input_may_have_changed(tmp_path):
    watcher, content, calls, called = watching(tmp_path)
    try:
        (content / "world").mkdir()
        wait_until(called, lambda: None in calls)
    finally:
        watcher.stop()
