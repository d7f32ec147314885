"""A web process freezes its own objects out of the garbage collector once its first request has finished
(config/collector.py, issue 13): later full collections no longer walk the whole program. Once only: a
second request freezes nothing more, and a process that serves no request (a command, the worker) never
freezes."""

import gc
import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

from config import collector

pytestmark = pytest.mark.django_db


@pytest.fixture
def thawed(monkeypatch):
    """A process that has not served a request yet: nothing frozen, the collector armed (as after
    AppConfig.ready), gc.freeze counted."""
    gc.unfreeze()
    freezes = []
    real_freeze = gc.freeze
    monkeypatch.setattr(gc, "freeze", lambda: (freezes.append(1), real_freeze()))
    collector.arm()
    yield freezes
    collector.request_finished.disconnect(dispatch_uid=collector._DISPATCH_UID)


def test_a_fresh_process_freezes_after_its_first_request_and_not_before():
    script = textwrap.dedent(
        """
        import gc, django
        django.setup()
        from django.test import Client
        before = gc.get_freeze_count()
        status = Client().get("/healthz").status_code
        print(before, status, gc.get_freeze_count())
        """
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "true"}
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
        check=True,
    ).stdout.split()  # fmt: skip
    before, status, after = (int(x) for x in out[-3:])
    assert (before, status) == (0, 200)
    assert after > 10_000  # the program's modules, models, URL patterns


def test_the_first_finished_request_freezes_the_heap_and_the_next_ones_do_not(client, thawed):
    assert gc.get_freeze_count() == 0
    assert client.get("/healthz").status_code == 200
    assert thawed == [1]
    assert gc.get_freeze_count() > 10_000  # the program's modules, models, URL patterns
    client.get("/healthz")
    client.get("/healthz")
    assert thawed == [1]


def test_nothing_is_frozen_before_a_request_has_finished(thawed):
    gc.collect()
    assert thawed == []
    assert gc.get_freeze_count() == 0
