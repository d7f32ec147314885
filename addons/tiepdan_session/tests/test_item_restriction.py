"""The chair may forbid recording or live streaming of an item (NĐ 154 art. 4.1c), with the reason."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user

from ..models import AgendaItem
from .common import console, people, running_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    p = people()
    s = running_session(p)
    s.people = p
    return s


def test_the_chair_forbids_recording_and_streaming_with_the_reason(client, session):
    item = session.agenda.first()
    client.force_login(session.chair)
    response = console(
        client,
        session,
        "restrict",
        item=item.pk,
        no_recording=True,
        no_streaming=True,
        reason="Bí mật đời tư",
    )
    assert response.status_code == 200
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.no_recording and item.no_streaming and item.restriction_reason == "Bí mật đời tư"
    assert item.restricted_by == session.chair
    assert response.json()["agenda"][0]["no_recording"] is True


def test_a_restriction_without_reason_is_refused(client, session):
    item = session.agenda.first()
    client.force_login(session.chair)
    response = console(client, session, "restrict", item=item.pk, no_streaming=True)
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    assert not AgendaItem.objects.get(pk=item.pk).no_streaming


@pytest.mark.parametrize("role", ["so_khcn", "vp_ubnd", "ubnd_xa"])
def test_other_roles_cannot_restrict(client, session, role):
    item = session.agenda.first()
    client.force_login(staff_user(role))
    response = console(client, session, "restrict", item=item.pk, no_recording=True, reason="x")
    assert response.status_code in (403, 404)
    assert not AgendaItem.objects.get(pk=item.pk).no_recording


def test_the_database_refuses_a_restriction_without_reason(session):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=session.agenda.first().pk).update(
            no_recording=True, restriction_reason=""
        )
