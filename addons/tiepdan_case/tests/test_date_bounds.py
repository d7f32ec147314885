"""Every date from outside lies between 01/01/1900 and 31/12/9998 (config/formats/bounds.py): a receipt
date of 9999-12-31 overflowed the working-day arithmetic (500) and 0001-01-01 gave the code "VV-1-00001"."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Case

from .admin_helpers import form_data, staff_user
from .api_support import API, assert_error, client_for

pytestmark = pytest.mark.django_db

CASE = {"case_type": "khieu_nai", "title": "Tranh chấp đất", "summary": "S", "unit": "28261"}
MESSAGE = "Nhập ngày trong khoảng từ 01/01/1900 đến 31/12/9998."


@pytest.mark.parametrize("day", ["9999-12-31", "9999-01-01", "0001-01-01", "1899-12-31"])
def test_the_api_refuses_a_receipt_date_outside_the_bounds(board_user, day):
    response = client_for(board_user).post(f"{API}/cases/", CASE | {"received_date": day}, format="json")
    body = assert_error(response, 400, "invalid")
    assert body["fields"]["received_date"] == [MESSAGE]
    assert not Case.objects.exists()


def test_the_api_still_takes_the_first_day_of_1900(board_user):
    response = client_for(board_user).post(
        f"{API}/cases/", CASE | {"received_date": "1900-01-01"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["code"].startswith("VV-1900-")


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_case_patch_with_a_receipt_date_outside_the_bounds_is_400(board_user, case_factory, day):
    case = case_factory()
    response = client_for(board_user).patch(f"{API}/cases/{case.pk}/", {"received_date": day}, format="json")
    assert assert_error(response, 400)["fields"]["received_date"] == [MESSAGE]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_of_birth_outside_the_bounds_is_400(board_user, day):
    citizen = {"full_name": "Lê Văn A", "id_type": "khac", "id_number": "X1", "gender": "nam"}
    citizen |= {"address": "B", "unit": "28261", "date_of_birth": day}
    response = client_for(board_user).post(f"{API}/citizens/", citizen, format="json")
    assert "date_of_birth" in assert_error(response, 400)["fields"]


@pytest.mark.parametrize("day", ["31/12/9999", "01/01/0001"])
def test_the_admin_case_form_refuses_a_receipt_date_outside_the_bounds(client, case_factory, day):
    client.force_login(staff_user("ban_tcd"))
    case = case_factory()
    url = reverse("admin:tiepdan_case_case_change", args=[case.pk])
    data = {**form_data(client.get(url)), "received_date": day}
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert MESSAGE in response.content.decode()
    case.refresh_from_db()
    assert case.received_date.year not in (1, 9999)
