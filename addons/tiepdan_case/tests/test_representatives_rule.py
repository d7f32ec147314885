"""Many people raising one matter choose representatives (Luật TCD art. 29; NĐ 154 art. 22.4)."""

import datetime as dt

import pytest
from django.utils.translation import gettext

from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.cases import create_case, representatives_errors
from addons.tiepdan_case.services.errors import Conflict
from addons.tiepdan_case.tests.factories import MY_THO, register_row, unit

REP, MEMBER, APPLICANT = "nguoi_dai_dien", "thanh_vien", "nguoi_dung_don"


def roles(reps: int, members: int) -> list[str]:
    return [REP] * reps + [MEMBER] * members


@pytest.mark.parametrize(("size", "reps"), [(5, 1), (5, 2), (8, 2), (10, 1), (10, 2)])
def test_five_to_ten_people_with_one_or_two_representatives_pass(size, reps):
    assert representatives_errors(size, roles(reps, size - reps)) == []


@pytest.mark.parametrize(("size", "reps"), [(5, 0), (7, 3), (10, 0), (10, 3)])
def test_five_to_ten_people_need_one_or_two_representatives(size, reps):
    assert representatives_errors(size, roles(reps, size - reps)) == [
        gettext("5 to 10 people raising one matter choose 1 or 2 representatives; this case has %(reps)d.")
        % {"reps": reps}
    ]


@pytest.mark.parametrize("reps", [1, 3, 5])
def test_more_than_ten_people_may_choose_up_to_five_representatives(reps):
    assert representatives_errors(11, roles(reps, 11 - reps)) == []
    assert representatives_errors(40, roles(reps, 3)) == []


@pytest.mark.parametrize("reps", [0, 6])
def test_more_than_ten_people_need_one_to_five_representatives(reps):
    assert representatives_errors(12, roles(reps, 12 - reps)) == [
        gettext(
            "More than 10 people raising one matter choose 1 to 5 representatives; this case has %(reps)d."
        )
        % {"reps": reps}
    ]


@pytest.mark.parametrize("size", [1, 2, 4])
def test_fewer_than_five_people_need_no_representative(size):
    assert representatives_errors(size, [APPLICANT] * size) == []
    assert representatives_errors(size, [APPLICANT]) == []


def test_a_list_cannot_name_more_citizens_than_came():
    assert representatives_errors(2, [APPLICANT] * 3) == [
        gettext(
            "The case lists %(listed)d citizens but says %(size)d people came; correct the number of people."
        )
        % {"listed": 3, "size": 2}
    ]


def test_a_case_needs_at_least_one_citizen():
    assert representatives_errors(1, []) == [gettext("Add at least one citizen to the case.")]


# --- on a real case --------------------------------------------------------------------------------------


def _group_case(actor, citizens, size, reps):
    participants = [(c, REP if i < reps else MEMBER) for i, c in enumerate(citizens)]
    case = create_case(
        actor,
        {
            "case_type": "khieu_nai",
            "title": "Khiếu nại tập thể về giá bồi thường",
            "summary": "Các hộ dân ấp Mỹ Phú khiếu nại đơn giá bồi thường.",
            "unit": unit(MY_THO),
            "received_date": dt.date(2026, 11, 2),
            "group_size": size,
        },
        participants,
    )
    register_row(case)  # the commune's reception row, needed to submit (NĐ 154 art. 27.1)
    return case


@pytest.mark.django_db
@pytest.mark.parametrize(("size", "is_group"), [(1, False), (4, False), (5, True), (12, True)])
def test_the_group_flag_follows_the_head_count(commune_user, citizen_factory, size, is_group):
    case = _group_case(commune_user, [citizen_factory()], size, reps=1)
    assert case.is_group is is_group
    case.refresh_from_db()
    assert case.is_group is is_group


@pytest.mark.django_db
def test_the_group_flag_is_corrected_when_the_head_count_changes(board_user, citizen_factory):
    from addons.tiepdan_case.services.cases import update_case

    case = _group_case(board_user, [citizen_factory()], 6, reps=1)
    case = update_case(board_user, case, {"group_size": 3})
    assert case.is_group is False


@pytest.mark.django_db
def test_a_group_with_representatives_is_submitted(commune_user, citizen_factory):
    citizens = [citizen_factory() for _ in range(6)]
    case = _group_case(commune_user, citizens, 6, reps=2)
    assert case_workflow.perform(commune_user, case.pk, "submit").state == "submitted"


@pytest.mark.django_db
def test_a_group_without_representatives_is_refused_with_the_reason(commune_user, citizen_factory):
    citizens = [citizen_factory() for _ in range(6)]
    case = _group_case(commune_user, citizens, 6, reps=0)
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(commune_user, case.pk, "submit")
    assert exc.value.code == "rule_violated"
    assert str(exc.value) == gettext(
        "5 to 10 people raising one matter choose 1 or 2 representatives; this case has %(reps)d."
    ) % {"reps": 0}
    assert str(exc.value) == (
        "Từ 5 đến 10 người cùng một nội dung phải cử 1 hoặc 2 người đại diện; vụ việc này có 0 người đại diện."
    )
    case.refresh_from_db()
    assert case.state == "draft"


@pytest.mark.django_db
def test_a_case_listing_more_citizens_than_came_is_refused(commune_user, citizen_factory):
    case = _group_case(commune_user, [citizen_factory() for _ in range(3)], 2, reps=0)
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(commune_user, case.pk, "submit")
    assert "3" in str(exc.value) and "2" in str(exc.value)


@pytest.mark.django_db
def test_a_case_without_citizens_cannot_be_submitted(commune_user):
    case = _group_case(commune_user, [], 1, reps=0)
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(commune_user, case.pk, "submit")
    assert str(exc.value) == "Vụ việc phải có ít nhất một công dân."
