"""Long work's one way: an Operation, run on a thread of its own or a step at a time, shown by ProgressJob."""

from __future__ import annotations

import threading
import time

from briefing.errors import BriefingError
from ui.common.operations import run_alone
from ui.common.progress import ProgressJob
from ui.common.steps import run_in_steps


def test_steps_run_on_the_ui_thread_report_progress_and_return_their_result(qtbot):
    threads, seen = [], []

    def work(job):
        for n in range(1, 4):
            threads.append(threading.current_thread())
            job.progress(n, 3)
            yield
        return "printed"

    job = ProgressJob(run_in_steps(work, "steps"), "Working…", "Steps")
    job.progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        pass
    assert finished.args == ["printed"] and seen == [(1, 3), (2, 3), (3, 3)]
    assert set(threads) == {threading.main_thread()} and job.op.done


def test_cancelled_steps_end_at_the_next_step_and_clean_up(qtbot):
    state = {"steps": 0, "closed": False}

    def work(job):
        try:
            while True:
                state["steps"] += 1
                yield
        except GeneratorExit:
            state["closed"] = True
            raise

    job = ProgressJob(run_in_steps(work), "Working…", "Steps")
    qtbot.waitUntil(lambda: state["steps"] >= 3, timeout=5000)
    with qtbot.waitSignal(job.cancelled, timeout=5000):
        job.cancel()
    assert state["closed"] and job.op.done


def test_a_failing_step_is_one_line(qtbot):
    def work(job):
        yield
        raise BriefingError("the printer is out of paper")

    job = ProgressJob(run_in_steps(work), "Working…", "Steps")
    with qtbot.waitSignal(job.failed, timeout=5000) as failed:
        pass
    assert failed.args == ["the printer is out of paper"] and isinstance(job.op.error, BriefingError)


def test_stopping_ends_the_work_early_and_still_reports_what_it_did(qtbot):
    started = threading.Event()

    def work(job):
        done = 0
        while not job.should_cancel():
            done += 1
            started.set()
            time.sleep(0.01)
        return done

    job = ProgressJob(run_alone(work, "count"), "Counting…", "Count", stopping="Stopping…")
    qtbot.waitUntil(started.is_set, timeout=5000)
    with qtbot.waitSignal(job.finished, timeout=5000) as finished:
        job.cancel()
    assert finished.args[0] >= 1 and job.op.stopped and not job.op.cancelled
