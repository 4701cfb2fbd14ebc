"""`quangba build` makes the package in a second process while it lays out the site
(quangba/beside.py). What the build relies on: both results come back, and a failure
on either side is reported with the name of its stage, never lost and never a hang."""

import os

import pytest

from quangba.util.beside import StageError, _can_fork, run_beside

needs_fork = pytest.mark.skipif(not _can_fork(), reason="one core, or no fork: the stages run one after the other")


def test_both_results_come_back_in_order():
    assert run_beside(("export", lambda: {"rows": 3}), ("site", lambda: "pages")) == ({"rows": 3}, "pages")


@needs_fork
def test_the_first_stage_runs_in_another_process_on_two_cores():
    theirs, mine = run_beside(("export", os.getpid), ("site", os.getpid))
    assert mine == os.getpid() and theirs != os.getpid()


def test_a_failing_forked_stage_is_reported_with_its_name():
    def fails():
        raise OSError(28, "No space left on device")

    with pytest.raises(StageError) as caught:
        run_beside(("export", fails), ("site", lambda: "pages"))
    assert caught.value.stage == "export" and "No space left on device" in caught.value.error


def test_a_failing_stage_here_is_reported_and_the_other_process_is_not_left_behind():
    def fails():
        raise RuntimeError("theme template broke")

    with pytest.raises(StageError) as caught:
        run_beside(("export", lambda: "package"), ("site", fails))
    assert caught.value.stage == "site" and "theme template broke" in caught.value.error
    with pytest.raises(ChildProcessError):  # no child of this process is left to reap
        os.waitpid(-1, os.WNOHANG)


@needs_fork
def test_a_forked_stage_that_dies_without_a_result_is_a_stage_error_not_a_hang():
    with pytest.raises(StageError) as caught:
        run_beside(("export", lambda: os._exit(3)), ("site", lambda: "pages"))
    assert caught.value.stage == "export" and "exit status" in caught.value.error
