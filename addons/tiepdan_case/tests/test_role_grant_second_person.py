"""Granting a role that reads case content takes a second person (issue 6): a quan_tri request that
another administrator or the Provincial Office approves, logged, with a notice to ban_tcd. The attack was
an administrator giving an account (or, through a colleague's account, itself) the board's role and
reading everything."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from ..models import InboxNotification, RoleGrantRequest
from ..services.audit import history_of
from .admin_helpers import form_data, staff_user
from .api_support import API, assert_error, client_for

pytestmark = pytest.mark.django_db


def roles_of(user):
    return set(user.groups.values_list("name", flat=True))


@pytest.fixture
def people(db):
    return {
        "admin": staff_user("quan_tri"),
        "second_admin": staff_user("quan_tri"),
        "office": staff_user("vp_ubnd"),
        "board": staff_user("ban_tcd"),
        "clerk": staff_user("so_khcn"),
    }


def _tick_role(client, user, role, reason=""):
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = form_data(client.get(url))
    data["groups"] = [*data.get("groups", []), str(Group.objects.get(name=role).pk)]
    data["grant_reason"] = reason
    return client.post(url, data)


def test_ticking_a_content_role_in_the_user_form_only_asks_for_it(client, people):
    client.force_login(people["admin"])
    response = _tick_role(client, people["clerk"], "ban_tcd", reason="Chuyển công tác sang Ban TCD")
    assert response.status_code == 302
    assert roles_of(people["clerk"]) == {"so_khcn"}
    grant = RoleGrantRequest.objects.get()
    assert (grant.user, grant.role, grant.state, grant.requested_by) == (
        people["clerk"], "ban_tcd", "pending", people["admin"]
    )  # fmt: skip
    assert [e.action for e in history_of(people["clerk"])] == ["role_grant_requested"]


def test_the_user_form_wants_a_reason_for_a_content_role(client, people):
    client.force_login(people["admin"])
    response = _tick_role(client, people["clerk"], "thanh_tra")
    assert response.status_code == 200
    assert "grant_reason" in response.context["adminform"].form.errors
    assert not RoleGrantRequest.objects.exists()
    assert roles_of(people["clerk"]) == {"so_khcn"}


def test_a_role_that_reads_no_content_is_still_given_directly(client, people):
    client.force_login(people["admin"])
    assert _tick_role(client, people["clerk"], "dien_luc").status_code == 302
    assert roles_of(people["clerk"]) == {"so_khcn", "dien_luc"}
    assert not RoleGrantRequest.objects.exists()


def _decide_in_admin(client, grant, decision, note=""):
    url = reverse("admin:tiepdan_case_rolegrantrequest_change", args=[grant.pk])
    return client.post(url, {"decision": decision, "note": note})


def test_the_requester_cannot_approve_their_own_request_in_the_admin(client, people):
    client.force_login(people["admin"])
    _tick_role(client, people["clerk"], "ban_tcd", reason="Chuyển công tác")
    grant = RoleGrantRequest.objects.get()
    response = _decide_in_admin(client, grant, "approve")
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.state == "pending"
    assert roles_of(people["clerk"]) == {"so_khcn"}


def test_a_second_administrator_approves_and_the_board_is_told(
    client, people, django_capture_on_commit_callbacks
):
    client.force_login(people["admin"])
    _tick_role(client, people["clerk"], "ban_tcd", reason="Chuyển công tác")
    grant = RoleGrantRequest.objects.get()
    client.force_login(people["second_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide_in_admin(client, grant, "approve", note="Đã có quyết định điều động")
    assert response.status_code == 302, response.content[:300]
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == ("approved", people["second_admin"])
    assert "ban_tcd" in roles_of(people["clerk"])
    history = {e.action: e.actor for e in history_of(people["clerk"])}
    assert history == {"role_grant_requested": people["admin"], "role_grant_approved": people["second_admin"]}
    notices = InboxNotification.objects.filter(user=people["board"])
    assert notices.filter(subject__icontains="vai trò").exists()


def test_a_refusal_needs_a_note_and_gives_nothing(client, people):
    client.force_login(people["admin"])
    _tick_role(client, people["clerk"], "chu_tich", reason="Ủy quyền")
    grant = RoleGrantRequest.objects.get()
    client.force_login(people["office"])
    response = _decide_in_admin(client, grant, "refuse")
    assert response.status_code == 200  # the form again: the note is required
    assert _decide_in_admin(client, grant, "refuse", note="Không có quyết định ủy quyền").status_code == 302
    grant.refresh_from_db()
    assert (grant.state, grant.decided_by) == ("refused", people["office"])
    assert roles_of(people["clerk"]) == {"so_khcn"}


def test_the_api_asks_and_a_second_person_approves(people):
    asked = client_for(people["admin"]).post(
        f"{API}/role-grants/",
        {"user": people["clerk"].pk, "role": "thanh_tra", "reason": "Thanh tra viên mới"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    grant_id = asked.json()["id"]
    assert roles_of(people["clerk"]) == {"so_khcn"}
    own = client_for(people["admin"]).post(f"{API}/role-grants/{grant_id}/approve/", {}, format="json")
    assert_error(own, 403)
    grantee = client_for(people["clerk"]).post(f"{API}/role-grants/{grant_id}/approve/", {}, format="json")
    assert_error(grantee, 404)  # the grantee does not even see the request
    assert roles_of(people["clerk"]) == {"so_khcn"}
    approved = client_for(people["office"]).post(f"{API}/role-grants/{grant_id}/approve/", {}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["state"] == "approved" and approved.json()["decided_by"] == people["office"].pk
    assert "thanh_tra" in roles_of(people["clerk"])
    again = client_for(people["second_admin"]).post(
        f"{API}/role-grants/{grant_id}/approve/", {}, format="json"
    )
    assert_error(again, 409)


@pytest.mark.parametrize("role", ["vp_ubnd", "ban_tcd", "thanh_tra", "chu_tich", "lanh_dao"])
def test_nobody_but_an_administrator_may_ask_through_the_api(people, role):
    response = client_for(people["board"]).post(
        f"{API}/role-grants/", {"user": people["clerk"].pk, "role": role, "reason": "x"}, format="json"
    )
    assert_error(response, 403)
    assert not RoleGrantRequest.objects.exists()


def test_an_administrator_cannot_ask_a_content_role_for_themselves(people):
    response = client_for(people["admin"]).post(
        f"{API}/role-grants/", {"user": people["admin"].pk, "role": "ban_tcd", "reason": "x"}, format="json"
    )
    assert_error(response, 403)


def test_the_database_refuses_a_request_decided_by_its_requester(people):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    grant = RoleGrantRequest.objects.create(
        user=people["clerk"], role="ban_tcd", reason="x", requested_by=people["admin"]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrantRequest.objects.filter(pk=grant.pk).update(
            state="approved", decided_by=people["admin"], decided_at=timezone.now()
        )
