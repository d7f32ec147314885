"""The messages a session sends (issue 9 "Notifications"), queued in the mover's transaction through the
case module's outbox (TEAM.md interface 1: `notify_users`, `notify_address`; the worker delivers them).

Each message names the session, the site where the person must be, the time, and what to bring
(NĐ 154 art. 12.1: an identity paper, the authorisation when acting for someone). Nothing identifies a
citizen to anyone else: communes and agencies get counts, citizens get their own invitation only, and
no message carries a case's title or a participant's name.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.services.notifications import notify_address, notify_users

from . import rules


def papers_to_bring() -> str:
    return _(
        "Bring your citizen identity card (or another identity paper) and, if you act for someone, the "
        "authorisation or the document choosing you as representative (Decree 154 art. 12.1), with the papers "
        "of the case."
    )


def _when(session) -> str:
    start, end = timezone.localtime(session.start), timezone.localtime(session.end)
    return _("%(start)s to %(end)s on %(day)s") % {
        "start": start.strftime("%H:%M"),
        "end": end.strftime("%H:%M"),
        "day": start.strftime("%d/%m/%Y"),
    }


def _link(session) -> str:
    return reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk])


def _site_text(site) -> str:
    return f"{site.name} ({site.address})" if site.address else site.name


def _commune_users(unit_ids):
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=R.UBND_XA, profile__unit_id__in=list(unit_ids))
        .distinct()
    )


def _agency_users(agency_ids):
    return get_user_model().objects.filter(is_active=True, profile__agency_id__in=list(agency_ids)).distinct()


def _send(session, key, subject, lead):
    """Everyone taking part: chair and note-taker, each commune at its site, the invited agencies (their
    users and their address), the central body, and each invited citizen by SMS at their own bridge."""
    when = _when(session)
    host = _site_text(session.host_site)
    link = _link(session)
    # The chair, the note-taker and the board at the host site.
    staff = [u for u in (session.chair, session.note_taker) if u is not None]
    notify_users(
        staff,
        subject=subject,
        body=_("%(lead)s Session %(code)s “%(title)s”, %(when)s, at the host site %(site)s.")
        % {"lead": lead, "code": session.code, "title": session.title, "when": when, "site": host},
        link=link,
        key=key,
    )
    # Each commune: where it must be, when, how many of its citizens are invited, what they bring.
    invitations = list(session.invitations.select_related("site", "citizen", "agenda_item__case"))
    per_commune: dict[int, dict] = {}
    for row in session.component_sites.select_related("site"):
        if row.site.unit_id:
            per_commune.setdefault(row.site.unit_id, {"site": row.site, "count": 0})
    for invitation in invitations:
        unit_id = invitation.agenda_item.case.unit_id
        entry = per_commune.setdefault(unit_id, {"site": invitation.site, "count": 0})
        entry["count"] += 1
    for unit_id, entry in per_commune.items():
        notify_users(
            _commune_users([unit_id]),
            subject=subject,
            body=_(
                "%(lead)s Session %(code)s, %(when)s. Your site: %(site)s. Citizens of your commune to invite: "
                "%(count)d. %(papers)s"
            )
            % {"lead": lead, "code": session.code, "when": when, "site": _site_text(entry["site"]),
               "count": entry["count"], "papers": papers_to_bring()},
            link=link,
            key=key,
        )  # fmt: skip
    # Invited agencies and the central body: their users in the back office, their address by email.
    agencies = {row.agency_id: row for row in session.agencies.select_related("agency")}
    bodies = [row.agency for row in agencies.values()]
    if session.central_body_id and session.central_body_id not in agencies:
        bodies.append(session.central_body)
    central = rules.central_site_ids()
    for agency in bodies:
        site = session.host_site
        if agency.kind == "trung_uong" and central:
            from addons.tiepdan_bridge.models import BridgeSite

            site = BridgeSite.objects.get(pk=central[0])
        body = _("%(lead)s Session %(code)s “%(title)s”, %(when)s, at %(site)s.") % {
            "lead": lead, "code": session.code, "title": session.title, "when": when, "site": _site_text(site),
        }  # fmt: skip
        notify_users(_agency_users([agency.pk]), subject=subject, body=body, link=link, key=key)
        if agency.email:
            notify_address("email", agency.email, subject=subject, body=body, key=key)
    # Each citizen, by SMS, at the bridge they chose.
    for invitation in invitations:
        phone = str(invitation.citizen.phone or "")
        if not phone:
            continue
        body = _("%(lead)s Session %(code)s, %(when)s, at %(site)s (case %(case)s). %(papers)s") % {
            "lead": lead, "code": session.code, "when": when, "site": _site_text(invitation.site),
            "case": invitation.agenda_item.case.code, "papers": papers_to_bring(),
        }  # fmt: skip
        notify_address("sms", phone, subject=subject, body=body, key=f"{key}:i{invitation.pk}")


def announced(session, actor):
    _send(
        session,
        f"session:{session.pk}:announce:v{session.version}",
        _("Citizen reception session %(code)s announced") % {"code": session.code},
        _("You are invited to the online citizen reception of the provincial chairman."),
    )


def moved(session, actor, reason):
    _send(
        session,
        f"session:{session.pk}:move:v{session.version}",
        _("Session %(code)s moved") % {"code": session.code},
        _("The reception session is moved to a new time (%(reason)s); a new notice follows.")
        % {"reason": reason},
    )


def cancelled(session, actor, reason):
    _send(
        session,
        f"session:{session.pk}:cancel",
        _("Session %(code)s cancelled") % {"code": session.code},
        _("The reception session is cancelled (%(reason)s). It will not take place:") % {"reason": reason},
    )
