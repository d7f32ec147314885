"""A protected denouncer's identity: masked for non-handlers in list, detail and search; handlers see it, logged."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Agency, IdentityAccessLog, Reception
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.tests.admin_helpers import change, changelist, rows, staff_user
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db

NAME = "Trần Văn Tố Giác"


@pytest.fixture
def protected_case():
    denouncer = CitizenFactory(full_name=NAME, address="Ấp Bí Mật, xã Kín", phone="+84987654321")
    case = CaseFactory(
        case_type="to_cao",
        identity_protection=True,
        title=f"Tố cáo sai phạm, người tố cáo {NAME}",
        summary=f"Ông {NAME} tố cáo cán bộ địa chính.",
        applicant=denouncer,
    )
    record_event(case, None, "note", note=f"Đã gọi cho {NAME}")
    return case, denouncer


@pytest.mark.parametrize("role", ["vp_ubnd", "thanh_tra"])
def test_a_non_handler_sees_the_case_but_never_the_denouncer(client, protected_case, role):
    case, denouncer = protected_case
    client.force_login(staff_user(role))
    listing = client.get(changelist("case")).content.decode()
    assert case.code in listing
    assert NAME not in listing
    detail = client.get(change("case", case.pk))
    html = detail.content.decode()
    assert detail.status_code == 200
    for secret in (NAME, denouncer.id_number, denouncer.address, "987 654 321"):
        assert secret not in html
    assert "Người tố cáo (được bảo vệ)" in html
    assert not IdentityAccessLog.objects.filter(case=case).exists()


def test_searching_the_denouncers_name_does_not_find_the_protected_case(client, protected_case):
    case, _ = protected_case
    client.force_login(staff_user("thanh_tra"))
    assert rows(client.get(changelist("case"), {"q": "tran van to giac"})) == []
    assert rows(client.get(changelist("case"), {"q": case.code})) == [case]


def test_a_non_handler_cannot_open_the_denouncers_citizen_record(client, protected_case):
    _case, denouncer = protected_case
    client.force_login(staff_user("vp_ubnd"))
    assert client.get(change("citizen", denouncer.pk)).status_code == 404
    assert rows(client.get(changelist("citizen"), {"q": "tran van"})) == []


def test_a_board_handler_sees_the_identity_and_the_view_is_logged(client, protected_case):
    case, denouncer = protected_case
    handler = staff_user("ban_tcd")
    client.force_login(handler)
    html = client.get(change("case", case.pk)).content.decode()
    assert denouncer.id_number in html
    assert IdentityAccessLog.objects.filter(case=case, user=handler, channel="admin").count() == 1
    assert rows(client.get(changelist("case"), {"q": "tran van to giac"})) == [case]


def test_the_registering_commune_is_a_handler(client, protected_case):
    case, denouncer = protected_case
    clerk = staff_user("ubnd_xa", commune=case.unit.code)
    client.force_login(clerk)
    assert denouncer.id_number in client.get(change("case", case.pk)).content.decode()
    assert IdentityAccessLog.objects.filter(case=case, user=clerk).exists()


def test_the_case_picker_never_offers_a_shielded_case_to_a_non_handler(client, protected_case):
    case, _ = protected_case
    open_case = CaseFactory()
    params = {"app_label": "tiepdan_case", "model_name": "reception", "field_name": "case", "term": ""}
    client.force_login(staff_user("vp_ubnd"))
    ids = {int(r["id"]) for r in client.get(reverse("admin:autocomplete"), params).json()["results"]}
    assert open_case.pk in ids and case.pk not in ids


def test_a_reception_of_a_protected_case_shows_the_title_redacted(client, protected_case):
    case, _ = protected_case
    reception = Reception.objects.create(
        case=case,
        received_at="2026-11-02T08:00:00+07:00",
        place="Trụ sở",
        receiving_agency=Agency.objects.get(code="ban-tcd-nc"),
        received_by="Cán bộ",
        direction="thu_ly",
    )
    client.force_login(staff_user("vp_ubnd"))
    for url in (changelist("reception"), change("reception", reception.pk)):
        html = client.get(url).content.decode()
        assert case.code in html and NAME not in html, url


def test_the_raw_change_log_of_a_protected_case_is_never_shown_its_redacted_history_is(
    client, protected_case
):
    # Django's change log keeps str(case) unredacted: the "Lịch sử" button opens the case's own history,
    # redacted for a non-handler as on the case page.
    case, _ = protected_case
    url = reverse("admin:tiepdan_case_case_history", args=[case.pk])
    client.force_login(staff_user("thanh_tra"))
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="case-history"' in html
    assert NAME not in html and "Đã gọi cho" not in html
    assert not IdentityAccessLog.objects.filter(case=case).exists()
    client.force_login(staff_user("ban_tcd"))  # a handler reads the note, and that view is logged
    html = client.get(url).content.decode()
    assert f"Đã gọi cho {NAME}" in html
    assert IdentityAccessLog.objects.filter(case=case).exists()


def test_recording_a_reception_from_a_protected_case_shows_the_case_redacted(client, protected_case):
    # The case page links to the reception form with ?case=<id>; the picker prints the chosen case.
    case, _ = protected_case
    client.force_login(staff_user("vp_ubnd"))
    html = client.get(reverse("admin:tiepdan_case_reception_add"), {"case": case.pk}).content.decode()
    assert f'<option value="{case.pk}" selected>' in html
    assert case.code in html and "(nội dung được bảo mật)" in html
    assert NAME not in html
