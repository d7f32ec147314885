"""The readiness page and `declare_ready`: the bridge module's readiness(), test run ≥ 1 working day
before, every site connected no later than 1 hour before the start."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..models import ReceptionSession
from ..services import planning, readiness_page, workflow
from .common import accepted_case, announced_session, people, record_checks, transition

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    p = people()
    s = announced_session(p, cases=[accepted_case(MY_THO), accepted_case(DAO_THANH)])
    s.people = p
    return s


def _day_before(session):
    day = add_working_days(session.date, -1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def test_without_test_runs_the_page_is_red_and_ready_is_refused(client, session):
    client.force_login(session.people["board"])
    page = client.get(reverse("tiepdan_session:readiness", args=[session.pk]))
    assert page.status_code == 200 and page.context["colour"] == "red"
    assert "chưa chạy thử" in page.content.decode()
    response = transition(client, session, "declare_ready")
    assert response.status_code == 409 and "chạy thử" in response.json()["detail"]


def test_test_runs_on_the_working_day_before_make_the_session_ready(client, session):
    sites = workflow.session_sites(session)
    assert {s.code for s in sites} == {"TINH-TTHN", "XA-28261", "XA-28249"}
    record_checks(sites, _day_before(session))
    client.force_login(session.people["board"])
    page = client.get(reverse("tiepdan_session:readiness", args=[session.pk]))
    assert page.context["colour"] == "green"
    assert transition(client, session, "declare_ready").status_code == 200
    assert ReceptionSession.objects.get(pk=session.pk).state == "ready"


def test_a_test_run_on_the_session_day_is_too_late(client, session):
    record_checks(workflow.session_sites(session), session.start - dt.timedelta(hours=3))
    client.force_login(session.people["board"])
    assert transition(client, session, "declare_ready").status_code == 409
    page = client.get(reverse("tiepdan_session:readiness", args=[session.pk]))
    assert page.context["colour"] == "amber" and "chạy thử quá muộn" in page.content.decode()


def test_a_test_run_before_the_announcement_does_not_count(client, session):
    record_checks(workflow.session_sites(session), session.announced_at - dt.timedelta(minutes=5))
    client.force_login(session.people["board"])
    assert transition(client, session, "declare_ready").status_code == 409


def test_the_final_connection_counts_only_on_the_day_no_later_than_one_hour_before_the_start(session):
    sites = workflow.session_sites(session)
    record_checks(sites, _day_before(session))
    by = timezone.localtime(session.start - dt.timedelta(hours=1)).strftime("%H:%M")
    early_on_the_day = session.start - dt.timedelta(hours=2)
    page = readiness_page.session_page(session.people["board"], session, now=early_on_the_day)
    # Before start − 1 h the final connection is still to come: amber, and the page says by when.
    assert page["colour"] == "amber" and not page["can_start"]
    assert f"cần kiểm tra trước giờ trong ngày, chậm nhất {by}" in page["rows"][0]["cells"][0]["missing"]
    # NĐ 154 art. 23.1: connected no later than 1 hour before the start — a check at start − 59 min is late,
    # and once start − 1 h has passed without a final check that counts the site is red (as on the board).
    record_checks(sites, session.start - dt.timedelta(minutes=59), kind="truoc_gio")
    during_last_hour = session.start - dt.timedelta(minutes=30)
    page = readiness_page.session_page(session.people["board"], session, now=during_last_hour)
    assert page["colour"] == "red" and not page["can_start"]
    missing = page["rows"][0]["cells"][0]["missing"]
    assert f"không có kiểm tra trước giờ trong ngày đến {by} (01 giờ trước khi bắt đầu)" in missing
    record_checks(sites, session.start - dt.timedelta(minutes=61), kind="truoc_gio")
    page = readiness_page.session_page(session.people["board"], session, now=during_last_hour)
    assert page["colour"] == "green" and page["can_start"]


def test_a_failing_check_after_the_final_check_undoes_it_on_the_page(session):
    sites = workflow.session_sites(session)
    record_checks(sites, _day_before(session))
    record_checks(sites, session.start - dt.timedelta(minutes=90), kind="truoc_gio")
    failing_at = session.start - dt.timedelta(minutes=40)
    record_checks(sites[:1], failing_at, kind="truoc_gio", passed=False, items=["network"])
    page = readiness_page.session_page(session.people["board"], session, now=session.start)
    assert page["colour"] == "red" and not page["can_start"]
    cell = page["rows"][0]["cells"][0]
    assert cell["item"] == "network" and not cell["final_check_ok"] and cell["colour"] == "red"
    at = timezone.localtime(failing_at).strftime("%H:%M")
    assert f"lần kiểm tra lúc {at} không đạt sau lần kiểm tra trước giờ" in cell["missing"]


def test_the_readiness_page_states_the_one_hour_rule(client, session):
    client.force_login(session.people["board"])
    text = client.get(reverse("tiepdan_session:readiness", args=[session.pk])).content.decode()
    by = timezone.localtime(session.start - dt.timedelta(hours=1)).strftime("%H:%M")
    assert f"chậm nhất {by} (01 giờ trước khi bắt đầu)" in text
    assert "trong ngày diễn ra phiên" in text and "kiểm tra trước giờ từ" not in text
    api = client.get(f"/api/v1/sessions/{session.pk}/readiness/").json()
    assert api["final_check_by"] == timezone.localtime(session.start - dt.timedelta(hours=1)).isoformat()


def test_the_dossiers_still_awaited_show_and_turn_the_page_red_when_overdue(client, session):
    from addons.tiepdan_case.models import Agency

    record_checks(workflow.session_sites(session), _day_before(session))
    item = session.agenda.first()
    ReceptionSession.objects.filter(pk=session.pk).update(state="approved")
    session.refresh_from_db()
    request = planning.request_dossier(
        session.people["board"], item, Agency.objects.get(code="so-nn-mt"), session.date
    )
    client.force_login(session.people["board"])
    page = client.get(reverse("tiepdan_session:readiness", args=[session.pk]))
    assert page.context["colour"] == "amber" and "Sở NN&amp;MT" in page.content.decode()
    type(request).objects.filter(pk=request.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    assert client.get(reverse("tiepdan_session:readiness", args=[session.pk])).context["colour"] == "red"
    officer = staff_user("so_nganh")
    planning.submit_briefing(officer, request, "Báo cáo tóm tắt quá trình giải quyết")
    assert client.get(reverse("tiepdan_session:readiness", args=[session.pk])).context["colour"] == "green"


def test_a_commune_sees_only_its_own_site_on_the_readiness_page(client, session):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    page = client.get(reverse("tiepdan_session:readiness", args=[session.pk]))
    assert [r["site"].code for r in page.context["rows"]] == ["XA-28261"]


def test_a_user_who_does_not_see_the_session_gets_a_404(client, session):
    client.force_login(staff_user("so_tu_phap"))
    assert client.get(reverse("tiepdan_session:readiness", args=[session.pk])).status_code == 404
