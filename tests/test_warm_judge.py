"""The warm judge starts its process again after a failed job, after `max_jobs`
jobs, and above its memory ceiling; a job it fails is told as a fresh judge tells it;
a notebook kernel keeps one for its session where memory allows, and it ends with the kernel.

That its verdicts are a fresh judge's is shown over the whole catalogue by
`benchmarks/warm_judge.py`, and `tests/test_cases.py` judges through it.
"""

from __future__ import annotations

import collections
import json
import subprocess
import sys

import psutil

from autograder import notebook
from autograder.protocol import DEFAULT_LIMITS
from autograder.warm_judge import WarmJudge

SECONDS = 600.0


def _job(tmp_path, name: str):
    """An empty job (no exercise): a judgment without Keras models."""
    job = tmp_path / f"{name}.json"
    job.write_text(json.dumps({"exercises": [], "outcomes": {}}), encoding="utf-8")
    return job, tmp_path / f"{name}-out.json"


def test_a_process_is_started_again_after_max_jobs_an_error_and_the_memory_ceiling(tmp_path):
    with WarmJudge(max_jobs=2) as judge:
        for name in ("a", "b"):
            job, out = _job(tmp_path, name)
            assert judge.run(job, out, SECONDS) == ""
            assert json.loads(out.read_text(encoding="utf-8")) == {}
        assert judge.starts == 1 and judge.memory() == 0, "stopped after its second job"
        failure = judge.run(tmp_path / "no-such-job.json", tmp_path / "x.json", SECONDS)
        assert "FileNotFoundError" in failure and judge.memory() == 0
        assert judge.run(*_job(tmp_path, "c"), SECONDS) == ""
        assert judge.starts == 3 and judge.memory() > 0
        judge.memory_bytes = 0
        assert judge.run(*_job(tmp_path, "d"), SECONDS) == ""
        assert judge.starts == 3 and judge.memory() == 0, "above the ceiling: stopped"


def test_a_judge_past_its_time_limit_is_killed(tmp_path):
    with WarmJudge() as judge:
        # Keras's import alone takes longer than a millisecond.
        assert judge.run(*_job(tmp_path, "a"), 0.001) == "The judge took longer than 0.001 s."
        assert judge.memory() == 0


def test_a_judge_started_ahead_serves_the_next_job(tmp_path):
    with WarmJudge() as judge:
        judge.start()
        judge.start()  # already running: nothing more
        assert judge.starts == 1 and judge.jobs == 0
        assert judge.run(*_job(tmp_path, "a"), SECONDS) == ""
        assert judge.starts == 1 and judge.jobs == 1


def test_a_kernels_session_judge_ends_with_it():
    # `autograder.notebook.session_judge` starts the judge ahead of the first check; the
    # process that kept it (a kernel) exits: the judge exits with it.
    code = (
        "from autograder import notebook, protocol\n"
        "judge = notebook.session_judge(protocol.DEFAULT_LIMITS)\n"
        "assert notebook.session_judge(protocol.DEFAULT_LIMITS) is judge\n"
        "print(judge._proc.pid)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=SECONDS
    )
    assert proc.returncode == 0, proc.stderr
    pid = int(proc.stdout)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_no_session_judge_where_memory_is_short(monkeypatch):
    short = collections.namedtuple("Memory", "available")(notebook.JUDGE_BYTES)
    monkeypatch.setattr(notebook, "_session", None)
    monkeypatch.setattr(psutil, "virtual_memory", lambda: short)
    assert notebook.session_judge(DEFAULT_LIMITS) is None
