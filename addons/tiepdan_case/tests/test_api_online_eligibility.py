"""Eligibility for online reception through the API: the code must fit the case, the wish is a field."""

import pytest

from .api_support import API, assert_error, client_for, patch_json, post_json
from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def move(user, case, **body):
    return post_json(client_for(user), f"{API}/cases/{case.pk}/transition/", body)


def test_accepting_a_recommendation_as_a_prime_minister_directed_complaint_is_refused(board_user):
    case = CaseFactory(state="submitted", case_type="kien_nghi")
    body = assert_error(move(board_user, case, action="accept", eligibility="ttg_chi_dao"), 400, "invalid")
    assert "mục II.4" in body["fields"]["eligibility"][0]


def test_the_citizens_wish_to_be_received_online_is_shown_and_edited_on_the_case(board_user):
    case = CaseFactory(state="submitted", case_type="phan_anh")
    url = f"{API}/cases/{case.pk}/"
    assert client_for(board_user).get(url).json()["wishes_online"] is False
    assert_error(move(board_user, case, action="accept", eligibility="vung_kho_khan"), 400)
    response = patch_json(client_for(board_user), url, {"wishes_online": True})
    assert response.status_code == 200 and response.json()["wishes_online"] is True
    response = move(board_user, case, action="accept", eligibility="vung_kho_khan")
    assert response.status_code == 200 and response.json()["state"] == "accepted"


def test_scheduling_a_case_whose_head_count_fell_below_the_code_is_a_rule_violation(board_user):
    case = CaseFactory(state="accepted", eligibility="dong_nguoi_het_tham_quyen", group_size=1)
    body = assert_error(move(board_user, case, action="schedule"), 409, "rule_violated")
    assert "từ 2 người trở lên" in body["detail"]
