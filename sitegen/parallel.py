"""Work spread over every core: sources read and pages rendered in forked workers.

Workers are forked after the main process has built everything they need (the site, the
views, the template environment), so nothing has to be sent to them but item numbers.
Small jobs run in the main process: forking costs more than they do.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

_task: Callable | None = None  # set just before forking, inherited by the workers


def jobs() -> int:
    """How many processes to use: SITEGEN_JOBS, or the number of cores."""
    try:
        return max(1, int(os.environ.get("SITEGEN_JOBS", "")))
    except ValueError:
        return os.cpu_count() or 1


def _run_chunk(chunk: Sequence) -> list:
    assert _task is not None
    return [_task(item) for item in chunk]


def run(
    task: Callable,
    items: Sequence,
    progress: Callable[[int], None] | None = None,
    min_items: int = 64,
    chunk: int = 32,
) -> list:
    """``[task(item) for item in items]``, in forked workers when the job is big enough."""
    global _task
    count = jobs()
    if count < 2 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        results = []
        for item in items:
            results.append(task(item))
            if progress:
                progress(len(results))
        return results
    chunks = [items[i : i + chunk] for i in range(0, len(items), chunk)]
    _task = task
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            results = []
            for part in pool.map(_run_chunk, chunks):
                results.extend(part)
                if progress:
                    progress(len(results))
    finally:
        _task = None
    return results
