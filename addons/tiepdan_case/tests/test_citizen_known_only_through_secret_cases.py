"""A reader of every case who does not handle them all (vp_ubnd, thanh_tra, lanh_dao) never reaches a
citizen known only through denunciations; the list decides it from a stored flag on the citizen
(issue 13), so every way a citizen's cases change must keep the flag: registering a case with its people,
replacing its people, changing its type, deleting a participation, and the migration that computed it
for the citizens already registered."""

from importlib import import_module

import pytest
from django.apps import apps

from ..models import CaseParticipant, Citizen
from .admin_helpers import changelist, staff_user
from .api_support import API, client_for, patch_json, post_json
from .factories import MY_THO, CaseFactory, CitizenFactory, make_user

pytestmark = pytest.mark.django_db


def _data(citizens, case_type="to_cao"):
    return {
        "case_type": case_type,
        "title": "Tố cáo cán bộ địa chính",
        "summary": "Công dân tố cáo hành vi nhận tiền khi cấp giấy chứng nhận.",
        "unit": MY_THO,
        "received_date": "2026-11-02",
        "participants": [{"citizen": c.pk, "role": "nguoi_dung_don"} for c in citizens],
    }


def _leader_sees(citizen) -> bool:
    api = client_for(make_user("lanh_dao"))
    found = api.get(f"{API}/citizens/?page_size=100").json()["results"]
    return citizen.pk in {row["id"] for row in found}


def test_a_denouncer_registered_through_the_api_is_not_in_a_leaders_citizen_list(board_user):
    denouncer = CitizenFactory(full_name="Người Tố Cáo Mới")
    assert _leader_sees(denouncer)  # in no case yet: every full reader finds them
    created = post_json(client_for(board_user), f"{API}/cases/", _data([denouncer]))
    assert created.status_code == 201, created.content
    assert Citizen.objects.get(pk=denouncer.pk).only_in_secret_cases is True
    assert not _leader_sees(denouncer)


def test_a_denouncer_who_also_brings_a_complaint_is_reached_through_the_complaint_only_while_in_it(
    board_user,
):
    denouncer = CitizenFactory(full_name="Vừa Tố Cáo Vừa Khiếu Nại")
    board = client_for(board_user)
    post_json(board, f"{API}/cases/", _data([denouncer]))
    complaint = post_json(board, f"{API}/cases/", _data([denouncer], case_type="khieu_nai")).json()
    assert _leader_sees(denouncer)
    # The complaint's people are replaced: the denouncer is again known only through the denunciation.
    other = CitizenFactory(full_name="Người Khiếu Nại Khác")
    replaced = patch_json(
        board,
        f"{API}/cases/{complaint['id']}/",
        {"participants": [{"citizen": other.pk, "role": "nguoi_dung_don"}]},
    )
    assert replaced.status_code == 200, replaced.content
    assert not _leader_sees(denouncer)
    assert _leader_sees(other)


def test_retyping_a_case_to_or_from_a_denunciation_hides_or_shows_its_people(board_user):
    person = CitizenFactory(full_name="Đơn Phân Loại Lại")
    board = client_for(board_user)
    case = post_json(board, f"{API}/cases/", _data([person], case_type="kien_nghi")).json()
    assert _leader_sees(person)
    assert patch_json(board, f"{API}/cases/{case['id']}/", {"case_type": "to_cao"}).status_code == 200
    assert not _leader_sees(person)
    assert patch_json(board, f"{API}/cases/{case['id']}/", {"case_type": "phan_anh"}).status_code == 200
    assert _leader_sees(person)


def test_deleting_a_participation_keeps_the_flag_when_a_person_is_taken_off_a_complaint():
    person = CitizenFactory(full_name="Rời Khỏi Khiếu Nại")
    CaseFactory(case_type="to_cao", applicant=person)
    complaint = CaseFactory(case_type="khieu_nai", applicant=person)
    assert _leader_sees(person)
    CaseParticipant.objects.filter(case=complaint, citizen=person).delete()
    assert not _leader_sees(person)


def test_a_named_handler_among_the_full_readers_reaches_the_denouncer_of_their_case_only(client):
    denouncer = CitizenFactory(full_name="Tố Cáo Giao Thanh Tra")
    denunciation = CaseFactory(case_type="to_cao", applicant=denouncer)
    inspector, colleague = staff_user("thanh_tra"), staff_user("thanh_tra")
    denunciation.handlers.add(inspector)
    for user, expected in ((inspector, True), (colleague, False)):
        client.force_login(user)
        listed = client.get(changelist("citizen") + "?q=giao+thanh+tra")
        assert (denouncer in listed.context["cl"].result_list) is expected, user


def test_the_migration_computes_the_flag_for_citizens_already_registered():
    only_secret, both, ordinary, loner = (CitizenFactory() for _ in range(4))
    CaseFactory(case_type="to_cao", applicant=only_secret)
    CaseFactory(case_type="to_cao", applicant=both)
    CaseFactory(case_type="khieu_nai", applicant=both)
    CaseFactory(case_type="phan_anh", applicant=ordinary)
    Citizen.objects.update(only_in_secret_cases=False)  # as the column was added
    import_module("addons.tiepdan_case.migrations.0020_citizen_only_in_secret_cases").compute(apps, None)
    flagged = set(Citizen.objects.filter(only_in_secret_cases=True).values_list("pk", flat=True))
    assert flagged == {only_secret.pk}
    assert {loner.pk, both.pk, ordinary.pk}.isdisjoint(flagged)


def test_saving_a_citizen_loaded_before_their_case_changed_keeps_the_flag(board_user):
    person = CitizenFactory(full_name="Bản Ghi Cũ")
    stale = Citizen.objects.get(pk=person.pk)  # loaded while in no case: flag False
    post_json(client_for(board_user), f"{API}/cases/", _data([person]))
    stale.address = "Số 2, đường 30/4"
    stale.save()
    assert Citizen.objects.get(pk=person.pk).only_in_secret_cases is True
