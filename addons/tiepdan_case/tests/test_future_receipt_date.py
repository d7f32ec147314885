"""A case cannot be received on a day that has not come: refused at save, in the admin and the API."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.admin_helpers import add, staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, post_json
from addons.tiepdan_case.tests.factories import MY_THO

pytestmark = pytest.mark.django_db


def _tomorrow():
    return timezone.localdate() + dt.timedelta(days=1)


def test_the_case_form_refuses_a_receipt_date_in_the_future(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(
        add("case"),
        {
            "case_type": "khieu_nai", "title": "Khiếu nại", "summary": "Nội dung", "received_date": _tomorrow().strftime("%d/%m/%Y"),
            "channel": "truc_tiep", "group_size": "1",
            "participants-TOTAL_FORMS": "0", "participants-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "là ngày trong tương lai" in str(response.context["adminform"].form.errors["received_date"])
    assert not Case.objects.exists()


def test_the_api_refuses_a_receipt_date_in_the_future(commune_user):
    data = {
        "case_type": "khieu_nai",
        "title": "Khiếu nại",
        "summary": "Nội dung",
        "received_date": _tomorrow().isoformat(),
    }
    body = assert_error(post_json(client_for(commune_user), f"{API}/cases/", data), 400)
    assert "received_date" in body["fields"]
    assert not Case.objects.exists()
