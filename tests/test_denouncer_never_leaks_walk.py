"""The leak walk of issue 12: a confidential denouncer is on a case, its reception, a session's agenda,
the minutes and conclusions, a directive and its progress report, issued documents and messages. Then,
as every role of the roles registry that does not handle the case (and an inspector whose request for
the identity waits or was denied), the walk opens

- every GET endpoint of the API schema (lists, details of the protected rows and of listed rows, the
  exports read with openpyxl, the PDFs read with pdftotext), so a new endpoint is walked without a list
  kept by hand;
- every page linked from the sidebar and the home page (the back office is at the site's root: every
  site-relative link), the pages those link to (change pages, downloads, delete confirmations, the live
  view), and the change pages of the protected case, its citizen, its session and its directive;

and searches every answer, every log record written meanwhile (the request log and the app loggers) and
every message of the outbox (Notification rows, e-mails sent) for the denouncer's name (with and without
accents), id number, phone (any spacing, +84) and address: zero hits."""

import datetime as dt
import io
import logging
import re
import subprocess
import tempfile
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Agency, Notification, ReceivedPaper, Reception
from addons.tiepdan_case.services import attachments, custody, identity
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.services.delivery import deliver_due
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CitizenFactory, agency
from addons.tiepdan_report.services.documents import issue_document
from addons.tiepdan_session.services import console, directives, workflow
from addons.tiepdan_session.tests.common import (
    accepted_case,
    announced_session,
    check_in_all,
    connect_sites,
    people,
    record_checks,
)
from tests.test_denouncer_never_leaks import ADDRESS, ID_NUMBER, NAME, PDF, PHONE, leaks

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Never opened by the walk: signing out, one's own password and second-factor pages (no case data), the
# static files, and the API's schema and docs (the API is walked from the schema itself). Django's delete
# confirmation pages ARE opened: a GET changes nothing there and they list the related rows by name.
SKIP_ADMIN = re.compile(r"^/(static|media)/|/logout/|/password/|/tai-khoan/|^/api/v1/(schema|docs)")


