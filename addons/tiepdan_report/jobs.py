"""Periodic jobs of the report module, run by `manage.py run_worker` (tick WORKER_TICK_SECONDS, 10 s)."""

from addons.tiepdan_case.jobs import periodic

# Issue 11: the conclusions notice is ready as a draft within 60 seconds of `conclude`. The worker looks
# every 15 s (plus at most one tick): well inside the minute.
CONCLUSIONS_EVERY_SECONDS = 15


@periodic("draft_conclusions_notices", every_seconds=CONCLUSIONS_EVERY_SECONDS)
def draft_conclusions_notices():
    """Each concluded session without its conclusions notice gets the draft (idempotent)."""
    from .services.session_documents import draft_conclusions, sessions_awaiting_conclusions

    for session_id in sessions_awaiting_conclusions().values_list("pk", flat=True)[:50]:
        draft_conclusions(session_id)


@periodic("compact_case_tally", every_seconds=300)
def compact_case_tally():
    """Issue 13: fold the rows the case triggers added into one per group (models/tally.py)."""
    from .services.tally import compact

    compact()


@periodic("forget_stale_figures", every_seconds=3600)
def forget_stale_figures():
    """Issue 13: the dashboard figures no reader can be shown any more (services/stored_figures.py)."""
    from .services.stored_figures import forget_stale

    forget_stale()
