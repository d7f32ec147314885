"""`manage.py bench_fill` writes sessions, agendas and directives as the application would (issue 13):
every row passes its model's validation, codes and deadlines are those the services compute, a heard
item has its register row, and `--only sessions` refills the same rows (the history stays append-only)."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from addons.tiepdan_case.models import YearSequence
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_session.models import AgendaItem, Directive, DirectiveReport, Invitation, ReceptionSession

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator writes PostgreSQL SQL"),
]


def fill(*args):
    call_command("bench_fill", "--scale", "0.001", *args, stdout=io.StringIO())


def test_the_filled_sessions_agendas_and_directives_pass_their_models_validation():
    fill()
    sessions = list(ReceptionSession.objects.all())
    assert len(sessions) == 30
    for row in [*sessions, *AgendaItem.objects.all(), *Directive.objects.all(), *Invitation.objects.all()]:
        row.full_clean(exclude=["state"])  # a protected FSM field is not assigned by clean_fields
    assert Directive.objects.count() == 90
    assert DirectiveReport.objects.filter(directive__state="open").count() == 0


def test_citizens_known_only_through_denunciations_carry_the_stored_flag():
    from addons.tiepdan_case.management.commands.bench_fill import Command
    from addons.tiepdan_case.models import CaseParticipant, Citizen

    fill()
    # Make one person known only through denunciations (plain SQL: no model hook), clear every flag, and
    # let the fill's step compute them again.
    person = CaseParticipant.objects.values_list("citizen_id", flat=True).first()
    theirs = list(CaseParticipant.objects.filter(citizen_id=person).values_list("case_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tiepdan_case_case SET case_type = 'to_cao' WHERE id = ANY(%s)", [theirs])
        cursor.execute("UPDATE tiepdan_case_citizen SET only_in_secret_cases = false")
    Command(stdout=io.StringIO())._secret_only_flag()
    types = {}
    for citizen_id, case_type in CaseParticipant.objects.values_list("citizen_id", "case__case_type"):
        types.setdefault(citizen_id, set()).add(case_type)
    flagged = set(Citizen.objects.filter(only_in_secret_cases=True).values_list("pk", flat=True))
    assert person in flagged
    assert flagged == {pk for pk, kinds in types.items() if kinds == {"to_cao"}}


def test_session_codes_and_their_yearly_sequence_are_those_the_planning_service_gives():
    fill()
    per_year = Counter()
    for session in ReceptionSession.objects.order_by("id"):
        year = timezone.localtime(session.start).year
        per_year[year] += 1
        assert session.code == f"PTCD-{year}-{per_year[year]:03d}"
    for year, count in per_year.items():
        assert YearSequence.objects.get(series="reception_session", year=year).last_value == count


def test_directive_deadlines_are_thirty_working_days_after_the_session_on_the_calendar():
    fill()
    for directive in Directive.objects.select_related("session"):
        issued = timezone.localtime(directive.session.start).date()
        assert directive.deadline == add_working_days(issued, 30)


def test_heard_items_have_their_register_row_and_only_open_sessions_keep_their_items_open():
    fill()
    for item in AgendaItem.objects.select_related("session", "reception"):
        assert item.is_open == (item.session.state not in ("cancelled", "closed"))
        if item.outcome == "heard":
            assert item.reception.case_id == item.case_id
    today = ReceptionSession.objects.get(state="in_progress")
    assert today.agenda.count() == 30 and today.current_item.order == 1
    assert timezone.localtime(today.start).date() == timezone.localdate()
    assert ReceptionSession.objects.filter(state="closed").order_by("-start").first().agenda.count() == 30


def test_only_sessions_empties_and_refills_the_same_session_rows():
    fill()
    before = list(Directive.objects.order_by("id").values_list("case_id", "deadline", "state"))
    fill("--only", "sessions")
    assert list(Directive.objects.order_by("id").values_list("case_id", "deadline", "state")) == before
    assert ReceptionSession.objects.count() == 30
    # the history's append-only trigger, lifted to delete the previous fill's rows, is back
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM tiepdan_case_auditevent")
