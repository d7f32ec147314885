"""Login lockouts (django-axes): which accounts and addresses are locked now, and unlocking them.

Axes keeps one `AccessAttempt` row per (username, address, browser) with its failures; the lockout rule is
`lockout.LockoutHandler` (issue 12): over the cool-off window (`AXES_COOLOFF_TIME`) an account is locked
from one address after `AXES_FAILURE_LIMIT` failures there, everywhere after `LOGIN_ACCOUNT_FAILURE_LIMIT`,
and an address after `LOGIN_ADDRESS_FAILURE_LIMIT` — the sums below follow that rule. Unlocking
deletes the rows that count (axes' `reset`), under the administrators' role, with a history row.
"""

import datetime as dt
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles as R
from ..roles import user_roles
from .audit import record_event
from .errors import Conflict, Invalid, NotAllowed

USERNAME, ADDRESS = "username", "ip_address"


@dataclass(frozen=True)
class Lockout:
    kind: str  # USERNAME or ADDRESS
    value: str
    failures: int
    last_failure: dt.datetime
    until: dt.datetime


def _present(kind: str) -> Q:
    # An address field turns "" into NULL (and `exclude(ip_address="")` into a NULL test that drops every row).
    return Q(**{f"{kind}__isnull": False}) & (Q() if kind == ADDRESS else ~Q(**{kind: ""}))


def _threshold() -> dt.datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


# The limits of lockout.LockoutHandler (issue 12): an account from one address (AXES_FAILURE_LIMIT) or
# from any address (LOGIN_ACCOUNT_FAILURE_LIMIT); an address for any account (LOGIN_ADDRESS_FAILURE_LIMIT,
# higher: a whole office shares one address).
def _recent():
    return AccessAttempt.objects.filter(attempt_time__gte=_threshold())


def _locked_rows(kind: str):
    per_value = (
        _recent()
        .filter(_present(kind))
        .values(kind)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    if kind == ADDRESS:
        return per_value.filter(failures__gte=settings.LOGIN_ADDRESS_FAILURE_LIMIT)
    # an account locked from one address counts too (the everyday lockout of LockoutHandler)
    from_one_address = (
        _recent()
        .filter(_present(kind))
        .values(USERNAME, ADDRESS)
        .annotate(pair=Sum("failures_since_start"))
        .filter(pair__gte=settings.AXES_FAILURE_LIMIT)
        .values(USERNAME)
    )
    return per_value.filter(
        Q(failures__gte=settings.LOGIN_ACCOUNT_FAILURE_LIMIT) | Q(**{f"{USERNAME}__in": from_one_address})
    )


def _locked(kind: str) -> list[Lockout]:
    rows = _locked_rows(kind).order_by("-last")
    return [
        Lockout(kind, row[kind], row["failures"], row["last"], row["last"] + settings.AXES_COOLOFF_TIME)
        for row in rows
    ]


def locked_accounts() -> list[Lockout]:
    return _locked(USERNAME)


def locked_addresses() -> list[Lockout]:
    return _locked(ADDRESS)


def _count(kind: str) -> int:
    """One query, for the home work queue."""
    return _locked_rows(kind).count()


def locked_account_count() -> int:
    return _count(USERNAME)


def locked_address_count() -> int:
    return _count(ADDRESS)


def can_unlock(user) -> bool:
    return user.is_superuser or (R.QUAN_TRI in user_roles(user) and user.has_perm("auth.change_user"))


def unlock(actor, kind: str, value: str, *, note: str = "") -> int:
    """End the lockout of an account (`USERNAME`) or an address (`ADDRESS`); returns the rows removed."""
    if not can_unlock(actor):
        raise NotAllowed(_("Only the system administrators unlock accounts."))
    if kind not in (USERNAME, ADDRESS) or not value:
        raise Invalid(_("Nothing to unlock."))
    with transaction.atomic():
        attempts = list(AccessAttempt.objects.select_for_update().filter(**{kind: value}).order_by("-id"))
        if not attempts:
            raise Conflict(_("This lockout has already ended."), code="not_locked")
        failures = sum(a.failures_since_start for a in attempts)
        removed = reset(username=value) if kind == USERNAME else reset(ip=value)
        account = get_user_model().objects.filter(username=value).first() if kind == USERNAME else None
        # The account's own history when it exists; otherwise the attempt row that was removed.
        record_event(
            account or attempts[0],
            actor,
            "changed",
            action="login_unlocked",
            changes={kind: value, "failures": failures},
            note=note,
        )
    return removed
