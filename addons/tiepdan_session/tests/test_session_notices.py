"""Announce, move and cancel queue their messages in the same transaction (the outbox of interface 1):
the session, the site where the person must be, the time, the papers to bring; no name of a citizen."""

import pytest

from addons.tiepdan_case.models import Agency, Notification
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..models import SessionAgency
from .common import accepted_case, approved_session, local, people, transition, working_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    p = people()
    p["chair"].email = "chutich@dongthap.gov.vn"
    p["chair"].save()
    commune = staff_user("ubnd_xa", commune=MY_THO)
    other_commune = staff_user("ubnd_xa", commune=DAO_THANH)
    officer = staff_user("so_nganh")
    agency = Agency.objects.get(code="so-nn-mt")
    agency.email = "sonnmt@dongthap.gov.vn"
    agency.save()
    cases = [accepted_case(MY_THO, title="Khiếu nại của ông Võ Văn Kiệt"), accepted_case(DAO_THANH)]
    session = approved_session(p, cases=cases)
    SessionAgency.objects.create(session=session, agency=agency, duty="dossier")
    return {"p": p, "session": session, "commune": commune, "other": other_commune, "officer": officer}


def test_announcing_notifies_everyone_taking_part(client, setup):
    s, p = setup["session"], setup["p"]
    client.force_login(p["board"])
    assert transition(client, s, "announce").status_code == 200
    rows = Notification.objects.all()
    in_app = {n.user_id for n in rows.filter(channel="in_app")}
    assert {p["chair"].pk, setup["commune"].pk, setup["other"].pk, setup["officer"].pk} <= in_app
    assert rows.filter(channel="email", address="sonnmt@dongthap.gov.vn").exists()
    assert rows.filter(channel="email", address="chutich@dongthap.gov.vn").exists()
    sms = list(rows.filter(channel="sms"))
    assert len(sms) == 2
    mine = rows.get(channel="in_app", user=setup["commune"])
    assert s.code in mine.body and "Điểm tiếp công dân Phường Mỹ Tho" in mine.body
    assert s.local_start.strftime("%H:%M") in mine.body and "căn cước" in mine.body
    for message in rows:
        assert "Võ Văn Kiệt" not in message.body + message.subject
        for name in s.invitations.values_list("citizen__full_name", flat=True):
            assert name not in message.body


def test_moving_notifies_again_and_the_new_announcement_again_with_the_new_time(client, setup):
    s, p = setup["session"], setup["p"]
    client.force_login(p["board"])
    transition(client, s, "announce")
    first = Notification.objects.count()
    day = working_day(15)
    response = transition(
        client,
        s,
        "reschedule",
        note="Trùng lịch",
        start=local(day, 14).isoformat(),
        end=local(day, 16).isoformat(),
    )
    assert response.status_code == 200
    moved = Notification.objects.filter(dedupe_key__startswith=f"session:{s.pk}:move:")
    assert moved.filter(user=setup["commune"]).exists() and moved.filter(channel="sms").count() == 2
    assert "Trùng lịch" in moved.filter(user=setup["commune"]).get().body
    assert transition(client, s, "announce").status_code == 200
    again = Notification.objects.filter(dedupe_key__startswith=f"session:{s.pk}:announce:v2")
    assert again.filter(user=setup["commune"]).get().body.count(day.strftime("%d/%m/%Y")) == 1
    assert Notification.objects.count() > first + moved.count()


def test_cancelling_an_announced_session_notifies_everyone(client, setup):
    s, p = setup["session"], setup["p"]
    client.force_login(p["board"])
    transition(client, s, "announce")
    assert transition(client, s, "cancel", note="Bão số 9").status_code == 200
    cancelled = Notification.objects.filter(dedupe_key__startswith=f"session:{s.pk}:cancel")
    assert cancelled.filter(user=setup["officer"]).exists() and cancelled.filter(channel="sms").count() == 2
    assert "Bão số 9" in cancelled.first().body


def test_notices_are_not_queued_twice(setup):
    from ..services import notices

    s, p = setup["session"], setup["p"]
    notices.announced(s, p["board"])
    count = Notification.objects.count()
    notices.announced(s, p["board"])
    assert Notification.objects.count() == count


def test_a_failed_announcement_queues_nothing(client, setup):
    s, p = setup["session"], setup["p"]
    s.agenda.first().case.__class__.objects.filter(pk=s.agenda.first().case_id).update(eligibility="")
    client.force_login(p["board"])
    assert transition(client, s, "announce").status_code == 409
    assert not Notification.objects.exists()


def test_cancelling_a_session_never_announced_sends_nothing(client, db):
    p = people()
    session = approved_session(p)
    client.force_login(p["board"])
    assert transition(client, session, "cancel", note="Không cần").status_code == 200
    assert not Notification.objects.exists()
