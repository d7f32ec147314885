"""When a service refuses a save the form accepted, the admin shows why and keeps what was typed."""

import pytest

from addons.tiepdan_case.models import Case, Citizen
from addons.tiepdan_case.services import citizens as citizen_service
from addons.tiepdan_case.services.errors import Invalid
from addons.tiepdan_case.tests.admin_helpers import add, staff_user
from addons.tiepdan_case.tests.factories import MY_THO, unit, valid_can_cuoc

pytestmark = pytest.mark.django_db


def test_a_commune_clerk_without_a_commune_is_told_why_the_case_is_not_saved(client):
    clerk = staff_user("ubnd_xa", commune=MY_THO)
    clerk.profile.unit = None
    clerk.profile.save()
    client.force_login(clerk)
    response = client.post(
        add("case"),
        {
            "case_type": "kien_nghi",
            "title": "Kiến nghị nạo vét kênh",
            "summary": "Kênh cạn, bà con thiếu nước tưới.",
            "received_date": "02/11/2026",
            "channel": "truc_tiep",
            "group_size": "1",
            "participants-TOTAL_FORMS": "0",
            "participants-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tài khoản của bạn chưa gắn với xã, phường" in page
    assert "Kiến nghị nạo vét kênh" in page  # what the clerk typed is still there
    assert not Case.objects.exists()


def test_a_refusal_that_names_a_field_is_shown_on_that_field(client, monkeypatch):
    def refuse(actor, data):
        raise Invalid("Số đã được đăng ký.", fields={"id_number": ["Số đã được đăng ký."]})

    monkeypatch.setattr(citizen_service, "register_citizen", refuse)
    client.force_login(staff_user("ban_tcd"))
    response = client.post(
        add("citizen"),
        {
            "full_name": "Võ Thị Hồng",
            "id_type": "can_cuoc",
            "id_number": valid_can_cuoc(1990, "nu"),
            "date_of_birth": "03/04/1990",
            "gender": "nu",
            "phone": "0912 345 678",
            "address": "Số 5, đường Lê Lợi",
            "unit": unit(MY_THO).pk,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["id_number"] == ["Số đã được đăng ký."]
    assert not Citizen.objects.exists()
