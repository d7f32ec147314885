"""403, 404 and 500 answer in Vietnamese in the back-office style, with DEBUG on (make run) and off."""

import pytest
from django.test import override_settings
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def test_an_unknown_page_is_a_vietnamese_404(client, debug):
    client.force_login(staff_user("ban_tcd"))
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'lang="vi"' in html and 'id="error-page"' in html and "Không tìm thấy trang" in html
    assert "Page not found" not in html and "Using the URLconf" not in html


def test_a_screen_the_role_may_not_open_is_a_vietnamese_403(client, debug):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.get(reverse("admin:tiepdan_case_auditevent_changelist"))
    assert response.status_code == 403
    assert "Bạn không được mở trang này" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_failure_is_a_vietnamese_500(client, debug):
    client.raise_request_exception = False
    client.force_login(staff_user("ban_tcd"))
    response = client.get("/loi-thu/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Đã có lỗi phía hệ thống" in html and "Traceback" not in html and "RuntimeError" not in html


def test_the_api_keeps_its_json_errors(client, debug):
    client.force_login(staff_user("ban_tcd"))
    response = client.get("/api/v1/cases/999999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
