"""Thông báo kết luận việc tiếp công dân (NĐ 154 art. 25.2): the worker drafts it as soon as the session is
concluded (within the minute: the job runs every 15 s), the office issues it with the number of the
provincial People's Committee's TB series; each case, the conclusion, the lead agency, the deadline, the
duty to answer the citizen — never the denouncer."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_report import jobs
from addons.tiepdan_report.models import IssuedDocument
from addons.tiepdan_session.models import Directive
from addons.tiepdan_session.tests.common import session_url

from . import pdf_tools
from .common import download_url, issue_url
from .concluded import CONCLUSION, REDACTED, SECRET_CONCLUSION, run_session
from .sessions import APPLICANT, DENOUNCER

pytestmark = pytest.mark.django_db


def _text(document):
    return " ".join(pdf_tools.text(document.file.open("rb").read()).split())


def test_the_worker_drafts_the_notice_once_the_session_is_concluded():
    assert jobs.CONCLUSIONS_EVERY_SECONDS + 10 < 60  # the job's interval plus the worker's tick
    _p, session = run_session(conclude=False)
    call_command("run_worker", "--once")
    assert not IssuedDocument.objects.filter(kind="ket_luan").exists()  # still running: nothing to draft
    from addons.tiepdan_session.services import workflow

    workflow.perform(_p["board"], session.pk, "conclude")
    call_command("run_worker", "--once")
    draft = IssuedDocument.objects.get(kind="ket_luan", session=session)
    assert draft.draft and draft.number is None and not draft.signed and draft.issued_by is None
    call_command("run_worker", "--once")
    assert IssuedDocument.objects.filter(kind="ket_luan").count() == 1


def test_the_notice_gives_each_case_its_conclusion_lead_deadline_and_duty_without_the_denouncer(client):
    _p, session = run_session()
    jobs.draft_conclusions_notices()
    draft = IssuedDocument.objects.get(kind="ket_luan")
    text = _text(draft)
    complaint, denunciation = (
        d for d in Directive.objects.filter(session=session).order_by("agenda_item__order")
    )
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐỒNG THÁP",
        "/TB-UBND",
        "THÔNG BÁO",
        f"Kết luận của người chủ trì buổi tiếp công dân trực tuyến ngày {timezone.localtime(session.started_at):%d/%m/%Y}",
        f"Vụ việc số {complaint.case.code} (khiếu nại) của ông (bà) {APPLICANT}",
        f"Kết luận: {CONCLUSION}",
        "Giao Sở Nông nghiệp và Môi trường",
        f"{complaint.deadline:%d/%m/%Y}",
        "trả lời công dân bằng văn bản",
        f"Vụ việc số {denunciation.case.code} (tố cáo) của người tố cáo",
        REDACTED,
        "khoản 2 Điều 25 Nghị định số 154/2026/NĐ-CP",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ):
        assert expected in text, expected
    assert DENOUNCER not in text and SECRET_CONCLUSION not in text
    pdf = draft.file.open("rb").read()
    pdf_tools.assert_official_layout(pdf)
    pdf_tools.save_png(pdf, "thong-bao-ket-luan")


def test_the_office_issues_the_numbered_notice_from_the_session_page(client):
    _p, session = run_session()
    jobs.draft_conclusions_notices()
    client.force_login(staff_user("ban_tcd"))
    page = client.get(session_url(session)).content.decode()
    draft = IssuedDocument.objects.get(kind="ket_luan")
    assert download_url(draft) in page and issue_url("ket_luan", session) in page
    client.post(issue_url("ket_luan", session), {"signer_name": ""})
    issued = IssuedDocument.objects.get(kind="ket_luan", draft=False)
    assert issued.reference == "01/TB-UBND" and issued.issuer.kind == "ubnd_tinh"
    assert "Số: 01/TB-UBND" in _text(issued)
    assert issue_url("ket_luan", session) not in client.get(session_url(session)).content.decode()


def test_the_lead_agency_reads_the_issued_notice_not_the_draft():
    p, session = run_session()
    jobs.draft_conclusions_notices()
    from addons.tiepdan_report.services.session_documents import issue_session_document

    issued = issue_session_document(p["board"], "ket_luan", session)
    draft = IssuedDocument.objects.get(kind="ket_luan", draft=True)
    lead = staff_user("so_nganh")  # Sở Nông nghiệp và Môi trường leads the complaint's directive
    visible = set(IssuedDocument.objects.visible_to(lead).values_list("pk", flat=True))
    assert issued.pk in visible and draft.pk not in visible
    assert Case.objects.filter(pk__in=[d.case_id for d in Directive.objects.all()]).count() == 2
