import datetime as dt

from django.utils import timezone

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_bridge.services import checks as check_service


def site(code="XA-28261"):
    return BridgeSite.objects.get(code=code)


def local(y, m, d, hh=8, mm=0):
    return timezone.make_aware(dt.datetime(y, m, d, hh, mm))


def passing_check(
    user, at, kind="chay_thu", items=("network", "audio_video", "recording"), where=None, passed=True
):
    return check_service.record_check(
        user, where or site(), kind, at, answers={item: (passed, "") for item in items}
    )
