"""Issuing Mẫu 01/TCD records the notice's number and date on the case (`record_refusal_notice`), in the
same transaction as the kept document: the board and a commune (for its own commune's case, NĐ 154 art.
4.3) alike. A refusal has one notice: a second issue is refused and leaves no document, file or number;
a corrected issue records its own number in place of the one it replaces."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from addons.tiepdan_case.models import AuditEvent, Case, YearSequence
from addons.tiepdan_case.services import refusals
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, make_user
from addons.tiepdan_report.models import IssuedDocument

from .common import issue_url, refused_case, reissue_url

pytestmark = pytest.mark.django_db


def test_the_boards_notice_is_recorded_on_the_case_with_its_number_and_date(client):
    case = refused_case()
    client.force_login(staff_user("ban_tcd"))
    assert client.post(issue_url("tu_choi", case), {"signer_name": "Phạm Minh Tuấn"}).status_code == 302
    case.refresh_from_db()
    document = IssuedDocument.objects.get(case=case)
    assert (case.refusal_notice_number, case.refusal_notice_date) == ("01/TB-BTCD", timezone.localdate())
    assert document.reference == case.refusal_notice_number
    assert refusals.notice_status(case) == "recorded"
    assert AuditEvent.objects.filter(object_id=case.pk, action="refusal_notice").exists()


def test_a_commune_issues_and_records_the_notice_of_a_citizen_it_received(client):
    case = refused_case()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(issue_url("tu_choi", case), {"signer_name": "Trần Văn Xã"})
    assert response.status_code == 302 and "/change/" in response["Location"]
    case.refresh_from_db()
    assert case.refusal_notice_number == "01/TB-UBND"
    assert IssuedDocument.objects.get(case=case).issuer.code == "ubnd-28261"


def test_another_commune_cannot_issue_for_a_case_it_does_not_see(client):
    case = refused_case()
    client.force_login(staff_user("ubnd_xa", commune=DAO_THANH))
    assert client.post(issue_url("tu_choi", case)).status_code == 404
    assert not IssuedDocument.objects.exists()


def test_a_second_issue_is_refused_and_leaves_no_document_no_file_and_no_number(client, settings):
    board = staff_user("ban_tcd")
    case = refused_case()
    refusals.record_refusal_notice(board, case.pk, "03/TB-BTCD", timezone.localdate())  # recorded by hand
    client.force_login(board)
    response = client.post(issue_url("tu_choi", case), follow=True)
    assert "03/TB-BTCD" in response.content.decode() and "đã được ghi" in response.content.decode()
    assert not IssuedDocument.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [path for path in media.rglob("*") if path.is_file()]
    # The board's series did not move: the next notice it issues is still number 01.
    assert not YearSequence.objects.filter(series="doc:ban-tcd-nc:TB-BTCD", last_value__gt=0).exists()
    other = refused_case()
    client.post(issue_url("tu_choi", other))
    assert IssuedDocument.objects.get(case=other).reference == "01/TB-BTCD"
    case.refresh_from_db()
    assert case.refusal_notice_number == "03/TB-BTCD"


def test_a_corrected_issue_records_its_own_number_in_place_of_the_one_it_replaces(client):
    case = refused_case()
    client.force_login(staff_user("ban_tcd"))
    client.post(issue_url("tu_choi", case))
    old = IssuedDocument.objects.get(case=case)
    assert client.post(reissue_url(old)).status_code == 302
    case.refresh_from_db()
    assert case.refusal_notice_number == "02/TB-BTCD"
    assert IssuedDocument.objects.filter(case=case).count() == 2


def test_the_api_issue_records_the_notice_and_refuses_a_second_one():
    board = make_user("ban_tcd")
    case = refused_case()
    api = APIClient()
    api.force_authenticate(board)
    response = api.post("/api/v1/documents/issue/", {"kind": "tu_choi", "subject": case.pk}, format="json")
    assert response.status_code == 201, response.content
    assert Case.objects.get(pk=case.pk).refusal_notice_number == response.json()["reference"]
    again = api.post("/api/v1/documents/issue/", {"kind": "tu_choi", "subject": case.pk}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "rule_violated"
    assert IssuedDocument.objects.filter(case=case).count() == 1
