"""Demo data of the bridge module, loaded by the case module's `load_demo` (never in production).

Idempotent: equipment and budget lines are matched by site and kind/item; the check history and the
incident are added only once (marked by their note). Checks are answered through the services by the
demo users `so_khcn`, `dien_luc` and `cong_an` when those exist.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case.services.calendar import add_working_days

from .models import BridgeSite, BudgetLine, Equipment, Incident, SiteCheck
from .services import checks as check_service

DEMO_NOTE = "Dữ liệu mẫu"
EQUIPMENT = [
    ("camera", "Camera hội nghị PTZ 4K", 1),
    ("microphone", "Micro đa hướng hội nghị", 2),
    ("speaker", "Loa hội trường", 2),
    ("display", "Màn hình LED 86 inch", 1),
    ("codec", "Thiết bị codec hội nghị truyền hình", 1),
    ("network", "Đường truyền số liệu chuyên dùng 100 Mbps", 1),
    ("power_backup", "Bộ lưu điện UPS 3 kVA", 1),
    ("recorder", "Thiết bị ghi hình", 1),
]
BUDGET = [
    ("Camera hội nghị PTZ 4K", 1, 32_000_000),
    ("Micro đa hướng hội nghị", 2, 6_500_000),
    ("Bộ lưu điện UPS 3 kVA", 1, 18_500_000),
]
DEMO_SITES = ("TINH-TTHN", "XA-28261", "XA-28249")


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def load(stdout=None):
    def say(text):
        if stdout is not None:
            stdout.write(text)

    sites = list(BridgeSite.objects.filter(code__in=DEMO_SITES))
    now = timezone.now()
    for site in sites:
        for kind, description, quantity in EQUIPMENT:
            Equipment.objects.get_or_create(
                site=site,
                kind=kind,
                defaults={"description": description, "quantity": quantity, "last_checked_at": now},
            )
        if site.level == "xa":
            for item, quantity, price in BUDGET:
                BudgetLine.objects.get_or_create(
                    site=site, item=item, defaults={"quantity": quantity, "unit_price": price}
                )
    khcn, power, police = _user("so_khcn"), _user("dien_luc"), _user("cong_an")
    if khcn and power and police:
        last_working_day = add_working_days(timezone.localdate(), -1)
        at = timezone.make_aware(dt.datetime.combine(last_working_day, dt.time(9, 0)))
        for site in sites:
            if SiteCheck.objects.filter(site=site, note=DEMO_NOTE).exists():
                continue
            check = check_service.record_check(khcn, site, "chay_thu", at, note=DEMO_NOTE)
            for user, item in (
                (khcn, "network"),
                (khcn, "audio_video"),
                (khcn, "recording"),
                (power, "power"),
            ):
                check_service.answer_item(user, check, item, True, "")
            passed = site.code != "XA-28249"  # one site still has a problem to show red on the board
            check_service.answer_item(
                police, check, "security", passed, "" if passed else "Chưa bố trí lực lượng"
            )
    else:
        say(
            _("Bridge demo: demo users so_khcn, dien_luc, cong_an not found; no check history loaded.") + "\n"
        )
    hall = next((s for s in sites if s.code == "TINH-TTHN"), None)
    if hall and not Incident.objects.filter(site=hall, note__startswith=DEMO_NOTE).exists():
        lost = now - dt.timedelta(days=3)
        Incident.objects.create(
            site=hall,
            kind="connection",
            started_at=lost,
            ended_at=lost + dt.timedelta(minutes=4),
            note=f"{DEMO_NOTE}: mất kết nối đường truyền 4 phút khi chạy thử.",
            recorded_by=_user("ban_tcd"),
        )
    say(
        _("Bridge demo: %(count)s sites with equipment, budget lines, checks and an incident.")
        % {"count": len(sites)}
        + "\n"
    )
