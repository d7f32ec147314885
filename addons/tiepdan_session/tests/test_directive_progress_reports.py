"""Progress reports on a directive (API `directives/{id}/reports/`): the lead agency's users and the
supporting agencies post them with a document under the attachment rules; the lead's first report puts
the directive in progress; nobody else may report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.tests.factories import MY_THO, agency, make_user, unit

from ..models import DirectiveReport
from .directive_common import api, issued_directive, pdf, post_report

pytestmark = pytest.mark.django_db


def test_the_lead_agency_posts_a_report_with_a_document_and_the_directive_is_in_progress(client):
    directive = issued_directive()
    lead = make_user("so_nganh")  # Sở NN&MT leads
    response = post_report(api(client, lead), directive, file=pdf())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file_name"] == "bao-cao.pdf" and len(body["sha256"]) == 64
    directive.refresh_from_db()
    assert directive.state == "in_progress"
    report = DirectiveReport.objects.get()
    assert report.agency == agency("so-nn-mt") and report.created_by == lead
    assert history_of(directive).filter(action="report_progress", to_state="in_progress").exists()
    listed = client.get(f"/api/v1/directives/{directive.pk}/reports/").json()
    assert [r["id"] for r in listed] == [report.pk]


def test_a_supporting_agency_reports_without_moving_the_directive(client):
    directive = issued_directive(supporting_agencies=[agency("so-tai-chinh")])
    supporter = make_user("so_tai_chinh")
    response = post_report(api(client, supporter), directive)
    assert response.status_code == 201, response.content
    directive.refresh_from_db()
    assert directive.state == "open"


def test_a_commune_leading_a_directive_reports_on_it(client):
    directive = issued_directive(lead_unit=unit(MY_THO))
    clerk = make_user("ubnd_xa", commune=MY_THO)
    assert post_report(api(client, clerk), directive).status_code == 201
    directive.refresh_from_db()
    assert directive.state == "in_progress"


def test_a_file_of_a_refused_kind_is_refused_with_the_error_format(client):
    directive = issued_directive()
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = post_report(api(client, make_user("so_nganh")), directive, file=bad)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "detail", "fields"} and "file" in body["fields"]
    assert not DirectiveReport.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    directive = issued_directive()
    response = post_report(api(client, make_user("so_nganh")), directive, file=pdf(body=b"x" * 4096))
    assert response.status_code == 400
    assert "file" in response.json()["fields"]


def test_an_empty_report_is_refused(client):
    directive = issued_directive()
    response = post_report(api(client, make_user("so_nganh")), directive, text="")
    assert response.status_code == 400
    assert "text" in response.json()["fields"]


@pytest.mark.parametrize("role", ["ban_tcd", "lanh_dao", "chu_tich", "thanh_tra"])
def test_the_office_reads_the_directive_but_does_not_report_on_it(client, role):
    directive = issued_directive()
    response = post_report(api(client, make_user(role)), directive)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_another_agency_does_not_even_find_the_directive(client):
    directive = issued_directive()
    response = post_report(api(client, make_user("so_nganh", agency_code="so-y-te")), directive)
    assert response.status_code == 404


def test_a_reported_directive_takes_no_more_progress_reports(client):
    from .directive_common import report_done

    directive = issued_directive()
    c = api(client, make_user("so_nganh"))
    assert report_done(c, directive).status_code == 200
    response = post_report(c, directive)
    assert response.status_code == 409
