"""Hypothesis test of the case state machine (issue 12): random sequences of moves, by the board or a
commune clerk, with or without a note, eligibility or refusal ground, on any kind of case. Whatever the
sequence, the case is only ever in a state DESIGN.md allows, reached by an allowed move, with one history
row per move; a refused move changes nothing; rules that hold at a state keep holding."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..choices import CaseState, Eligibility, RefusalGround
from ..models import AuditEvent, Case
from ..services import case_workflow
from ..services.errors import DomainError
from .factories import MY_THO, CaseFactory, make_user

pytestmark = pytest.mark.django_db

S = CaseState
# DESIGN.md, "Case states": (state, move) → state.
MOVES = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.RETURNED, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "accept"): S.ACCEPTED,
    (S.SUBMITTED, "return"): S.RETURNED,
    (S.SUBMITTED, "reject"): S.REJECTED,
    (S.ACCEPTED, "schedule"): S.SCHEDULED,
    (S.SCHEDULED, "unschedule"): S.ACCEPTED,
    (S.SCHEDULED, "receive"): S.RECEIVED,
    (S.RECEIVED, "follow_up"): S.FOLLOWING_UP,
    (S.RECEIVED, "close"): S.CLOSED,
    (S.FOLLOWING_UP, "close"): S.CLOSED,
    **{
        (state, "withdraw"): S.WITHDRAWN
        for state in (S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.SCHEDULED)
    },
}
FINAL = {S.CLOSED, S.REJECTED, S.WITHDRAWN}
ONLINE = {S.ACCEPTED, S.SCHEDULED, S.RECEIVED, S.FOLLOWING_UP}

move = st.fixed_dictionaries(
    {
        "action": st.sampled_from([*case_workflow.ACTIONS, "bogus"]),
        "by": st.sampled_from(["board", "commune"]),
        "note": st.sampled_from(["", "Lý do ghi rõ"]),
        "eligibility": st.sampled_from(["", "khac", "to_cao_phuc_tap", "zzz"]),
        "refusal_ground": st.sampled_from(["", *RefusalGround.values[:2], "zzz"]),
    }
)
case_kind = st.fixed_dictionaries(
    {
        "case_type": st.sampled_from(["khieu_nai", "to_cao", "kien_nghi", "phan_anh"]),
        "identity_protection": st.booleans(),
        "eligibility": st.sampled_from(["", "khac"]),
    }
).filter(lambda k: k["case_type"] == "to_cao" or not k["identity_protection"])


@pytest.fixture
def actors(db):
    return {"board": make_user("ban_tcd"), "commune": make_user("ubnd_xa", commune=MY_THO)}


def transition_rows(case):
    return AuditEvent.objects.filter(object_id=case.pk, kind="transition", content_type__model="case")


def test_random_sequences_of_moves_never_reach_an_invalid_state(actors):
    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(kind=case_kind, moves=st.lists(move, min_size=1, max_size=10))
    def run(kind, moves):
        case = CaseFactory(**kind)
        rows = transition_rows(case).count()
        for m in moves:
            before = Case.objects.get(pk=case.pk).state
            params = {k: m[k] for k in ("eligibility", "refusal_ground") if m[k]}
            try:
                case_workflow.perform(actors[m["by"]], case.pk, m["action"], m["note"], **params)
                moved = True
            except DomainError:
                moved = False
            after = Case.objects.get(pk=case.pk)
            assert after.state in S.values
            if moved:
                assert MOVES.get((before, m["action"])) == after.state, (before, m["action"], after.state)
                rows += 1
                last = transition_rows(case).order_by("-id").first()
                assert (last.from_state, last.to_state, last.action) == (before, after.state, m["action"])
            else:
                assert after.state == before  # a refused move changes nothing
            assert transition_rows(case).count() == rows
            if before in FINAL:
                assert not moved  # nothing leaves a final state
            if after.state in ONLINE:
                assert after.eligibility in Eligibility.values
                assert not after.asks_protection  # a protected denouncer is never received online
            if after.state == S.REJECTED:
                assert after.refusal_ground in RefusalGround.values

    run()