def _pdf_text(body: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(body)
        file.flush()
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", file.name, "-"], capture_output=True, text=True)
    if done.returncode != 0 and body == PDF:
        # The world's uploads are the tests' minimal PDF, which pdftotext cannot parse: its bytes are
        # what a reader gets of it. Every document the system renders must parse.
        return body.decode("utf-8", "replace")
    assert done.returncode == 0, done.stderr
    return done.stdout


def _xlsx_text(body: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    return "\n".join(
        " ".join(str(cell) for cell in row if cell is not None)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def readable(response) -> str:
    """What a person would read in the answer: the text of a PDF, the cells of a workbook, the page."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/pdf") or body.startswith(b"%PDF"):
        return _pdf_text(body)
    if kind.startswith(XLSX):
        return _xlsx_text(body)
    return body.decode("utf-8", "replace")


@pytest.fixture
def world(settings, tmp_path):
    """The protected case everywhere a denouncer can appear; returns the ids the walk tries."""
    settings.MEDIA_ROOT = tmp_path
    settings.SIGNING_PKCS12_PATH = ""
    p = people()
    board = p["board"]
    denouncer = CitizenFactory(full_name=NAME, id_number=ID_NUMBER, phone="+84329337510", address=ADDRESS)
    case = accepted_case(
        MY_THO,
        case_type="to_cao",
        applicant=denouncer,
        title=f"Pham Van Tai tố cáo cán bộ địa chính (ĐT {PHONE[:4]}.{PHONE[4:7]}.{PHONE[7:]})",
        summary=f"Ông Tài, CCCD 087 065 927 066, ở {ADDRESS}, tố cáo cán bộ.",
        previous_handling=f"UBND phường đã nhận đơn của ông {NAME}.",
    )
    case.assigned_agencies.add(agency("so-nn-mt"))
    reception = Reception.objects.create(
        case=case,
        received_at="2026-11-02T08:00:00+07:00",
        place=f"Nhà ông {NAME}",
        receiving_agency=Agency.objects.get(code="ban-tcd-nc"),
        received_by="Cán bộ",
        direction="thu_ly",
        note=f"Ông {NAME} (ĐT {PHONE}) nộp thêm tài liệu.",
    )
    ReceivedPaper.objects.create(reception=reception, name=f"Đơn tố cáo của ông {NAME}", pages=2)
    attachments.add_attachment(board, case, SimpleUploadedFile(f"Don cua {NAME}.pdf", PDF))
    record_event(case, board, "note", note=f"Đã gọi {NAME} số {PHONE}")

    session = announced_session(p, cases=[case])
    item = session.agenda.get(case=case)
    issued = [issue_document(board, "lich_tiep", session)]
    issued += [issue_document(board, "giay_moi", invitation) for invitation in session.invitations.all()]
    record_checks(
        workflow.session_sites(session),
        timezone.make_aware(dt.datetime.combine(add_working_days(session.date, -1), dt.time(9, 0))),
    )
    workflow.perform(board, session.pk, "declare_ready")
    connect_sites(session)
    workflow.perform(board, session.pk, "start")
    session.refresh_from_db()
    check_in_all(lambda inv: staff_user(R.UBND_XA, commune=inv.agenda_item.case.unit.code), session, item)
    console.record_statements(
        board,
        session.pk,
        item.pk,
        presentation=f"Ông {NAME} trình bày, ĐT {PHONE}.",
        conclusion=f"Bảo vệ ông {NAME}; giao Sở xác minh.",
    )
    console.record_outcome(board, session.pk, item.pk, "heard")
    directive = directives.draft_directive(
        item,
        instruction=f"Xác minh nội dung ông {NAME} ({ADDRESS}) tố cáo.",
        redacted_instruction="Xác minh nội dung tố cáo.",
        lead_agency=agency("so-nn-mt"),
        working_days=10,
        actor=board,
    )
    workflow.perform(board, session.pk, "conclude")
    directive.refresh_from_db()
    lead = staff_user(R.SO_NGANH)
    # The lead agency does not handle the case: it cannot know the name, and its own reports (text and file
    # name) are read back by its own people (directive_text.report_readable), so they carry none.
    directives.post_report(
        directive,
        actor=lead,
        text="Đã làm việc với người tố cáo.",
        file=SimpleUploadedFile("Bien ban lam viec.pdf", PDF, "application/pdf"),
    )
    issued += [issue_document(board, "bien_nhan", reception), issue_document(board, "ket_luan", session)]
    # An inspector asks for the identity; another's request is denied.
    waiting, denied = staff_user(R.THANH_TRA), staff_user(R.THANH_TRA)
    custody.request_access(waiting, case, "Cần xác minh với người tố cáo.")
    refused = custody.request_access(denied, case, "Cần xác minh với người tố cáo.")
    custody.decide(p["chair"], refused, granted=False, reason="Không cần cho việc xác minh.")
    deliver_due()
    return {
        "case": case,
        "citizen": denouncer,
        "session": session,
        "directive": directive,
        "waiting_inspector": waiting,
        "denied_inspector": denied,
        "ids": sorted(
            {
                case.pk,
                denouncer.pk,
                reception.pk,
                session.pk,
                item.pk,
                directive.pk,
                *directive.reports.values_list("pk", flat=True),
                *session.invitations.values_list("pk", flat=True),
                *(d.pk for d in issued),
            }
        ),
    }


def non_handlers(world) -> list:
    """Every role of the registry whose user does not handle the case, plus the two inspectors."""
    case = world["case"]
    users = []
    for role in R.ALL_ROLES:
        for commune in (DAO_THANH,) if role == R.UBND_XA else (None,):
            user = staff_user(role, commune=commune) if commune else staff_user(role)
            if not identity.is_handler(user, case) and not identity.sees_identity(user, case):
                users.append(user)
    return [*users, world["waiting_inspector"], world["denied_inspector"]]


# --- the API, from its schema ----------------------------------------------------------------------


def _query_for(parameters) -> dict | None:
    today = timezone.localdate()
    known = {
        "from": today.replace(month=1, day=1).isoformat(),
        "to": today.isoformat(),
        "period": "year",
        "year": str(today.year),
    }
    query = {}
    for parameter in parameters:
        if parameter.get("in") != "query" or not parameter.get("required"):
            continue
        if parameter["name"] not in known:
            return None
        query[parameter["name"]] = known[parameter["name"]]
    return query


def api_gets(api, ids) -> list[tuple[str, dict]]:
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    gets = []
    for template, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or template.startswith("/api/v1/schema") or template.startswith("/api/v1/docs"):
            continue
        query = _query_for(get.get("parameters", []))
        if query is None:
            continue
        names = re.findall(r"{(\w+)}", template)
        if not names:
            gets.append((template, query))
            continue
        if len(names) > 1:
            continue
        listing = template.split("{", 1)[0]
        listed = []
        response = api.get(listing)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("application/json"):
            data = response.json()
            rows = data.get("results", []) if isinstance(data, dict) else data
            listed = [r["id"] for r in rows[:3] if isinstance(r, dict) and "id" in r]
        for pk in sorted({*ids, *listed}):
            gets.append((template.replace("{" + names[0] + "}", str(pk)), query))
    return gets


# --- the admin, from its sidebar -------------------------------------------------------------------

# The back office is mounted at the site's root (config/urls.py): every site-relative link is followed.
HREF = re.compile(r'href="(/[^"#]*)"')


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in HREF.findall(html) if not SKIP_ADMIN.search(h)]


def _is_change_or_custom(path: str) -> bool:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    name = match.url_name or ""
    return not name.endswith(("_changelist", "_add", "_delete", "_autocomplete")) and name != "index"


def admin_pages(client, world) -> list[str]:
    case, citizen, session, directive = world["case"], world["citizen"], world["session"], world["directive"]
    start = [reverse("admin:index")]
    for name, pk in (
        ("tiepdan_case_case_change", case.pk),
        ("tiepdan_case_case_history", case.pk),
        ("tiepdan_case_citizen_change", citizen.pk),
        ("tiepdan_session_receptionsession_change", session.pk),
        ("tiepdan_session_directive_change", directive.pk),
    ):
        try:
            start.append(reverse(f"admin:{name}", args=[pk]))
        except NoReverseMatch:
            pass
    return start


def walk_admin(client, world):
    """(url, response) for the home page, every page it links (the sidebar and the queue), and on each
    of those up to five links to change pages or custom views (rows, downloads, documents)."""
    seen, out = set(), []

    def visit(url):
        if url in seen:
            return None
        seen.add(url)
        response = client.get(url)
        out.append((url, response))
        return response

    first_level = []
    for url in admin_pages(client, world):
        response = visit(url)
        if response is not None and response.status_code == 200 and not response.streaming:
            first_level += _links(response.content.decode())
    for url in dict.fromkeys(first_level):
        response = visit(url)
        if response is None or response.status_code != 200 or response.streaming:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        deeper = [h for h in _links(response.content.decode()) if _is_change_or_custom(h)]
        for link in list(dict.fromkeys(deeper))[:5]:
            visit(link)
    return out


# --- the walk --------------------------------------------------------------------------------------


def _log_lines(caplog) -> list[str]:
    lines = []
    for phase in ("setup", "call"):
        for record in caplog.get_records(phase):
            if record.name.startswith(("django.db.backends", "factory")):
                continue  # SQL with its parameters (DEBUG only) and the test factories are not the app's
            lines.append(f"{record.name}: {record.getMessage()} {getattr(record, '__dict__', {})}")
    return lines


@pytest.fixture
def all_logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def test_no_non_handler_reads_the_denouncer_in_any_answer_export_pdf_or_page(all_logs, client, world):
    problems = []
    walked_pdf = walked_xlsx = 0
    admin_walked = set()
    for user in non_handlers(world):
        who = f"{'+'.join(sorted(R.user_roles(user)))}#{user.pk}"
        api = client_for(user)
        for path, query in api_gets(api, world["ids"]):
            response = api.get(path, query)
            if response.status_code >= 500:
                problems.append(f"{who} API {path}: {response.status_code}")
                continue
            text = readable(response)
            walked_pdf += response.get("Content-Type", "").startswith("application/pdf")
            walked_xlsx += response.get("Content-Type", "").startswith(XLSX)
            problems += [f"{who} API {path}: {found}" for found in leaks(text)]
        client.force_login(user)
        for url, response in walk_admin(client, world):
            admin_walked.add(urlsplit(url).path)
            if response.status_code >= 500:
                problems.append(f"{who} admin {url}: {response.status_code}")
                continue
            problems += [f"{who} admin {url}: {found}" for found in leaks(readable(response))]
    assert problems == [], "\n".join(problems)
    assert walked_pdf and walked_xlsx  # the walk did read documents and workbooks
    # The back office's links were followed, not only the start pages: the lists of the sidebar, the
    # session's live view, the issued documents.
    for path in (
        reverse("admin:tiepdan_case_case_changelist"),
        reverse("admin:tiepdan_report_issueddocument_changelist"),
        reverse("tiepdan_session:live", args=[world["session"].pk]),
    ):
        assert path in admin_walked, path


def test_logs_and_the_outbox_carry_ids_never_the_denouncer(all_logs, client, world):
    for user in non_handlers(world)[:3] + [world["session"].chair]:
        api = client_for(user)
        for path, query in api_gets(api, world["ids"])[:40]:
            api.get(path, query)
    problems = [f"log {line[:200]}: {found}" for line in _log_lines(all_logs) for found in leaks(line)]
    for note in Notification.objects.all():
        problems += [f"notification #{note.pk}: {found}" for found in leaks(f"{note.subject}\n{note.body}")]
    for message in mail.outbox:
        problems += [
            f"e-mail {message.subject}: {found}" for found in leaks(f"{message.subject}\n{message.body}")
        ]
    assert Notification.objects.exists()
    assert any(r.name == "tiepdan.request" for r in all_logs.get_records("call"))
    assert problems == [], "\n".join(problems)


def test_the_walk_reads_pdfs_and_workbooks_as_a_person_would():
    from openpyxl import Workbook

    book, buffer = Workbook(), io.BytesIO()
    book.active.append(["Người tố cáo", NAME])
    book.save(buffer)
    assert leaks(_xlsx_text(buffer.getvalue()))
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Pham Van Tai 0329 337 510")
    page.save()
    assert leaks(_pdf_text(out.getvalue()))
