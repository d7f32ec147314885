"""A case whose eligibility does not hold never goes on an agenda (TEAM.md interface 3)."""

import pytest

from ..models import AgendaItem
from .common import accepted_case, admin_url, new_session, people

pytestmark = pytest.mark.django_db


def _post(client, session, case):
    return client.post(admin_url("agendaitem"), {"session": session.pk, "case": case.pk, "order": ""})


def test_a_case_that_is_not_accepted_is_not_offered_nor_taken(client):
    from addons.tiepdan_case.tests.factories import CaseFactory

    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(p["board"])
    submitted = CaseFactory(state="submitted", eligibility="khac")
    assert _post(client, session, submitted).status_code == 200
    assert not AgendaItem.objects.exists()


def test_a_case_without_eligibility_is_refused_with_the_reason(client):
    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(p["board"])
    case = accepted_case(eligibility="")
    response = _post(client, session, case)
    assert response.status_code == 200
    assert "Chọn trường hợp tiếp trực tuyến" in response.content.decode()
    assert not AgendaItem.objects.exists()


def test_an_eligible_accepted_case_goes_on_the_agenda(client):
    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(p["board"])
    assert _post(client, session, accepted_case()).status_code == 302
    assert AgendaItem.objects.filter(session=session).count() == 1


def test_a_denunciation_whose_denouncer_asks_for_protection_never_goes_on_an_agenda(client):
    from addons.tiepdan_case.tests.factories import CaseFactory, unit

    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(p["board"])
    case = CaseFactory(state="accepted", case_type="to_cao", identity_protection=True, unit=unit("28261"))
    assert _post(client, session, case).status_code == 200
    assert not AgendaItem.objects.exists()
