"""Demo data of the session module, loaded by the case module's `load_demo` (never in production).

Four sessions, one per state of part 1 — draft, approved, announced, ready — each with two accepted cases
(one of Phường Mỹ Tho, one of Phường Đạo Thạnh, registered for the demo) on its agenda, built through the
services (history, invitations, sites). Idempotent: sessions and their cases are matched by title; a second
run finds them and changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_bridge.services import checks as check_service
from addons.tiepdan_case.models import AdministrativeUnit, Agency, Case, Citizen
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.services.cases import create_case

from .choices import InvitationStatus
from .models import Directive, ReceptionSession
from .services import directives, planning, workflow

SESSIONS = [
    # (title, state, working days ahead, kind)
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: sẵn sàng)", "ready", 7, "dinh_ky"),
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: đã thông báo)", "announced", 12, "dinh_ky"),
    ("Tiếp công dân đột xuất về bồi thường dự án (mẫu: đã duyệt)", "approved", 18, "dot_xuat"),
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: dự thảo)", "draft", 24, "dinh_ky"),
]
COMMUNES = ("28261", "28249")
ORDER = ("draft", "approved", "announced", "ready")


def _user(username):
    return get_user_model().objects.filter(username=username).first()


CASE_TOPICS = [
    ("khieu_nai", "Khiếu nại quyết định thu hồi đất làm khu dân cư", "Công dân khiếu nại quyết định thu hồi đất và "
     "phương án bồi thường, đã được giải quyết lần hai nhưng chưa đồng ý."),
    ("kien_nghi", "Kiến nghị sửa chữa cống thủy lợi nội đồng", "Công dân kiến nghị sửa chữa cống bị hư hỏng gây ngập "
     "ruộng vào mùa lũ."),
]  # fmt: skip


def _demo_case(board, commune, number):
    """An accepted case of one applicant for the demo sessions (found again by its title)."""
    case_type, topic, summary = CASE_TOPICS[number % len(CASE_TOPICS)]
    title = f"{topic} (phiên mẫu {number})"
    case = Case.objects.filter(title=title, unit__code=commune).first()
    if case is not None:
        return case
    citizen = Citizen.objects.filter(unit__code=commune).order_by("pk")[number % 5]
    case = create_case(
        board,
        {"case_type": case_type, "title": title, "summary": summary, "unit": AdministrativeUnit.objects.get(code=commune),
         "received_date": timezone.localdate() - dt.timedelta(days=20), "group_size": 1},
        participants=[(citizen, "nguoi_dung_don", "")],
    )  # fmt: skip
    case_workflow.perform(board, case.pk, "submit")
    case_workflow.perform(board, case.pk, "accept", eligibility="khac")
    return case


def _record_checks(session):
    """Test runs now (after the announcement, before the working day before): the sites are ready."""
    khcn, power, police = _user("so_khcn"), _user("dien_luc"), _user("cong_an")
    if not (khcn and power and police):
        return
    now = timezone.now()
    for site in workflow.session_sites(session):
        check = check_service.record_check(
            khcn, site, "chay_thu", now, note=session.code,
            answers={item: (True, "") for item in ("network", "audio_video", "recording")},
        )  # fmt: skip
        check_service.answer_item(power, check, "power", True)
        check_service.answer_item(police, check, "security", True)


def _build(index, title, state, ahead, kind, board, chair):
    day = add_working_days(timezone.localdate(), ahead)
    tz = timezone.get_default_timezone()
    session = planning.save_session(
        board,
        None,
        {
            "kind": kind,
            "title": title,
            "focus": "Đất đai, bồi thường, hỗ trợ tái định cư; môi trường.",
            "start": timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)), tz),
            "end": timezone.make_aware(dt.datetime.combine(day, dt.time(11, 30)), tz),
            "chair": chair,
            "host_site": BridgeSite.objects.get(code="TINH-TTHN"),
        },
    )
    for commune in COMMUNES:
        planning.add_case(board, session, _demo_case(board, commune, index))
    planning.invite_agency(board, session, Agency.objects.get(code="so-khcn"), "technical")
    planning.invite_agency(board, session, Agency.objects.get(code="cong-an-tinh"), "security")
    planning.invite_agency(board, session, Agency.objects.get(code="dien-luc"), "power")
    first = session.agenda.order_by("order").first()
    planning.request_dossier(board, first, Agency.objects.get(code="so-nn-mt"), add_working_days(day, -2))
    target = ORDER.index(state)
    if target >= 1:
        workflow.perform(board, session.pk, "submit")
        workflow.perform(chair, session.pk, "approve")
    if target >= 2:
        workflow.perform(board, session.pk, "announce")
        for invitation in session.invitations.select_related("agenda_item__case"):
            clerk = _user(f"ubnd_xa_{invitation.agenda_item.case.unit.code}")
            if clerk:
                planning.update_invitation(
                    clerk, invitation, {"status": InvitationStatus.CONFIRMED, "delivery_method": "in_person"}
                )
    if target >= 3:
        _record_checks(session)
        workflow.perform(board, session.pk, "declare_ready")
    return session


def load(stdout=None):
    board, chair = _user("ban_tcd"), _user("chu_tich")
    if board is None or chair is None:
        if stdout is not None:
            stdout.write(_("Session demo: demo users ban_tcd and chu_tich not found; nothing loaded.") + "\n")
        return
    created = 0
    for index, (title, state, ahead, kind) in enumerate(SESSIONS):
        if ReceptionSession.objects.filter(title=title).exists():
            continue
        _build(index, title, state, ahead, kind, board, chair)
        created += 1
    if not ReceptionSession.objects.filter(title=HELD_TITLE).exists():
        _held_session(board, chair)
        created += 1
    if stdout is not None:
        stdout.write(_("Session module: %(created)d new demo sessions.") % {"created": created} + "\n")


# --- a session already held, with its directives (issue 10) ----------------------------------------
HELD_TITLE = "Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: đã kết luận, có ý kiến chỉ đạo)"


def _held_session(board, chair):
    """A session prepared like the others, then held two weeks ago: both cases heard, four directives in
    every stage — open, in progress with a report, reported with the written answer (for ban_tcd to
    accept), and one overdue past the grace period (raised to the chair)."""
    session = _build(len(SESSIONS), HELD_TITLE, "announced", 6, "dinh_ky", board, chair)
    # The console (issue 10a) runs the day itself; here the session is moved to its day directly.
    ReceptionSession.objects.filter(pk=session.pk).update(state="in_progress")
    session.refresh_from_db()
    items = list(session.agenda.select_related("case").order_by("order"))
    for item in items:
        case_workflow.perform(board, item.case_id, "receive")
    agency = {code: Agency.objects.get(code=code) for code in ("so-nn-mt", "so-tai-chinh", "so-xay-dung")}
    first, second = items[0], items[1]
    plans = [
        (first, "Sở Nông nghiệp và Môi trường chủ trì, phối hợp Sở Tài chính rà soát phương án bồi thường, "
         "báo cáo Chủ tịch UBND tỉnh và trả lời công dân bằng văn bản.", agency["so-nn-mt"], None,
         [agency["so-tai-chinh"]], 15),
        (first, "UBND Phường Mỹ Tho tổ chức đối thoại với công dân, báo cáo kết quả.", None,
         first.case.unit, [], 5),
        (second, "Sở Nông nghiệp và Môi trường kiểm tra hiện trạng cống, đề xuất kinh phí sửa chữa.",
         agency["so-nn-mt"], None, [agency["so-xay-dung"]], 10),
        (second, "Sở Xây dựng hướng dẫn UBND phường lập hồ sơ sửa chữa cống, trả lời công dân.",
         agency["so-xay-dung"], None, [], 20),
    ]  # fmt: skip
    made = []
    for item, text, lead_agency, lead_unit, supporting, days in plans:
        made.append(
            directives.draft_directive(
                item, instruction=text, lead_agency=lead_agency, lead_unit=lead_unit,
                supporting_agencies=supporting, working_days=days, actor=board,
            )
        )  # fmt: skip
    directives.issue_directives(session, actor=board)
    # Held two weeks ago: the session, its slots and the directives' dates move back.
    shift = session.start - (timezone.now() - dt.timedelta(days=14)).replace(
        hour=session.local_start.hour, minute=0, second=0, microsecond=0
    )
    ReceptionSession.objects.filter(pk=session.pk).update(
        state="concluded", start=session.start - shift, end=session.end - shift
    )
    for item in items:
        type(item).objects.filter(pk=item.pk).update(
            slot_start=item.slot_start - shift, slot_end=item.slot_end - shift
        )
    held_on = timezone.localdate() - dt.timedelta(days=14)
    for directive in made:
        directive.refresh_from_db()
        Directive.objects.filter(pk=directive.pk).update(
            issued_at=directive.issued_at - dt.timedelta(days=14),
            deadline=add_working_days(held_on, directive.working_days),
        )
    lead_user, commune_user = _user("so_nganh"), _user("ubnd_xa_28261") or _user("ubnd_xa")
    if lead_user is not None:
        for directive in made:
            directive.refresh_from_db()
        directives.post_report(
            made[0], actor=lead_user,
            text="Đã làm việc với Sở Tài chính và UBND phường; đang rà soát hồ sơ bồi thường của 12 hộ.",
        )  # fmt: skip
        directives.mark_reported(
            made[2], actor=lead_user, text="Đã kiểm tra hiện trạng, có kinh phí sửa chữa trong quý I.",
            answer_number="215/SNNMT-TL", answer_date=timezone.localdate(), answer_file=_demo_pdf(),
        )  # fmt: skip
    if commune_user is not None:
        directives.post_report(
            made[1], actor=commune_user, text="Đã mời công dân, dự kiến đối thoại tuần tới."
        )
    directives.escalate_overdue()  # the commune's directive (5 working days) is past the grace period


def _demo_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n% Van ban tra loi cong dan (mau)\n%%EOF\n"
    return SimpleUploadedFile("tra-loi-cong-dan.pdf", body, "application/pdf")
