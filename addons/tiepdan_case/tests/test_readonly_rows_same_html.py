"""The read-only rows of a change page written in Python (templatetags/tiepdan_rows.py) and the
participants of a viewer who may not change them (participants_readonly.html) are the same HTML as
Unfold's templates draw (issue 13): each page is drawn with the fast paths and with Unfold's own
templates, and the two compared (class order, CSRF token and blank runs aside)."""

import re

import pytest

from addons.tiepdan_case.admin import case as case_admin
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.templatetags import tiepdan_rows
from addons.tiepdan_case.tests.admin_helpers import change, staff_user
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def _normalised(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'nonce="[^"]*"', "", html)
    html = re.sub(r'class="([^"]*)"', lambda m: 'class="' + " ".join(sorted(m.group(1).split())) + '"', html)
    return re.sub(r"\s+", " ", html).replace("> <", "><")


def _responses(client, monkeypatch, url):
    fast = client.get(url)
    assert fast.status_code == 200
    with monkeypatch.context() as patched:
        patched.setattr(tiepdan_rows, "_plain_readonly", lambda field: False)
        patched.setattr(case_admin.ParticipantInline, "READONLY_TEMPLATE", "admin/edit_inline/tabular.html")
        unfold = client.get(url)
    return fast, unfold


def _both_ways(client, monkeypatch, url):
    fast, unfold = _responses(client, monkeypatch, url)
    return fast.content.decode(), unfold.content.decode()


@pytest.mark.parametrize(
    ("role", "state", "protected"),
    [
        ("ban_tcd", "closed", False),  # nothing editable: every row read-only
        ("ban_tcd", "received", False),  # editable fields beside read-only ones
        ("lanh_dao", "received", False),
        ("ubnd_xa", "received", False),
        ("thanh_tra", "received", True),  # masked people, redacted text
    ],
)
def test_a_case_page_is_the_same_html_with_the_fast_rows_as_with_unfolds_templates(
    client, monkeypatch, role, state, protected
):
    extra = {"case_type": "to_cao", "identity_protection": True} if protected else {}
    case = CaseFactory(state=state, organisation_name="", **extra)
    case_admin.CaseParticipant.objects.create(case=case, citizen=CitizenFactory(), role="nguoi_dung_don")
    record_event(case, None, "note", note="Ghi chú")
    client.force_login(staff_user(role))
    fast, unfold = _both_ways(client, monkeypatch, change("case", case.pk))
    assert "readonly break-words" in fast
    assert _normalised(fast) == _normalised(unfold)


def test_a_citizen_page_is_the_same_html_with_the_fast_rows(client, monkeypatch):
    citizen = CitizenFactory()
    CaseFactory(applicant=citizen, state="closed")
    client.force_login(staff_user("lanh_dao"))  # reads citizens, changes none
    fast, unfold = _both_ways(client, monkeypatch, change("citizen", citizen.pk))
    assert _normalised(fast) == _normalised(unfold)


def _drawn(response, template: str) -> int:
    return sum(t.name == template for t in response.templates)


def test_the_fast_paths_draw_the_read_only_rows_and_people_without_unfolds_templates(client, monkeypatch):
    case = CaseFactory(state="closed", organisation_name="")
    case_admin.CaseParticipant.objects.create(case=case, citizen=CitizenFactory(), role="nguoi_dung_don")
    client.force_login(staff_user("ban_tcd"))  # a closed case: every row read-only, the people too
    fast, unfold = _responses(client, monkeypatch, change("case", case.pk))
    row_field = "unfold/helpers/fieldset_row_field.html"
    assert _drawn(unfold, row_field) > 0
    assert _drawn(fast, row_field) < _drawn(unfold, row_field)
    assert _drawn(fast, case_admin.ParticipantInline.READONLY_TEMPLATE) == 1
    assert _drawn(unfold, case_admin.ParticipantInline.READONLY_TEMPLATE) == 0
