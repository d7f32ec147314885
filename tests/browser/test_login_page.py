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
