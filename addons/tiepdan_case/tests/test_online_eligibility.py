"""Eligibility for online reception (NĐ 154 art. 20; plan II.4): each code is checked against the case,
at `accept` and again at `schedule`, through `services.eligibility.eligibility_problems`."""

import pytest

from addons.tiepdan_case.choices import Eligibility
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.cases import update_case
from addons.tiepdan_case.services.eligibility import eligibility_problems
from addons.tiepdan_case.services.errors import Conflict, Invalid

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def _unsaved(**kwargs):
    defaults = {"case_type": "khieu_nai", "group_size": 1, "within_provincial_competence": True}
    return Case(**(defaults | kwargs))


@pytest.mark.parametrize("code", ["ttg_chi_dao", "da_giai_quyet_dung"])
@pytest.mark.parametrize("case_type", ["to_cao", "kien_nghi", "phan_anh"])
def test_the_prime_minister_and_lawfully_resolved_codes_fit_only_a_complaint(code, case_type):
    problems = eligibility_problems(_unsaved(case_type=case_type, eligibility=code))
    assert problems and "chỉ áp dụng cho vụ việc khiếu nại" in problems[0]
    assert "mục II.4" in problems[0]
    assert eligibility_problems(_unsaved(case_type="khieu_nai", eligibility=code)) == []


@pytest.mark.parametrize("code", ["dong_nguoi_chua_giai_quyet", "dong_nguoi_het_tham_quyen"])
def test_the_many_people_codes_need_two_or_more_people(code):
    problems = eligibility_problems(_unsaved(eligibility=code, group_size=1))
    assert problems and "từ 2 người trở lên" in problems[0]
    assert eligibility_problems(_unsaved(eligibility=code, group_size=2)) == []


def test_the_complex_denunciation_code_needs_provincial_competence():
    case = _unsaved(case_type="to_cao", eligibility="to_cao_phuc_tap", within_provincial_competence=False)
    (problem,) = eligibility_problems(case)
    assert "thẩm quyền" in problem and "Điều 19" in problem
    case.within_provincial_competence = True
    assert eligibility_problems(case) == []


def test_the_complex_denunciation_code_fits_only_a_denunciation():
    (problem,) = eligibility_problems(_unsaved(case_type="kien_nghi", eligibility="to_cao_phuc_tap"))
    assert "khoản 4 Điều 20" in problem


def test_a_protected_denunciation_is_never_eligible_whatever_the_code():
    case = _unsaved(case_type="to_cao", identity_protection=True, eligibility="khac")
    (problem,) = eligibility_problems(case)
    assert "20.4" in problem and "trực tuyến" in problem


def test_the_remote_area_code_needs_the_citizens_wish_to_be_received_online():
    case = _unsaved(case_type="phan_anh", eligibility="vung_kho_khan")
    (problem,) = eligibility_problems(case)
    assert "nguyện vọng" in problem and "khoản 2 Điều 20" in problem
    case.wishes_online = True
    assert eligibility_problems(case) == []


def test_the_remote_area_and_several_bodies_codes_do_not_fit_a_denunciation():
    for code, article in (
        ("vung_kho_khan", "khoản 2 Điều 20"),
        ("phuc_tap_nhieu_co_quan", "khoản 1 Điều 20"),
    ):
        problems = eligibility_problems(_unsaved(case_type="to_cao", eligibility=code, wishes_online=True))
        assert any(article in p for p in problems), problems


def test_the_complex_several_bodies_code_of_article_20_1_exists_with_its_vietnamese_label():
    assert Eligibility.PHUC_TAP_NHIEU_CO_QUAN.label == (
        "Vụ việc phức tạp, kéo dài, cần nhiều cơ quan phối hợp hoặc lãnh đạo đối thoại trực tiếp ở các địa "
        "điểm khác nhau"
    )
    assert eligibility_problems(_unsaved(case_type="kien_nghi", eligibility="phuc_tap_nhieu_co_quan")) == []


def test_no_code_is_a_problem():
    assert eligibility_problems(_unsaved()) == [
        "Chọn trường hợp tiếp trực tuyến trước khi tiếp nhận vụ việc."
    ]


def test_accept_refuses_a_code_that_does_not_fit_and_keeps_the_case_submitted(board_user):
    case = CaseFactory(state="submitted", case_type="kien_nghi")
    with pytest.raises(Invalid) as exc:
        case_workflow.perform(board_user, case.pk, "accept", eligibility="ttg_chi_dao")
    assert "mục II.4" in exc.value.fields["eligibility"][0]
    case.refresh_from_db()
    assert (case.state, case.eligibility) == ("submitted", "")


def test_accept_refuses_the_remote_area_code_until_the_wish_is_recorded(board_user):
    case = CaseFactory(state="submitted", case_type="phan_anh")
    with pytest.raises(Invalid):
        case_workflow.perform(board_user, case.pk, "accept", eligibility="vung_kho_khan")
    update_case(board_user, case, {"wishes_online": True})
    case_workflow.perform(board_user, case.pk, "accept", eligibility="vung_kho_khan")
    assert Case.objects.get(pk=case.pk).state == "accepted"


def test_schedule_checks_the_code_again_after_the_case_changed(board_user):
    case = CaseFactory(state="submitted", group_size=3)
    case_workflow.perform(board_user, case.pk, "accept", eligibility="dong_nguoi_chua_giai_quyet")
    update_case(board_user, case, {"group_size": 1})  # the clerk corrects the head count
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(board_user, case.pk, "schedule")
    assert exc.value.code == "rule_violated" and "từ 2 người trở lên" in exc.value.message
    assert Case.objects.get(pk=case.pk).state == "accepted"


def test_schedule_refuses_a_denunciation_that_left_provincial_competence(board_user):
    case = CaseFactory(state="submitted", case_type="to_cao")
    case_workflow.perform(board_user, case.pk, "accept", eligibility="to_cao_phuc_tap")
    update_case(board_user, case, {"within_provincial_competence": False})
    with pytest.raises(Conflict):
        case_workflow.perform(board_user, case.pk, "schedule")
    assert "schedule" not in [a.code for a in case_workflow.allowed_actions(board_user, case)]


def test_the_database_refuses_a_complaint_only_code_on_a_recommendation():
    from django.db import IntegrityError, transaction

    case = CaseFactory(case_type="kien_nghi")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(eligibility="da_giai_quyet_dung")
