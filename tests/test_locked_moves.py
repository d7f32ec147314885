"""`moves.locked_move`, the one locked-move helper of the case and session workflows: the row is found
among those the actor may see and locked; role, state machine and written reason are checked before the
workflow's own rules; the move's one history row is written in the same transaction; a block that raises
leaves neither the move nor a history row."""

import pytest

from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed
from addons.tiepdan_case.services.moves import NotFound, locked_move, move_action
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, make_user
from addons.tiepdan_session.services import planning
from addons.tiepdan_session.services import workflow as session_workflow
from addons.tiepdan_session.tests.common import accepted_case, new_session, people

pytestmark = pytest.mark.django_db
MESSAGES = {"not_found": "không thấy", "forbidden": "không được", "impossible": lambda case: "không thể"}
RETURN = case_workflow.ACTIONS["return"]


def _move(actor, case, action=RETURN, note="Bổ sung hồ sơ", allowed=True):
    return locked_move(actor, Case, case.pk, action, note, allowed=lambda c: allowed, messages=MESSAGES)


def test_the_checks_come_in_order_not_found_forbidden_impossible_reason(board_user):
    case = CaseFactory(state="submitted")
    with pytest.raises(NotFound), _move(make_user("ubnd_xa", commune=DAO_THANH), case):
        pass
    with pytest.raises(NotAllowed), _move(board_user, case, allowed=False):
        pass
    with pytest.raises(Conflict), _move(board_user, CaseFactory(state="draft")):
        pass
    with pytest.raises(Invalid) as exc, _move(board_user, case, note=""):
        pass
    assert set(exc.value.fields) == {"note"}
    with pytest.raises(Invalid):
        move_action(case_workflow.ACTIONS, "fly")
    assert not AuditEvent.objects.filter(object_id=case.pk).exists()


def test_a_move_writes_one_history_row_with_both_states(board_user):
    case = CaseFactory(state="submitted")
    with _move(board_user, case) as move:
        move.obj.return_()
        move.obj.save()
        move.changes = {"reason": "x"}
    event = AuditEvent.objects.get(object_id=case.pk)
    assert (event.kind, event.action, event.from_state, event.to_state) == (
        "transition",
        "return",
        "submitted",
        "returned",
    )
    assert event.changes == {"reason": "x"} and event.note == "Bổ sung hồ sơ" and event.actor == board_user


def test_a_block_that_raises_leaves_neither_the_move_nor_a_history_row(board_user):
    case = CaseFactory(state="submitted")
    with pytest.raises(Conflict), _move(board_user, case) as move:
        move.obj.return_()
        move.obj.save()
        raise Conflict("quy tắc của quy trình")
    assert Case.objects.get(pk=case.pk).state == "submitted"
    assert not AuditEvent.objects.filter(object_id=case.pk).exists()


def test_both_workflows_move_through_it():
    """The case and the session state machines make their moves through the one helper (D8)."""
    p = people()
    session = new_session(p["board"], p["chair"])
    planning.add_case(p["board"], session, accepted_case(MY_THO))
    with pytest.raises(NotFound):
        session_workflow.perform(make_user("ubnd_xa", commune=DAO_THANH), session.pk, "submit")
    with pytest.raises(NotAllowed) as exc:
        session_workflow.perform(p["chair"], session.pk, "submit")
    assert "phiên" in exc.value.message
    session_workflow.perform(p["board"], session.pk, "submit")
    events = AuditEvent.objects.filter(
        content_type__model="receptionsession", object_id=session.pk, action="submit"
    )
    assert [(e.kind, e.from_state, e.to_state) for e in events] == [("changed", "", "")]
    assert case_workflow.locked_move is locked_move and session_workflow.locked_move is locked_move
