import pytest

from ..models import AuditEvent, Case
from .api_support import API, assert_error, client_for, patch_json, post_json
from .factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, unit

pytestmark = pytest.mark.django_db


RECEPTION = {
    "received_at": "2026-11-02T08:30:00+07:00",
    "place": "Trụ sở tiếp công dân phường Mỹ Thọ",
    "received_by": "Công chức tiếp công dân",
    "direction": "thu_ly",
}


def case_data(citizens=(), roles=None, **overrides):
    data = {
        "case_type": "khieu_nai",
        "title": "Khiếu nại quyết định thu hồi đất",
        "summary": "Công dân khiếu nại mức bồi thường.",
        "unit": MY_THO,
        "received_date": "2026-11-02",
        "participants": [
            {"citizen": c.pk, "role": (roles[i] if roles else "nguoi_dung_don")}
            for i, c in enumerate(citizens)
        ],
    }
    data.update(overrides)
    return data


def test_a_commune_registers_a_draft_case_with_its_citizens(commune_user):
    citizen = CitizenFactory()
    response = post_json(client_for(commune_user), f"{API}/cases/", case_data([citizen], unit=DAO_THANH))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"].startswith("VV-2026-") and body["state"] == "draft"
    assert body["unit"] == MY_THO  # a commune registers only its own cases, whatever it sends
    assert body["participants"][0]["citizen"] == citizen.pk
    assert body["participants"][0]["role"] == "nguoi_dung_don"
    assert body["participants"][0]["full_name"] == citizen.full_name
    assert body["outcome_due"] == "2026-11-16" and isinstance(body["outcome_overdue"], bool)
    # Not sent before its reception is in the register (NĐ 154 art. 27.1).
    assert set(body["allowed_actions"]) == {"withdraw"}
    assert AuditEvent.objects.filter(object_id=body["id"], kind="created").count() == 1


def test_the_board_must_name_the_commune_of_a_case(board_user):
    body = assert_error(post_json(client_for(board_user), f"{API}/cases/", case_data(unit=None) | {}), 400)
    assert "unit" in body["fields"]
    data = case_data()
    del data["unit"]
    body = assert_error(post_json(client_for(board_user), f"{API}/cases/", data), 400)
    assert list(body["fields"]) == ["unit"]


def test_a_case_may_only_list_citizens_the_user_can_see(commune_user):
    elsewhere = CaseFactory(unit=unit(DAO_THANH)).participants.get().citizen
    body = assert_error(post_json(client_for(commune_user), f"{API}/cases/", case_data([elsewhere])), 400)
    assert list(body["fields"]) == ["participants.0.citizen"]


def test_a_citizen_listed_twice_is_refused(board_user):
    citizen = CitizenFactory()
    body = assert_error(
        post_json(client_for(board_user), f"{API}/cases/", case_data([citizen, citizen])), 400
    )
    assert list(body["fields"]) == ["participants"]


def test_identity_protection_is_only_for_denunciations(board_user):
    body = assert_error(
        post_json(client_for(board_user), f"{API}/cases/", case_data(identity_protection=True)), 400
    )
    assert list(body["fields"]) == ["identity_protection"]


def test_the_representatives_rule_is_enforced_when_the_case_is_submitted(commune_user):
    client = client_for(commune_user)
    people = CitizenFactory.create_batch(6)
    response = post_json(client, f"{API}/cases/", case_data(people, roles=["thanh_vien"] * 6, group_size=6))
    assert response.status_code == 201, response.content  # a draft may be incomplete
    case = response.json()
    assert case["is_group"] is True and "submit" not in case["allowed_actions"]

    refused = assert_error(
        post_json(client, f"{API}/cases/{case['id']}/transition/", {"action": "submit"}), 409, "rule_violated"
    )
    assert "Từ 5 đến 10 người cùng một nội dung phải cử 1 hoặc 2 người đại diện" in refused["detail"]
    assert "có 0 người đại diện" in refused["detail"]
    assert Case.objects.get(pk=case["id"]).state == "draft"

    roles = ["nguoi_dai_dien", "nguoi_dai_dien"] + ["thanh_vien"] * 4
    fixed = patch_json(
        client,
        f"{API}/cases/{case['id']}/",
        {"participants": [{"citizen": p.pk, "role": r} for p, r in zip(people, roles, strict=True)]},
    )
    assert fixed.status_code == 200, fixed.content
    reception = post_json(client, f"{API}/cases/{case['id']}/receptions/", RECEPTION | {"people_count": 6})
    assert reception.status_code == 201, reception.content
    assert "submit" in client.get(f"{API}/cases/{case['id']}/").json()["allowed_actions"]
    submitted = post_json(client, f"{API}/cases/{case['id']}/transition/", {"action": "submit"})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"


def test_the_board_updates_a_case_and_the_change_is_recorded(board_user):
    case = CaseFactory(state="submitted")
    response = patch_json(
        client_for(board_user), f"{API}/cases/{case.pk}/", {"title": "Tiêu đề mới", "group_size": 2}
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Tiêu đề mới"
    event = AuditEvent.objects.get(object_id=case.pk, kind="changed")
    assert event.changes["title"][1] == "Tiêu đề mới" and event.actor == board_user


def test_a_commune_may_not_edit_its_case_once_submitted(commune_user):
    case = CaseFactory(unit=unit(MY_THO), state="submitted")
    assert_error(patch_json(client_for(commune_user), f"{API}/cases/{case.pk}/", {"title": "X"}), 403)


@pytest.mark.parametrize("role", ["thanh_tra", "chu_tich", "lanh_dao", "so_nganh", "cong_an"])
def test_readers_may_neither_register_nor_edit_cases(user_in_role, role):
    case = CaseFactory()
    client = client_for(user_in_role(role))
    assert_error(post_json(client, f"{API}/cases/", case_data([CitizenFactory()])), 403, "permission_denied")
    assert_error(patch_json(client, f"{API}/cases/{case.pk}/", {"title": "X"}), 403, "permission_denied")
    assert Case.objects.count() == 1


def test_a_commune_cannot_edit_another_communes_case(other_commune_user):
    case = CaseFactory(unit=unit(MY_THO))
    assert_error(patch_json(client_for(other_commune_user), f"{API}/cases/{case.pk}/", {"title": "X"}), 404)


def test_a_closed_case_cannot_be_edited(board_user):
    case = CaseFactory(state="closed")
    assert_error(patch_json(client_for(board_user), f"{API}/cases/{case.pk}/", {"title": "X"}), 403)


def test_case_search_ignores_accents_and_finds_citizens_by_name(board_user):
    binh = CitizenFactory(full_name="Trần Văn Bình")
    by_person = CaseFactory(applicant=binh, title="Kiến nghị về đường giao thông")
    by_title = CaseFactory(title="Phản ánh ô nhiễm môi trường")
    CaseFactory(title="Khác")
    client = client_for(board_user)

    def found(text):
        return {row["id"] for row in client.get(f"{API}/cases/", {"search": text}).json()["results"]}

    assert found("tran van binh") == {by_person.pk}
    assert found("O NHIEM moi truong") == {by_title.pk}
    assert found(by_title.code.lower()) == {by_title.pk}
    assert found("đường giao thông") == {by_person.pk}
