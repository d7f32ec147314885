"""A case that cannot be sent says why: above the buttons, when "Gửi về tỉnh" is pressed, and in the API."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services.submission import submit_problems
from addons.tiepdan_case.tests.admin_helpers import change, staff_user, transition
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, post_json
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db

NO_CITIZEN = "Vụ việc phải có ít nhất một công dân."


def test_a_case_without_a_citizen_lists_that_reason():
    assert submit_problems(CaseFactory(applicant=False, received=True)) == [NO_CITIZEN]


def test_a_complete_case_has_no_reason():
    assert submit_problems(CaseFactory(received=True)) == []


def test_more_people_listed_than_came_and_missing_representatives_are_both_listed():
    case = CaseFactory(group_size=6)
    for citizen in CitizenFactory.create_batch(6):
        case.participants.create(citizen=citizen, role="thanh_vien")
    problems = submit_problems(case)
    assert any("Danh sách có 7 công dân nhưng số người ghi là 6" in p for p in problems)
    assert any("phải cử 1 hoặc 2 người đại diện" in p for p in problems)


def test_a_case_without_a_reception_row_lists_that_reason():
    (problem,) = submit_problems(CaseFactory())
    assert "sổ tiếp công dân" in problem and "khoản 1 Điều 27" in problem


def test_a_future_receipt_date_is_a_reason():
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(received_date=timezone.localdate() + dt.timedelta(days=3))
    case.refresh_from_db()
    assert any("là ngày trong tương lai" in p for p in submit_problems(case))


def test_the_case_page_lists_the_reasons_above_the_buttons_and_keeps_the_send_button(client):
    case = CaseFactory(applicant=False)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(change("case", case.pk)).content.decode()
    assert 'id="submit-problems"' in html and NO_CITIZEN in html
    assert html.index('id="submit-problems"') < html.index('data-action="submit"')
    assert transition(case.pk, "submit") in html


def test_pressing_send_on_a_case_with_problems_shows_the_reasons_not_a_generic_refusal(client):
    case = CaseFactory(applicant=False)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    for response in (
        client.get(transition(case.pk, "submit")),
        client.post(transition(case.pk, "submit"), {"confirmed": "1"}),
    ):
        html = response.content.decode()
        assert response.status_code == 200
        assert NO_CITIZEN in html
        assert "không áp dụng được" not in html
    assert Case.objects.get(pk=case.pk).state == "draft"


def test_the_api_refuses_the_send_with_every_reason_and_shows_them_on_the_case(commune_user):
    case = CaseFactory(applicant=False, received=True)
    client = client_for(commune_user)
    assert client.get(f"{API}/cases/{case.pk}/").json()["submit_problems"] == [NO_CITIZEN]
    body = assert_error(post_json(client, f"{API}/cases/{case.pk}/transition/", {"action": "submit"}), 409)
    assert body["fields"]["problems"] == [NO_CITIZEN]
    assert NO_CITIZEN in body["detail"]


def test_a_user_who_may_not_send_sees_no_reasons(client):
    case = CaseFactory(applicant=False)
    client.force_login(staff_user("thanh_tra"))
    html = client.get(change("case", case.pk)).content.decode()
    assert 'id="submit-problems"' not in html
