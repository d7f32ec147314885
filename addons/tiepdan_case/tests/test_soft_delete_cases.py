"""Deleting a case (issue 12): “Xoá (ghi lý do)” in the back office and DELETE in the API need a reason,
erase nothing, and hide the case everywhere; Django's own delete is gone; a case that has been on a
session's agenda is never deleted; the commune deletes only its own drafts; `quan_tri` and `vp_ubnd`
list deleted cases and restore them."""

import json

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.tests.admin_helpers import change, changelist, rows, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, ids
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db

REASON = "Nhập trùng với vụ việc VV-2026-00001."


def soft_delete_url(case):
    return reverse("admin:tiepdan_case_case_soft_delete", args=[case.pk])


def deleted_url():
    return reverse("admin:tiepdan_case_case_deleted")


def restore_url(case):
    return reverse("admin:tiepdan_case_case_restore", args=[case.pk])


def api_delete(user, case, body=None, query=""):
    data = json.dumps(body) if body is not None else None
    return client_for(user).delete(
        f"{API}/cases/{case.pk}/{query}", data=data, content_type="application/json" if data else None
    )


# ----- the back office -----


def test_the_board_deletes_a_case_with_a_reason_through_the_form(client):
    board = staff_user("ban_tcd")
    case = CaseFactory(state="submitted")
    client.force_login(board)
    page = client.get(change("case", case.pk))
    assert soft_delete_url(case) in page.content.decode()
    assert "Xoá (ghi lý do)" in page.content.decode()
    form = client.get(soft_delete_url(case))
    assert form.status_code == 200 and "soft-delete-form" in form.content.decode()
    assert Case.objects.get(pk=case.pk).deleted_at is None  # opening the form changes nothing
    response = client.post(soft_delete_url(case), {"reason": REASON})
    assert response.status_code == 302
    stored = Case.objects.get(pk=case.pk)
    assert stored.deleted_at and stored.deleted_by == board and stored.deletion_reason == REASON
    assert history_of(case).filter(kind="deleted", actor=board, note=REASON).exists()
    assert client.get(change("case", case.pk)).status_code == 404
    assert case.pk not in [row.pk for row in rows(client.get(changelist("case")))]


def test_the_form_refuses_a_blank_reason_in_vietnamese(client):
    client.force_login(staff_user("ban_tcd"))
    case = CaseFactory(state="submitted")
    response = client.post(soft_delete_url(case), {"reason": "   "})
    assert response.status_code == 200
    assert "Ghi lý do xoá." in response.content.decode()
    assert Case.objects.get(pk=case.pk).deleted_at is None


