"""Several workers share the jobs: a job another worker holds is skipped, never run twice at once."""

import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from addons.tiepdan_case import jobs
from addons.tiepdan_case.models import WorkerJob

is_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.fixture
def temporary_job():
    names = []

    def add(name, func, every_seconds=60, exclusive=True):
        names.append(name)
        return jobs.register(name, func, every_seconds, exclusive)

    yield add
    for name in names:
        jobs.unregister(name)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_running_in_one_worker_is_skipped_by_another(temporary_job):
    started, release, calls = threading.Event(), threading.Event(), []

    def slow():
        calls.append(threading.current_thread().name)
        started.set()
        release.wait(timeout=20)

    temporary_job("test_slow", slow)
    first = threading.Thread(target=lambda: (jobs.run_due_jobs(force=True), connection.close()), name="A")
    first.start()
    try:
        assert started.wait(timeout=20)
        results = jobs.run_due_jobs(force=True)  # a second worker, even forced, while A holds the lease
        assert "test_slow" not in results
        assert WorkerJob.objects.get(name="test_slow").lease_until > timezone.now()
    finally:
        release.set()
        first.join(timeout=20)
    assert calls == ["A"]
    assert WorkerJob.objects.get(name="test_slow").lease_until is None
    assert jobs.run_due_jobs(force=True)["test_slow"] is True  # released: the next claim wins


@pytest.mark.django_db
def test_a_lease_left_by_a_dead_worker_expires(temporary_job):
    calls = []
    temporary_job("test_orphan", lambda: calls.append(1))
    WorkerJob.objects.create(
        name="test_orphan", owner="dead:1", lease_until=timezone.now() - jobs.LEASE / 15, next_run_at=None
    )
    assert jobs.run_due_jobs()["test_orphan"] is True and calls == [1]


@pytest.mark.postgres_only
@pytest.mark.skipif(not is_postgres, reason="SKIP LOCKED needs PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_does_not_wait_for_a_job_row_another_worker_is_claiming(temporary_job):
    calls = []
    temporary_job("test_locked", lambda: calls.append(1))
    WorkerJob.objects.create(name="test_locked")
    locked, release = threading.Event(), threading.Event()

    def hold_the_row():
        with transaction.atomic():
            WorkerJob.objects.select_for_update().get(name="test_locked")
            locked.set()
            release.wait(timeout=20)
        connection.close()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    try:
        assert locked.wait(timeout=20)
        results = jobs.run_due_jobs(force=True)  # returns at once instead of blocking on the lock
        assert "test_locked" not in results and calls == []
    finally:
        release.set()
        holder.join(timeout=20)
    assert jobs.run_due_jobs(force=True)["test_locked"] is True
