"""Who sees which directive (API list and page, admin list and page): the office readers every issued
directive; the lead agency (so_nganh, so_*, cong_an …) or the lead commune and the supporting agencies
their own, and the case behind it; other agencies and communes, bao_ptth, trung_uong and quan_tri
nothing. For a denunciation a non-handler reads the board's redacted copy of the instruction, never the
denouncer: not in the API, the pages, the reports or the written answer."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, agency, unit

from .common import accepted_case, people
from .directive_common import api, draft, issued_directive, item_of, pdf, report_done, running_session

pytestmark = pytest.mark.django_db

OFFICE = ["vp_ubnd", "ban_tcd", "thanh_tra", "chu_tich", "lanh_dao"]
NOBODY = ["quan_tri", "bao_ptth", "trung_uong", "so_khcn", "dien_luc"]


def _ids(client):
    return [r["id"] for r in client.get("/api/v1/directives/").json()["results"]]


@pytest.mark.parametrize("role", OFFICE)
def test_the_office_readers_see_every_issued_directive(client, role):
    directive = issued_directive()
    c = api(client, staff_user(role))
    assert _ids(c) == [directive.pk]
    assert c.get(reverse("admin:tiepdan_session_directive_change", args=[directive.pk])).status_code == 200


@pytest.mark.parametrize("role", NOBODY)
def test_roles_outside_the_directive_see_none(client, role):
    directive = issued_directive()
    c = api(client, staff_user(role))
    assert _ids(c) == []
    assert c.get(f"/api/v1/directives/{directive.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("so_nganh", "so-nn-mt"),
        ("so_tu_phap", "so-tu-phap"),
        ("so_tai_chinh", "so-tai-chinh"),
        ("so_khcn", "so-khcn"),
        ("cong_an", "cong-an-tinh"),
    ],
)
def test_the_lead_agency_sees_its_directive_and_the_case_behind_it(client, role, code):
    directive = issued_directive(lead=code)
    other = issued_directive(lead="so-y-te")
    user = staff_user(role, agency_code=code) if role == "so_nganh" else staff_user(role)
    c = api(client, user)
    assert _ids(c) == [directive.pk]
    assert c.get(f"/api/v1/directives/{other.pk}/").status_code == 404
    assert c.get(f"/api/v1/cases/{directive.case_id}/").status_code == 200
    assert c.get(f"/api/v1/cases/{other.case_id}/").status_code == 404
    page = c.get(reverse("admin:tiepdan_session_directive_change", args=[directive.pk]))
    assert page.status_code == 200
    assert c.get(reverse("admin:tiepdan_session_directive_change", args=[other.pk])).status_code == 404


def test_a_supporting_agency_sees_the_directive_and_the_case(client):
    directive = issued_directive(supporting_agencies=[agency("so-xay-dung")])
    c = api(client, staff_user("so_nganh", agency_code="so-xay-dung"))
    assert _ids(c) == [directive.pk]
    assert (
        Case.objects.visible_to(staff_user("so_nganh", agency_code="so-xay-dung"))
        .filter(pk=directive.case_id)
        .exists()
    )


def test_an_agencys_directives_reach_the_case_scope_as_two_id_sets_without_an_or(client):
    """The lead-agency and the supporting-agency directives are two sets of the scope's UNION: as one
    `lead_agency_id = X OR id IN (…)` the planner scans every directive on each request of an agency
    or commune user (issue 13: 10 ms at 30,000 directives), the OR keeping the lead-agency index out."""
    from addons.tiepdan_case.scoping import _id_sources
    from addons.tiepdan_session.scoping import directive_case_scope

    user = staff_user("so_nganh", agency_code="so-xay-dung")
    sources = _id_sources(directive_case_scope(user, user.profile.agency_id))
    assert len(sources) == 2
    for source in sources:
        assert " OR " not in str(source.query)
    lead = issued_directive(lead="so-xay-dung")
    supported = issued_directive(supporting_agencies=[agency("so-xay-dung")])
    issued_directive(lead="so-y-te")
    reached = set(Case.objects.visible_to(user).values_list("pk", flat=True))
    assert reached == {lead.case_id, supported.case_id}


def test_a_commune_sees_the_directive_it_leads_and_the_case_even_from_another_commune(client):
    case = accepted_case(commune=DAO_THANH)
    directive = issued_directive(case=case, lead_unit=unit(MY_THO))
    own = api(client, staff_user("ubnd_xa", commune=MY_THO))
    assert _ids(own) == [directive.pk]
    assert own.get(f"/api/v1/cases/{case.pk}/").status_code == 200
    client.logout()
    other = api(client, staff_user("ubnd_xa", commune=DAO_THANH))
    assert _ids(other) == []  # the case's own commune sees the case, not a directive it does not lead


def test_a_commune_does_not_see_a_directive_led_by_an_agency_on_its_own_case(client):
    directive = issued_directive()  # a Mỹ Tho case, led by Sở NN&MT
    c = api(client, staff_user("ubnd_xa", commune=MY_THO))
    assert directive.pk not in _ids(c)


def test_a_draft_is_absent_for_the_lead_agency_until_it_is_issued(client):
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    directive = draft(p["board"], item_of(session, case))
    c = api(client, staff_user("so_nganh"))
    assert c.get(f"/api/v1/directives/{directive.pk}/").status_code == 404
    assert c.get(f"/api/v1/cases/{case.pk}/").status_code == 404


DENOUNCER = "Phạm Thị Tố Giác"


@pytest.fixture
def denunciation(client):
    case = accepted_case(
        case_type="to_cao", title=f"Tố cáo của bà {DENOUNCER}", redacted_title="Tố cáo về quản lý đất đai"
    )
    directive = issued_directive(
        case=case,
        instruction=f"Làm việc với bà {DENOUNCER}, kiểm tra nội dung tố cáo.",
        redacted_instruction="Kiểm tra nội dung tố cáo về quản lý đất đai.",
    )
    lead = staff_user("so_nganh")
    c = api(client, lead)
    response = report_done(
        c, directive, text=f"Đã làm việc với bà {DENOUNCER}.", answer_file=pdf(f"tra-loi-{DENOUNCER}.pdf")
    )
    assert response.status_code == 200, response.content
    client.logout()
    return directive, lead


@pytest.mark.parametrize("role", ["lanh_dao", "thanh_tra", "vp_ubnd"])
def test_a_non_handler_never_reads_the_denouncer_in_a_directive(client, denunciation, role):
    directive, _lead = denunciation
    c = api(client, staff_user(role))
    texts = [
        c.get(f"/api/v1/directives/{directive.pk}/").content.decode(),
        c.get("/api/v1/directives/").content.decode(),
        c.get(f"/api/v1/directives/{directive.pk}/reports/").content.decode(),
        c.get(reverse("admin:tiepdan_session_directive_change", args=[directive.pk])).content.decode(),
        c.get(reverse("admin:tiepdan_session_directive_changelist")).content.decode(),
    ]
    for text in texts:
        assert DENOUNCER not in text
        assert "Phạm Thị" not in text
    assert "Kiểm tra nội dung tố cáo về quản lý đất đai." in texts[0]
    assert c.get(reverse("tiepdan_session:directive_answer_file", args=[directive.pk])).status_code == 404


def test_the_lead_reads_the_redacted_instruction_and_its_own_report(client, denunciation):
    directive, lead = denunciation
    c = api(client, lead)
    body = c.get(f"/api/v1/directives/{directive.pk}/").json()
    assert body["instruction"] == "Kiểm tra nội dung tố cáo về quản lý đất đai."
    reports = c.get(f"/api/v1/directives/{directive.pk}/reports/").json()
    assert reports[0]["text"] == f"Đã làm việc với bà {DENOUNCER}."  # its own words
    assert c.get(reverse("tiepdan_session:directive_answer_file", args=[directive.pk])).status_code == 200


def test_a_handler_reads_everything(client, denunciation):
    directive, _lead = denunciation
    c = api(client, staff_user("ban_tcd"))
    body = c.get(f"/api/v1/directives/{directive.pk}/").json()
    assert DENOUNCER in body["instruction"]
    assert c.get(reverse("tiepdan_session:directive_answer_file", args=[directive.pk])).status_code == 200
