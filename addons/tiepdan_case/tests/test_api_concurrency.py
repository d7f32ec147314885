"""Two operators accept the same case at the same moment: the row lock lets exactly one through."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from ..models import AuditEvent, Case
from .api_support import API, client_for, post_json
from .factories import CaseFactory, make_user

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite has no row locks (select_for_update is a no-op there) and "
        "serialises writers with a database lock, so it cannot show the race",
    ),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keep the reference data
def test_two_concurrent_accepts_of_one_case_let_exactly_one_through():
    case = CaseFactory(state="submitted")
    clients = [client_for(make_user("ban_tcd")), client_for(make_user("vp_ubnd"))]
    barrier = threading.Barrier(len(clients))
    responses = [None] * len(clients)

    def accept(index):
        try:
            barrier.wait(timeout=10)
            responses[index] = post_json(
                clients[index],
                f"{API}/cases/{case.pk}/transition/",
                {"action": "accept", "eligibility": "thien_tai_dich_benh"},
            )
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["code"] == "transition_not_allowed"
    assert Case.objects.get(pk=case.pk).state == "accepted"
    assert AuditEvent.objects.filter(object_id=case.pk, kind="transition", action="accept").count() == 1
