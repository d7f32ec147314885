"""Each user's notification list in the back office: the unread count in the header, only their own
notices, its "Mark as read" button (a POST: opening a notice changes nothing), marking read, never anyone else's."""

import re

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services import notifications
from addons.tiepdan_case.services.notifications import notify_users
from addons.tiepdan_case.tests.admin_helpers import change, changelist, rows, staff_user

pytestmark = pytest.mark.django_db

INBOX = "inboxnotification"


def _bell(response) -> int:
    html = response.content.decode()
    assert 'id="notification-bell"' in html
    found = re.search(r'data-unread="(\d+)"', html)
    return int(found.group(1)) if found else 0


def _notify(user, n, key="k"):
    for i in range(n):
        notify_users(
            [user], subject=f"Thông báo số {i}", body="Nội dung", link="/tiepdan_case/case/", key=f"{key}{i}"
        )


@pytest.mark.parametrize("role", ["ban_tcd", "ubnd_xa", "so_khcn", "bao_ptth"])
def test_the_header_shows_how_many_notices_are_unread_for_every_role(client, role):
    user = staff_user(role)
    _notify(user, 3)
    client.force_login(user)
    assert _bell(client.get(reverse("admin:index"))) == 3


def test_the_list_shows_only_my_own_notices(client):
    me, other = staff_user("ubnd_xa"), staff_user("ubnd_xa")
    _notify(me, 2)
    _notify(other, 4, key="o")
    client.force_login(me)
    response = client.get(changelist(INBOX))
    assert response.status_code == 200
    assert {n.user_id for n in rows(response)} == {me.pk} and len(rows(response)) == 2
    foreign = Notification.objects.filter(user=other).first()
    assert client.get(change(INBOX, foreign.pk)).status_code == 404


def test_the_read_button_of_a_notice_marks_it_read_by_post_and_the_count_goes_down(client):
    me = staff_user("ubnd_xa")
    _notify(me, 2)
    client.force_login(me)
    notice = Notification.objects.filter(user=me).first()
    page = client.get(change(INBOX, notice.pk))
    assert page.status_code == 200 and "Nội dung" in page.content.decode()
    button = reverse("admin:tiepdan_case_inboxnotification_mark_one_read", args=[notice.pk])
    assert button in page.content.decode()
    asked = client.get(button)  # the button is a link: a GET only asks, with a POST form
    assert asked.status_code == 200 and 'method="post"' in asked.content.decode()
    notice.refresh_from_db()
    assert notice.read_at is None  # no state change on a GET
    assert client.post(button).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert _bell(client.get(reverse("admin:index"))) == 1


def test_mark_all_as_read_empties_the_count(client):
    me = staff_user("thanh_tra")
    _notify(me, 3)
    client.force_login(me)
    url = reverse("admin:tiepdan_case_inboxnotification_mark_all_read")
    asked = client.get(url)  # the list button is a link: a GET only asks
    assert asked.status_code == 200 and 'method="post"' in asked.content.decode()
    assert Notification.objects.filter(user=me, read_at__isnull=True).count() == 3
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert _bell(response) == 0
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()


def test_the_selected_action_marks_only_my_own_notices(client):
    me, other = staff_user("ubnd_xa"), staff_user("ubnd_xa")
    _notify(me, 1)
    _notify(other, 1, key="o")
    client.force_login(me)
    ids = list(Notification.objects.values_list("pk", flat=True))
    client.post(changelist(INBOX), {"action": "mark_selected_read", "_selected_action": ids})
    assert Notification.objects.get(user=me).read_at is not None
    assert Notification.objects.get(user=other).read_at is None


def test_an_unread_filter_lists_what_is_left(client):
    me = staff_user("ubnd_xa")
    _notify(me, 2)
    first = Notification.objects.filter(user=me).order_by("pk").first()
    notifications.mark_read(me, [first.pk])
    client.force_login(me)
    response = client.get(changelist(INBOX), {"read_at__isempty": "1"})
    assert [n.subject for n in rows(response)] == ["Thông báo số 1"]
