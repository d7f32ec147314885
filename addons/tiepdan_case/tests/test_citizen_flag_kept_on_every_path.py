"""`Citizen.only_in_secret_cases` (issue 13) is kept on every path that adds, moves or removes a person in a
case, or changes what a case is: people added in bulk, moved by a queryset update, a queryset retype, a
case deleted and restored (the back office and the API), a citizen deleted and restored, and the one-flow
reception page. A reader of every case who handles none of them (lanh_dao) must never reach a citizen
known only through denunciations (test_citizen_known_only_through_secret_cases.py has the API paths)."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from ..models import Case, CaseParticipant, Citizen
from ..services import deletion
from .admin_helpers import staff_user
from .api_support import API, client_for
from .factories import MY_THO, CaseFactory, CitizenFactory, make_user, valid_can_cuoc
from .test_new_reception import URL as ONE_FLOW
from .test_new_reception import page_data

pytestmark = pytest.mark.django_db

REASON = "Nhập trùng với vụ việc khác."


def _flag(citizen) -> bool:
    return Citizen.objects.get(pk=citizen.pk).only_in_secret_cases


def _leader_sees(citizen) -> bool:
    api = client_for(make_user("lanh_dao"))
    return api.get(f"{API}/citizens/{citizen.pk}/").status_code == 200


def _denouncer_with_a_complaint():
    person = CitizenFactory(full_name="Vừa Tố Cáo Vừa Khiếu Nại")
    CaseFactory(case_type="to_cao", applicant=person, state="submitted")
    complaint = CaseFactory(case_type="khieu_nai", applicant=person, state="submitted")
    assert _leader_sees(person) and not _flag(person)
    return person, complaint


def test_people_added_in_bulk_to_a_denunciation_are_hidden_from_a_leader():
    denunciation = CaseFactory(case_type="to_cao")
    people = [CitizenFactory(), CitizenFactory()]
    CaseParticipant.objects.bulk_create(
        [CaseParticipant(case=denunciation, citizen=p, role="thanh_vien") for p in people]
    )
    assert all(_flag(p) for p in people)
    assert not any(_leader_sees(p) for p in people)


def test_a_person_moved_onto_a_denunciation_by_a_queryset_update_is_hidden_and_the_other_shown():
    denunciation = CaseFactory(case_type="to_cao")
    before, after = CitizenFactory(), CitizenFactory()
    CaseParticipant.objects.filter(case=denunciation).update(citizen=before)
    assert _flag(before)
    CaseParticipant.objects.filter(case=denunciation, citizen=before).update(citizen=after)
    assert _flag(after) and not _flag(before)
    assert _leader_sees(before) and not _leader_sees(after)


def test_cases_retyped_by_a_queryset_update_hide_or_show_their_people():
    person = CitizenFactory()
    case = CaseFactory(case_type="kien_nghi", applicant=person)
    Case.objects.filter(pk=case.pk).update(case_type="to_cao")
    assert _flag(person) and not _leader_sees(person)
    Case.objects.filter(pk=case.pk).update(case_type="phan_anh")
    assert not _flag(person) and _leader_sees(person)


def test_deleting_the_complaint_of_a_denouncer_in_the_back_office_hides_them_and_restoring_shows_them(client):
    person, complaint = _denouncer_with_a_complaint()
    client.force_login(staff_user("ban_tcd"))
    url = reverse("admin:tiepdan_case_case_soft_delete", args=[complaint.pk])
    assert client.post(url, {"reason": REASON}).status_code == 302
    assert _flag(person) and not _leader_sees(person)  # known now only through the denunciation
    client.force_login(staff_user("vp_ubnd"))
    assert client.post(reverse("admin:tiepdan_case_case_restore", args=[complaint.pk])).status_code == 302
    assert not _flag(person) and _leader_sees(person)


def test_deleting_and_restoring_the_complaint_through_the_api_keeps_the_flag():
    person, complaint = _denouncer_with_a_complaint()
    deleted = client_for(staff_user("ban_tcd")).delete(
        f"{API}/cases/{complaint.pk}/", data=json.dumps({"reason": REASON}), content_type="application/json"
    )
    assert deleted.status_code == 204, deleted.content
    assert not _leader_sees(person)
    restored = client_for(staff_user("vp_ubnd")).post(f"{API}/cases/{complaint.pk}/restore/")
    assert restored.status_code == 204, restored.content
    assert _leader_sees(person)


def test_a_denouncer_whose_other_case_is_deleted_stays_hidden_after_being_deleted_and_restored():
    person = CitizenFactory(full_name="Chỉ Còn Tố Cáo")
    denunciation = CaseFactory(case_type="to_cao", applicant=person, state="submitted")
    complaint = CaseFactory(case_type="khieu_nai", applicant=person, state="submitted")
    board, office = staff_user("ban_tcd"), staff_user("vp_ubnd")
    deletion.soft_delete(complaint, reason=REASON, actor=board)
    deletion.soft_delete(denunciation, reason=REASON, actor=board)
    deletion.soft_delete(person, reason=REASON, actor=board)  # in no live case now
    deletion.restore(person, actor=office)
    assert _flag(person) and not _leader_sees(person)
    deletion.restore(denunciation, actor=office)
    assert _flag(person) and not _leader_sees(person)
    deletion.restore(complaint, actor=office)
    assert not _flag(person) and _leader_sees(person)


def test_a_denouncer_registered_on_the_one_flow_page_is_hidden_from_a_leader(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    number = valid_can_cuoc(1970)
    data = page_data(
        [("Người Tố Cáo Tại Xã", number, "nguoi_dung_don")],
        case_type="to_cao",
        title="Tố cáo cán bộ địa chính",
        summary="Công dân tố cáo hành vi nhận tiền.",
        direction="thu_ly",
    )
    response = client.post(ONE_FLOW, data)
    assert response.status_code == 302, response.context and response.context["case_form"].errors
    person = Citizen.objects.get(id_number=number)
    assert _flag(person) and not _leader_sees(person)


def test_a_complaint_registered_on_the_one_flow_page_for_a_known_denouncer_shows_them(client):
    number = valid_can_cuoc(1970)
    person = CitizenFactory(full_name="Người Đã Tố Cáo", id_number=number, date_of_birth=dt.date(1970, 6, 15))
    CaseFactory(case_type="to_cao", applicant=person)
    assert _flag(person)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(ONE_FLOW, page_data([("Người Đã Tố Cáo", number, "nguoi_dung_don")]))
    assert response.status_code == 302, response.context and response.context["case_form"].errors
    assert Case.objects.filter(case_type="khieu_nai", participants__citizen=person).exists()
    assert not _flag(person) and _leader_sees(person)
