"""Demo data of the session module, loaded by the case module's `load_demo` (never in production).

Seven sessions, one per state — draft, approved, announced, ready, in progress (started today, the first
case heard with two directives drafted, the second on screen), concluded (3 working days ago: one case
heard with two directives issued and the minutes signed, one citizen absent) and closed (6 working days
ago, run the same way, then its recording archived in the signed archive and verified, the file closed by
vp_ubnd and the press article attached by bao_ptth) — each with two accepted cases
(one of Phường Mỹ Tho, one of Phường Đạo Thạnh, registered for the demo) on its agenda, built through the
services (history, invitations, sites). Idempotent: sessions and their cases are matched by title; a second
run finds them and changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from addons.tiepdan_bridge.models import BridgeSite, SiteCheck, SiteCheckItem
from addons.tiepdan_bridge.services import checks as check_service
from addons.tiepdan_case.models import AdministrativeUnit, Agency, Case, Citizen
from addons.tiepdan_case.services import case_workflow
from addons.tiepdan_case.services.calendar import add_working_days
from addons.tiepdan_case.services.cases import create_case
from addons.tiepdan_case.services.receptions import record_reception

from .choices import InvitationStatus
from .models import Attendance, Directive, ReceptionSession
from .services import console, directives, planning, workflow

SESSIONS = [
    # (title, state, working days ahead, kind); the last two are set back to today / 3 working days ago
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: sẵn sàng)", "ready", 7, "dinh_ky"),
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: đã thông báo)", "announced", 12, "dinh_ky"),
    ("Tiếp công dân đột xuất về bồi thường dự án (mẫu: đã duyệt)", "approved", 18, "dot_xuat"),
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: dự thảo)", "draft", 24, "dinh_ky"),
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: đang diễn ra)", "in_progress", 30, "dinh_ky"),
    ("Tiếp công dân đột xuất về ô nhiễm môi trường (mẫu: đã kết luận)", "concluded", 36, "dot_xuat"),
    ("Tiếp công dân định kỳ của Chủ tịch UBND tỉnh (mẫu: đã kết thúc hồ sơ)", "closed", 42, "dinh_ky"),
]
COMMUNES = ("28261", "28249")
ORDER = ("draft", "approved", "announced", "ready", "in_progress", "concluded", "closed")
DAY_STATES = ("in_progress", "concluded", "closed")
ARTICLE = "https://baodongthap.vn/chinh-tri/chu-tich-ubnd-tinh-tiep-cong-dan-truc-tuyen-phien-mau.aspx"


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
    citizen = Citizen.objects.alive().filter(unit__code=commune).order_by("pk")[number % 5]
    case = create_case(
        board,
        {"case_type": case_type, "title": title, "summary": summary, "unit": AdministrativeUnit.objects.get(code=commune),
         "received_date": timezone.localdate() - dt.timedelta(days=20), "group_size": 1},
        participants=[(citizen, "nguoi_dung_don", "")],
    )  # fmt: skip
    unit = case.unit
    record_reception(  # the register row the case needs before it is sent (NĐ 154 art. 27.1)
        board,
        case,
        {
            "received_at": timezone.make_aware(dt.datetime.combine(case.received_date, dt.time(9, 0))),
            "place": f"Trụ sở tiếp công dân {unit.name}",
            "kind": "thuong_xuyen",
            "receiving_agency": Agency.objects.get(unit=unit, kind="ubnd_xa"),
            "received_by": "Công chức tiếp công dân",
            "people_count": 1,
            "direction": "thu_ly",
            "note": "Số liệu minh họa.",
        },
    )
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
    if state in DAY_STATES:
        _move_to(session, _day_start(state))
        _run_day(session, board, chair, conclude=state in ("concluded", "closed"))
        if state == "closed":
            _archive_and_close(session, board)
    elif target >= 3:
        _record_checks(session)
        workflow.perform(board, session.pk, "declare_ready")
    return session


# --- the day itself (issue 10): one session running now, one concluded a few working days ago ----------
# Their time is set back after the announcement and their site checks are written as entered at the time
# they claim (demo data only: the services refuse an announcement less than 5 working days ahead and a
# check dated in the future); every move after that goes through the services.


def _move_to(session, start):
    shift = start - session.start
    announced = timezone.make_aware(
        dt.datetime.combine(add_working_days(start.date(), -6), dt.time(9, 0)),
        timezone.get_default_timezone(),
    )
    ReceptionSession.objects.filter(pk=session.pk).update(
        start=session.start + shift,
        end=session.end + shift,
        announced_at=announced,
        approved_at=announced - dt.timedelta(hours=2),
        submitted_at=announced - dt.timedelta(hours=4),
    )
    for item in session.agenda.all():
        item.slot_start += shift
        item.slot_end += shift
        item.save(update_fields=["slot_start", "slot_end"])
    session.refresh_from_db()


def _write_checks(session):
    khcn = _user("so_khcn")
    # 10:00 on the last working day before: after the bridge module's own demo checks of that morning.
    test_run = timezone.make_aware(
        dt.datetime.combine(add_working_days(session.date, -1), dt.time(10, 0)),
        timezone.get_default_timezone(),
    )
    for kind, at in (("chay_thu", test_run), ("truoc_gio", session.start - dt.timedelta(minutes=61))):
        for site in workflow.session_sites(session):
            check = SiteCheck.objects.create(site=site, kind=kind, at=at, created_by=khcn, note=session.code)
            SiteCheck.objects.filter(pk=check.pk).update(created_at=at)
            for item in ("network", "audio_video", "recording", "power", "security"):
                SiteCheckItem.objects.create(
                    site_check=check, item=item, passed=True, answered_by=khcn, answered_at=at
                )


def _clerk_for(invitation):
    return _user(f"ubnd_xa_{invitation.agenda_item.case.unit.code}")


def _run_day(session, board, chair, conclude):
    """Start, check the citizens in, hear the first case with two directives, the second absent."""
    _write_checks(session)
    workflow.perform(board, session.pk, "declare_ready")
    workflow.perform(board, session.pk, "start")
    host = BridgeSite.objects.get(code="TINH-TTHN")
    console.record_official(
        board, session.pk, host, full_name="Nguyễn Minh Quang", position="Trưởng Ban Tiếp công dân tỉnh"
    )
    first, second = session.agenda.order_by("order")[:2]
    for invitation in first.invitations.select_related("citizen"):
        clerk = _clerk_for(invitation)
        if clerk:
            console.check_in(clerk, invitation.pk, status="present", id_number=invitation.citizen.id_number)
    console.record_statements(
        board, session.pk, first.pk,
        presentation="Công dân trình bày chưa đồng ý phương án bồi thường, đề nghị xem xét lại giá đất.",
        conclusion="Giao Sở Nông nghiệp và Môi trường kiểm tra lại hồ sơ, báo cáo trong 15 ngày làm việc.",
    )  # fmt: skip
    console.record_agency_report(
        board, session.pk, first.pk, Agency.objects.get(code="so-nn-mt"), "Sở đã rà soát hồ sơ thu hồi đất."
    )
    console.report_incident(board, session.pk, host, "audio")
    incident = console.session_incidents(session).filter(ended_at__isnull=True).first()
    console.end_incident(board, session.pk, incident.pk)
    if not first.invitations.filter(attendance__isnull=False).exists():
        return
    console.record_outcome(board, session.pk, first.pk, "heard")
    for instruction, agency in (
        ("Kiểm tra lại phương án bồi thường, hỗ trợ cho hộ công dân.", "so-nn-mt"),
        ("Trả lời công dân bằng văn bản về kết quả kiểm tra.", "so-tu-phap"),
    ):
        directives.draft_directive(
            first,
            instruction=instruction,
            lead_agency=Agency.objects.get(code=agency),
            working_days=15,
            actor=board,
        )
    console.next_item(board, session.pk)
    if not conclude:
        return
    console.record_outcome(board, session.pk, second.pk, "absent")
    for attendance in Attendance.objects.filter(invitation__agenda_item=first):
        console.confirm_item(_clerk_for(attendance.invitation), first.pk, attendance.pk, "signed")
    workflow.perform(board, session.pk, "conclude")


def _tone_wav(seconds=2) -> bytes:
    """A short recording a browser really plays (a 440 Hz tone, 8 kHz mono WAV) for the demo."""
    import io
    import math
    import struct
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        frames = (int(8000 * math.sin(2 * math.pi * 440 * i / 8000)) for i in range(8000 * seconds))
        out.writeframes(b"".join(struct.pack("<h", f) for f in frames))
    return buffer.getvalue()


def _archive_and_close(session, board):
    """After the day: the recording stored in the signed archive and verified, the session file closed by
    the provincial office, the press article attached (issue 10 "Recordings")."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .services import recordings

    vp, press = _user("vp_ubnd"), _user("bao_ptth")
    audio = SimpleUploadedFile("ghi-am-toan-phien.wav", _tone_wav(), content_type="audio/wav")
    recording = recordings.upload_recording(board, session, audio, name=f"Ghi âm toàn phiên {session.code}")
    recordings.verify_recording(board, recording)
    if vp is not None:
        workflow.perform(vp, session.pk, "close")
    if press is not None:
        recordings.attach_article(press, session, ARTICLE, "Chủ tịch UBND tỉnh tiếp công dân trực tuyến")


