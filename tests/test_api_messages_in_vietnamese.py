"""DRF's and Django's validation messages come out in Vietnamese everywhere in the API (issue 6): DRF 3.16
ships a Vietnamese catalogue for 20 of its 125 messages, so "Invalid pk…", "Ensure this value…" and
"A valid integer is required." came out in English. config/locale/vi completes it."""

import re
from pathlib import Path

import polib
import pytest
import rest_framework
from django.utils import translation

from addons.tiepdan_case.tests.api_support import API, assert_error, client_for
from addons.tiepdan_case.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

DRF_CATALOGUE = Path(rest_framework.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.mo"
ENGLISH = re.compile(r"\b(Ensure|Invalid|valid|required|This field|must|Expected|Enter a|not a|object)\b")
CASE = {"case_type": "khieu_nai", "title": "T", "summary": "S", "unit": "28261"}


def test_every_message_of_drf_has_a_vietnamese_translation():
    msgids = [e.msgid for e in polib.mofile(str(DRF_CATALOGUE)) if e.msgid]
    assert len(msgids) > 100
    with translation.override("vi"):
        untranslated = [m for m in msgids if translation.gettext(m) == m]
    assert untranslated == []


@pytest.mark.parametrize(
    "body,field,vietnamese",
    [
        ({}, "title", "Trường này là bắt buộc."),
        (CASE | {"title": None}, "title", "Trường này không được để trống (null)."),
        (CASE | {"title": ""}, "title", "Trường này không được để trống."),
        (CASE | {"title": "x" * 10_000}, "title", "không được dài quá"),
        (CASE | {"case_type": "xyz"}, "case_type", '"xyz" không phải là một lựa chọn hợp lệ.'),
        (CASE | {"group_size": "abc"}, "group_size", "Cần nhập một số nguyên hợp lệ."),
        (CASE | {"group_size": 10**30}, "group_size", "Giá trị phải nhỏ hơn hoặc bằng"),
        (CASE | {"group_size": 0}, "group_size", "Giá trị phải lớn hơn hoặc bằng 1."),
        (CASE | {"received_date": "02/11/2026"}, "received_date", "Ngày sai định dạng"),
        (CASE | {"received_date": "2026-02-30"}, "received_date", "Ngày sai định dạng"),
        (CASE | {"identity_protection": "maybe"}, "identity_protection", "Phải là giá trị đúng/sai"),
        (CASE | {"participants": "abc"}, "participants.non_field_errors", "Cần một danh sách"),
        (CASE | {"participants": [1]}, "participants.0.non_field_errors", "Dữ liệu không hợp lệ."),
        (CASE | {"title": "a\u0000b"}, "title", "Không được dùng ký tự rỗng"),
    ],
)
def test_validation_messages_of_the_api_are_vietnamese(board_user, body, field, vietnamese):
    response = client_for(board_user).post(f"{API}/cases/", body, format="json")
    result = assert_error(response, 400, "invalid")
    messages = result["fields"][field]
    assert any(vietnamese in m for m in messages), messages
    for text in [result["detail"], *(m for ms in result["fields"].values() for m in ms)]:
        assert not ENGLISH.search(text), text


def test_a_transition_with_an_unknown_action_answers_in_vietnamese(board_user):
    case = CaseFactory()
    response = client_for(board_user).post(
        f"{API}/cases/{case.pk}/transition/", {"action": ["submit"]}, format="json"
    )
    body = assert_error(response, 400)
    assert not ENGLISH.search(body["detail"]), body


def test_a_bad_session_time_answers_in_vietnamese(board_user):
    response = client_for(board_user).post(f"{API}/sessions/", {"start": "hôm nay"}, format="json")
    body = assert_error(response, 400, "invalid")
    assert any("Ngày giờ sai định dạng" in m for m in body["fields"]["start"]), body
    for text in [body["detail"], *(m for ms in body["fields"].values() for m in ms)]:
        assert not ENGLISH.search(text), text
