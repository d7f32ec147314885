import pytest

from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.cases import create_case
from addons.tiepdan_case.services.errors import Conflict, NotAllowed
from addons.tiepdan_case.tests.factories import MY_THO, unit

pytestmark = pytest.mark.django_db


def test_a_commune_registers_submits_and_the_board_accepts(commune_user, board_user, citizen_factory):
    citizen = citizen_factory()
    case = create_case(
        commune_user,
        {
            "case_type": "khieu_nai",
            "title": "Khiếu nại",
            "summary": "Tóm tắt",
            "unit": unit(MY_THO),
            "received_date": __import__("datetime").date(2026, 11, 2),
        },
        [(citizen, "nguoi_dung_don")],
    )
    assert case.code.startswith("VV-2026-")
    case_workflow.perform(commune_user, case.pk, "submit")
    with pytest.raises(NotAllowed):
        case_workflow.perform(commune_user, case.pk, "accept", eligibility="khac")
    with pytest.raises(Conflict):
        case_workflow.perform(board_user, case.pk, "accept")
    case = case_workflow.perform(board_user, case.pk, "accept", eligibility="khac")
    assert case.state == "accepted"
