"""Two worker processes racing over a thousand queued messages on PostgreSQL never send one twice."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from addons.tiepdan_case.models import Notification

ROOT = Path(__file__).resolve().parents[3]
MESSAGES = 1000

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SKIP LOCKED row claims",
    ),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_racing_over_a_thousand_messages_send_each_exactly_once(tmp_path):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            dedupe_key=f"race|sms|{i}",
            channel="sms",
            address=f"+849{i:08d}",
            subject="s",
            body=f"tin {i}",
            next_attempt_at=now,
        )
        for i in range(MESSAGES)
    )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "SMS_BACKEND": "file",
        "SMS_FILE_PATH": str(tmp_path / "outbox.jsonl"),
        "NOTIFICATION_BATCH_SIZE": str(MESSAGES),
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--once"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=300)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert all("deliver_notifications: ok" in output for output in outputs), outputs

    sent = [json.loads(line)["ref"] for line in (tmp_path / "outbox.jsonl").read_text().splitlines()]
    assert len(sent) == MESSAGES
    assert len(set(sent)) == MESSAGES  # nothing twice
    rows = Notification.objects.all()
    assert set(rows.values_list("status", flat=True)) == {"sent"}
    assert set(rows.values_list("attempts", flat=True)) == {1}