def test_djangos_delete_page_and_delete_action_are_gone_even_for_a_superuser(client, django_user_model):
    root = django_user_model.objects.create_superuser("root_case_delete", password="Test@12345678")
    case = CaseFactory()
    client.force_login(root)
    assert (
        client.post(reverse("admin:tiepdan_case_case_delete", args=[case.pk]), {"post": "yes"}).status_code
        == 403
    )
    listing = client.get(changelist("case"))
    assert "delete_selected" not in listing.content.decode()
    response = client.post(
        changelist("case"), {"action": "delete_selected", "_selected_action": [case.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Case.objects.filter(pk=case.pk, deleted_at__isnull=True).exists()


@pytest.mark.parametrize("state", ["scheduled", "received", "following_up", "closed"])
def test_a_case_that_has_been_on_an_agenda_is_not_deleted(client, state):
    client.force_login(staff_user("ban_tcd"))
    case = CaseFactory(state=state, eligibility="khac")
    page = client.get(soft_delete_url(case))
    assert "soft-delete-problems" in page.content.decode()
    client.post(soft_delete_url(case), {"reason": REASON})
    assert Case.objects.get(pk=case.pk).deleted_at is None


def test_a_commune_deletes_its_own_draft_but_not_a_submitted_case_or_another_communes(client):
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    own_draft = CaseFactory(unit=unit(MY_THO))
    submitted = CaseFactory(unit=unit(MY_THO), state="submitted")
    other = CaseFactory(unit=unit(DAO_THANH))
    client.force_login(clerk)
    assert client.post(soft_delete_url(own_draft), {"reason": REASON}).status_code == 302
    assert client.post(soft_delete_url(submitted), {"reason": REASON}).status_code == 403
    assert client.post(soft_delete_url(other), {"reason": REASON}).status_code == 404
    assert Case.objects.get(pk=own_draft.pk).deleted_at is not None
    assert Case.objects.filter(pk__in=[submitted.pk, other.pk], deleted_at__isnull=True).count() == 2


@pytest.mark.parametrize("role", ["thanh_tra", "chu_tich", "lanh_dao", "quan_tri"])
def test_roles_that_do_not_register_cases_cannot_delete_one(client, role):
    client.force_login(staff_user(role))
    case = CaseFactory(state="submitted")
    assert client.post(soft_delete_url(case), {"reason": REASON}).status_code in (403, 404)
    assert Case.objects.get(pk=case.pk).deleted_at is None


@pytest.mark.parametrize("role", ["vp_ubnd", "quan_tri"])
def test_the_office_and_the_administrators_list_deleted_cases_and_restore_one(client, role):
    board = staff_user("ban_tcd")
    case = CaseFactory(state="submitted")
    client.force_login(board)
    client.post(soft_delete_url(case), {"reason": REASON})
    restorer = staff_user(role)
    client.force_login(restorer)
    assert deleted_url() in client.get(reverse("admin:index")).content.decode()  # the sidebar
    page = client.get(deleted_url())
    assert page.status_code == 200 and case.code in page.content.decode() and REASON in page.content.decode()
    assert client.get(restore_url(case)).status_code == 405  # no change on a GET
    assert Case.objects.get(pk=case.pk).deleted_at is not None
    assert client.post(restore_url(case)).status_code == 302
    stored = Case.objects.get(pk=case.pk)
    assert stored.deleted_at is None and stored.deletion_reason == ""
    assert history_of(case).filter(kind="restored", actor=restorer).exists()


@pytest.mark.parametrize("role", ["ban_tcd", "thanh_tra", "chu_tich"])
def test_other_roles_neither_list_nor_restore_deleted_cases(client, role):
    case = CaseFactory(state="submitted")
    from addons.tiepdan_case.services.deletion import soft_delete

    soft_delete(case, reason=REASON, actor=staff_user("ban_tcd"))
    client.force_login(staff_user(role))
    assert client.get(deleted_url()).status_code == 403
    assert client.post(restore_url(case)).status_code == 403
    assert Case.objects.get(pk=case.pk).deleted_at is not None


def test_a_deleted_denunciation_is_listed_by_code_and_type_only(client):
    denouncer = CitizenFactory(full_name="Trần Thị Bí Mật")
    case = CaseFactory(case_type="to_cao", title="Tố cáo của bà Trần Thị Bí Mật", applicant=denouncer)
    from addons.tiepdan_case.services.deletion import soft_delete

    soft_delete(case, reason="Nhập trùng.", actor=staff_user("ban_tcd"))
    client.force_login(staff_user("vp_ubnd"))
    page = client.get(deleted_url()).content.decode()
    assert case.code in page and "Bí Mật" not in page


# ----- the API -----


def test_delete_in_the_api_needs_a_reason_in_vietnamese():
    board = staff_user("ban_tcd")
    case = CaseFactory(state="submitted")
    body = assert_error(api_delete(board, case), 400, "reason_required")
    assert body["detail"] == "Ghi lý do xoá." and "reason" in body["fields"]
    assert_error(api_delete(board, case, {"reason": "  "}), 400)
    assert_error(api_delete(board, case, {"reason": 12}), 400)
    assert Case.objects.get(pk=case.pk).deleted_at is None


def test_delete_in_the_api_with_a_reason_hides_the_case_and_keeps_the_row():
    board = staff_user("ban_tcd")
    case = CaseFactory(state="submitted")
    assert api_delete(board, case, {"reason": REASON}).status_code == 204
    assert client_for(board).get(f"{API}/cases/{case.pk}/").status_code == 404
    assert case.pk not in ids(client_for(board).get(f"{API}/cases/"))
    assert Case.objects.get(pk=case.pk).deletion_reason == REASON
    assert_error(api_delete(board, case, {"reason": REASON}), 404)  # not visible any more


def test_the_reason_may_come_as_a_query_parameter():
    board = staff_user("ban_tcd")
    case = CaseFactory(state="submitted")
    assert api_delete(board, case, query="?reason=Nh%E1%BA%ADp%20tr%C3%B9ng").status_code == 204
    assert Case.objects.get(pk=case.pk).deletion_reason == "Nhập trùng"


def test_the_api_refuses_deleting_a_heard_case_with_409_and_a_commune_a_submitted_one_with_403():
    board = staff_user("ban_tcd")
    heard = CaseFactory(state="received", eligibility="khac")
    assert_error(api_delete(board, heard, {"reason": REASON}), 409, "rule_violated")
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    submitted = CaseFactory(unit=unit(MY_THO), state="submitted")
    assert_error(api_delete(clerk, submitted, {"reason": REASON}), 403)
    assert Case.objects.filter(pk__in=[heard.pk, submitted.pk], deleted_at__isnull=True).count() == 2


def test_the_api_lists_deleted_cases_for_the_office_and_restores_one():
    board = staff_user("ban_tcd")
    case = CaseFactory(state="submitted")
    api_delete(board, case, {"reason": REASON})
    office = staff_user("vp_ubnd")
    listed = client_for(office).get(f"{API}/cases/deleted/").json()
    assert [row["id"] for row in listed["results"]] == [case.pk]
    assert listed["results"][0]["deletion_reason"] == REASON
    assert client_for(board).get(f"{API}/cases/deleted/").json()["count"] == 0
    assert_error(client_for(board).post(f"{API}/cases/{case.pk}/restore/"), 403)
    assert client_for(office).post(f"{API}/cases/{case.pk}/restore/").status_code == 204
    assert client_for(board).get(f"{API}/cases/{case.pk}/").status_code == 200
    assert_error(client_for(office).post(f"{API}/cases/{case.pk}/restore/"), 409, "not_deleted")


def test_a_case_whose_person_is_deleted_is_restored_only_after_them():
    from addons.tiepdan_case.services.deletion import restore, soft_delete
    from addons.tiepdan_case.services.errors import Conflict

    board = staff_user("ban_tcd")
    citizen = CitizenFactory()
    case = CaseFactory(state="submitted", applicant=citizen)
    soft_delete(case, reason=REASON, actor=board)
    soft_delete(citizen, reason="Đăng ký trùng.", actor=board)
    office = staff_user("vp_ubnd")
    body = assert_error(client_for(office).post(f"{API}/cases/{case.pk}/restore/"), 409, "rule_violated")
    assert "restore" not in body["detail"]  # in Vietnamese
    restore(citizen, actor=office)
    restore(case, actor=office)
    with pytest.raises(Conflict):
        restore(case, actor=office)


def test_a_user_who_does_not_handle_a_protected_denunciation_cannot_delete_it():
    from addons.tiepdan_case.services.identity import is_handler

    case = CaseFactory(case_type="to_cao", state="submitted")
    office = staff_user("vp_ubnd")
    assert case.is_protected and not is_handler(office, case)
    assert api_delete(office, case, {"reason": REASON}).status_code in (403, 404)
    assert Case.objects.get(pk=case.pk).deleted_at is None
