"""Who sees which citizens and cases through the API (DESIGN.md "Who sees what"): out of scope is 404."""

import pytest

from .api_support import API, assert_error, client_for, ids
from .factories import DAO_THANH, MY_THO, CaseFactory, agency, unit

pytestmark = pytest.mark.django_db

FULL_READERS = ["vp_ubnd", "ban_tcd", "thanh_tra", "chu_tich", "lanh_dao"]
NO_CASES = ["cong_an", "dien_luc", "so_khcn", "bao_ptth", "trung_uong", "quan_tri"]


@pytest.fixture
def cases(db):
    my_tho = CaseFactory(unit=unit(MY_THO))
    dao_thanh = CaseFactory(unit=unit(DAO_THANH))
    assigned = CaseFactory(unit=unit(DAO_THANH))
    assigned.assigned_agencies.add(agency("so-nn-mt"))
    return {"my_tho": my_tho, "dao_thanh": dao_thanh, "assigned": assigned}


def _citizen_of(case):
    return case.participants.get().citizen_id


@pytest.mark.parametrize("role", FULL_READERS)
def test_the_full_readers_see_every_case_and_its_citizens(role, user_in_role, cases):
    client = client_for(user_in_role(role))
    assert ids(client.get(f"{API}/cases/")) == {c.pk for c in cases.values()}
    assert ids(client.get(f"{API}/citizens/")) >= {_citizen_of(c) for c in cases.values()}
    for case in cases.values():
        assert client.get(f"{API}/cases/{case.pk}/").status_code == 200
        assert client.get(f"{API}/citizens/{_citizen_of(case)}/").status_code == 200


def test_a_commune_sees_only_its_own_cases_and_citizens(commune_user, cases):
    client = client_for(commune_user)
    assert ids(client.get(f"{API}/cases/")) == {cases["my_tho"].pk}
    assert ids(client.get(f"{API}/citizens/")) == {_citizen_of(cases["my_tho"])}
    assert client.get(f"{API}/cases/{cases['my_tho'].pk}/").status_code == 200
    body = assert_error(client.get(f"{API}/cases/{cases['dao_thanh'].pk}/"), 404, "not_found")
    assert body["detail"] == "Không tìm thấy, hoặc bạn không có quyền xem."
    assert_error(client.get(f"{API}/citizens/{_citizen_of(cases['dao_thanh'])}/"), 404, "not_found")


def test_the_other_commune_sees_the_mirror_image(other_commune_user, cases):
    client = client_for(other_commune_user)
    assert ids(client.get(f"{API}/cases/")) == {cases["dao_thanh"].pk, cases["assigned"].pk}
    assert_error(client.get(f"{API}/cases/{cases['my_tho'].pk}/"), 404)


def test_a_department_sees_only_the_cases_assigned_to_its_agency(user_in_role, cases):
    client = client_for(user_in_role("so_nganh"))
    assert ids(client.get(f"{API}/cases/")) == {cases["assigned"].pk}
    assert ids(client.get(f"{API}/citizens/")) == {_citizen_of(cases["assigned"])}
    assert_error(client.get(f"{API}/cases/{cases['my_tho'].pk}/"), 404)
    assert_error(client.get(f"{API}/citizens/{_citizen_of(cases['my_tho'])}/"), 404)


def test_a_department_of_another_agency_sees_nothing(user_in_role, cases):
    client = client_for(user_in_role("so_nganh", agency_code="so-xay-dung"))
    assert ids(client.get(f"{API}/cases/")) == set()


@pytest.mark.parametrize("role", NO_CASES)
def test_roles_without_case_content_see_no_case_and_no_citizen(role, user_in_role, cases):
    client = client_for(user_in_role(role))
    listing = client.get(f"{API}/cases/").json()
    assert listing == {"count": 0, "next": None, "previous": None, "results": []}
    assert ids(client.get(f"{API}/citizens/")) == set()
    assert_error(client.get(f"{API}/cases/{cases['my_tho'].pk}/"), 404, "not_found")
    assert_error(client.get(f"{API}/citizens/{_citizen_of(cases['my_tho'])}/"), 404, "not_found")


def test_lists_are_paginated_and_filtered_by_state_type_and_commune(board_user, cases):
    CaseFactory(unit=unit(MY_THO), case_type="kien_nghi", state="submitted")
    client = client_for(board_user)
    page = client.get(f"{API}/cases/").json()
    assert set(page) == {"count", "next", "previous", "results"} and page["count"] == 4
    assert len(ids(client.get(f"{API}/cases/?state=submitted"))) == 1
    assert len(ids(client.get(f"{API}/cases/?case_type=kien_nghi&state=submitted"))) == 1
    assert ids(client.get(f"{API}/cases/?unit={DAO_THANH}")) == {cases["dao_thanh"].pk, cases["assigned"].pk}
    assert ids(client.get(f"{API}/citizens/?unit={DAO_THANH}")) == {
        _citizen_of(cases["dao_thanh"]),
        _citizen_of(cases["assigned"]),
    }


def test_a_large_list_is_split_into_pages(board_user):
    CaseFactory.create_batch(51)
    first = client_for(board_user).get(f"{API}/cases/").json()
    assert first["count"] == 51 and len(first["results"]) == 50 and first["next"].endswith("page=2")
    second = client_for(board_user).get(first["next"]).json()
    assert len(second["results"]) == 1 and second["previous"]
