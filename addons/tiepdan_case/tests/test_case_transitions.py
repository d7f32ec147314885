"""The case state machine: who may make each move, from which states, under which rules, with history."""

import datetime as dt
from unittest import mock

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.cases import create_case
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, make_user, register_row, unit

pytestmark = pytest.mark.django_db

ALL_STATES = [
    "draft", "submitted", "accepted", "returned", "rejected", "scheduled", "received", "following_up",
    "closed", "withdrawn", "in_person",
]  # fmt: skip

# action → (source states, target state, what the move needs)
MOVES = {
    "submit": (["draft", "returned"], "submitted", {}),
    "accept": (["submitted"], "accepted", {"eligibility": "khac"}),
    "return": (["submitted"], "returned", {"note": "Bổ sung bản sao quyết định"}),
    "reject": (["submitted"], "rejected", {"note": "Đã trả lời bằng văn bản", "refusal_ground": "luat_9_3"}),
    "send_in_person": (["submitted", "accepted"], "in_person", {"note": "Công dân ở gần, tiếp trực tiếp"}),
    "schedule": (["accepted"], "scheduled", {}),
    "unschedule": (["scheduled"], "accepted", {"note": "Phiên tiếp bị hoãn"}),
    "receive": (["scheduled"], "received", {}),
    "follow_up": (["received"], "following_up", {}),
    "close": (["received", "following_up"], "closed", {}),
    "withdraw": (
        ["draft", "submitted", "returned", "accepted", "scheduled"],
        "withdrawn",
        {"note": "Công dân rút đơn"},
    ),
}
OFFICE = {R.BAN_TCD, R.VP_UBND}
ALLOWED_ROLES = {action: OFFICE for action in MOVES} | {
    "submit": OFFICE | {R.UBND_XA},
    "withdraw": OFFICE | {R.UBND_XA},
}


def test_the_matrix_covers_every_action_of_the_service():
    assert set(MOVES) == set(case_workflow.ACTIONS)
    for code, action in case_workflow.ACTIONS.items():
        assert set(action.roles) == ALLOWED_ROLES[code]


def _case(state, **kwargs):
    kwargs.setdefault("eligibility", "khac" if state not in ("draft", "submitted", "returned") else "")
    kwargs.setdefault("received", True)  # the commune's reception row (NĐ 154 art. 27.1)
    return CaseFactory(state=state, **kwargs)


def _actor(role):
    return make_user(role, commune=MY_THO) if role == R.UBND_XA else make_user(role)


MATRIX = [
    (action, role, state)
    for action, (sources, _target, _params) in MOVES.items()
    for role in R.ALL_ROLES
    for state in sources
]


@pytest.mark.parametrize(("action", "role", "state"), MATRIX)
def test_an_allowed_role_makes_the_move_and_a_forbidden_role_is_refused(action, role, state):
    sources, target, params = MOVES[action]
    case = _case(state)
    actor = _actor(role)
    case.handlers.add(actor)  # the case is visible to everyone here: only the role decides
    params = dict(params)
    note = params.pop("note", "")
    if role in ALLOWED_ROLES[action]:
        moved = case_workflow.perform(actor, case.pk, action, note=note, **params)
        assert moved.state == target
        case.refresh_from_db()
        assert case.state == target
        event = AuditEvent.objects.get(object_id=case.pk, kind="transition")
        assert (event.actor, event.action, event.from_state, event.to_state, event.note) == (
            actor,
            action,
            state,
            target,
            note,
        )
    else:
        with pytest.raises(NotAllowed):
            case_workflow.perform(actor, case.pk, action, note=note, **params)
        case.refresh_from_db()
        assert case.state == state
        assert not AuditEvent.objects.filter(object_id=case.pk, kind="transition").exists()


WRONG_STATES = [
    (action, state)
    for action, (sources, _t, _p) in MOVES.items()
    for state in ALL_STATES
    if state not in sources
]


@pytest.mark.parametrize(("action", "state"), WRONG_STATES)
def test_a_move_from_the_wrong_state_is_a_conflict(board_user, action, state):
    _sources, _target, params = MOVES[action]
    case = _case(state)
    params = dict(params)
    note = params.pop("note", "")
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(board_user, case.pk, action, note=note, **params)
    assert exc.value.code == "transition_not_allowed"
    case.refresh_from_db()
    assert case.state == state


def test_an_unknown_action_is_invalid(board_user):
    with pytest.raises(Invalid):
        case_workflow.perform(board_user, _case("submitted").pk, "approve")


