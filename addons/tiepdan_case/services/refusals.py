"""Refusing to receive a citizen (Luật TCD art. 9; NĐ 154 art. 4): the ground must fit the case type, and
the grounds that need the written notice (Mẫu 01/TCD) get its due date on the working-day calendar."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import roles as R
from ..choices import WRITTEN_NOTICE_GROUNDS, CaseState, CaseType, RefusalGround
from ..models import Case
from ..roles import user_roles
from ..scoping import user_commune_id
from .audit import record_event
from .calendar import add_working_days
from .errors import Conflict, Invalid, NotAllowed, validate_model

NOTICE_WORKING_DAYS = 3  # NĐ 154 art. 4.3
RESOLVED_COMPLAINT_OR_DENUNCIATION = {CaseType.KHIEU_NAI, CaseType.TO_CAO}  # Luật TCD art. 9.3
ANSWERED_RECOMMENDATION_OR_REPORT = {CaseType.KIEN_NGHI, CaseType.PHAN_ANH}  # NĐ 154 art. 4.1h


def ground_problems(case_type: str, ground: str) -> list[str]:
    """Whether the refusal ground fits the case type (empty: it fits)."""
    if ground == RefusalGround.LUAT_9_3 and case_type not in RESOLVED_COMPLAINT_OR_DENUNCIATION:
        return [
            _(
                "Art. 9.3 of the Law on Citizen Reception is for a complaint or denunciation already resolved; "
                "a recommendation or report already answered is refused under Decree 154 art. 4.1h."
            )
        ]
    if ground == RefusalGround.ND154_4_1H and case_type not in ANSWERED_RECOMMENDATION_OR_REPORT:
        return [
            _(
                "Decree 154 art. 4.1h is for a recommendation or report already answered; a complaint or "
                "denunciation already resolved is refused under art. 9.3 of the Law on Citizen Reception."
            )
        ]
    return []


def notice_needed(ground: str) -> bool:
    return ground in WRITTEN_NOTICE_GROUNDS


def notice_due(refused_on: dt.date) -> dt.date:
    return add_working_days(refused_on, NOTICE_WORKING_DAYS)


def is_notice_overdue(case: Case, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(case.refusal_notice_due and not case.refusal_notice_date and today > case.refusal_notice_due)


def notice_status(case: Case, today: dt.date | None = None) -> str:
    """'' (no notice needed), 'due', 'overdue' or 'recorded'."""
    if case.refusal_notice_date:
        return "recorded"
    if not case.refusal_notice_due:
        return ""
    return "overdue" if is_notice_overdue(case, today) else "due"


def may_record_notice(user, case: Case) -> bool:
    """Who records (and issues) the refusal notice of a case: NĐ 154 art. 4.3 gives it to the head of the
    body that received the citizen ("người đứng đầu cơ quan, tổ chức, đơn vị tiếp công dân"). That is the
    provincial office and its board (`vp_ubnd`, `ban_tcd`) and also the commune's People's Committee, which
    receives citizens regularly (Luật TCD art. 15; NĐ 154 art. 29.1c) and numbers its notices in its own
    series (`01/TB-UBND`): `ubnd_xa` for a case of its commune (where it is now or the one that registered
    it). Other roles read the case but receive nobody."""
    roles = user_roles(user)
    if roles & R.CASE_OFFICE:
        return True
    commune = user_commune_id(user)
    return R.UBND_XA in roles and commune is not None and commune in (case.unit_id, case.registered_unit_id)


def record_refusal_notice(
    actor, case_id: int, number: str, issued_on: dt.date | None, *, replaces: str = ""
) -> Case:
    """Record the number and date of the refusal notice (Mẫu 01/TCD) of a refused case.

    A refusal has one notice: once one is recorded, only a corrected issue that names it (`replaces`, the
    number it replaces) records another. Issuing Mẫu 01 in the report module calls this inside its own
    transaction, so the kept document and the case's record exist together or not at all."""
    number = (number or "").strip()
    fields = {}
    if not number:
        fields["refusal_notice_number"] = [_("Enter the number of the refusal notice.")]
    if not issued_on:
        fields["refusal_notice_date"] = [_("Enter the date of the refusal notice.")]
    elif issued_on > timezone.localdate():
        fields["refusal_notice_date"] = [_("The refusal notice cannot be dated in the future.")]
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(pk=case_id, pk__in=Case.objects.visible_to(actor).values("pk"))
            .first()
        )
        if case is None:
            from .case_workflow import NotFound

            raise NotFound(_("Case not found."))
        if not may_record_notice(actor, case):
            raise NotAllowed(_("Your role may not record the refusal notice."))
        if case.state != CaseState.REJECTED or not notice_needed(case.refusal_ground):
            raise Conflict(
                _(
                    "Only a refusal on art. 9.3 of the Law on Citizen Reception or Decree 154 art. 4.1h needs "
                    "a written refusal notice (Decree 154 art. 4.3)."
                ),
                code="rule_violated",
            )
        if fields:
            raise Invalid(next(iter(fields.values()))[0], fields=fields)
        if case.refusal_notice_number and case.refusal_notice_number != (replaces or "").strip():
            raise Conflict(
                _(
                    "Refusal notice No. %(number)s of %(date)s is already recorded for this case; only a "
                    "corrected issue that replaces it records another."
                )
                % {
                    "number": case.refusal_notice_number,
                    "date": case.refusal_notice_date.strftime("%d/%m/%Y"),
                },
                code="rule_violated",
            )
        before = [case.refusal_notice_number, case.refusal_notice_date]
        case.refusal_notice_number, case.refusal_notice_date = number, issued_on
        validate_model(case, exclude=["code", "state"])
        case.save(update_fields=["refusal_notice_number", "refusal_notice_date", "updated_at"])
        record_event(
            case,
            actor,
            "changed",
            action="refusal_notice",
            changes={
                "refusal_notice_number": [before[0], number],
                "refusal_notice_date": [str(before[1] or ""), issued_on.isoformat()],
            },
        )
    return case
