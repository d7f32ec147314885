"""/healthz and /readyz for the load balancer and the compose health checks: what they check, and that
they reveal nothing (no version, path, host or error text)."""

import datetime as dt

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import config.health
from addons.tiepdan_case import jobs
from addons.tiepdan_case.models import WorkerJob

ALLOWED_WORDS = {"ok", "unavailable", "pending", "stale", "failed", "skipped"}


def _words(body):
    yield body["status"]
    yield from body.get("checks", {}).values()


@pytest.fixture
def storages(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.ARCHIVE_STORAGE = "filesystem"
    return tmp_path


@pytest.fixture
def heartbeat(db):
    jobs.run_due_jobs(force=True)  # the worker's heartbeat job, as the worker container runs it
    return WorkerJob.objects.get(name="heartbeat")


def test_healthz_answers_without_touching_the_database_even_for_an_unknown_host(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_database_migrations_storages_and_worker_are(client, storages, heartbeat):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "media": "ok", "archive": "ok", "worker": "ok"},
    }
    assert not list((storages / "media").rglob("probe-*"))  # the probe files are removed


@pytest.mark.django_db
def test_readyz_fails_without_a_worker_heartbeat(client, storages):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"


@pytest.mark.django_db
def test_readyz_fails_when_the_heartbeat_is_older_than_the_limit(client, storages, heartbeat, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 300
    WorkerJob.objects.filter(pk=heartbeat.pk).update(
        last_finished_at=timezone.now() - dt.timedelta(minutes=6)
    )
    body = client.get("/readyz").json()
    assert body["status"] == "unavailable" and body["checks"]["worker"] == "stale"


@pytest.mark.django_db
def test_readyz_fails_when_the_archive_cannot_be_written_and_says_nothing_of_the_path(
    client, storages, heartbeat, settings
):
    blocker = storages / "not-a-directory"
    blocker.write_text("x")
    settings.ARCHIVE_ROOT = blocker / "archive"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["archive"] == "failed" and body["checks"]["media"] == "ok"
    assert set(_words(body)) <= ALLOWED_WORDS
    assert str(storages) not in response.content.decode()


@pytest.mark.django_db
def test_readyz_fails_when_the_media_storage_cannot_be_written(client, storages, heartbeat, settings):
    blocker = storages / "file"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker / "media")
    body = client.get("/readyz").json()
    assert body["checks"]["media"] == "failed"


@pytest.mark.django_db
def test_readyz_fails_while_a_migration_is_not_applied(client, storages, heartbeat, monkeypatch):
    monkeypatch.setattr(config.health, "_MIGRATED", False)
    from django.db.migrations.loader import MigrationLoader

    # The case module's latest migration, whichever it is today.
    leaf = next(n for app, n in MigrationLoader(None).graph.leaf_nodes() if app == "tiepdan_case")
    MigrationRecorder.Migration.objects.filter(app="tiepdan_case", name=leaf).delete()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "pending"


@pytest.mark.django_db
def test_the_worker_containers_health_check_follows_the_heartbeat():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("check_heartbeat")
    jobs.run_due_jobs(force=True)
    call_command("check_heartbeat")
