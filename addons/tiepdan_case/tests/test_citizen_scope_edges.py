"""The citizen scope at its edges, as each kind of user reaches it (issue 13 rewrote it for speed: no
filter for those who handle every case, EXISTS / NOT EXISTS for other full readers, a UNION of id sets
for everyone else). Every edge below must read the same as before the rewrite."""

import pytest

from addons.tiepdan_case.models import Case, CaseParticipant, Citizen
from addons.tiepdan_case.tests.factories import (
    DAO_THANH,
    MY_THO,
    CaseFactory,
    CitizenFactory,
    make_user,
    unit,
)

pytestmark = pytest.mark.django_db


def _in_case(citizen, **case):
    created = CaseFactory(**case)
    CaseParticipant.objects.create(case=created, citizen=citizen, role="thanh_vien")
    return created


@pytest.fixture
def people():
    only_protected = CitizenFactory(full_name="Chỉ Trong Đơn Tố Cáo", unit=unit(MY_THO))
    _in_case(only_protected, case_type="to_cao", identity_protection=True, unit=unit(MY_THO))
    both = CitizenFactory(full_name="Tố Cáo Và Khiếu Nại", unit=unit(MY_THO))
    _in_case(both, case_type="to_cao", identity_protection=True, unit=unit(MY_THO))
    _in_case(both, case_type="khieu_nai", unit=unit(DAO_THANH))
    ordinary = CitizenFactory(full_name="Khiếu Nại Đạo Thạnh", unit=unit(DAO_THANH))
    _in_case(ordinary, case_type="khieu_nai", unit=unit(DAO_THANH))
    my_tho_resident_in_other_commune_case = CitizenFactory(
        full_name="Người Mỹ Tho Ở Đạo Thạnh", unit=unit(MY_THO)
    )
    _in_case(my_tho_resident_in_other_commune_case, case_type="kien_nghi", unit=unit(DAO_THANH))
    dao_thanh_resident_in_my_tho_case = CitizenFactory(
        full_name="Người Đạo Thạnh Ở Mỹ Tho", unit=unit(DAO_THANH)
    )
    _in_case(dao_thanh_resident_in_my_tho_case, case_type="kien_nghi", unit=unit(MY_THO))
    my_tho_loner = CitizenFactory(full_name="Mỹ Tho Chưa Có Vụ Việc", unit=unit(MY_THO))
    dao_thanh_loner = CitizenFactory(full_name="Đạo Thạnh Chưa Có Vụ Việc", unit=unit(DAO_THANH))
    return {
        "only_protected": only_protected,
        "both": both,
        "ordinary": ordinary,
        "my_tho_resident_in_other_commune_case": my_tho_resident_in_other_commune_case,
        "dao_thanh_resident_in_my_tho_case": dao_thanh_resident_in_my_tho_case,
        "my_tho_loner": my_tho_loner,
        "dao_thanh_loner": dao_thanh_loner,
    }


def _names(user, people):
    seen = set(Citizen.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, citizen in people.items() if citizen.pk in seen}


ALL = {
    "only_protected",
    "both",
    "ordinary",
    "my_tho_resident_in_other_commune_case",
    "dao_thanh_resident_in_my_tho_case",
    "my_tho_loner",
    "dao_thanh_loner",
}


@pytest.mark.parametrize("role", ["ban_tcd", "chu_tich"])
def test_a_handler_of_every_case_reaches_every_citizen(people, role):
    assert _names(make_user(role), people) == ALL


@pytest.mark.parametrize("role", ["vp_ubnd", "thanh_tra", "lanh_dao"])
def test_a_full_reader_reaches_everyone_but_a_person_known_only_through_a_protected_denunciation(
    people, role
):
    assert _names(make_user(role), people) == ALL - {"only_protected"}


def test_a_full_reader_named_on_the_protected_denunciation_reaches_its_denouncer(people):
    reader = make_user("lanh_dao")
    protected = Case.objects.get(participants__citizen=people["only_protected"])
    protected.handlers.add(reader)
    assert _names(reader, people) == ALL


def test_a_commune_clerk_reaches_the_people_of_its_cases_and_its_residents_in_no_case(people):
    clerk = make_user("ubnd_xa", commune=MY_THO)
    # Its own protected denunciation is handled by the commune: its denouncers are reachable.
    assert _names(clerk, people) == {
        "only_protected",
        "both",
        "dao_thanh_resident_in_my_tho_case",
        "my_tho_loner",
    }


def test_a_commune_clerk_named_on_another_communes_case_reaches_its_people(people):
    clerk = make_user("ubnd_xa", commune=MY_THO)
    Case.objects.get(participants__citizen=people["ordinary"]).handlers.add(clerk)
    assert "ordinary" in _names(clerk, people)
    assert "dao_thanh_loner" not in _names(clerk, people)


def test_a_resident_already_in_another_communes_case_is_not_the_communes_to_reach(people):
    clerk = make_user("ubnd_xa", commune=MY_THO)
    assert "my_tho_resident_in_other_commune_case" not in _names(clerk, people)


def test_a_department_reaches_only_the_people_of_cases_assigned_to_it(people):
    department = make_user("so_nganh")
    assert _names(department, people) == set()
    Case.objects.get(participants__citizen=people["ordinary"]).assigned_agencies.add(
        department.profile.agency
    )
    assert _names(department, people) == {"ordinary"}


def test_a_department_assigned_a_protected_denunciation_does_not_reach_its_denouncer(people):
    department = make_user("so_nganh")
    for case in Case.objects.filter(participants__citizen=people["both"]):
        case.assigned_agencies.add(department.profile.agency)
    assert _names(department, people) == {"both"}  # through the ordinary case only
    protected_only = Case.objects.get(participants__citizen=people["only_protected"])
    protected_only.assigned_agencies.add(department.profile.agency)
    assert _names(department, people) == {"both"}


@pytest.mark.parametrize("role", ["quan_tri", "bao_ptth", "trung_uong", "cong_an", "dien_luc"])
def test_roles_without_case_content_reach_no_citizen(people, role):
    assert _names(make_user(role), people) == set()


def test_a_pickers_choice_outside_the_scope_is_not_found_by_id(people):
    # The participant picker filters the scoped queryset by the chosen id: still out of scope = absent.
    clerk = make_user("ubnd_xa", commune=MY_THO)
    assert not Citizen.objects.visible_to(clerk).filter(pk=people["dao_thanh_loner"].pk).exists()
    assert Citizen.objects.visible_to(clerk).filter(pk=people["my_tho_loner"].pk).exists()
