"""The operator's console page (ban_tcd) and the live view: the console's forms make the same moves as
the API; the live view refreshes itself (htmx polling of a fragment, htmx served from our static files,
no external script); a commune reads only its own items in full; a protected denouncer never shows."""

import re

import pytest
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..models import Attendance, ReceptionSession
from .common import accepted_case, people, running_session

pytestmark = pytest.mark.django_db


def _running(cases):
    p = people()
    s = running_session(p, cases=cases)
    s.people = p
    return s


@pytest.fixture
def session(db):
    return _running([accepted_case(MY_THO), accepted_case(DAO_THANH)])


def _console(session):
    return reverse("tiepdan_session:console", args=[session.pk])


def _live(session):
    return reverse("tiepdan_session:live", args=[session.pk])


def test_the_console_shows_the_agenda_current_item_presence_and_incident_buttons(client, session):
    client.force_login(session.people["board"])
    page = client.get(_console(session))
    assert page.status_code == 200
    html = page.content.decode()
    first = session.agenda.order_by("order").first()
    assert f'id="console-current" data-item="{first.pk}"' in html
    assert html.count('name="kind" value="audio"') == 3  # one click per site: host and two communes
    assert 'id="console-presence"' in html and 'id="console-incidents"' in html


@pytest.mark.parametrize("role", ["chu_tich", "vp_ubnd", "so_khcn", "ubnd_xa"])
def test_only_the_operator_opens_the_console(client, session, role):
    client.force_login(staff_user(role))
    assert client.get(_console(session)).status_code in (403, 404)


def test_the_console_forms_record_statements_outcome_and_next_item(client, session):
    first, second = session.agenda.order_by("order")
    client.force_login(session.people["board"])
    client.post(
        _console(session),
        {"action": "statements", "item": first.pk, "presentation": "Trình bày", "conclusion": "Kết luận"},
    )
    client.post(_console(session), {"action": "outcome", "item": first.pk, "outcome": "absent"})
    client.post(_console(session), {"action": "next_item"})
    first.refresh_from_db()
    assert (first.presentation, first.conclusion, first.outcome) == ("Trình bày", "Kết luận", "absent")
    assert ReceptionSession.objects.get(pk=session.pk).current_item_id == second.pk


def test_a_refused_console_action_shows_its_reason(client, session):
    client.force_login(session.people["board"])
    page = client.post(_console(session), {"action": "next_item"}, follow=True)
    assert "Hãy ghi kết quả của vụ việc đang tiếp trước." in page.content.decode()


def test_the_live_view_polls_its_fragment_with_local_htmx_and_no_external_script(client, session):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(_live(session)).content.decode()
    fragment = reverse("tiepdan_session:live_fragment", args=[session.pk])
    assert f'hx-get="{fragment}"' in html and 'hx-trigger="every 5s"' in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert any("htmx" in src for src in scripts)
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts), scripts


def test_a_commune_sees_only_its_own_citizens_items_in_full(client, session):
    mine = session.agenda.get(case__unit__code=DAO_THANH)
    other = session.agenda.get(case__unit__code=MY_THO)
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    html = client.get(reverse("tiepdan_session:live_fragment", args=[session.pk])).content.decode()
    assert mine.case.code in html and mine.case.title in html
    assert other.case.code not in html and other.case.title not in html
    assert "Vụ việc của địa phương khác" in html


def test_the_commune_clerk_checks_in_from_the_live_view(client, session):
    invitation = session.invitations.select_related("citizen").get(agenda_item__case__unit__code=MY_THO)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    page = client.get(_live(session)).content.decode()
    assert f'data-invitation="{invitation.pk}"' in page and invitation.citizen.full_name in page
    client.post(
        _live(session),
        {
            "action": "check_in",
            "invitation": invitation.pk,
            "status": "present",
            "id_number": invitation.citizen.id_number,
        },
    )
    assert Attendance.objects.filter(invitation=invitation, status="present").exists()


def test_the_live_fragment_follows_the_current_item(client, session):
    first, second = session.agenda.order_by("order")
    fragment = reverse("tiepdan_session:live_fragment", args=[session.pk])
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    assert f'data-current="{first.pk}"' in client.get(fragment).content.decode()
    client.force_login(session.people["board"])
    client.post(_console(session), {"action": "current_item", "item": second.pk})
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    assert f'data-current="{second.pk}"' in client.get(fragment).content.decode()


def test_a_protected_denouncer_never_shows_on_the_live_view_or_the_console_api(client, db):
    case = accepted_case(MY_THO, case_type="to_cao", title="Tố cáo cán bộ địa chính nhận tiền")
    session = _running([case])
    citizen = session.invitations.get().citizen
    for role in ("thanh_tra", "lanh_dao", "vp_ubnd", "so_khcn", "cong_an"):
        client.force_login(staff_user(role))
        for url in (_live(session), reverse("tiepdan_session:live_fragment", args=[session.pk]),
                    f"/api/v1/sessions/{session.pk}/console/", f"/api/v1/sessions/{session.pk}/minutes/"):  # fmt: skip
            body = client.get(url).content.decode()
            assert citizen.full_name not in body and citizen.id_number not in body, (role, url)
            assert "nhận tiền" not in body, (role, url)
