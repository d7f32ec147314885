"""The police assess each component site; an agency asked for a dossier uploads its briefing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.tests.admin_helpers import staff_user

from ..models import DossierRequest, SecurityAssessment
from ..services import planning
from .common import accepted_case, admin_url, approved_session, people, site, working_day

pytestmark = pytest.mark.django_db


def test_the_police_record_a_site_assessment_seen_by_the_board_and_the_chair(client):
    p = people()
    session = approved_session(p)
    police = staff_user("cong_an")
    client.force_login(police)
    data = {
        "session": session.pk,
        "site": site("XA-28261").pk,
        "risk_level": "medium",
        "note": "Có nhóm đông người",
    }
    assert client.post(admin_url("securityassessment"), data).status_code == 302
    assert SecurityAssessment.objects.get().risk_level == "medium"
    for role, seen in (("ban_tcd", True), ("chu_tich", True), ("so_khcn", False), ("ubnd_xa", False)):
        client.force_login(staff_user(role))
        response = client.get(admin_url("securityassessment", "changelist"))
        assert (response.status_code == 200 and len(response.context["cl"].result_list) == 1) == seen, role


def test_a_site_outside_the_session_cannot_be_assessed(client):
    p = people()
    session = approved_session(p)
    client.force_login(staff_user("cong_an"))
    data = {"session": session.pk, "site": site("XA-28249").pk, "risk_level": "low", "note": ""}
    assert client.post(admin_url("securityassessment"), data).status_code == 200
    assert not SecurityAssessment.objects.exists()


def test_only_the_police_assess_security(client):
    p = people()
    session = approved_session(p)
    client.force_login(p["board"])
    data = {"session": session.pk, "site": site("XA-28261").pk, "risk_level": "low"}
    assert client.post(admin_url("securityassessment"), data).status_code == 403


def test_the_agency_asked_for_a_dossier_sees_the_case_and_submits_its_briefing(client):
    p = people()
    case = accepted_case()
    session = approved_session(p, cases=[case])
    agency = Agency.objects.get(code="so-nn-mt")
    client.force_login(p["board"])
    data = {
        "session": session.pk,
        "agenda_item": session.agenda.get().pk,
        "agency": agency.pk,
        "deadline": working_day(6).strftime("%d/%m/%Y"),
    }
    assert client.post(admin_url("dossierrequest"), data).status_code == 302
    request = DossierRequest.objects.get()
    officer = staff_user("so_nganh")
    client.force_login(officer)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200  # the dossier makes the case visible
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 briefing", content_type="application/pdf")
    response = client.post(
        admin_url("dossierrequest", "change", request.pk), {"briefing": "Tóm tắt", "briefing_file": upload}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    request.refresh_from_db()
    assert (
        request.submitted_by == officer
        and request.briefing == "Tóm tắt"
        and request.briefing_file_name == "bao-cao.pdf"
    )


def test_another_agency_cannot_submit_the_briefing(db):
    from addons.tiepdan_case.services.errors import NotAllowed

    p = people()
    session = approved_session(p)
    request = planning.request_dossier(
        p["board"], session.agenda.get(), Agency.objects.get(code="so-nn-mt"), working_day(6)
    )
    with pytest.raises(NotAllowed):
        planning.submit_briefing(staff_user("so_tu_phap"), request, "Không phải việc của tôi")


def test_the_briefing_is_due_before_the_session(db):
    from addons.tiepdan_case.services.errors import Invalid

    p = people()
    session = approved_session(p)
    with pytest.raises(Invalid):
        planning.request_dossier(
            p["board"], session.agenda.get(), Agency.objects.get(code="so-nn-mt"), working_day(30)
        )
