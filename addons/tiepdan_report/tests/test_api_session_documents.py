"""POST /api/v1/documents/issue/ issues any document through the same numbered path as the admin buttons;
GET /api/v1/documents/{id}/pdf/ gives the kept file. Bad input is 400 {code, detail, fields}; a subject
out of scope 404; a role that issues nothing 403."""

import pytest

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO, unit
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_session.models import Invitation

from .sessions import announced_session_with_cases

pytestmark = pytest.mark.django_db
URL = "/api/v1/documents/issue/"


def _post(client, **data):
    return client.post(URL, data, content_type="application/json")


def test_the_board_issues_each_session_document_by_api(client):
    _p, session, cases = announced_session_with_cases()
    client.force_login(staff_user("ban_tcd"))
    invitation = Invitation.objects.get(agenda_item__case=cases["khieu_nai"])
    answers = [
        _post(client, kind="lich_tiep", subject=session.pk, signer_name="Phạm Minh Tuấn"),
        _post(client, kind="giay_moi", subject=invitation.pk),
        _post(client, kind="giay_moi_co_quan", subject=session.agencies.get().pk),
        _post(client, kind="giay_moi_xa", subject=session.pk, unit=MY_THO),
    ]
    assert [a.status_code for a in answers] == [201, 201, 201, 201], [a.json() for a in answers]
    body = answers[0].json()
    assert body["reference"] == "01/TB-BTCD" and body["session"] == session.code
    assert answers[3].json()["unit"] == MY_THO
    pdf = client.get(f"/api/v1/documents/{body['id']}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Th%C3%B4ng%20b%C3%A1o%20l%E1%BB%8Bch" in pdf["Content-Disposition"]
    kept = IssuedDocument.objects.get(pk=body["id"])
    assert pdf.content == kept.file.open("rb").read()


def test_a_corrected_issue_by_api_names_what_it_replaces(client):
    _p, session, _cases = announced_session_with_cases()
    client.force_login(staff_user("ban_tcd"))
    first = _post(client, kind="lich_tiep", subject=session.pk).json()
    second = _post(client, kind="lich_tiep", subject=session.pk, replaces=first["id"])
    assert second.status_code == 201 and second.json()["replaces"] == first["id"]
    again = _post(client, kind="lich_tiep", subject=session.pk, replaces=first["id"])
    assert again.status_code == 409 and again.json()["detail"]


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "khong_co", "subject": 1},
        {"kind": "lich_tiep"},
        {"kind": "lich_tiep", "subject": "abc"},
        {"kind": "lich_tiep", "subject": 2**70},
        {"kind": "giay_moi_xa", "subject": "SESSION", "unit": "99999"},
        {"kind": "lich_tiep", "subject": "SESSION", "replaces": 2**70},
    ],
)
def test_bad_input_is_a_400_with_fields(client, data):
    _p, session, _cases = announced_session_with_cases()
    client.force_login(staff_user("ban_tcd"))
    data = {k: session.pk if v == "SESSION" else v for k, v in data.items()}
    response = _post(client, **data)
    assert response.status_code == 400, response.content
    assert response.json()["fields"] and response.json()["code"]


def test_a_subject_out_of_scope_is_404_and_a_reader_is_403(client):
    _p, session, cases = announced_session_with_cases()
    client.force_login(staff_user("ubnd_xa", commune="28261"))
    other = Invitation.objects.exclude(agenda_item__case__unit=unit(MY_THO)).get()
    assert _post(client, kind="giay_moi", subject=other.pk).status_code == 404
    client.force_login(staff_user("lanh_dao"))
    response = _post(client, kind="lich_tiep", subject=session.pk)
    assert response.status_code == 403 and response.json()["detail"]
    assert not IssuedDocument.objects.exists()
