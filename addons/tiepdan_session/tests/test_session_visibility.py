"""Each role's view of sessions (DESIGN.md "Who sees what"): list, detail, API, calendar, public page."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO

from ..services import planning
from .common import (
    accepted_case,
    announced_session,
    approved_session,
    new_session,
    people,
    session_url,
    working_day,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """A draft, an approved session with the central bridge, an announced one with Mỹ Thơ's case."""
    p = people()
    draft = new_session(p["board"], p["chair"], day=working_day(30))
    planning.add_case(p["board"], draft, accepted_case(DAO_THANH))
    central = approved_session(
        p, day=working_day(20), central_participation=True, central_body=Agency.objects.get(code="ban-tcd-tw"),
        cases=[accepted_case(DAO_THANH, title="Khiếu nại của bà Lê Thị Hoa")],
    )  # fmt: skip
    announced = announced_session(
        p, day=working_day(10), cases=[accepted_case(MY_THO, title="Khiếu nại ông Trần Văn Bình")]
    )
    planning_agency = Agency.objects.get(code="so-nn-mt")
    from ..models import SessionAgency

    SessionAgency.objects.create(session=announced, agency=planning_agency, duty="dossier")
    return {"draft": draft, "central": central, "announced": announced}


EXPECTED = {
    "ban_tcd": {"draft", "central", "announced"},
    "chu_tich": {"draft", "central", "announced"},
    "thanh_tra": {"draft", "central", "announced"},
    "so_khcn": {"central", "announced"},
    "cong_an": {"central", "announced"},
    "dien_luc": {"central", "announced"},
    "bao_ptth": {"announced"},
    "trung_uong": {"central"},
    "so_nganh": {"announced"},
    "so_tu_phap": set(),
    "ubnd_xa": {"announced"},
    "ubnd_xa_28249": {"central"},
}


def _user(role):
    if role == "ubnd_xa_28249":
        return staff_user("ubnd_xa", commune=DAO_THANH)
    return staff_user(role)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_lists_only_the_sessions_it_may_see(client, world, role):
    client.force_login(_user(role))
    ids = {r["id"] for r in client.get("/api/v1/sessions/").json()["results"]}
    assert ids == {world[name].pk for name in EXPECTED[role]}
    for name, session in world.items():
        status = client.get(f"/api/v1/sessions/{session.pk}/").status_code
        assert status == (200 if name in EXPECTED[role] else 404), (role, name)
        page = client.get(session_url(session)).status_code
        assert page in ((200,) if name in EXPECTED[role] else (404, 403, 302)), (role, name, page)


@pytest.mark.parametrize("role", ["so_khcn", "cong_an", "dien_luc", "bao_ptth", "trung_uong"])
def test_roles_without_case_content_get_no_agenda_and_no_names(client, world, role):
    client.force_login(_user(role))
    session = world["central"] if role == "trung_uong" else world["announced"]
    body = client.get(f"/api/v1/sessions/{session.pk}/").json()
    assert body["code"] == session.code and body.get("agenda", []) == []
    if role != "bao_ptth":
        assert client.get(f"/api/v1/sessions/{session.pk}/invitations/").json() == []
    page = client.get(session_url(session)).content.decode()
    case = session.agenda.get().case
    assert case.title not in page
    assert case.participants.get().citizen.full_name not in page


def test_the_press_reads_only_the_public_facts(client, world):
    client.force_login(_user("bao_ptth"))
    body = client.get(f"/api/v1/sessions/{world['announced'].pk}/").json()
    assert set(body) == {
        "id",
        "code",
        "kind",
        "title",
        "focus",
        "start",
        "end",
        "state",
        "host_site",
        "sites",
        "cases_by_type",
    }
    assert body["cases_by_type"] == {"khieu_nai": 1}


def test_the_commune_sees_its_own_case_on_the_agenda_only(client, world):
    client.force_login(_user("ubnd_xa"))
    body = client.get(f"/api/v1/sessions/{world['announced'].pk}/").json()
    assert [a["code"] for a in body["agenda"]] == [world["announced"].agenda.get().case.code]


@pytest.mark.parametrize("role", list(EXPECTED))
def test_the_month_calendar_shows_only_visible_sessions(client, world, role):
    client.force_login(_user(role))
    for name, session in world.items():
        month = session.local_start.strftime("%Y-%m")
        page = client.get(reverse("tiepdan_session:calendar") + f"?month={month}").content.decode()
        assert (session.code in page) == (name in EXPECTED[role]), (role, name)


def test_the_public_schedule_shows_only_announced_sessions_without_names(client, world):
    page = client.get(reverse("tiepdan_session_public:schedule")).content.decode()
    assert world["announced"].code in page
    assert world["central"].code not in page and world["draft"].code not in page
    assert "Trần Văn Bình" not in page and "Hoa" not in page
    for citizen_name in world["announced"].invitations.values_list("citizen__full_name", flat=True):
        assert citizen_name not in page
    ics = client.get(reverse("tiepdan_session_public:ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    text = ics.content.decode()
    assert text.count("BEGIN:VEVENT") == 1 and world["announced"].code in text and "Trần Văn Bình" not in text
    rss = client.get(reverse("tiepdan_session_public:rss")).content.decode()
    assert world["announced"].title in rss and world["central"].code not in rss and "Trần Văn Bình" not in rss