def _day_start(state):
    tz = timezone.get_default_timezone()
    if state == "in_progress":
        now = timezone.localtime()
        start = max(now - dt.timedelta(minutes=40), now.replace(hour=2, minute=30, second=0, microsecond=0))
        return start.replace(second=0, microsecond=0)
    day = add_working_days(timezone.localdate(), -3 if state == "concluded" else -6)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)), tz)


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
    _follow_up(board)
    if stdout is not None:
        stdout.write(_("Session module: %(created)d new demo sessions.") % {"created": created} + "\n")


# --- the follow-up of the concluded session's directives (issue 10) ---------------------------------
def _follow_up(board):
    """The concluded session's directives in two stages of their follow-up: Sở NN&MT reported progress
    and its deadline is set back (demo data only) so that it shows overdue and raised to the chair; Sở Tư
    pháp reported it done with the written answer, for ban_tcd to accept or send back."""
    title = next(t for t, state, _ahead, _kind in SESSIONS if state == "concluded")
    session = ReceptionSession.objects.filter(state="concluded", title=title).first()
    if session is None:
        return
    rows = list(
        session.directives.filter(issued_at__isnull=False).select_related("lead_agency").order_by("id")
    )
    if not rows or rows[0].reports.exists():
        return
    by_agency = {row.lead_agency.code: row for row in rows if row.lead_agency_id}
    nn_mt, tu_phap = by_agency.get("so-nn-mt"), by_agency.get("so-tu-phap")
    if nn_mt is not None and _user("so_nganh"):
        directives.post_report(
            nn_mt, actor=_user("so_nganh"),
            text="Đã làm việc với UBND phường; đang rà soát hồ sơ bồi thường của hộ công dân.",
        )  # fmt: skip
        Directive.objects.filter(pk=nn_mt.pk).update(deadline=add_working_days(timezone.localdate(), -5))
        directives.escalate_overdue()
    if tu_phap is not None and _user("so_tu_phap"):
        directives.mark_reported(
            tu_phap, actor=_user("so_tu_phap"), text="Đã trả lời công dân bằng văn bản.",
            answer_number="215/STP-TTr", answer_date=timezone.localdate(), answer_file=_demo_pdf(),
        )  # fmt: skip


def _demo_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n% Van ban tra loi cong dan (mau)\n%%EOF\n"
    return SimpleUploadedFile("tra-loi-cong-dan.pdf", body, "application/pdf")
