"""Periodic jobs of the bridge module, run by `manage.py run_worker`."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from addons.tiepdan_case.jobs import periodic

logger = logging.getLogger("tiepdan.worker")


@periodic("archive_import", every_seconds=300)
def import_new_recordings():
    """Archive the files the provincial recorder dropped in ARCHIVE_IMPORT_DIR since the last run."""
    if not Path(settings.ARCHIVE_IMPORT_DIR).is_dir():
        logger.info("archive_import: %s does not exist yet; nothing to import", settings.ARCHIVE_IMPORT_DIR)
        return
    call_command("import_archive")


@periodic("archive_verify", every_seconds=24 * 3600)
def verify_archive_daily():
    """Re-hash every archived file once a day; a mismatch or missing file fails the job loudly in the log."""
    from .services.archive import verify_all

    report = verify_all()
    if report.problems:
        logger.error("archive_verify: %s problem(s) found: %s", report.problems, report)
    return report.problems
