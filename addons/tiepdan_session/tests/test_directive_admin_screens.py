"""The directive screens in Vietnamese: the list with "my directives" and the work-queue lines of the home
page (each count opens exactly its rows), the directive's page and the forms of its moves (progress
report with a document, reported with the written answer, accept, send back) posted as a user would."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import agency

from ..models import Directive
from .directive_common import issued_directive, pdf

pytestmark = pytest.mark.django_db
HOME = reverse("admin:index")
LIST = reverse("admin:tiepdan_session_directive_changelist")


def page(directive):
    return reverse("admin:tiepdan_session_directive_change", args=[directive.pk])


def move(directive, code):
    return reverse("admin:tiepdan_session_directive_move", args=[directive.pk, code])


def queue(client):
    html = client.get(HOME).content.decode()
    lines = re.findall(
        r'data-queue-line="([^"]+)">\s*<a href="([^"]+)".*?data-count>(\d+)</span>', html, flags=re.S
    )
    return {title: (int(count), url.replace("&amp;", "&")) for title, url, count in lines}


def rows_behind(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def test_the_lead_agency_works_a_directive_from_its_page(client):
    directive = issued_directive()
    lead = staff_user("so_nganh")
    client.force_login(lead)
    html = client.get(page(directive)).content.decode()
    assert "Ý kiến chỉ đạo của Chủ tịch" in html and "Gửi báo cáo tiến độ" in html
    assert "Công nhận hoàn thành" not in html  # the board's button
    response = client.post(
        move(directive, "bao-cao-tien-do"), {"text": "Đã mời công dân làm việc.", "file": pdf()}
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.state == "in_progress"
    html = client.get(page(directive)).content.decode()
    assert "Đã mời công dân làm việc." in html and "bao-cao.pdf" in html
    response = client.post(
        move(directive, "bao-cao-hoan-thanh"),
        {
            "text": "Đã trả lời.",
            "answer_number": "12/SNNMT",
            "answer_date": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 200  # the form again: the written answer is missing
    assert "Đính kèm văn bản trả lời đã gửi công dân." in response.content.decode()
    response = client.post(
        move(directive, "bao-cao-hoan-thanh"),
        {
            "text": "Đã trả lời.",
            "answer_number": "12/SNNMT",
            "answer_date": timezone.localdate().strftime("%d/%m/%Y"),
            "answer_file": pdf("tra-loi.pdf"),
        },
    )
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.state == "reported" and directive.answer_number == "12/SNNMT"
    download = client.get(reverse("tiepdan_session:directive_answer_file", args=[directive.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_the_board_sends_back_then_accepts_from_the_page(client):
    directive = issued_directive()
    lead = staff_user("so_nganh")
    client.force_login(lead)
    data = {
        "text": "Đã trả lời.",
        "answer_number": "12/SNNMT",
        "answer_date": timezone.localdate().strftime("%d/%m/%Y"),
        "answer_file": pdf("tra-loi.pdf"),
    }
    assert client.post(move(directive, "bao-cao-hoan-thanh"), data).status_code == 302
    client.force_login(staff_user("ban_tcd"))
    html = client.get(page(directive)).content.decode()
    assert "Công nhận hoàn thành" in html and "Trả lại báo cáo" in html
    empty = client.post(move(directive, "tra-lai"), {"reason": ""})
    assert empty.status_code == 200
    assert client.post(move(directive, "tra-lai"), {"reason": "Thiếu biên bản."}).status_code == 302
    directive.refresh_from_db()
    assert directive.state == "in_progress" and directive.return_reason == "Thiếu biên bản."
    client.force_login(lead)
    assert "Thiếu biên bản." in client.get(page(directive)).content.decode()
    data["answer_file"] = pdf("tra-loi-2.pdf")
    assert client.post(move(directive, "bao-cao-hoan-thanh"), data).status_code == 302
    client.force_login(staff_user("ban_tcd"))
    assert client.post(move(directive, "cong-nhan"), {"note": ""}).status_code == 302
    directive.refresh_from_db()
    assert directive.state == "done"
    directive.case.refresh_from_db()
    assert directive.case.state == "closed"


def test_a_move_not_allowed_now_is_refused_with_a_message(client):
    directive = issued_directive()
    client.force_login(staff_user("so_nganh"))
    response = client.post(move(directive, "cong-nhan"), {"note": ""})
    assert response.status_code == 302
    directive.refresh_from_db()
    assert directive.state == "open"
    assert client.get(move(directive, "khong-co")).status_code == 404


def test_my_directives_and_the_agency_queue_lines_open_exactly_their_rows(client):
    mine = issued_directive()
    late = issued_directive()
    Directive.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=5))
    issued_directive(lead="so-y-te")  # another agency's
    supported = issued_directive(lead="so-y-te", supporting_agencies=[agency("so-nn-mt")])
    client.force_login(staff_user("so_nganh"))
    rows = client.get(LIST + "?cua_toi=1").context["cl"].result_list
    assert {d.pk for d in rows} == {mine.pk, late.pk, supported.pk}
    lines = queue(client)
    assert lines["Ý kiến chỉ đạo đơn vị cần thực hiện"][0] == 3
    assert lines["Ý kiến chỉ đạo quá hạn của đơn vị"][0] == 1
    for count, url in lines.values():
        if "tiepdan_session/directive" in url:
            assert rows_behind(client, url) == count


def test_the_board_queue_shows_reports_to_accept_and_overdue_directives(client):
    reported = issued_directive()
    Directive.objects.filter(pk=reported.pk).update(
        state="reported", answer_number="1/TB", answer_date=timezone.localdate()
    )
    late = issued_directive()
    Directive.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=5))
    client.force_login(staff_user("ban_tcd"))
    lines = queue(client)
    assert lines["Báo cáo thực hiện ý kiến chỉ đạo chờ công nhận"][0] == 1
    assert lines["Ý kiến chỉ đạo quá hạn"][0] == 1
    for count, url in lines.values():
        if "tiepdan_session/directive" in url:
            assert rows_behind(client, url) == count
    for role in ("lanh_dao", "chu_tich"):
        client.force_login(staff_user(role))
        assert queue(client)["Ý kiến chỉ đạo quá hạn"][0] == 1


def test_the_list_marks_overdue_rows_in_vietnamese(client):
    late = issued_directive()
    Directive.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - dt.timedelta(days=10))
    client.force_login(staff_user("ban_tcd"))
    html = client.get(LIST).content.decode()
    assert "ngày làm việc" in html and "Mới giao" in html
    assert client.get(LIST + "?qua_han=1").context["cl"].result_count == 1
