"""Deleting a directive (issue 12): only a draft of a running session, only by the board, with a reason,
through the back office and the API; an issued directive is part of the chairman's conclusions and is
refused; the office restores a draft only while its session still runs."""

import json

import pytest
from django.urls import reverse

from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.deletion import soft_delete
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for

from ..models import Directive, ReceptionSession
from ..services import directives
from .common import accepted_case, people
from .directive_common import draft, issued_directive, item_of, running_session

pytestmark = pytest.mark.django_db

REASON = "Ghi nhầm đơn vị chủ trì."


def soft_delete_url(directive):
    return reverse("admin:tiepdan_session_directive_soft_delete", args=[directive.pk])


def api_delete(user, directive, body):
    return client_for(user).delete(
        f"{API}/directives/{directive.pk}/", data=json.dumps(body), content_type="application/json"
    )


@pytest.fixture
def drafted():
    p = people()
    case = accepted_case()
    session = running_session(p, [case])
    return p, session, draft(p["board"], item_of(session, case))


def test_the_board_deletes_a_draft_through_the_form_with_a_reason(client, drafted):
    p, session, directive = drafted
    client.force_login(p["board"])
    page = client.get(reverse("admin:tiepdan_session_directive_change", args=[directive.pk]))
    assert soft_delete_url(directive) in page.content.decode()
    assert client.post(soft_delete_url(directive), {"reason": " "}).status_code == 200
    assert Directive.objects.get(pk=directive.pk).deleted_at is None
    assert client.post(soft_delete_url(directive), {"reason": REASON}).status_code == 302
    stored = Directive.objects.get(pk=directive.pk)
    assert stored.deleted_at and stored.deletion_reason == REASON
    assert history_of(stored).filter(kind="deleted", note=REASON).exists()
    directives.issue_directives(session, actor=p["board"])
    assert Directive.objects.get(pk=directive.pk).issued_at is None  # a deleted draft is never issued


def test_an_issued_directive_is_not_deleted_through_the_form_or_the_api(client):
    directive = issued_directive()
    board = staff_user("ban_tcd")
    client.force_login(board)
    page = client.get(soft_delete_url(directive)).content.decode()
    assert "soft-delete-problems" in page and "kết luận của Chủ tịch" in page
    client.post(soft_delete_url(directive), {"reason": REASON})
    assert_error(api_delete(board, directive, {"reason": REASON}), 409, "rule_violated")
    assert Directive.objects.get(pk=directive.pk).deleted_at is None


def test_the_api_needs_a_reason_and_the_board_role(drafted):
    p, _session, directive = drafted
    assert_error(api_delete(p["board"], directive, {"reason": ""}), 400, "reason_required")
    assert_error(api_delete(p["chair"], directive, {"reason": REASON}), 403)
    assert_error(api_delete(staff_user("so_nganh"), directive, {"reason": REASON}), 404)  # a draft: not seen
    assert api_delete(p["board"], directive, {"reason": REASON}).status_code == 204
    assert client_for(p["board"]).get(f"{API}/directives/{directive.pk}/").status_code == 404


def test_djangos_delete_page_is_refused(client, drafted):
    p, _session, directive = drafted
    client.force_login(p["board"])
    url = reverse("admin:tiepdan_session_directive_delete", args=[directive.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Directive.objects.filter(pk=directive.pk, deleted_at__isnull=True).exists()


def test_the_office_restores_a_draft_while_the_session_runs_and_not_after(client, drafted):
    p, session, directive = drafted
    soft_delete(directive, reason=REASON, actor=p["board"])
    office = staff_user("vp_ubnd")
    listed = client_for(office).get(f"{API}/directives/deleted/").json()["results"]
    assert [row["id"] for row in listed] == [directive.pk]
    assert client_for(office).post(f"{API}/directives/{directive.pk}/restore/").status_code == 204
    assert Directive.objects.get(pk=directive.pk).deleted_at is None
    soft_delete(directive, reason=REASON, actor=p["board"])
    ReceptionSession.objects.filter(pk=session.pk).update(state="concluded")
    client.force_login(office)
    client.post(reverse("admin:tiepdan_session_directive_restore", args=[directive.pk]))
    assert Directive.objects.get(pk=directive.pk).deleted_at is not None
    assert_error(client_for(office).post(f"{API}/directives/{directive.pk}/restore/"), 409, "rule_violated")
