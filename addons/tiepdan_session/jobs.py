"""Periodic jobs of the session module, run by `manage.py run_worker`."""

from addons.tiepdan_case.jobs import periodic


@periodic("propose_periodic_session", every_seconds=24 * 3600)
def propose_periodic_session():
    """Once a day: next month gets its draft periodic session if it has none (idempotent)."""
    from .services.periodic import propose_next_month

    propose_next_month()


@periodic("directive_deadlines", every_seconds=3600)
def directive_deadlines():
    """Every hour: reminders before the deadline and on the day, and overdue directives past the grace
    period raised to the chair (both idempotent: each notice has its own key, escalation happens once)."""
    from .services.directives import escalate_overdue, send_reminders

    send_reminders()
    escalate_overdue()


@periodic("link_session_recordings", every_seconds=300)
def link_session_recordings():
    """Link the recordings the archive import stored for a session (owner `recording:session:…`)."""
    from .services.recordings import link_imported

    return link_imported()
