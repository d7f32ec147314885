"""The periodic-jobs registry and the `run_worker` command."""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from addons.tiepdan_case import jobs
from addons.tiepdan_case.models import WorkerJob

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db  # the job runner closes stale connections around each job


@pytest.fixture
def temporary_job():
    names = []

    def add(name, func, every_seconds=60):
        names.append(name)
        return jobs.register(name, func, every_seconds)

    yield add
    for name in names:
        jobs.unregister(name)


def test_a_job_runs_again_only_after_its_interval(temporary_job):
    calls = []
    temporary_job("test_counter", lambda: calls.append(1), every_seconds=30)
    start = timezone.now()
    assert jobs.run_due_jobs(now=start)["test_counter"] is True
    assert "test_counter" not in jobs.run_due_jobs(now=start + dt.timedelta(seconds=10))
    assert jobs.run_due_jobs(now=start + dt.timedelta(seconds=31))["test_counter"] is True
    assert len(calls) == 2
    row = WorkerJob.objects.get(name="test_counter")
    assert row.last_ok is True and row.lease_until is None


def test_a_failing_job_is_logged_and_does_not_stop_the_others(temporary_job, caplog):
    calls = []

    def broken():
        raise RuntimeError("boom")

    temporary_job("test_broken", broken)
    temporary_job("test_after_broken", lambda: calls.append(1))
    results = jobs.run_due_jobs()
    assert results["test_broken"] is False
    assert results["test_after_broken"] is True
    assert calls == [1]
    assert "Periodic job test_broken failed" in caplog.text
    broken = WorkerJob.objects.get(name="test_broken")
    assert broken.last_ok is False and broken.last_error == "RuntimeError: boom"


def test_an_interval_below_one_second_is_refused():
    with pytest.raises(ValueError):
        jobs.register("test_too_fast", lambda: None, every_seconds=0)


def test_run_worker_once_runs_every_job_including_the_heartbeat(temporary_job, capsys, caplog):
    caplog.set_level("INFO", logger="tiepdan.worker")
    calls = []
    temporary_job("test_once", lambda: calls.append(1))
    call_command("run_worker", "--once")
    out = capsys.readouterr().out
    assert "heartbeat: ok" in out
    assert "test_once: ok" in out
    assert calls == [1]
    assert "worker heartbeat" in caplog.text


def test_the_worker_stops_cleanly_on_sigterm():
    env = {**os.environ, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = worker.stdout.readline()
        assert "Worker started" in started
        time.sleep(0.5)
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=20)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0
    assert "Worker stopped." in output
