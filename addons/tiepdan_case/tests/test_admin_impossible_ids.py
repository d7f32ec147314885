"""An id no row can have in a query string of an admin add page (?case=99999999999999999999) overflowed
the database when the form showed it as the initial value (issue 6, "No 500")."""

import pytest
from django.urls import reverse

from .admin_helpers import staff_user

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "page,param",
    [
        ("admin:tiepdan_case_reception_add", "case"),
        ("admin:tiepdan_case_caseattachment_add", "case"),
        ("admin:tiepdan_case_reception_add", "receiving_agency"),
        ("admin:tiepdan_session_sessionsite_add", "session"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, "9223372036854775808", "-1", "abc"])
def test_an_add_page_with_an_impossible_id_opens_empty(client, page, param, value):
    client.force_login(staff_user("ban_tcd"))
    response = client.get(reverse(page), {param: value})
    assert response.status_code in (200, 403)
    if response.status_code == 200:
        assert str(response.context["adminform"].form.initial.get(param)) != value


def test_the_new_reception_page_with_an_impossible_citizen_opens_empty(client):
    client.force_login(staff_user("ban_tcd"))
    response = client.get(reverse("admin:tiepdan_case_case_reception"), {"citizen": HUGE})
    assert response.status_code == 200
