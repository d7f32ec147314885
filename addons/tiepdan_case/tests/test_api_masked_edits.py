"""Through the API, a user who sees a protected denouncer masked cannot overwrite what they see redacted."""

import pytest
from rest_framework.test import APIClient

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, CitizenFactory, make_user, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def protected():
    denouncer = CitizenFactory(full_name="Huỳnh Văn Tố")
    return CaseFactory(
        case_type="to_cao",
        identity_protection=True,
        applicant=denouncer,
        unit=unit(MY_THO),
        state="submitted",
        title="Ông Huỳnh Văn Tố tố cáo cán bộ địa chính",
    )


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_sending_back_the_redacted_title_keeps_the_stored_one(protected):
    client = _client(make_user(R.VP_UBND))
    shown = client.get(f"/api/v1/cases/{protected.pk}/").json()
    assert "Huỳnh Văn Tố" not in shown["title"]
    response = client.patch(
        f"/api/v1/cases/{protected.pk}/", {"title": shown["title"], "is_repeat": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Case.objects.get(pk=protected.pk).title == "Ông Huỳnh Văn Tố tố cáo cán bộ địa chính"


def test_rewriting_the_redacted_summary_is_refused(protected):
    response = _client(make_user(R.VP_UBND)).patch(
        f"/api/v1/cases/{protected.pk}/", {"summary": "Tóm tắt khác"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Case.objects.get(pk=protected.pk).summary != "Tóm tắt khác"
