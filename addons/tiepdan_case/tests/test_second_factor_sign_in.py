"""Two-factor sign-in (issue 12): TOTP (django-otp) for quan_tri, chu_tich, vp_ubnd, ban_tcd, thanh_tra
and every handler of a protected identity; enrolment with a server-drawn QR code, recovery codes, codes
computed for real (django_otp.oath) and posted through the pages a person uses."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import CaseFactory
from addons.tiepdan_case.tests.second_factor import code_for, enrol, password_only_login, shown_device

pytestmark = pytest.mark.django_db

PASSWORD = "Test@12345678"
VERIFY = "/tai-khoan/xac-thuc/"
ENROL = "/tai-khoan/xac-thuc/dang-ky/"
HOME = "/"


def _sign_in(client, user):
    response = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client.get(HOME)


@pytest.mark.parametrize("role", ["quan_tri", "chu_tich", "vp_ubnd", "ban_tcd", "thanh_tra"])
def test_the_listed_roles_cannot_open_the_back_office_with_the_password_alone(client, role):
    user = staff_user(role)
    response = _sign_in(client, user)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    enrol(user)
    response = client.get(reverse("admin:tiepdan_case_case_changelist"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_a_role_that_handles_no_denunciation_signs_in_with_the_password(client):
    response = _sign_in(client, staff_user("lanh_dao"))
    assert response.status_code == 200


def test_a_commune_user_handling_a_denunciation_needs_the_second_factor(client, commune_user):
    commune_user.is_staff = True
    commune_user.save()
    assert _sign_in(client, commune_user).status_code == 200  # no denunciation in the commune yet
    CaseFactory(case_type="to_cao", unit=commune_user.profile.unit)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_a_user_named_handler_of_a_denunciation_needs_the_second_factor(client):
    officer = staff_user("so_nganh")
    case = CaseFactory(case_type="to_cao")
    assert _sign_in(client, officer).status_code == 200
    case.handlers.add(officer)
    assert client.get(HOME).status_code == 302


def test_enrolment_shows_a_qr_code_drawn_on_the_server_and_a_real_code_confirms_it(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = (
        0  # the wait after a wrong code: test_a_wrong_code_makes_the_next_wait
    )
    user = staff_user("ban_tcd")
    _sign_in(client, user)
    page = client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<div[^>]*id="second-factor-qr"[^>]*>\s*<svg', html)  # inline SVG, no script, no URL
    assert "<script src" not in html.split('id="second-factor-qr"')[1].split("</div>")[0]
    assert not TOTPDevice.objects.filter(user=user).exists()  # showing the code writes nothing
    device = shown_device(user, page)
    assert device.config_url.split("secret=")[1].split("&")[0] in html.replace(" ", "")
    assert shown_device(user, client.get(ENROL)).key == device.key  # the same secret until it is confirmed
    wrong = client.post(ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.filter(user=user).exists()
    response = client.post(ENROL, {"code": code_for(device), "next": "/"})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(codes)
    assert client.get(HOME).status_code == 200  # this session is verified now
    assert AuditEvent.objects.filter(object_id=user.pk, action="second_factor_enrolled").exists()


def test_the_code_from_the_app_passes_the_second_step_and_a_wrong_one_does_not(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = staff_user("chu_tich")
    device = enrol(user)
    response = _sign_in(client, user)
    assert response["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": "12345"}).status_code == 200
    assert client.get(HOME).status_code == 302
    assert client.post(VERIFY, {"code": code_for(device), "next": "/"})["Location"] == "/"
    assert client.get(HOME).status_code == 200


def test_a_wrong_code_makes_the_next_attempt_wait_even_with_the_right_code(client):
    user = staff_user("ban_tcd")
    device = enrol(user)
    _sign_in(client, user)
    client.post(VERIFY, {"code": "12345"})
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 200  # throttled: still the form
    assert client.get(HOME).status_code == 302


def test_a_code_already_used_does_not_sign_in_again(client):
    user = staff_user("vp_ubnd")
    device = enrol(user)
    used = code_for(device)
    _sign_in(client, user)
    assert client.post(VERIFY, {"code": used})["Location"] == "/"
    client.logout()
    _sign_in(client, user)
    assert client.post(VERIFY, {"code": used}).status_code == 200  # replayed: refused
    assert client.get(HOME).status_code == 302


def test_a_recovery_code_signs_in_once(client):
    user = staff_user("thanh_tra")
    password_only_login(client, user)
    device = shown_device(user, client.get(ENROL))
    client.post(ENROL, {"code": code_for(device)})
    code = StaticToken.objects.filter(device__user=user).first().token
    client.logout()
    _sign_in(client, user)
    assert client.post(VERIFY, {"code": code, "next": "/"})["Location"] == "/"
    client.logout()
    _sign_in(client, user)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert client.get(HOME).status_code == 302


def test_a_password_alone_cannot_enrol_a_second_phone(client):
    user = staff_user("ban_tcd")
    enrol(user)
    _sign_in(client, user)
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_new_recovery_codes_need_a_verified_session_and_replace_the_old_ones(client):
    user = staff_user("ban_tcd")
    password_only_login(client, user)
    enrol(user)
    assert client.get("/tai-khoan/xac-thuc/ma-du-phong/")["Location"].startswith(VERIFY)
    client.force_login(user)
    response = client.post("/tai-khoan/xac-thuc/ma-du-phong/")
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=user).count() == 10


def test_the_api_answers_403_to_a_session_without_the_second_factor(client):
    user = staff_user("ban_tcd")
    password_only_login(client, user)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403 and response.json()["code"] == "second_factor_required"