# --- guards ---------------------------------------------------------------------------------------------


def test_accept_needs_an_eligibility_code(board_user):
    case = _case("submitted")
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(board_user, case.pk, "accept")
    assert exc.value.code == "rule_violated"
    case.refresh_from_db()
    assert case.state == "submitted"


def test_accept_refuses_an_unknown_eligibility_code(board_user):
    case = _case("submitted")
    with pytest.raises(Invalid) as exc:
        case_workflow.perform(board_user, case.pk, "accept", eligibility="vip")
    assert "eligibility" in exc.value.fields


def test_accept_keeps_the_eligibility_chosen(board_user):
    case = _case("submitted", group_size=2)  # the "many people" codes need 2 or more
    case_workflow.perform(board_user, case.pk, "accept", eligibility="dong_nguoi_chua_giai_quyet")
    case.refresh_from_db()
    assert case.eligibility == "dong_nguoi_chua_giai_quyet"


def test_a_protected_denunciation_can_never_be_accepted(board_user):
    case = _case("submitted", case_type="to_cao", identity_protection=True)
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(board_user, case.pk, "accept", eligibility="khac")
    assert exc.value.code == "rule_violated"
    assert "không được tiếp công dân trực tuyến" in str(exc.value)
    assert "accept" not in [a.code for a in case_workflow.allowed_actions(board_user, case)]
    case.refresh_from_db()
    assert case.state == "submitted"


def test_a_protected_denunciation_can_never_be_scheduled(board_user):
    case = _case("accepted", case_type="to_cao", identity_protection=True)
    with pytest.raises(Conflict):
        case_workflow.perform(board_user, case.pk, "schedule")
    assert "schedule" not in [a.code for a in case_workflow.allowed_actions(board_user, case)]


def test_a_protected_denunciation_may_still_be_rejected_or_withdrawn(board_user):
    case = _case("submitted", case_type="to_cao", identity_protection=True)
    case_workflow.perform(
        board_user, case.pk, "reject", note="Không thuộc thẩm quyền", refusal_ground="nd154_4_1k"
    )
    other = _case("submitted", case_type="to_cao", identity_protection=True)
    assert case_workflow.perform(board_user, other.pk, "withdraw", note="Rút đơn").state == "withdrawn"


@pytest.mark.parametrize("action", ["return", "reject", "unschedule", "withdraw"])
def test_a_move_that_needs_a_reason_refuses_a_blank_note(board_user, action):
    sources, _target, params = MOVES[action]
    case = _case(sources[0])
    params = {k: v for k, v in params.items() if k != "note"}
    with pytest.raises(Invalid) as exc:
        case_workflow.perform(board_user, case.pk, action, note="   ", **params)
    assert "note" in exc.value.fields


def test_reject_needs_a_refusal_ground(board_user):
    case = _case("submitted", case_type="kien_nghi")  # art. 4.1h is the ground for a recommendation
    with pytest.raises(Invalid) as exc:
        case_workflow.perform(board_user, case.pk, "reject", note="Lý do")
    assert "refusal_ground" in exc.value.fields
    with pytest.raises(Invalid):
        case_workflow.perform(board_user, case.pk, "reject", note="Lý do", refusal_ground="made_up")
    case_workflow.perform(board_user, case.pk, "reject", note="Lý do", refusal_ground="nd154_4_1h")
    case.refresh_from_db()
    assert (case.state, case.refusal_ground) == ("rejected", "nd154_4_1h")


@pytest.mark.parametrize("state", ["received", "following_up", "closed"])
def test_a_case_can_be_withdrawn_only_before_it_is_received(board_user, state):
    with pytest.raises(Conflict):
        case_workflow.perform(board_user, _case(state).pk, "withdraw", note="Rút đơn")


def test_a_commune_submits_and_withdraws_its_own_cases(commune_user):
    case = _case("draft")
    assert case_workflow.perform(commune_user, case.pk, "submit").state == "submitted"
    assert case_workflow.perform(commune_user, case.pk, "withdraw", note="Rút đơn").state == "withdrawn"


def test_a_commune_gets_not_found_for_another_communes_case(other_commune_user):
    case = _case("draft")  # registered by Mỹ Tho
    with pytest.raises(case_workflow.NotFound):
        case_workflow.perform(other_commune_user, case.pk, "submit")
    with pytest.raises(case_workflow.NotFound):
        case_workflow.perform(other_commune_user, case.pk, "withdraw", note="Rút đơn")


