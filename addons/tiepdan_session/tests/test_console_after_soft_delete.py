"""The console, the live view and its refreshing fragment after a case or a session is soft-deleted
(issue 12 review): a case taken off a running session (the citizen was absent) may then be deleted as a
duplicate; from then on no screen of the day names it or its people — not the agenda, not the presence
list, not the check-in rows — and nothing answers 500. A deleted (draft) session is 404 on every one."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.services import deletion
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CitizenFactory

from .common import accepted_case, new_session, people, running_session

pytestmark = pytest.mark.django_db

REASON = "Nhập trùng với vụ việc khác."
NAME = "Trần Thị Đã Xoá Khỏi Phiên"


def _pages(session):
    return [
        reverse("tiepdan_session:console", args=[session.pk]),
        reverse("tiepdan_session:live", args=[session.pk]),
        reverse("tiepdan_session:live_fragment", args=[session.pk]),
        f"/api/v1/sessions/{session.pk}/console/",
    ]


@pytest.fixture
def running_with_a_deleted_case(client):
    p = people()
    gone = accepted_case(MY_THO, applicant=CitizenFactory(full_name=NAME), title="Vụ việc nhập trùng")
    session = running_session(p, cases=[gone, accepted_case(MY_THO)])
    first = session.agenda.get(case=gone)
    assert session.current_item_id == first.pk
    client.force_login(p["board"])
    console = reverse("tiepdan_session:console", args=[session.pk])
    client.post(console, {"action": "outcome", "item": first.pk, "outcome": "absent"})
    client.post(console, {"action": "next_item"})
    assert NAME in client.get(console).content.decode()  # before the deletion: in the presence list
    deletion.soft_delete(gone, reason=REASON, actor=p["board"])
    return session, gone, p


@pytest.mark.parametrize("role", ["ban_tcd", "chu_tich", "vp_ubnd", "lanh_dao", "so_khcn", "ubnd_xa"])
def test_no_screen_of_the_day_names_a_deleted_case_or_its_people(client, running_with_a_deleted_case, role):
    session, gone, p = running_with_a_deleted_case
    user = (
        p["board"] if role == "ban_tcd" else staff_user(role, commune=MY_THO if role == "ubnd_xa" else None)
    )
    client.force_login(user)
    for url in _pages(session):
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        text = response.content.decode()
        for secret in (NAME, gone.code, gone.title):
            assert secret not in text, (role, url, secret)


def test_the_live_view_still_counts_the_items_left_after_the_deletion(client, running_with_a_deleted_case):
    session, gone, p = running_with_a_deleted_case
    client.force_login(p["board"])
    state = client.get(f"/api/v1/sessions/{session.pk}/console/").json()
    assert [row["code"] for row in state["agenda"]] == [session.agenda.exclude(case=gone).get().case.code]


def test_a_deleted_session_is_404_on_the_console_the_live_view_and_its_refresh(client):
    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(p["board"])
    assert client.get(_pages(session)[0]).status_code == 200
    deletion.soft_delete(session, reason=REASON, actor=p["board"])
    for user in (p["board"], p["chair"], staff_user("vp_ubnd")):
        client.force_login(user)
        for url in _pages(session):
            assert client.get(url).status_code == 404, url
        assert client.post(_pages(session)[0], {"action": "next_item"}).status_code == 404
