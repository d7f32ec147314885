"""Who sees what (DESIGN.md): one test per role over cases, citizens, receptions, attachments, participants.

The world: a case of Mỹ Tho, a case of Đạo Thạnh assigned to the Department of Agriculture and
Environment, a protected denunciation of Mỹ Tho, and a citizen of each commune not yet in any case.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from addons.tiepdan_case import roles as R
from addons.tiepdan_case import scoping
from addons.tiepdan_case.models import (
    CaseAttachment,
    CaseParticipant,
    Citizen,
    Reception,
)
from addons.tiepdan_case.tests.factories import (
    DAO_THANH,
    MY_THO,
    CaseFactory,
    CitizenFactory,
    agency,
    make_user,
    unit,
)

pytestmark = pytest.mark.django_db


class World:
    def __init__(self):
        self.my_tho_citizen = CitizenFactory(full_name="Lê Văn Mỹ Tho", unit=unit(MY_THO))
        self.dao_thanh_citizen = CitizenFactory(full_name="Phạm Thị Đạo Thạnh", unit=unit(DAO_THANH))
        self.denouncer = CitizenFactory(full_name="Võ Văn Tố Giác", unit=unit(MY_THO))
        self.my_tho_loner = CitizenFactory(full_name="Chưa Có Vụ Việc Mỹ Tho", unit=unit(MY_THO))
        self.dao_thanh_loner = CitizenFactory(full_name="Chưa Có Vụ Việc Đạo Thạnh", unit=unit(DAO_THANH))
        self.my_tho_case = CaseFactory(unit=unit(MY_THO), applicant=self.my_tho_citizen, state="submitted")
        self.dao_thanh_case = CaseFactory(
            unit=unit(DAO_THANH), applicant=self.dao_thanh_citizen, state="accepted", eligibility="khac"
        )
        self.dao_thanh_case.assigned_agencies.add(agency("so-nn-mt"))
        self.protected_case = CaseFactory(
            unit=unit(MY_THO),
            case_type="to_cao",
            identity_protection=True,
            applicant=self.denouncer,
            state="submitted",
        )
        self.receptions = {c.pk: self._reception(c) for c in self.cases}
        self.attachments = {c.pk: self._attachment(c) for c in self.cases}

    @property
    def cases(self):
        return [self.my_tho_case, self.dao_thanh_case, self.protected_case]

    @staticmethod
    def _reception(case):
        return Reception.objects.create(
            case=case,
            received_at=timezone.make_aware(dt.datetime(2026, 11, 2, 8, 30)),
            place="Trụ sở tiếp công dân",
            receiving_agency=agency(f"ubnd-{case.unit.code}"),
            received_by="Cán bộ tiếp dân",
            direction="thu_ly",
        )

    @staticmethod
    def _attachment(case):
        return CaseAttachment.objects.create(
            case=case,
            file=f"case-attachments/{case.pk}/abc",
            original_name="don-khieu-nai.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )


@pytest.fixture
def world():
    return World()


def cases_of(user):
    return set(scoping.cases_visible_to(user))


def citizens_of(user):
    return set(scoping.citizens_visible_to(user))


def receptions_of(user):
    return {r.case_id for r in scoping.receptions_visible_to(user)}


def attachments_of(user):
    return {a.case_id for a in scoping.attachments_visible_to(user)}


def participants_of(user):
    return {p.case_id for p in scoping.participants_visible_to(user)}


def all_ids(world):
    return {c.pk for c in world.cases}


def assert_sees_nothing(user):
    assert cases_of(user) == set()
    assert citizens_of(user) == set()
    assert receptions_of(user) == set()
    assert attachments_of(user) == set()
    assert participants_of(user) == set()


def assert_reads_everything_but_the_protected_identity(user, world):
    assert cases_of(user) == set(world.cases)
    assert receptions_of(user) == all_ids(world)
    assert participants_of(user) == all_ids(world)  # the head count of the protected case stays
    # the denouncer is known only through the protected case, which this user does not handle
    assert citizens_of(user) == set(Citizen.objects.exclude(pk=world.denouncer.pk))
    assert attachments_of(user) == {world.my_tho_case.pk, world.dao_thanh_case.pk}


def assert_handles_everything(user, world):
    assert cases_of(user) == set(world.cases)
    assert citizens_of(user) == set(Citizen.objects.all())
    assert receptions_of(user) == attachments_of(user) == participants_of(user) == all_ids(world)


def test_the_visible_to_manager_methods_use_the_same_rules(world, board_user):
    assert set(Citizen.objects.visible_to(board_user)) == citizens_of(board_user)
    assert {p.case_id for p in CaseParticipant.objects.visible_to(board_user)} == participants_of(board_user)
    assert set(Reception.objects.visible_to(board_user)) == set(Reception.objects.all())


def test_an_anonymous_visitor_sees_nothing(world):
    assert_sees_nothing(AnonymousUser())


def test_quan_tri_administers_but_reads_no_case_content(world):
    assert_sees_nothing(make_user(R.QUAN_TRI))


def test_vp_ubnd_reads_every_case_but_not_a_protected_denouncer(world):
    assert_reads_everything_but_the_protected_identity(make_user(R.VP_UBND), world)


def test_ban_tcd_handles_every_case_including_the_protected_denouncer(world):
    assert_handles_everything(make_user(R.BAN_TCD), world)


def test_thanh_tra_verifies_on_redacted_copies_unless_named(world):
    inspector = make_user(R.THANH_TRA)
    assert_reads_everything_but_the_protected_identity(inspector, world)
    world.protected_case.handlers.add(inspector)
    assert_handles_everything(inspector, world)


def test_chu_tich_handles_every_case(world):
    assert_handles_everything(make_user(R.CHU_TICH), world)


def test_lanh_dao_reads_every_case_but_not_a_protected_denouncer(world):
    assert_reads_everything_but_the_protected_identity(make_user(R.LANH_DAO), world)


def test_so_nganh_sees_only_cases_assigned_to_its_agency(world):
    department = make_user(R.SO_NGANH)  # Sở Nông nghiệp và Môi trường
    assert cases_of(department) == {world.dao_thanh_case}
    assert citizens_of(department) == {world.dao_thanh_citizen}
    assert (
        receptions_of(department)
        == attachments_of(department)
        == participants_of(department)
        == {world.dao_thanh_case.pk}
    )
    other_department = make_user(R.SO_NGANH, agency_code="so-xay-dung")
    assert_sees_nothing(other_department)


@pytest.mark.parametrize(
    ("role", "own_agency"), [(R.SO_TAI_CHINH, "so-tai-chinh"), (R.SO_TU_PHAP, "so-tu-phap")]
)
def test_finance_and_justice_see_only_cases_assigned_to_them(world, role, own_agency):
    user = make_user(role)
    assert_sees_nothing(user)
    world.my_tho_case.assigned_agencies.add(agency(own_agency))
    assert cases_of(user) == {world.my_tho_case}
    assert citizens_of(user) == {world.my_tho_citizen}


def test_a_department_assigned_a_protected_case_sees_the_case_but_not_the_denouncer(world):
    department = make_user(R.SO_NGANH)
    world.protected_case.assigned_agencies.add(agency("so-nn-mt"))
    assert world.protected_case in cases_of(department)
    assert world.denouncer not in citizens_of(department)
    assert world.protected_case.pk not in attachments_of(department)
    assert world.protected_case.pk in participants_of(department)


@pytest.mark.parametrize("role", [R.SO_KHCN, R.CONG_AN, R.DIEN_LUC])
def test_technical_support_roles_see_no_case_content(world, role):
    user = make_user(role)
    assert_sees_nothing(user)
    world.my_tho_case.assigned_agencies.add(user.profile.agency)  # not even when assigned
    assert cases_of(user) == set()


def test_bao_ptth_sees_no_case_content(world):
    assert_sees_nothing(make_user(R.BAO_PTTH))


def test_trung_uong_sees_no_case_content(world):
    assert_sees_nothing(make_user(R.TRUNG_UONG))


def test_ubnd_xa_sees_only_its_own_commune_and_handles_its_protected_denunciation(world):
    my_tho = make_user(R.UBND_XA, commune=MY_THO)
    assert cases_of(my_tho) == {world.my_tho_case, world.protected_case}
    assert citizens_of(my_tho) == {world.my_tho_citizen, world.denouncer, world.my_tho_loner}
    expected = {world.my_tho_case.pk, world.protected_case.pk}
    assert receptions_of(my_tho) == attachments_of(my_tho) == participants_of(my_tho) == expected


def test_ubnd_xa_cannot_reach_another_communes_rows(world):
    dao_thanh = make_user(R.UBND_XA, commune=DAO_THANH)
    assert cases_of(dao_thanh) == {world.dao_thanh_case}
    assert citizens_of(dao_thanh) == {world.dao_thanh_citizen, world.dao_thanh_loner}
    assert world.denouncer not in citizens_of(dao_thanh)
    assert world.my_tho_loner not in citizens_of(dao_thanh)
    assert receptions_of(dao_thanh) == {world.dao_thanh_case.pk}


def test_a_commune_user_without_a_commune_sees_nothing(world):
    user = make_user(R.UBND_XA)
    user.profile.unit = None
    user.profile.save()
    user = type(user).objects.get(pk=user.pk)
    assert_sees_nothing(user)


def test_a_named_handler_of_any_role_sees_that_case_and_its_denouncer(world):
    police = make_user(R.CONG_AN)
    world.protected_case.handlers.add(police)
    assert cases_of(police) == {world.protected_case}
    assert citizens_of(police) == {world.denouncer}
    assert attachments_of(police) == {world.protected_case.pk}


def test_a_citizen_known_only_through_a_protected_denunciation_is_shielded_from_non_handlers(world):
    office, board = make_user(R.VP_UBND), make_user(R.BAN_TCD)
    assert not scoping.citizens_visible_to(office).filter(pk=world.denouncer.pk).exists()
    assert scoping.citizens_visible_to(board).filter(pk=world.denouncer.pk).exists()


def test_a_denouncer_who_also_brought_an_ordinary_case_is_reachable_through_that_case(world):
    office = make_user(R.VP_UBND)
    CaseParticipant.objects.create(case=world.my_tho_case, citizen=world.denouncer, role="thanh_vien")
    assert world.denouncer in citizens_of(office)


def test_the_scoped_case_queryset_can_still_be_locked(world, board_user):
    from django.db import transaction

    with transaction.atomic():
        locked = list(scoping.cases_visible_to(make_user(R.UBND_XA, commune=MY_THO)).select_for_update())
    assert set(locked) == {world.my_tho_case, world.protected_case}