def test_a_commune_named_as_handler_of_another_communes_case_still_may_not_move_it(other_commune_user):
    case = _case("draft")
    case.handlers.add(other_commune_user)
    with pytest.raises(NotAllowed):
        case_workflow.perform(other_commune_user, case.pk, "submit")


def test_a_role_that_cannot_see_the_case_gets_not_found(user_in_role):
    case = _case("submitted")
    for role in (R.CONG_AN, R.QUAN_TRI, R.SO_NGANH, R.BAO_PTTH):
        with pytest.raises(case_workflow.NotFound):
            case_workflow.perform(user_in_role(role), case.pk, "accept", eligibility="khac")


def test_allowed_actions_lists_only_moves_the_user_can_make(commune_user, board_user):
    case = _case("submitted")
    assert {a.code for a in case_workflow.allowed_actions(board_user, case)} == {
        "accept", "return", "reject", "send_in_person", "withdraw",
    }  # fmt: skip
    assert {a.code for a in case_workflow.allowed_actions(commune_user, case)} == {"withdraw"}


def test_a_full_life_from_draft_to_closed_leaves_one_history_row_per_move(
    commune_user, board_user, citizen_factory
):
    case = create_case(
        commune_user,
        {
            "case_type": "khieu_nai",
            "title": "Khiếu nại quyết định thu hồi đất",
            "summary": "Công dân khiếu nại quyết định thu hồi đất.",
            "unit": unit(DAO_THANH),  # a commune registers only its own cases: this is overridden
            "received_date": dt.date(2026, 11, 2),
        },
        [(citizen_factory(), "nguoi_dung_don")],
    )
    assert case.unit.code == MY_THO
    register_row(case)
    case_workflow.perform(commune_user, case.pk, "submit")
    case_workflow.perform(board_user, case.pk, "accept", eligibility="da_giai_quyet_dung")
    for action in ("schedule", "receive", "follow_up", "close"):
        case_workflow.perform(board_user, case.pk, action)
    moves = list(
        AuditEvent.objects.filter(object_id=case.pk, kind="transition")
        .order_by("id")
        .values_list("from_state", "to_state")
    )
    assert moves == [
        ("draft", "submitted"), ("submitted", "accepted"), ("accepted", "scheduled"),
        ("scheduled", "received"), ("received", "following_up"), ("following_up", "closed"),
    ]  # fmt: skip


def test_the_transition_signal_is_sent_after_commit(board_user, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, **kwargs):
        received.append((kwargs["action"], kwargs["from_state"], kwargs["to_state"]))

    case_workflow.case_transitioned.connect(listener)
    try:
        case = _case("submitted")
        with django_capture_on_commit_callbacks(execute=True):
            case_workflow.perform(board_user, case.pk, "accept", eligibility="khac")
    finally:
        case_workflow.case_transitioned.disconnect(listener)
    assert received == [("accept", "submitted", "accepted")]


# --- locking --------------------------------------------------------------------------------------------


def test_perform_locks_the_case_row_on_every_database(board_user):
    case = _case("submitted")
    case_queryset = type(Case.objects.all())
    with mock.patch.object(
        case_queryset, "select_for_update", autospec=True, side_effect=QuerySet.select_for_update
    ) as spy:
        case_workflow.perform(board_user, case.pk, "accept", eligibility="khac")
    assert spy.called


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="this database has no SELECT ... FOR UPDATE"
)
def test_perform_reads_the_case_with_select_for_update(board_user):
    case = _case("submitted")
    with CaptureQueriesContext(connection) as queries:
        case_workflow.perform(board_user, case.pk, "accept", eligibility="khac")
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert any('FROM "tiepdan_case_case"' in sql for sql in locking)


def test_accept_refuses_the_denunciation_eligibility_for_another_case_type(board_user):
    case = _case("submitted", case_type="khieu_nai")
    with pytest.raises(Invalid) as exc:
        case_workflow.perform(board_user, case.pk, "accept", eligibility="to_cao_phuc_tap")
    assert "eligibility" in exc.value.fields
    case.refresh_from_db()
    assert (case.state, case.eligibility) == ("submitted", "")


def test_accept_gives_a_complex_denunciation_its_eligibility(board_user):
    case = _case("submitted", case_type="to_cao")
    case_workflow.perform(board_user, case.pk, "accept", eligibility="to_cao_phuc_tap")
    case.refresh_from_db()
    assert (case.state, case.eligibility) == ("accepted", "to_cao_phuc_tap")
