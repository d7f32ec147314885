"""Deleting a citizen (issue 12): only when no live case names them, with a reason, through the back
office and the API; their identity paper stays registered (a second record of it is refused, the first
is restored); a deleted denouncer is listed masked."""

import json

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Citizen
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.deletion import soft_delete
from addons.tiepdan_case.tests.admin_helpers import change, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, post_json
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db

REASON = "Đăng ký trùng hồ sơ."


def soft_delete_url(citizen):
    return reverse("admin:tiepdan_case_citizen_soft_delete", args=[citizen.pk])


def api_delete(user, citizen, body):
    return client_for(user).delete(
        f"{API}/citizens/{citizen.pk}/", data=json.dumps(body), content_type="application/json"
    )


def test_the_board_deletes_a_citizen_in_no_case_through_the_form(client):
    board = staff_user("ban_tcd")
    citizen = CitizenFactory()
    client.force_login(board)
    assert soft_delete_url(citizen) in client.get(change("citizen", citizen.pk)).content.decode()
    assert client.post(soft_delete_url(citizen), {"reason": REASON}).status_code == 302
    stored = Citizen.objects.get(pk=citizen.pk)
    assert stored.deleted_at and stored.deletion_reason == REASON
    assert history_of(citizen).filter(kind="deleted", actor=board).exists()
    assert client.get(change("citizen", citizen.pk)).status_code == 404


def test_a_citizen_named_in_a_live_case_is_not_deleted(client):
    citizen = CitizenFactory()
    CaseFactory(applicant=citizen, state="submitted")
    client.force_login(staff_user("ban_tcd"))
    page = client.get(soft_delete_url(citizen)).content.decode()
    assert "soft-delete-problems" in page and "1 vụ việc chưa bị xoá" in page
    client.post(soft_delete_url(citizen), {"reason": REASON})
    assert Citizen.objects.get(pk=citizen.pk).deleted_at is None
    body = assert_error(api_delete(staff_user("ban_tcd"), citizen, {"reason": REASON}), 409, "rule_violated")
    assert "vụ việc" in body["detail"]


def test_a_citizen_whose_only_case_is_deleted_may_be_deleted():
    board = staff_user("ban_tcd")
    citizen = CitizenFactory()
    case = CaseFactory(applicant=citizen, state="submitted")
    soft_delete(case, reason="Nhập trùng.", actor=board)
    assert api_delete(board, citizen, {"reason": REASON}).status_code == 204
    assert Citizen.objects.get(pk=citizen.pk).deleted_at is not None


def test_the_api_refuses_a_delete_without_a_reason():
    citizen = CitizenFactory()
    body = assert_error(api_delete(staff_user("ban_tcd"), citizen, {}), 400, "reason_required")
    assert body["fields"]["reason"] == ["Ghi lý do xoá."]
    assert Citizen.objects.get(pk=citizen.pk).deleted_at is None


def test_a_commune_deletes_only_its_own_citizens():
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    own = CitizenFactory(unit=unit(MY_THO))
    other = CitizenFactory(unit=unit(DAO_THANH))
    assert api_delete(clerk, own, {"reason": REASON}).status_code == 204
    assert_error(api_delete(clerk, other, {"reason": REASON}), 404)
    assert Citizen.objects.get(pk=other.pk).deleted_at is None


@pytest.mark.parametrize("role", ["thanh_tra", "chu_tich", "lanh_dao"])
def test_readers_cannot_delete_a_citizen(role):
    citizen = CitizenFactory()
    assert_error(api_delete(staff_user(role), citizen, {"reason": REASON}), 403)
    assert Citizen.objects.get(pk=citizen.pk).deleted_at is None


def test_registering_a_deleted_citizens_paper_again_asks_for_a_restore():
    board = staff_user("ban_tcd")
    citizen = CitizenFactory(unit=unit(MY_THO))
    soft_delete(citizen, reason=REASON, actor=board)
    data = {
        "full_name": citizen.full_name,
        "id_type": citizen.id_type,
        "id_number": citizen.id_number,
        "date_of_birth": citizen.date_of_birth.isoformat(),
        "gender": citizen.gender,
        "address": citizen.address,
        "unit": MY_THO,
    }
    body = assert_error(post_json(client_for(board), f"{API}/citizens/", data), 409, "citizen_deleted")
    assert "khôi phục" in body["detail"]
    assert Citizen.objects.filter(id_number=citizen.id_number).count() == 1


def test_the_office_restores_a_citizen_and_a_deleted_denouncer_is_listed_masked(client):
    board = staff_user("ban_tcd")
    denouncer = CitizenFactory(full_name="Trần Thị Bí Mật")
    case = CaseFactory(case_type="to_cao", applicant=denouncer, state="submitted")
    soft_delete(case, reason="Nhập trùng.", actor=board)
    soft_delete(denouncer, reason=REASON, actor=board)
    office = staff_user("vp_ubnd")
    client.force_login(office)
    page = client.get(reverse("admin:tiepdan_case_citizen_deleted")).content.decode()
    assert "Bí Mật" not in page and "Người tố cáo (được bảo vệ)" in page
    listed = client_for(office).get(f"{API}/citizens/deleted/").json()["results"]
    assert [row["label"] for row in listed] == ["Người tố cáo (được bảo vệ)"]
    assert client.post(reverse("admin:tiepdan_case_citizen_restore", args=[denouncer.pk])).status_code == 302
    assert Citizen.objects.get(pk=denouncer.pk).deleted_at is None
    assert history_of(denouncer).filter(kind="restored", actor=office).exists()
