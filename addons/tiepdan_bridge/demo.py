"""Demo data of the bridge module, loaded by the case module's `load_demo` (never in production).

Idempotent: equipment and budget lines are matched by site and kind/item; the check history and the
incident are added only once (marked by their note). Everything goes through the services, so it has its
history: equipment, budget lines and the incident by the demo user `ban_tcd`, check answers by `so_khcn`,
`dien_luc` and `cong_an`, when those exist.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case.services.calendar import add_working_days

from .models import BridgeSite, BudgetLine, Equipment, Incident, SiteCheck
from .services import budget as budget_service
from .services import checks as check_service
from .services import incidents as incident_service
from .services import sites as site_service

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
    # Through the services, like the screens: every row gets its history (AuditEvent) and its author.
    operator = _user("ban_tcd")
    if operator is None:
        say(_("Bridge demo: demo user ban_tcd not found; no equipment, budget or incident loaded.") + "\n")
    for site in sites if operator else ():
        kept = set(Equipment.objects.filter(site=site).values_list("kind", flat=True))
        for kind, description, quantity in EQUIPMENT:
            if kind not in kept:
                site_service.save_equipment(
                    operator,
                    Equipment(),
                    {
                        "site": site,
                        "kind": kind,
                        "description": description,
                        "quantity": quantity,
                        "last_checked_at": now,
                    },
                )
        if site.level == "xa":
            proposed = set(BudgetLine.objects.filter(site=site).values_list("item", flat=True))
            for item, quantity, price in BUDGET:
                if item not in proposed:
                    budget_service.save_line(
                        operator,
                        BudgetLine(),
                        {"site": site, "item": item, "quantity": quantity, "unit_price": price},
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
    if operator and hall and not Incident.objects.filter(site=hall, note__startswith=DEMO_NOTE).exists():
        lost = now - dt.timedelta(days=3)
        incident_service.save_incident(
            operator,
            Incident(),
            {
                "site": hall,
                "kind": "connection",
                "started_at": lost,
                "ended_at": lost + dt.timedelta(minutes=4),
                "note": f"{DEMO_NOTE}: mất kết nối đường truyền 4 phút khi chạy thử.",
            },
        )
    say(
        _("Bridge demo: %(count)s sites with equipment, budget lines, checks and an incident.")
        % {"count": len(sites)}
        + "\n"
    )
