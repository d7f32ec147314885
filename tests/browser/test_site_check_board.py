"""An so_khcn officer records a passing test run for a site; the board turns green for those items."""

import datetime as dt

import pytest
from django.utils import timezone

from addons.tiepdan_bridge.models import SiteCheck
from addons.tiepdan_bridge.services import checks as check_service
from addons.tiepdan_bridge.services.readiness import test_run_deadline as deadline_for
from addons.tiepdan_bridge.views import coming_starts
from addons.tiepdan_case.tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SITE = "XA-28261"


def cell(page, item):
    return page.locator(f'tr[data-site="{SITE}"] [data-item="{item}"]')


def test_a_passing_test_run_turns_the_board_green_for_the_items_of_science_and_technology(
    page, live_url, login
):
    user = make_user("so_khcn", username="so_khcn_browser")
    user.is_staff = True
    user.save()
    login(page, "so_khcn_browser")

    start = coming_starts(timezone.localdate())[0]  # the board's default: the next working day, 08:00
    deadline = deadline_for(start)
    now = timezone.localtime()
    at = min(
        now - dt.timedelta(minutes=5), timezone.make_aware(dt.datetime.combine(deadline, dt.time(10, 0)))
    )

    page.goto(f"{live_url}/bridge/board/?q={SITE}")
    for item in ("network", "audio_video", "recording", "power", "security"):
        assert cell(page, item).get_attribute("data-colour") == "red"
        assert cell(page, item).inner_text().strip() == "Chưa sẵn sàng"

    page.locator(f'tr[data-site="{SITE}"] a').click()  # "Ghi nhận kiểm tra" for this site
    page.select_option("select[name=kind]", "chay_thu")
    page.fill("input[name=at_0]", f"{at:%d/%m/%Y}")
    page.fill("input[name=at_1]", f"{at:%H:%M}")
    for item in ("network", "audio_video", "recording"):
        page.check(f"input[name={item}_result][value=pass]")
    page.fill("input[name=network_note]", "Đường truyền ổn định, độ trễ 20 ms")
    page.locator("button[name=_save]").first.click()
    page.wait_for_load_state("networkidle")
    assert "/sitecheck/add/" not in page.url, page.locator(".errorlist").all_inner_texts()

    check = SiteCheck.objects.latest("created_at")
    if check_service.late_status(check) == "late":
        # Run on a day whose deadline has passed: the check claims a time > 2 h before its entry (NĐ 154
        # art. 23.1 backdating rule); the provincial office confirms it, as it would on the screen.
        check_service.confirm_late_entry(make_user("vp_ubnd"), check, "Kiểm thử trình duyệt: giờ thật đã qua")
    page.goto(f"{live_url}/bridge/board/?q={SITE}")
    for item in ("network", "audio_video", "recording"):
        assert cell(page, item).get_attribute("data-colour") == "green"
        assert cell(page, item).inner_text().strip() == "Sẵn sàng"
    for item in ("power", "security"):
        assert cell(page, item).get_attribute("data-colour") == "red"
