"""In the browser, the roles picker of a user shows its two boxes as “Có sẵn …” and “Đã chọn …”."""

import pytest

from addons.tiepdan_case.tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_roles_picker_says_co_san_and_da_chon(page, live_url, login):
    admin = make_user("quan_tri", username="quan_tri_picker")
    admin.is_staff = True
    admin.save()
    other = make_user("ban_tcd", username="ban_tcd_picker")
    login(page, "quan_tri_picker")
    page.goto(f"{live_url}/auth/user/{other.pk}/change/")
    page.wait_for_selector(".selector-available")
    available = page.locator(".selector-available h2, .selector-available label").first.inner_text()
    chosen = page.locator(".selector-chosen h2, .selector-chosen label").first.inner_text()
    assert available.startswith("Có sẵn") and chosen.startswith("Đã chọn")
    assert "Available" not in page.locator(".selector").first.inner_text()
