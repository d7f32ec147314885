"""Pages of the session module outside the model screens: readiness per session, the month calendar,
and the public schedule (page, iCalendar, RSS) that needs no login."""

import calendar as pycalendar
import datetime as dt

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from addons.tiepdan_bridge.services.readiness import COLOUR_LABELS

from .choices import PUBLIC_STATES
from .choices import SessionState as S
from .models import ReceptionSession
from .services import presentation, readiness_page

MAX_ID = 2**63 - 1


def _session_or_404(user, session_id) -> ReceptionSession:
    if session_id > MAX_ID:
        raise Http404
    session = (
        ReceptionSession.objects.visible_to(user).select_related("host_site").filter(pk=session_id).first()
    )
    if session is None:
        raise Http404
    return session


@login_required
def readiness(request, session_id):
    session = _session_or_404(request.user, session_id)
    page = readiness_page.session_page(request.user, session)
    only_pending = request.GET.get(readiness_page.PENDING_PARAM) == readiness_page.PENDING
    if only_pending:  # the home queue's line: the sites waiting for this user's check
        page["rows"] = readiness_page.pending_rows(request.user, page["rows"])
    context = {
        **admin.site.each_context(request),
        "title": _("Readiness of session %(code)s") % {"code": session.code},
        "session": session,
        "start": timezone.localtime(session.start),
        "colour_labels": COLOUR_LABELS,
        "only_pending": only_pending,
        "session_url": reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]),
        **page,
    }
    return render(request, "tiepdan_session/readiness.html", context)


def _month_param(raw: str | None, today: dt.date) -> tuple[int, int]:
    try:
        year, month = (int(p) for p in (raw or "").split("-"))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return year, month
    except ValueError:
        pass
    return today.year, today.month


@login_required
def month_calendar(request):
    today = timezone.localdate()
    year, month = _month_param(request.GET.get("month"), today)
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    tz = timezone.get_default_timezone()
    sessions = (
        ReceptionSession.objects.visible_to(request.user)
        .filter(
            start__gte=timezone.make_aware(dt.datetime.combine(first, dt.time.min), tz),
            start__lt=timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min), tz),
        )
        .select_related("host_site")
        .order_by("start")
    )
    by_day = {}
    for session in sessions:
        by_day.setdefault(timezone.localtime(session.start).date(), []).append(session)
    weeks = [
        [
            {
                "day": day,
                "in_month": day.month == month,
                "sessions": by_day.get(day, []),
                "today": day == today,
            }
            for day in week
        ]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = first - dt.timedelta(days=1)
    following = last + dt.timedelta(days=1)
    context = {
        **admin.site.each_context(request),
        "title": _("Sessions of %(month)02d/%(year)d") % {"month": month, "year": year},
        "weeks": weeks,
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        "previous": f"{previous.year}-{previous.month:02d}",
        "following": f"{following.year}-{following.month:02d}",
        "session_count": len(sessions),
    }
    return render(request, "tiepdan_session/calendar.html", context)


# --- the public schedule (no login) ------------------------------------------------------------------

PUBLIC_HORIZON_DAYS = 60


def public_sessions():
    """Announced sessions from the start of today on: never a draft or approved one."""
    today = timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today, dt.time.min), timezone.get_default_timezone())
    return (
        ReceptionSession.objects.filter(state__in=PUBLIC_STATES, end__gte=since)
        .select_related("host_site", "central_body")
        .order_by("start")[:200]
    )


def reported_sessions():
    """Past sessions whose published article the press attached (plan III.9), the latest first."""
    today = timezone.localdate()
    since = timezone.make_aware(dt.datetime.combine(today, dt.time.min), timezone.get_default_timezone())
    return (
        ReceptionSession.objects.filter(state__in=(S.CONCLUDED, S.CLOSED), end__lt=since)
        .exclude(article_url="")
        .select_related("host_site", "central_body")
        .order_by("-start")[:20]
    )


def public_schedule(request):
    facts = [presentation.public_facts(s) for s in public_sessions()]
    context = {
        "title": _("Schedule of the provincial chairman's online citizen reception"),
        "sessions": facts,
        "reported": [presentation.public_facts(s) for s in reported_sessions()],
        "ics_url": reverse("tiepdan_session_public:ics"),
        "rss_url": reverse("tiepdan_session_public:rss"),
    }
    return render(request, "tiepdan_session/public_schedule.html", context)


def _ics_text(value: str) -> str:
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 line folding at 75 octets."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += b
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _describe(facts) -> str:
    lines = [
        _("Chair: %(chair)s") % {"chair": facts["chair"]},
        _("Host site: %(site)s") % {"site": facts["host_site"]},
        _("Component sites: %(sites)s") % {"sites": "; ".join(str(s) for s in facts["sites"]) or "—"},
        _("Participating bodies: %(bodies)s") % {"bodies": "; ".join(facts["bodies"]) or "—"},
        _("Cases by type: %(types)s")
        % {"types": "; ".join(f"{c['type']}: {c['count']}" for c in facts["cases_by_type"]) or "—"},
    ]
    if facts["focus"]:
        lines.append(_("Focus: %(focus)s") % {"focus": facts["focus"]})
    return "\n".join(lines)


def public_ics(request):
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    host = request.get_host().split(":")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//UBND tinh Dong Thap//Tiep cong dan truc tuyen//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(_('Online citizen reception schedule'))}",
    ]
    for session in public_sessions():
        facts = presentation.public_facts(session)
        utc = dt.UTC
        lines += [
            "BEGIN:VEVENT",
            f"UID:{session.code}-v{session.version}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{session.start.astimezone(utc):%Y%m%dT%H%M%SZ}",
            f"DTEND:{session.end.astimezone(utc):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ics_text(session.title)}",
            f"LOCATION:{_ics_text(session.host_site)}",
            f"DESCRIPTION:{_ics_text(_describe(facts))}",
            f"SEQUENCE:{session.version}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich-tiep-cong-dan.ics"'
    return response


class PublicFeed(Feed):
    title = gettext_lazy("Online citizen reception schedule")
    description = gettext_lazy("Announced online citizen reception sessions of the provincial chairman.")

    def link(self):
        return reverse("tiepdan_session_public:schedule")

    def items(self):
        return list(public_sessions())

    def item_title(self, item):
        return f"{timezone.localtime(item.start):%d/%m/%Y %H:%M} — {item.title}"

    def item_description(self, item):
        return _describe(presentation.public_facts(item)).replace("\n", "<br>")

    def item_link(self, item):
        return reverse("tiepdan_session_public:schedule") + f"#{item.code}"

    def item_guid(self, item):
        return f"{item.code}-v{item.version}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.announced_at or item.updated_at
