"""Issue 11: `ban_tcd` concludes a session at its console and, within the minute, downloads the draft of the
notice of conclusions (thông báo kết luận việc tiếp công dân, NĐ 154 art. 25.2) from the session's page.

The draft is made by the worker job `draft_conclusions_notices`, driven here as production drives it:
`jobs.run_due_jobs()` — what `manage.py run_worker` calls at each tick — with the jobs' schedule in the
database. The worker has been running before the conclusion (its last pass just before the click), then
ticks every WORKER_TICK_SECONDS; each tick is run at its moment on the clock, so no test waits a minute,
and the notice must be there by the last tick within 60 s of the conclusion."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from addons.tiepdan_case import jobs
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_report.tests import pdf_tools
from addons.tiepdan_report.tests.concluded import CONCLUSION, REDACTED, SECRET_CONCLUSION, run_session
from addons.tiepdan_report.tests.sessions import DENOUNCER
from addons.tiepdan_session.models import ReceptionSession
from config.env import env_int

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TICK = dt.timedelta(seconds=env_int("WORKER_TICK_SECONDS", 10))  # run_worker's default tick
MINUTE = dt.timedelta(seconds=60)


def _worker_ticks_after(concluded_at):
    """The worker's passes in the minute after `concluded_at`, until the draft exists: the moment it was."""
    moment = concluded_at
    while moment <= concluded_at + MINUTE:
        jobs.run_due_jobs(now=moment)
        if IssuedDocument.objects.filter(kind="ket_luan", draft=True).exists():
            return moment
        moment += TICK
    return None


def test_the_board_concludes_and_downloads_the_conclusions_notice_within_a_minute(page, live_url, login):
    autodiscover_modules("jobs")  # as run_worker does: every module's jobs.py registers its jobs
    people, session = run_session(conclude=False)
    board = people["board"]
    jobs.run_due_jobs()  # the worker's last pass before the conclusion: nothing concluded to draft yet
    assert not IssuedDocument.objects.filter(kind="ket_luan").exists()

    login(page, board.username)
    page.goto(f"{live_url}/sessions/{session.pk}/dieu-hanh/")
    page.click("#session-conclude")
    page.wait_for_load_state("networkidle")
    concluded_at = timezone.now()
    assert ReceptionSession.objects.get(pk=session.pk).state == "concluded"

    drafted_at = _worker_ticks_after(concluded_at)
    assert drafted_at is not None, "the worker did not draft the conclusions notice within a minute"
    assert drafted_at - concluded_at <= MINUTE

    page.goto(f"{live_url}/tiepdan_session/receptionsession/{session.pk}/change/")
    panel = page.locator("#session-documents")
    assert "dự thảo" in panel.inner_text()
    draft = IssuedDocument.objects.get(kind="ket_luan", draft=True, session=session)
    with page.expect_download() as download_info:
        panel.locator(f"a[href$='/issueddocument/{draft.pk}/download/']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    text = " ".join(pdf_tools.text(pdf).split())
    assert "THÔNG BÁO" in text and "Kết luận" in text, text[:500]
    assert CONCLUSION in text and REDACTED in text
    assert DENOUNCER not in text and SECRET_CONCLUSION not in text
