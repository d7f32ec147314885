"""Who records the refusal notice (Mẫu 01/TCD) of a refused case: NĐ 154 art. 4.3 gives it to the head of
the body that received the citizen — the provincial office and board, and a commune's People's Committee
for the cases of its commune (it receives citizens regularly: Luật TCD art. 15, NĐ 154 art. 29.1c). A
refusal has one notice: a second one is recorded only by a corrected issue that names it."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import AuditEvent, Case
from addons.tiepdan_case.services import refusals
from addons.tiepdan_case.services.errors import Conflict

from .admin_helpers import change, staff_user
from .api_support import API, assert_error, client_for, post_json
from .factories import DAO_THANH, MY_THO, CaseFactory, make_user, unit

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 11, 5)


def _refused(**kwargs):
    return CaseFactory(state="rejected", refusal_ground="luat_9_3", refusal_notice_due=DUE, **kwargs)


def test_a_commune_records_the_notice_of_its_own_communes_case_on_the_case_page(client):
    case = _refused()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(change("case", case.pk)).content.decode()
    assert 'id="refusal-notice"' in html and "thong-bao-tu-choi" in html
    response = client.post(
        f"/tiepdan_case/case/{case.pk}/thong-bao-tu-choi/",
        {"number": "04/TB-UBND", "issued_on": "06/11/2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert (case.refusal_notice_number, case.refusal_notice_date) == ("04/TB-UBND", dt.date(2026, 11, 6))
    assert AuditEvent.objects.filter(object_id=case.pk, action="refusal_notice").exists()


def test_a_commune_records_it_through_the_api_for_a_case_it_registered_that_moved_away():
    case = _refused(unit=unit(DAO_THANH))
    Case.objects.filter(pk=case.pk).update(registered_unit=unit(MY_THO))
    today = timezone.localdate().isoformat()
    response = post_json(
        client_for(make_user("ubnd_xa", commune=MY_THO)),
        f"{API}/cases/{case.pk}/refusal-notice/",
        {"number": "05/TB-UBND", "issued_on": today},
    )
    assert response.status_code == 200, response.content
    assert response.json()["refusal_notice_status"] == "recorded"


def test_another_commune_does_not_find_the_case_and_the_inspectorate_may_not_record():
    case = _refused()
    url = f"{API}/cases/{case.pk}/refusal-notice/"
    body = {"number": "1/TB", "issued_on": timezone.localdate().isoformat()}
    assert_error(post_json(client_for(make_user("ubnd_xa", commune=DAO_THANH)), url, body), 404)
    assert_error(post_json(client_for(make_user("thanh_tra")), url, body), 403)
    assert Case.objects.get(pk=case.pk).refusal_notice_number == ""


def test_the_inspectorate_gets_no_record_button_on_the_case_page(client):
    case = _refused()
    client.force_login(staff_user("thanh_tra"))
    assert "thong-bao-tu-choi" not in client.get(change("case", case.pk)).content.decode()


def test_a_second_notice_is_refused_unless_it_names_the_one_it_replaces(board_user):
    case = _refused()
    refusals.record_refusal_notice(board_user, case.pk, "01/TB-BTCD", dt.date(2026, 11, 6))
    url = f"{API}/cases/{case.pk}/refusal-notice/"
    body = assert_error(
        post_json(client_for(board_user), url, {"number": "02/TB-BTCD", "issued_on": "2026-11-07"}),
        409,
        "rule_violated",
    )
    assert "01/TB-BTCD" in body["detail"] and "06/11/2026" in body["detail"]
    with pytest.raises(Conflict):
        refusals.record_refusal_notice(
            board_user, case.pk, "02/TB-BTCD", dt.date(2026, 11, 7), replaces="09/X"
        )
    corrected = refusals.record_refusal_notice(
        board_user, case.pk, "02/TB-BTCD", dt.date(2026, 11, 7), replaces="01/TB-BTCD"
    )
    assert (corrected.refusal_notice_number, corrected.refusal_notice_date) == (
        "02/TB-BTCD",
        dt.date(2026, 11, 7),
    )
