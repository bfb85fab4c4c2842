"""The warm judge starts its process again after a failed job, after `max_jobs`
jobs, and above its memory ceiling; a job it fails is told as a fresh judge tells it.

That its verdicts are a fresh judge's is shown over the whole catalogue by
`benchmarks/warm_judge.py`, and `tests/test_cases.py` judges through it.
"""

from __future__ import annotations

import json

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
