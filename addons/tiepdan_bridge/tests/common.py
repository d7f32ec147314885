import datetime as dt

from django.utils import timezone

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_bridge.services import checks as check_service


def site(code="XA-28261"):
    return BridgeSite.objects.get(code=code)


def local(y, m, d, hh=8, mm=0):
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


def entered_on_time(check, minutes=1):
    """As if the check and its answers had been typed in `minutes` after the time the check claims (tests
    write checks of past dates; without this every one of them would be a late entry)."""
    from addons.tiepdan_bridge.models import SiteCheck, SiteCheckItem

    moment = check.at + dt.timedelta(minutes=minutes)
    SiteCheck.objects.filter(pk=check.pk).update(created_at=moment)
    SiteCheckItem.objects.filter(site_check=check).update(answered_at=moment)
    check.refresh_from_db()
    return check


def passing_check(
    user,
    at,
    kind="chay_thu",
    items=("network", "audio_video", "recording"),
    where=None,
    passed=True,
    on_time=True,
):
    """A check with answers; entered at its time unless `on_time=False` (then entered now: a late entry)."""
    check = check_service.record_check(
        user, where or site(), kind, at, answers={item: (passed, "") for item in items}
    )
    return entered_on_time(check) if on_time else check
