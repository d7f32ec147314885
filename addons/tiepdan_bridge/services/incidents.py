"""Incidents at sites: recorded by the operators; the session module asks for those in a time range."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services.audit import snapshot
from addons.tiepdan_case.services.errors import NotAllowed

from ..models import Incident
from .history import save_with_history

# The operators of a session: the board and the office run it, the technical department supports it.
OPERATORS = frozenset({R.QUAN_TRI, R.VP_UBND, R.BAN_TCD, R.THANH_TRA, R.SO_KHCN})
FIELDS = ("site", "kind", "started_at", "ended_at", "note")


def can_record_incident(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or user_roles(user) & OPERATORS)


def save_incident(actor, incident: Incident, data: dict) -> Incident:
    """Record an incident (incident.pk is None) or change it, e.g. set when the site came back."""
    if not can_record_incident(actor):
        raise NotAllowed(_("Only the operators record incidents."))
    creating = incident.pk is None
    with transaction.atomic():
        if not creating:
            incident = Incident.objects.select_for_update().get(pk=incident.pk)
        before = None if creating else snapshot(incident, FIELDS)
        for key, value in data.items():
            if key in FIELDS:
                setattr(incident, key, value)
        if creating:
            incident.recorded_by = actor
        return save_with_history(incident, actor, FIELDS, before, note=incident.note if creating else "")


def overlapping(queryset, start=None, end=None):
    """Of `queryset`, the incidents that overlap [start, end] (either bound optional; an incident not
    over yet lasts until now)."""
    if start is not None:
        queryset = queryset.filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
    if end is not None:
        queryset = queryset.filter(started_at__lte=end)
    return queryset


def incidents_between(sites, start, end, queryset=None):
    """Incidents at `sites` that overlap [start, end] (still open ones count as lasting)."""
    qs = Incident.objects.all() if queryset is None else queryset
    site_ids = [getattr(s, "pk", s) for s in sites]
    return (
        overlapping(qs.filter(site_id__in=site_ids), start, end)
        .select_related("site")
        .order_by("started_at", "id")
    )
