"""A citizen's page lists their cases and receptions within the user's scope and offers "Tạo vụ việc"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.models import Reception
from addons.tiepdan_case.tests.admin_helpers import change, staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory, CitizenFactory, agency

pytestmark = pytest.mark.django_db


def _reception(case):
    return Reception.objects.create(
        case=case, received_at=timezone.now() - dt.timedelta(days=1), place="Trụ sở UBND phường Mỹ Tho",
        receiving_agency=agency(f"ubnd-{MY_THO}"), received_by="Lê Văn Tiếp", direction="thu_ly",
    )  # fmt: skip


def test_the_commune_sees_the_citizens_cases_receptions_and_can_start_a_new_case(client):
    citizen = CitizenFactory()
    case = CaseFactory(applicant=citizen, title="Khiếu nại về ranh giới đất")
    _reception(case)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(change("citizen", citizen.pk)).content.decode()
    assert case.code in html and "Khiếu nại về ranh giới đất" in html
    assert 'id="citizen-receptions"' in html and "Trụ sở UBND phường Mỹ Tho" in html
    assert f"{reverse('admin:tiepdan_case_case_reception')}?citizen={citizen.pk}" in html


def test_a_protected_denunciation_is_not_listed_for_a_non_handler(client):
    citizen = CitizenFactory()
    CaseFactory(applicant=citizen, title="Khiếu nại công khai")
    secret = CaseFactory(applicant=False, case_type="to_cao", identity_protection=True, title="Tố cáo bí mật")
    secret.participants.create(citizen=citizen, role="nguoi_dung_don")
    client.force_login(staff_user("thanh_tra"))
    response = client.get(change("citizen", citizen.pk))
    if response.status_code == 404:
        return  # a citizen known through a protected denunciation is not reachable at all: also fine
    html = response.content.decode()
    assert "Tố cáo bí mật" not in html and secret.code not in html
    assert 'id="citizen-new-case"' not in html  # a reader may not register cases
