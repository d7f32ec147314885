"""Groups (Luật TCD arts. 29–30; NĐ 154 arts. 13, 14.3, 22.4): the representatives rule holds on every
change after the case left the commune and at accept and schedule; 2 or more people send a representative
online; a group of 5+ records its written appointment before accept; a proxy or lawyer shows their
authorisation document."""

import pytest
from django.db import IntegrityError, transaction

from addons.tiepdan_case.models import Case, CaseParticipant
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.cases import set_participants, update_case
from addons.tiepdan_case.services.errors import Conflict, Invalid

from .api_support import API, assert_error, client_for, patch_json, post_json
from .factories import CaseFactory, CitizenFactory, record_appointment

pytestmark = pytest.mark.django_db
REP, MEMBER = "nguoi_dai_dien", "thanh_vien"


def _group(state, size=6, reps=2, **kwargs):
    case = CaseFactory(state=state, group_size=size, applicant=False, **kwargs)
    people = CitizenFactory.create_batch(size)
    for i, citizen in enumerate(people):
        CaseParticipant.objects.create(case=case, citizen=citizen, role=REP if i < reps else MEMBER)
    return case, people


def test_removing_the_representatives_of_an_accepted_group_is_refused(board_user):
    case, people = _group("accepted", eligibility="dong_nguoi_chua_giai_quyet")
    with pytest.raises(Invalid) as exc:
        set_participants(board_user, case, [(c, MEMBER, "") for c in people])
    assert "1 hoặc 2 người đại diện" in exc.value.fields["participants"][0]
    assert case.participants.filter(role=REP).count() == 2


def test_raising_the_head_count_of_a_submitted_case_above_its_list_rule_is_refused(board_user):
    case, _people = _group("submitted", size=6, reps=0)
    CaseParticipant.objects.filter(case=case).update(role=MEMBER)
    with pytest.raises(Invalid):
        update_case(board_user, case, {"group_size": 7})
    assert Case.objects.get(pk=case.pk).group_size == 6


def test_a_draft_may_be_incomplete_until_it_is_sent(commune_user):
    case, people = _group("draft", reps=0)
    set_participants(commune_user, case, [(c, MEMBER, "") for c in people])  # no error: checked at submit


def test_a_group_that_lost_its_representatives_is_not_scheduled(board_user):
    case, _people = _group("accepted", eligibility="khac")
    record_appointment(case, board_user)
    CaseParticipant.objects.filter(case=case).update(role=MEMBER)  # e.g. a correction made elsewhere
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(board_user, case.pk, "schedule")
    assert "người đại diện" in exc.value.message
    assert Case.objects.get(pk=case.pk).state == "accepted"


def test_two_to_four_people_are_accepted_but_not_scheduled_without_a_representative(board_user):
    case, people = _group("submitted", size=3, reps=0)
    case_workflow.perform(board_user, case.pk, "accept", eligibility="dong_nguoi_het_tham_quyen")
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(board_user, case.pk, "schedule")
    assert "khoản 4 Điều 22" in exc.value.message
    set_participants(board_user, case, [(c, REP if i == 0 else MEMBER, "") for i, c in enumerate(people)])
    assert case_workflow.perform(board_user, case.pk, "schedule").state == "scheduled"


def test_a_group_of_five_or_more_is_accepted_only_with_its_written_appointment(board_user):
    case, _people = _group("submitted")
    with pytest.raises(Conflict) as exc:
        case_workflow.perform(board_user, case.pk, "accept", eligibility="khac")
    assert "văn bản cử người đại diện" in exc.value.message and "Điều 29" in exc.value.message
    update_case(board_user, case, {"representatives_appointment": "Biên bản ngày 01/11/2026"})
    with pytest.raises(Conflict):  # the reference alone is not enough: the scan too
        case_workflow.perform(board_user, case.pk, "accept", eligibility="khac")
    record_appointment(case, board_user)
    assert case_workflow.perform(board_user, case.pk, "accept", eligibility="khac").state == "accepted"


def test_the_scanned_appointment_must_be_one_of_the_cases_documents(board_user):
    case, _people = _group("submitted")
    other = CaseFactory(state="submitted")
    scan = record_appointment(other, board_user)
    with pytest.raises(Invalid) as exc:
        update_case(board_user, case, {"representatives_appointment_file": scan})
    assert "representatives_appointment_file" in exc.value.fields


def test_a_proxy_or_lawyer_without_an_authorisation_document_is_refused(commune_user):
    case = CaseFactory()
    proxy = CitizenFactory()
    for role in ("nguoi_duoc_uy_quyen", "luat_su"):
        with pytest.raises(Invalid) as exc:
            set_participants(commune_user, case, [(proxy, role, " ")])
        assert "Điều 13" in exc.value.fields["participants"][0]
    set_participants(
        commune_user, case, [(proxy, "luat_su", "Thẻ luật sư số 1234/LS, giấy ủy quyền ngày 01/11/2026")]
    )
    assert case.participants.get().role == "luat_su"


def test_the_database_refuses_a_proxy_without_an_authorisation_document():
    case = CaseFactory(applicant=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseParticipant.objects.create(case=case, citizen=CitizenFactory(), role="nguoi_duoc_uy_quyen")


def test_the_api_refuses_a_proxy_without_its_document_and_accepts_a_group_with_its_appointment(board_user):
    client = client_for(board_user)
    case, _people = _group("submitted")
    body = assert_error(
        patch_json(
            client,
            f"{API}/cases/{case.pk}/",
            {"participants": [{"citizen": CitizenFactory().pk, "role": "nguoi_duoc_uy_quyen"}]},
        ),
        400,
    )
    assert "Điều 13" in str(body)
    refused = assert_error(
        post_json(client, f"{API}/cases/{case.pk}/transition/", {"action": "accept", "eligibility": "khac"}),
        409,
    )
    assert "văn bản cử người đại diện" in refused["detail"]
    scan = record_appointment(case, board_user)
    response = patch_json(
        client,
        f"{API}/cases/{case.pk}/",
        {"representatives_appointment": "Biên bản số 2", "representatives_appointment_file": scan.pk},
    )
    assert response.status_code == 200, response.content
    assert response.json()["representatives_appointment"] == "Biên bản số 2"
    accepted = post_json(
        client, f"{API}/cases/{case.pk}/transition/", {"action": "accept", "eligibility": "khac"}
    )
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"


def test_the_api_refuses_to_schedule_two_people_without_a_representative(board_user):
    case, _people = _group("accepted", size=2, reps=0, eligibility="khac")
    body = assert_error(
        post_json(client_for(board_user), f"{API}/cases/{case.pk}/transition/", {"action": "schedule"}),
        409,
        "rule_violated",
    )
    assert "khoản 4 Điều 22" in body["detail"]
