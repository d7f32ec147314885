"""The refusal notice (Mẫu 01/TCD) now lives on the case: issuing it records its number and date there, and
the waiting and overdue counts read the case's own due date. For rows made before that:

- a kept notice (the current one of its case, not replaced) is recorded on a case that has none recorded;
- a refused case on a ground that needs the notice and has no due date gets it: 3 working days (NĐ 154
  art. 4.3; weekends and the calendar's holidays and compensatory working days) after the day of its last
  `reject` in the history, or after its last change when the history has none.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

WRITTEN_NOTICE_GROUNDS = ("luat_9_3", "nd154_4_1h")
NOTICE_WORKING_DAYS = 3


def _add_working_days(start, count, exceptions):
    day, left = start, count
    while left:
        day += dt.timedelta(days=1)
        kind = exceptions.get(day)
        if kind == "working" or (kind != "holiday" and day.weekday() < 5):
            left -= 1
    return day


def forwards(apps, schema_editor):
    Case = apps.get_model("tiepdan_case", "Case")
    CalendarDay = apps.get_model("tiepdan_case", "CalendarDay")
    AuditEvent = apps.get_model("tiepdan_case", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    IssuedDocument = apps.get_model("tiepdan_report", "IssuedDocument")

    kept = (
        IssuedDocument.objects.filter(kind="tu_choi", number__isnull=False, replaced_by__isnull=True)
        .filter(case__refusal_notice_number="")
        .order_by("case_id", "-id")
    )
    done = set()
    for document in kept.iterator():
        if document.case_id in done:
            continue
        done.add(document.case_id)
        Case.objects.filter(pk=document.case_id, refusal_notice_number="").update(
            refusal_notice_number=f"{document.number:02d}/{document.code}",
            refusal_notice_date=document.issued_on,
        )

    missing = Case.objects.filter(
        state="rejected", refusal_ground__in=WRITTEN_NOTICE_GROUNDS, refusal_notice_due__isnull=True
    )
    if not missing.exists():
        return
    exceptions = dict(CalendarDay.objects.values_list("date", "kind"))
    case_type = ContentType.objects.filter(app_label="tiepdan_case", model="case").first()
    for case in missing.only("pk", "updated_at").iterator():
        event = None
        if case_type is not None:
            event = (
                AuditEvent.objects.filter(content_type=case_type, object_id=case.pk, action="reject")
                .order_by("-at")
                .first()
            )
        refused_at = event.at if event is not None else case.updated_at
        refused_on = timezone.localtime(refused_at).date() if timezone.is_aware(refused_at) else refused_at.date()
        Case.objects.filter(pk=case.pk).update(
            refusal_notice_due=_add_working_days(refused_on, NOTICE_WORKING_DAYS, exceptions)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("tiepdan_case", "0018_role_grant_requests"),
        ("tiepdan_report", "0004_session_minutes_conclusions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
