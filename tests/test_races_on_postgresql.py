"""Races on PostgreSQL (issue 12): threads let loose at the same moment on the same row, through the API as
people do it. Exactly one wins each race and the others get a clear refusal (409 with the error format);
the loser leaves no history row, no notice, no second number. (The first race of this kind, two accepts
of one case, is addons/tiepdan_case/tests/test_api_concurrency.py; the service-level code race is in
test_case_codes.py.) Each race holds only because its service locks the row (`select_for_update`) and
re-reads the state under the lock: remove the lock and two requests win."""

import threading

import pytest
from django.conf import settings
from django.db import close_old_connections, connection

from addons.tiepdan_bridge.tests.archive_support import archive_settings  # noqa: F401
from addons.tiepdan_case.models import AuditEvent, Case, Notification
from addons.tiepdan_case.tests.api_support import API, client_for, post_json
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, make_user
from addons.tiepdan_session.models import Directive, ReceptionSession
from addons.tiepdan_session.tests.common import people, prepared_session
from addons.tiepdan_session.tests.directive_common import issued_directive, report_done

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite has no row locks and serialises writers, so it cannot show a race",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # keep the reference data
    pytest.mark.usefixtures("archive_settings"),
]


def race(calls):
    """Runs each call in its own thread, all released at once; returns their results in order."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index):
        try:
            barrier.wait(timeout=20)
            results[index] = calls[index]()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def one_winner(responses, ok=200):
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [ok] + [409] * (len(responses) - 1), [r.content[:300] for r in responses]
    for loser in (r for r in responses if r.status_code == 409):
        body = loser.json()
        assert body["code"] and body["detail"], body  # the error format, in Vietnamese
    return next(r for r in responses if r.status_code == ok)


def test_two_different_moves_of_one_case_at_once_let_exactly_one_through():
    case = CaseFactory(state="submitted")
    accepter, refuser = client_for(make_user("ban_tcd")), client_for(make_user("ban_tcd"))
    url = f"{API}/cases/{case.pk}/transition/"
    responses = race(
        [
            lambda: post_json(accepter, url, {"action": "accept", "eligibility": "thien_tai_dich_benh"}),
            lambda: post_json(
                refuser,
                url,
                {
                    "action": "reject",
                    "note": "Đã được giải quyết đúng pháp luật",
                    "refusal_ground": "luat_9_3",
                },
            ),
        ]
    )
    one_winner(responses)
    case.refresh_from_db()
    assert case.state in ("accepted", "rejected")
    moves = AuditEvent.objects.filter(object_id=case.pk, kind="transition", action__in=["accept", "reject"])
    assert list(moves.values_list("to_state", flat=True)) == [case.state]


def test_the_chair_and_the_office_approving_one_session_at_once_approve_it_once():
    p = people()
    session = prepared_session(p)
    office = make_user("vp_ubnd")
    approvers = [client_for(p["chair"]), client_for(office), client_for(make_user("chu_tich"))]
    url = f"{API}/sessions/{session.pk}/transition/"
    responses = race([lambda c=c: post_json(c, url, {"action": "approve"}) for c in approvers])
    one_winner(responses)
    session = ReceptionSession.objects.get(pk=session.pk)
    assert session.state == "approved" and session.approved_at is not None
    assert AuditEvent.objects.filter(object_id=session.pk, action="approve").count() == 1


def test_two_board_members_accepting_one_reported_directive_at_once_accept_it_once(client):
    directive = issued_directive()
    lead = make_user("so_nganh")
    client.force_login(lead)
    assert report_done(client, directive).status_code == 200
    boards = [client_for(make_user("ban_tcd")) for _ in range(3)]
    url = f"{API}/directives/{directive.pk}/accept/"
    responses = race([lambda c=c: post_json(c, url, {"note": "Đạt yêu cầu"}) for c in boards])
    one_winner(responses)
    directive = Directive.objects.get(pk=directive.pk)
    assert directive.state == "done"
    accepted = AuditEvent.objects.filter(
        content_type__model="directive", object_id=directive.pk, action="accept"
    )
    assert accepted.count() == 1 and accepted.get().actor_id == directive.accepted_by_id
    assert Notification.objects.filter(dedupe_key__startswith=f"directive:{directive.pk}:accepted").exists()
    assert Case.objects.get(pk=directive.case_id).state == "closed"
    closed = AuditEvent.objects.filter(
        content_type__model="case", object_id=directive.case_id, action="close"
    )
    assert closed.count() == 1


def test_cases_registered_at_once_through_the_api_get_distinct_consecutive_codes():
    clerks = [client_for(make_user("ban_tcd")) for _ in range(6)]
    data = {
        "case_type": "phan_anh",
        "title": "Phản ánh ô nhiễm",
        "summary": "Cơ sở chế biến xả thải ra kênh.",
        "unit": MY_THO,
        "received_date": "2026-11-02",
        "participants": [],
    }

    def register(c):
        return [post_json(c, f"{API}/cases/", data) for _ in range(3)]

    batches = race([lambda c=c: register(c) for c in clerks])
    responses = [r for batch in batches for r in batch]
    assert {r.status_code for r in responses} == {201}, [r.content[:300] for r in responses]
    codes = [r.json()["code"] for r in responses]
    assert len(set(codes)) == len(codes) == 18
    assert sorted(codes) == [f"VV-2026-{n:05d}" for n in range(1, 19)]
