"""Every back-office page of the case module opens for the roles that may use it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from addons.tiepdan_case.models import Agency, Reception
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.identity import log_unmasked_view
from addons.tiepdan_case.tests.admin_helpers import add, change, changelist, staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    case = CaseFactory(case_type="to_cao", identity_protection=True)
    reception = Reception.objects.create(
        case=case,
        received_at="2026-11-02T08:00:00+07:00",
        place="Trụ sở tiếp công dân",
        receiving_agency=Agency.objects.get(code=f"ubnd-{MY_THO}"),
        received_by="Cán bộ tiếp dân",
        direction="thu_ly",
    )
    return case, reception


def test_the_administrator_opens_users_roles_and_reference_screens(client):
    admin = staff_user("quan_tri")
    client.force_login(admin)
    for url in (
        changelist("administrativeunit"),
        change("administrativeunit", unit(MY_THO).pk),
        changelist("agency"),
        changelist("calendarday"),
        add("calendarday"),
        changelist("auditevent"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[admin.pk]),
        reverse("admin:auth_group_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(changelist("case")).status_code == 403


def test_an_administrator_creates_a_commune_user_with_a_profile(client):
    client.force_login(staff_user("quan_tri"))
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "xa_moi",
            "password1": "Mat-khau-rat-dai-2026",
            "password2": "Mat-khau-rat-dai-2026",
            "usable_password": "true",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "0",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-unit": unit(MY_THO).pk,
            "profile-0-agency": Agency.objects.get(code=f"ubnd-{MY_THO}").pk,
            "profile-0-position": "Công chức",
            "profile-0-phone": "",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="xa_moi")
    assert user.is_staff and user.profile.unit.code == MY_THO


def test_the_board_opens_every_case_screen(client, data):
    case, reception = data
    user = staff_user("ban_tcd")
    log_unmasked_view(user, case, "admin")
    client.force_login(user)
    for url in (
        reverse("admin:index"),
        changelist("case"),
        add("case"),
        change("case", case.pk),
        changelist("citizen"),
        add("citizen"),
        changelist("caseattachment"),
        add("caseattachment") + f"?case={case.pk}",
        changelist("reception"),
        add("reception") + f"?case={case.pk}",
        change("reception", reception.pk),
        changelist("identityaccesslog"),
        changelist("auditevent"),
        reverse("admin:tiepdan_case_case_reception"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_commune_clerk_opens_their_screens_and_not_the_reference_tables(client, data):
    case, reception = data
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    for url in (
        reverse("admin:index"),
        changelist("case"),
        change("case", case.pk),
        changelist("citizen"),
        changelist("reception"),
        change("reception", reception.pk),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(changelist("administrativeunit")).status_code == 403
    assert client.get(changelist("auditevent")).status_code == 403


def test_history_of_a_shielded_case_is_hidden_from_a_non_handler(client, data):
    case, _reception = data
    event = record_event(case, None, "note", note="Ghi chú")
    client.force_login(staff_user("thanh_tra"))
    assert client.get(change("auditevent", event.pk)).status_code == 404


def test_an_overdue_outcome_is_flagged_in_vietnamese(client):
    CaseFactory(outcome_due="2026-01-05")
    client.force_login(staff_user("ban_tcd"))
    assert "quá hạn" in client.get(changelist("case")).content.decode()


def test_the_board_can_use_every_picker_on_the_case_form(client, data):
    case, _reception = data
    client.force_login(staff_user("ban_tcd"))
    for model, field in (("case", "assigned_agencies"), ("case", "unit"), ("caseparticipant", "citizen")):
        params = {"app_label": "tiepdan_case", "model_name": model, "field_name": field, "term": ""}
        assert client.get(reverse("admin:autocomplete"), params).status_code == 200, field


def test_every_case_state_has_a_coloured_badge_with_its_vietnamese_label():
    from addons.tiepdan_case.admin.case import STATE_COLOURS
    from addons.tiepdan_case.choices import CaseState

    # A state missing here would show its raw English code (e.g. "CLOSED") in the case list.
    assert set(STATE_COLOURS) == set(CaseState)


def test_communes_and_agencies_are_found_without_accents(client):
    from addons.tiepdan_case.tests.admin_helpers import changelist, rows, staff_user

    client.force_login(staff_user("quan_tri"))
    units = rows(client.get(changelist("administrativeunit") + "?q=dao thanh"))
    assert [u.code for u in units] == ["28249"]
    agencies = rows(client.get(changelist("agency") + "?q=ubnd phuong dao thanh"))
    assert [a.code for a in agencies] == ["ubnd-28249"]
