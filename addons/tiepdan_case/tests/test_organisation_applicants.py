"""An agency or organisation as the applicant (Luật TCD art. 1): its name and address on the case, and the
person representing it — a citizen with the paper that proves it (NĐ 154 art. 13.1). A denouncer is always an
individual (Luật Tố cáo art. 2.4)."""

import pytest
from django.db import IntegrityError, transaction

from addons.tiepdan_case.models import Case, CaseParticipant
from addons.tiepdan_case.tests.admin_helpers import add, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, post_json
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db
COOP = "Hợp tác xã nông nghiệp Mỹ Thọ"
COOP_ADDRESS = "Ấp Mỹ Phú, phường Mỹ Thọ, tỉnh Đồng Tháp"
PAPER = "Giấy ủy quyền số 12/GUQ-HTX ngày 01/11/2026 của Giám đốc Hợp tác xã"
RECEPTION = {
    "received_at": "2026-11-02T08:30:00+07:00",
    "place": "Trụ sở tiếp công dân phường Mỹ Thọ",
    "received_by": "Công chức tiếp công dân",
    "direction": "thu_ly",
}


def _data(representative=None, role="dai_dien_to_chuc", document=PAPER, **overrides):
    data = {
        "case_type": "khieu_nai",
        "title": "Khiếu nại quyết định thu hồi đất của hợp tác xã",
        "summary": "Hợp tác xã khiếu nại việc thu hồi đất sản xuất chung.",
        "unit": MY_THO,
        "received_date": "2026-11-02",
        "organisation_name": COOP,
        "organisation_address": COOP_ADDRESS,
        "participants": [],
    }
    if representative is not None:
        data["participants"] = [
            {"citizen": representative.pk, "role": role, "authorization_document": document}
        ]
    data.update(overrides)
    return data


def _submit(client, case_id):
    return post_json(client, f"{API}/cases/{case_id}/transition/", {"action": "submit"})


def test_an_organisation_applies_through_its_representative_and_the_case_is_sent(commune_user):
    client = client_for(commune_user)
    person = CitizenFactory(full_name="Lê Văn Hợp")
    response = post_json(client, f"{API}/cases/", _data(person))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["organisation_name"], body["organisation_address"]) == (COOP, COOP_ADDRESS)
    (participant,) = body["participants"]
    assert participant["role"] == "dai_dien_to_chuc" and participant["authorization_document"] == PAPER
    assert post_json(client, f"{API}/cases/{body['id']}/receptions/", RECEPTION).status_code == 201
    assert _submit(client, body["id"]).status_code == 200
    assert Case.objects.get(pk=body["id"]).state == "submitted"


def test_an_organisation_case_is_not_sent_without_the_person_representing_it(commune_user):
    client = client_for(commune_user)
    body = post_json(client, f"{API}/cases/", _data()).json()
    assert post_json(client, f"{API}/cases/{body['id']}/receptions/", RECEPTION).status_code == 201
    case = client.get(f"{API}/cases/{body['id']}/").json()
    (problem,) = [p for p in case["submit_problems"] if COOP in p]
    assert "Điều 13" in problem
    assert_error(_submit(client, body["id"]), 409, "rule_violated")


def test_the_representative_of_an_organisation_must_show_the_paper_that_proves_it(commune_user):
    body = assert_error(
        post_json(client_for(commune_user), f"{API}/cases/", _data(CitizenFactory(), document="")), 400
    )
    assert "Điều 13" in body["fields"]["participants"][0]
    case = CaseFactory(applicant=False, organisation_name=COOP, organisation_address=COOP_ADDRESS)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseParticipant.objects.create(case=case, citizen=CitizenFactory(), role="dai_dien_to_chuc")


def test_an_organisation_needs_its_address(commune_user):
    body = assert_error(
        post_json(
            client_for(commune_user), f"{API}/cases/", _data(CitizenFactory(), organisation_address="")
        ),
        400,
    )
    assert "organisation_address" in body["fields"]
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(organisation_name=COOP)


def test_an_organisation_cannot_denounce_as_the_law_on_denunciation_names_only_individuals(board_user):
    data = _data(CitizenFactory(), case_type="to_cao")
    body = assert_error(post_json(client_for(board_user), f"{API}/cases/", data), 400)
    assert "Điều 2" in body["fields"]["organisation_name"][0]
    case = CaseFactory(case_type="to_cao")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(organisation_name=COOP, organisation_address=COOP_ADDRESS)


def test_a_person_case_cannot_carry_an_organisations_representative(commune_user):
    client = client_for(commune_user)
    data = _data(CitizenFactory(), organisation_name="", organisation_address="")
    body = post_json(client, f"{API}/cases/", data).json()
    post_json(client, f"{API}/cases/{body['id']}/receptions/", RECEPTION)
    (problem,) = client.get(f"{API}/cases/{body['id']}/").json()["submit_problems"]
    assert "tổ chức" in problem
    assert_error(_submit(client, body["id"]), 409, "rule_violated")


def test_the_case_form_records_the_applicant_organisation(client):
    client.force_login(staff_user("ban_tcd"))
    response = client.post(
        add("case"),
        {
            "case_type": "kien_nghi",
            "title": "Kiến nghị nạo vét kênh nội đồng",
            "summary": "Hợp tác xã kiến nghị nạo vét kênh phục vụ tưới tiêu.",
            "unit": unit(MY_THO).pk,
            "received_date": "02/11/2026",
            "channel": "truc_tiep",
            "group_size": 1,
            "organisation_name": COOP,
            "organisation_address": COOP_ADDRESS,
            "participants-TOTAL_FORMS": 0,
            "participants-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Case.objects.get(title="Kiến nghị nạo vét kênh nội đồng")
    assert (case.organisation_name, case.organisation_address) == (COOP, COOP_ADDRESS)
