import pytest

from addons.tiepdan_case.tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_login_page_speaks_vietnamese_and_a_board_user_gets_in(page, live_url, login):
    page.goto(f"{live_url}/login/")
    assert page.locator("html").get_attribute("lang") == "vi"
    user = make_user("ban_tcd", username="ban_tcd_browser")
    user.is_staff = True
    user.save()
    login(page, "ban_tcd_browser")
    assert page.url.rstrip("/") == live_url


def test_a_chairman_enrols_by_typing_the_code_from_the_key_shown_and_gets_recovery_codes(page, live_url):
    """Issue 12: the enrolment page as a person meets it — the QR is an inline SVG, the key under it is what
    an authenticator app holds, and the code computed from that key (django_otp.oath) confirms it."""
    import base64

    from django_otp.oath import totp

    user = make_user("chu_tich", username="chu_tich_browser")
    user.is_staff = True
    user.save()
    page.goto(f"{live_url}/login/")
    page.fill("input[name=username]", "chu_tich_browser")
    page.fill("input[name=password]", "Test@12345678")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/tai-khoan/xac-thuc/dang-ky/**")
    assert page.locator("#second-factor-qr svg").count() == 1
    secret = page.locator("#second-factor-secret").inner_text().replace(" ", "")
    code = totp(base64.b32decode(secret))
    page.fill("input[name=code]", f"{code:06d}")
    page.locator("#second-factor-form button[type=submit]").click()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_text("Tiếp tục").click()
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/") == live_url
