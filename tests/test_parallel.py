"""Work spread over processes: the same results, in order, as a plain loop."""

import os
import time
from collections import Counter

import pytest

from sitegen import parallel


def square_slowly(n: int) -> tuple[int, int]:
    time.sleep(0.001)  # long enough that every process gets chunks
    return n * n, os.getpid()


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_results_come_back_in_order_from_several_processes(monkeypatch, jobs):
    monkeypatch.setenv("SITEGEN_JOBS", jobs)
    seen = []
    results = parallel.run(square_slowly, range(1000), seen.append, chunk=16)
    assert [square for square, _ in results] == [n * n for n in range(1000)]
    workers = Counter(pid for _, pid in results)
    assert os.getpid() in workers  # the main process works too
    assert len(workers) == int(jobs)
    # workers hand results back every few chunks and take more: each does its share
    assert min(workers.values()) > 1000 / int(jobs) / 2
    assert seen[-1] == 1000 and seen == sorted(seen)


def test_small_jobs_and_one_job_run_in_this_process(monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    assert {pid for _, pid in parallel.run(square_slowly, range(10))} == {os.getpid()}
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    assert {pid for _, pid in parallel.run(square_slowly, range(200))} == {os.getpid()}


def fail_on_seven_hundred(n: int) -> int:
    if n == 700:
        raise ValueError("bad item")
    return n


def test_an_error_in_any_process_reaches_the_caller(monkeypatch):
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    with pytest.raises(ValueError, match="bad item"):
        parallel.run(fail_on_seven_hundred, range(1000))
