"""Sending, rejecting and withdrawing cannot be undone: the case page asks for confirmation first."""

import pytest

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.admin_helpers import change, staff_user, transition
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory

pytestmark = pytest.mark.django_db


def test_the_send_button_opens_a_confirmation_and_only_the_confirmation_sends(client):
    case = CaseFactory(received=True)  # its reception is in the register (NĐ 154 art. 27.1)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(change("case", case.pk)).content.decode()
    assert (
        f'href="{transition(case.pk, "submit")}"' in html
    )  # a link to the confirmation, not a one-click form
    page = client.get(transition(case.pk, "submit")).content.decode()
    assert "Gửi vụ việc này về tỉnh?" in page and 'name="confirmed"' in page
    unconfirmed = client.post(transition(case.pk, "submit"))
    assert unconfirmed.status_code == 200 and Case.objects.get(pk=case.pk).state == "draft"
    client.post(transition(case.pk, "submit"), {"confirmed": "1"})
    assert Case.objects.get(pk=case.pk).state == "submitted"


@pytest.mark.parametrize("action,extra", [("reject", {"refusal_ground": "luat_9_3"}), ("withdraw", {})])
def test_reject_and_withdraw_ask_for_confirmation(client, action, extra):
    case = CaseFactory(state="submitted")
    client.force_login(staff_user("ban_tcd"))
    data = {"note": "Lý do", **extra}
    unconfirmed = client.post(transition(case.pk, action), data)
    assert unconfirmed.status_code == 200 and 'id="confirm-text"' in unconfirmed.content.decode()
    assert Case.objects.get(pk=case.pk).state == "submitted"
    client.post(transition(case.pk, action), {**data, "confirmed": "1"})
    assert Case.objects.get(pk=case.pk).state in ("rejected", "withdrawn")


def test_accept_needs_no_confirmation(client):
    case = CaseFactory(state="submitted")
    client.force_login(staff_user("ban_tcd"))
    client.post(transition(case.pk, "accept"), {"eligibility": "khac"})
    assert Case.objects.get(pk=case.pk).state == "accepted"
