"""The free text of a denunciation (issue 6; Luật Tố cáo art. 56): a non-handler reads the redacted copy a
handler wrote, or "(nội dung được bảo mật)", never a text computed by replacing names; non-handlers
write no free text on it; the admin change page shows what the API shows."""

import pytest
from django.urls import reverse

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Agency, Case, Reception
from addons.tiepdan_case.tests.admin_helpers import change, changelist, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, patch_json
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db

SECRET = "(nội dung được bảo mật)"
LEAKS = ("Phạm Văn Tài", "Pham Van Tai", "0329.337.510", "087 065 927 066", "Ông Tài", "ông Tài", "Bình Trị")


@pytest.fixture
def denunciation():
    return CaseFactory(
        case_type="to_cao",
        unit=unit(MY_THO),
        state="submitted",
        title="Pham Van Tai tố cáo cán bộ địa chính",
        summary="Ông Tài (ĐT 0329.337.510, CCCD 087 065 927 066) ở ấp Bình Trị tố cáo cán bộ.",
        previous_handling="UBND phường đã nhận đơn của ông Phạm Văn Tài ngày 01/10/2026.",
        applicant=CitizenFactory(full_name="Phạm Văn Tài"),
    )


def _clean(text):
    for leak in LEAKS:
        assert leak not in text, leak


@pytest.mark.parametrize("role", [R.THANH_TRA, R.LANH_DAO, R.VP_UBND])
def test_a_non_handler_reads_the_secret_marker_in_the_api_and_on_the_admin_page(client, denunciation, role):
    user = staff_user(role)
    body = client_for(user).get(f"{API}/cases/{denunciation.pk}/").json()
    assert (body["title"], body["summary"], body["previous_handling"]) == (SECRET, SECRET, SECRET)
    client.force_login(user)
    for url in (change("case", denunciation.pk), changelist("case")):
        html = client.get(url).content.decode()
        _clean(html)
        assert SECRET in html, url


def test_a_handler_writes_the_redacted_copy_and_non_handlers_read_it(client, denunciation):
    board = client_for(staff_user(R.BAN_TCD))
    response = patch_json(
        board,
        f"{API}/cases/{denunciation.pk}/",
        {
            "redacted_title": "Tố cáo cán bộ địa chính",
            "redacted_summary": "Người tố cáo phản ánh sai phạm của cán bộ địa chính.",
            "redacted_previous_handling": "UBND phường đã nhận đơn ngày 01/10/2026.",
        },
    )
    assert response.status_code == 200, response.json()
    inspector = staff_user(R.THANH_TRA)
    body = client_for(inspector).get(f"{API}/cases/{denunciation.pk}/").json()
    assert body["title"] == "Tố cáo cán bộ địa chính"
    assert body["previous_handling"] == "UBND phường đã nhận đơn ngày 01/10/2026."
    client.force_login(inspector)
    html = client.get(change("case", denunciation.pk)).content.decode()
    _clean(html)
    assert "UBND phường đã nhận đơn ngày 01/10/2026." in html


@pytest.mark.parametrize(
    "field", ["title", "summary", "previous_handling", "redacted_title", "redacted_summary"]
)
def test_a_non_handler_cannot_write_free_text_on_a_denunciation(denunciation, field):
    response = patch_json(
        client_for(staff_user(R.VP_UBND)), f"{API}/cases/{denunciation.pk}/", {field: "Mới"}
    )
    assert_error(response, 403, "permission_denied")
    assert getattr(Case.objects.get(pk=denunciation.pk), field) != "Mới"


def test_sending_back_what_the_api_showed_changes_nothing(denunciation):
    office = client_for(staff_user(R.VP_UBND))
    shown = office.get(f"{API}/cases/{denunciation.pk}/").json()
    response = patch_json(
        office,
        f"{API}/cases/{denunciation.pk}/",
        {"title": shown["title"], "summary": shown["summary"], "is_repeat": True},
    )
    assert response.status_code == 200, response.json()
    stored = Case.objects.get(pk=denunciation.pk)
    assert stored.title == "Pham Van Tai tố cáo cán bộ địa chính" and stored.is_repeat


def test_a_non_handler_cannot_record_a_reception_of_a_denunciation(client, denunciation):
    client.force_login(staff_user(R.VP_UBND))
    response = client.post(
        reverse("admin:tiepdan_case_reception_add"),
        {
            "case": denunciation.pk,
            "received_at_0": "02/11/2026",
            "received_at_1": "08:00",
            "place": "Nhà ông Tài, ấp Bình Trị",
            "kind": "thuong_xuyen",
            "receiving_agency": Agency.objects.get(code="vp-ubnd").pk,
            "received_by": "Cán bộ",
            "people_count": "1",
            "direction": "thu_ly",
        },
    )
    assert response.status_code == 200
    assert not Reception.objects.exists()


def test_a_non_handler_reads_a_receptions_redacted_note(client, denunciation):
    reception = Reception.objects.create(
        case=denunciation,
        received_at="2026-11-02T08:00:00+07:00",
        place="Nhà ông Tài, ấp Bình Trị",
        receiving_agency=Agency.objects.get(code="ban-tcd-nc"),
        received_by="Cán bộ",
        direction="thu_ly",
        note="Ông Phạm Văn Tài nộp thêm tài liệu.",
    )
    client.force_login(staff_user(R.THANH_TRA))
    html = client.get(change("reception", reception.pk)).content.decode()
    _clean(html)
    assert SECRET in html
    Reception.objects.filter(pk=reception.pk).update(redacted_note="Người tố cáo nộp thêm tài liệu.")
    html = client.get(change("reception", reception.pk)).content.decode()
    _clean(html)
    assert "Người tố cáo nộp thêm tài liệu." in html


@pytest.mark.parametrize("role", [R.THANH_TRA, R.LANH_DAO])
def test_a_non_handler_reads_neither_the_appointment_reference_nor_its_scan_of_a_group_denunciation(
    client, denunciation, role
):
    from addons.tiepdan_case.tests.factories import record_appointment

    record_appointment(
        denunciation, staff_user(R.BAN_TCD), reference="Biên bản cử ông Phạm Văn Tài làm đại diện"
    )
    user = staff_user(role)
    body = client_for(user).get(f"{API}/cases/{denunciation.pk}/").json()
    assert body["representatives_appointment"] == SECRET
    client.force_login(user)
    html = client.get(change("case", denunciation.pk)).content.decode()
    _clean(html)
    assert "cu-dai-dien" not in html
