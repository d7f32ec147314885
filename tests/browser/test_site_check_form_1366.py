"""The site-check form on a 1366-pixel screen: nothing runs off the side, the time is whole, every item has
its styled choices and a visible note box, and choosing “Không đạt” warns at once; saved, the site is red."""

import pytest
from django.utils import timezone

from addons.tiepdan_bridge.views import coming_starts
from addons.tiepdan_case.tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ITEMS = ("network", "audio_video", "recording", "power", "security")
SITE = "XA-28261"


def box(page, selector):
    return page.locator(selector).bounding_box()


def test_the_site_check_form_fits_1366_pixels_and_warns_on_a_failing_answer(page, live_url, login):
    user = make_user("so_khcn", username="so_khcn_1366")
    user.is_staff = True
    user.save()
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "so_khcn_1366")
    page.goto(f"{live_url}/bridge/board/?q={SITE}")
    page.locator(f'tr[data-site="{SITE}"] a').click()  # "Ghi nhận kiểm tra" for this site
    page.wait_for_load_state("networkidle")

    assert page.evaluate("document.documentElement.scrollWidth") <= 1366  # no sideways scrolling
    time_input = page.locator("input[name=at_1]")
    time_box = box(page, "input[name=at_1]")
    assert time_box["x"] + time_box["width"] <= 1366
    assert time_input.evaluate("e => e.scrollWidth <= e.clientWidth")  # the whole time shows
    assert len(time_input.input_value()) == 5  # HH:MM
    for item in ITEMS:
        for value in ("", "pass", "fail"):
            radio = page.locator(f"input[name={item}_result][value='{value}']")
            assert radio.is_visible()
            choice = radio.bounding_box()
            assert choice["x"] + choice["width"] <= 1366
        note = box(page, f"input[name={item}_note]")
        assert note["width"] >= 300 and note["x"] + note["width"] <= 1366

    warning = page.locator("#fail-warning")
    assert warning.is_hidden()
    page.check("input[name=network_result][value=fail]")
    assert warning.is_visible() and "Không đạt: Đường truyền" in warning.inner_text()
    page.check("input[name=network_result][value=pass]")
    assert warning.is_hidden()
    page.check("input[name=recording_result][value=fail]")
    assert "Không đạt: Ghi âm, ghi hình" in warning.inner_text()

    page.locator("button[name=_save]").first.click()
    page.wait_for_load_state("networkidle")
    assert "/sitecheck/add/" not in page.url, page.locator(".errorlist").all_inner_texts()
    assert "Không đạt: Ghi âm, ghi hình" in page.content()  # said again after the save
    start = coming_starts(timezone.localdate())[0]
    page.goto(f"{live_url}/bridge/board/?q={SITE}&start={start.isoformat()}".replace("+", "%2B"))
    assert page.get_attribute(f'tr[data-site="{SITE}"]', "data-site-colour") == "red"
