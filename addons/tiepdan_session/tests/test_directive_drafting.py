"""Drafting the chairman's directives at the console (TEAM.md interface 1): only the board, only while
the session runs, exactly one lead, a deadline, corrections before conclude, a history row each time;
a draft is seen only by the session office."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO, agency, make_user, unit

from ..models import Directive, ReceptionSession
from ..services import directives
from .common import accepted_case, announced_session, people
from .directive_common import draft, item_of, running_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    return p, session, item_of(session, case)


def test_the_board_drafts_a_directive_with_its_lead_supporters_and_working_days(setup):
    p, session, item = setup
    directive = draft(
        p["board"], item, supporting_agencies=[agency("so-tai-chinh"), agency("so-xay-dung")], working_days=15
    )
    directive.refresh_from_db()
    assert directive.session == session and directive.case == item.case
    assert directive.lead_agency == agency("so-nn-mt") and directive.lead_unit is None
    assert set(directive.supporting_agencies.values_list("code", flat=True)) == {
        "so-tai-chinh",
        "so-xay-dung",
    }
    assert directive.working_days == 15 and directive.deadline is None
    assert directive.issued_at is None and directive.state == "open"
    assert directive.drafted_by == p["board"]
    assert [e.kind for e in history_of(directive)] == ["created"]


def test_a_commune_can_lead_instead_of_an_agency(setup):
    p, _session, item = setup
    directive = draft(p["board"], item, lead_unit=unit(MY_THO))
    assert directive.lead_unit.code == MY_THO and directive.lead_agency is None


@pytest.mark.parametrize("role", ["chu_tich", "vp_ubnd", "so_nganh", "lanh_dao"])
def test_only_the_board_drafts_directives(setup, role):
    _p, _session, item = setup
    with pytest.raises(NotAllowed):
        draft(staff_user(role), item)
    assert not Directive.objects.exists()


def test_no_directive_is_drafted_before_the_session_starts():
    p = people()
    case = accepted_case()
    session = announced_session(p, cases=[case])
    with pytest.raises(Conflict):
        draft(p["board"], item_of(session, case))


def test_a_directive_names_exactly_one_lead(setup):
    p, _session, item = setup
    with pytest.raises(Invalid) as both:
        draft(p["board"], item, lead_agency=agency("so-nn-mt"), lead_unit=unit(MY_THO))
    assert "lead_agency" in both.value.fields
    with pytest.raises(Invalid):
        directives.draft_directive(item, instruction="Kiểm tra", working_days=5, actor=p["board"])


def test_the_database_refuses_two_leads_or_none(setup):
    p, session, item = setup
    base = dict(session=session, agenda_item=item, case=item.case, instruction="x", working_days=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.create(**base, lead_agency=agency("so-nn-mt"), lead_unit=unit(MY_THO))
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.create(**base)


def test_a_directive_needs_a_deadline_and_an_instruction(setup):
    p, _session, item = setup
    with pytest.raises(Invalid) as no_deadline:
        directives.draft_directive(
            item, instruction="Kiểm tra", lead_agency=agency("so-nn-mt"), actor=p["board"]
        )
    assert "deadline" in no_deadline.value.fields
    with pytest.raises(Invalid) as past:
        draft(p["board"], item, deadline=timezone.localdate() - dt.timedelta(days=1))
    assert "deadline" in past.value.fields
    with pytest.raises(Invalid) as blank:
        draft(p["board"], item, instruction="   ")
    assert "instruction" in blank.value.fields
    with pytest.raises(Invalid) as both:
        draft(p["board"], item, deadline=timezone.localdate() + dt.timedelta(days=9), working_days=3)
    assert "working_days" in both.value.fields


def test_the_lead_agency_is_not_also_a_supporter(setup):
    p, _session, item = setup
    with pytest.raises(Invalid) as error:
        draft(p["board"], item, supporting_agencies=[agency("so-nn-mt")])
    assert "supporting_agencies" in error.value.fields


def test_a_draft_is_corrected_before_conclude_with_a_history_row(setup):
    p, _session, item = setup
    directive = draft(p["board"], item)
    new_day = timezone.localdate() + dt.timedelta(days=20)
    directives.update_draft(
        directive,
        actor=p["board"],
        instruction="Sở Xây dựng kiểm tra giấy phép.",
        lead_agency=agency("so-xay-dung"),
        deadline=new_day,
        working_days=None,
        supporting_agencies=[agency("so-tu-phap")],
    )
    directive.refresh_from_db()
    assert directive.lead_agency.code == "so-xay-dung" and directive.deadline == new_day
    assert list(directive.supporting_agencies.values_list("code", flat=True)) == ["so-tu-phap"]
    changed = history_of(directive).get(kind="changed")
    assert {"instruction", "lead_agency", "deadline", "working_days", "supporting_agencies"} <= set(
        changed.changes
    )


def test_an_unknown_field_is_refused_when_correcting(setup):
    p, _session, item = setup
    directive = draft(p["board"], item)
    with pytest.raises(Invalid) as error:
        directives.update_draft(directive, actor=p["board"], state="done")
    assert "state" in error.value.fields


def test_a_draft_is_deleted_before_conclude_and_the_session_keeps_a_history_row(setup):
    p, session, item = setup
    directive = draft(p["board"], item)
    pk = directive.pk
    directives.delete_draft(directive, actor=p["board"])
    # A soft delete (issue 12): gone from every screen, kept in the database with who, when and why.
    assert not Directive.objects.visible_to(p["board"]).filter(pk=pk).exists()
    assert Directive.objects.deleted().get(pk=pk).deletion_reason
    assert history_of(session).filter(action="delete_directive").exists()


def test_an_issued_directive_cannot_be_corrected_or_deleted(setup):
    p, session, item = setup
    directive = draft(p["board"], item)
    directives.issue_directives(session, actor=p["board"])
    with pytest.raises(Conflict):
        directives.update_draft(directive, actor=p["board"], instruction="Khác")
    with pytest.raises(Conflict):
        directives.delete_draft(directive, actor=p["board"])


def test_drafts_are_corrected_only_while_the_session_runs(setup):
    p, session, item = setup
    directive = draft(p["board"], item)
    ReceptionSession.objects.filter(pk=session.pk).update(state="cancelled")
    with pytest.raises(Conflict):
        directives.update_draft(directive, actor=p["board"], instruction="Khác")


def test_a_draft_is_seen_only_by_the_session_office(setup):
    p, _session, item = setup
    directive = draft(p["board"], item)
    for role in ("ban_tcd", "vp_ubnd", "chu_tich"):
        assert Directive.objects.visible_to(make_user(role)).filter(pk=directive.pk).exists(), role
    for role in ("so_nganh", "lanh_dao", "thanh_tra", "quan_tri"):
        assert not Directive.objects.visible_to(make_user(role)).filter(pk=directive.pk).exists(), role
    assert not Directive.objects.visible_to(make_user("ubnd_xa", commune=MY_THO)).exists()
