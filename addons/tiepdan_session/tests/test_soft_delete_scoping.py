"""Soft delete (issue 12) in the session module: a deleted session or directive is absent from every
`visible_to` with what hangs on it; it frees its agenda and its time; a drafted directive removed at the
console is never issued; nothing erases a row; codes are never reused."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models.deletion import HardDeleteRefused
from addons.tiepdan_case.services.deletion import soft_delete
from addons.tiepdan_case.tests.factories import MY_THO, make_user

from ..models import AgendaItem, Directive, ReceptionSession, SessionSite
from ..services import directives, planning
from .common import accepted_case, new_session, people, working_day
from .directive_common import draft, item_of, running_session

pytestmark = pytest.mark.django_db


def _everyone():
    users = [make_user(role) for role in R.ALL_ROLES if role != R.UBND_XA]
    users.append(make_user(R.UBND_XA, commune=MY_THO))
    users.append(User.objects.create_superuser("root_session_soft_delete", password="Test@12345678"))
    return users


def _deleted_draft_session(p, case=None):
    session = new_session(p["board"], p["chair"], day=working_day(12))
    planning.add_case(p["board"], session, case or accepted_case(MY_THO))
    soft_delete(session, reason="Lập nhầm phiên.", actor=p["board"])
    return session


def test_a_deleted_session_its_sites_and_its_agenda_are_seen_by_no_role():
    p = people()
    session = _deleted_draft_session(p)
    assert SessionSite.objects.filter(session=session).exists()
    for user in [*_everyone(), p["board"], p["chair"]]:
        assert not ReceptionSession.objects.visible_to(user).filter(pk=session.pk).exists(), user.username
        assert not SessionSite.objects.visible_to(user).filter(session=session).exists(), user.username
        assert not AgendaItem.objects.visible_to(user).filter(session=session).exists(), user.username


def test_a_deleted_draft_session_frees_its_cases_for_another_session():
    p = people()
    case = accepted_case(MY_THO)
    _deleted_draft_session(p, case)
    other = new_session(p["board"], p["chair"], day=working_day(14))
    item = planning.add_case(p["board"], other, case)
    assert item.is_open


def test_a_deleted_draft_session_does_not_hold_its_time_and_chair():
    p = people()
    deleted = _deleted_draft_session(p)
    again = new_session(p["board"], p["chair"], day=working_day(12))  # same day, hours, chair and host
    assert again.start == deleted.start
    assert again.code != deleted.code  # codes are never reused


def test_a_drafted_directive_removed_at_the_console_is_seen_by_no_role_and_never_issued():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    removed = draft(p["board"], item_of(session, case))
    kept = draft(p["board"], item_of(session, case), lead="so-tai-chinh")
    directives.delete_draft(removed, actor=p["board"])
    for user in [*_everyone(), p["board"], p["chair"]]:
        assert not Directive.objects.visible_to(user).filter(pk=removed.pk).exists(), user.username
    directives.issue_directives(session, actor=p["board"])
    removed = Directive.objects.get(pk=removed.pk)
    assert removed.issued_at is None and removed.deleted_at is not None
    assert Directive.objects.get(pk=kept.pk).issued_at is not None


def test_a_removed_draft_does_not_keep_the_case_open():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    removed = draft(p["board"], item_of(session, case))
    directives.delete_draft(removed, actor=p["board"])
    assert directives.open_directives_problem(case) is None


def test_sessions_and_directives_refuse_a_hard_delete():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    directive = draft(p["board"], item_of(session, case))
    with pytest.raises(HardDeleteRefused):
        session.delete()
    with pytest.raises(HardDeleteRefused):
        ReceptionSession.objects.all().delete()
    with pytest.raises(HardDeleteRefused):
        directive.delete()
    with pytest.raises(HardDeleteRefused):
        Directive.objects.filter(pk=directive.pk).delete()
    assert ReceptionSession.objects.filter(pk=session.pk).exists()
    assert Directive.objects.filter(pk=directive.pk).exists()


def test_the_database_refuses_a_deleted_session_or_directive_without_a_reason():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    directive = draft(p["board"], item_of(session, case))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReceptionSession.objects.filter(pk=session.pk).update(deleted_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Directive.objects.filter(pk=directive.pk).update(deletion_reason="Không có ngày xoá")


def test_a_dossier_asked_in_a_deleted_draft_no_longer_opens_the_case_to_the_agency():
    from addons.tiepdan_case.models import Case
    from addons.tiepdan_case.tests.factories import agency

    from ..models import DossierRequest, SessionAgency

    p = people()
    case = accepted_case(MY_THO)
    session = new_session(p["board"], p["chair"], day=working_day(12))
    item = planning.add_case(p["board"], session, case)
    planning.request_dossier(p["board"], item, agency("so-nn-mt"), working_day(10))
    lead = make_user(R.SO_NGANH)
    assert Case.objects.visible_to(lead).filter(pk=case.pk).exists()
    soft_delete(session, reason="Lập nhầm phiên.", actor=p["board"])
    assert not Case.objects.visible_to(lead).filter(pk=case.pk).exists()
    for user in (p["board"], lead):
        assert not DossierRequest.objects.visible_to(user).filter(session=session).exists()
        assert not SessionAgency.objects.visible_to(user).filter(session=session).exists()


def test_a_deleted_draft_does_not_count_as_the_months_periodic_reception():
    from ..services import periodic

    p = people()
    session = new_session(p["board"], p["chair"], day=working_day(12))  # the month's only session
    month = timezone.localtime(session.start)
    assert periodic.has_periodic(month.year, month.month)
    soft_delete(session, reason="Lập nhầm phiên.", actor=p["board"])
    assert not periodic.has_periodic(month.year, month.month)


def test_a_commune_does_not_see_a_session_only_through_its_deleted_case():
    p = people()
    case = accepted_case(MY_THO)
    session = new_session(p["board"], p["chair"], day=working_day(12))
    planning.add_case(p["board"], session, case)
    ReceptionSession.objects.filter(pk=session.pk).update(state="approved")  # past its draft
    SessionSite.objects.filter(session=session, site__level="xa").delete()  # reached only through the case
    clerk = make_user(R.UBND_XA, commune=MY_THO)
    assert ReceptionSession.objects.visible_to(clerk).filter(pk=session.pk).exists()
    type(case).objects.filter(pk=case.pk).update(deleted_at=timezone.now(), deletion_reason="Lập nhầm.")
    assert not ReceptionSession.objects.visible_to(clerk).filter(pk=session.pk).exists()
