"""Luật TCD art. 12.5: the chairman receives at least one day a month. A command drafts next month's
periodic session; the back office warns of a month without one."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from ..models import ReceptionSession
from ..services import periodic, rules
from .common import admin_url, people

pytestmark = pytest.mark.django_db


def test_the_command_drafts_next_months_periodic_session_once(db):
    people()
    call_command("propose_periodic_session", verbosity=0)
    session = ReceptionSession.objects.get()
    year, month = periodic.next_month(timezone.localdate())
    assert (session.kind, session.state) == ("dinh_ky", "draft")
    assert (session.date.year, session.date.month) == (year, month)
    assert timezone.localdate() <= rules.notice_deadline(session.date)
    call_command("propose_periodic_session", verbosity=0)
    assert ReceptionSession.objects.count() == 1


def test_the_session_list_warns_of_a_month_without_a_periodic_session(client):
    p = people()
    client.force_login(p["board"])
    page = client.get(admin_url("receptionsession", "changelist")).content.decode()
    today = timezone.localdate()
    assert f"Tháng {today.month:02d}/{today.year} chưa có phiên tiếp công dân định kỳ" in page
    periodic.propose_next_month()
    year, month = periodic.next_month(today)
    page = client.get(admin_url("receptionsession", "changelist")).content.decode()
    assert f"Tháng {month:02d}/{year} chưa có" not in page
