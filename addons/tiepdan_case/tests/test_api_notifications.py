"""GET/POST /api/v1/notifications/: own notices, unread count, mark read; the board's outbox and resend."""

import pytest

from addons.tiepdan_case.models import Notification
from addons.tiepdan_case.services.notifications import notify_address, notify_users
from addons.tiepdan_case.tests.api_support import API, assert_error, client_for, ids
from addons.tiepdan_case.tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = f"{API}/notifications/"


def _notice(user, key="k"):
    return notify_users([user], subject="Lịch tiếp", body="...", link="/x/", key=key).get(channel="in_app")


def test_a_user_lists_only_their_own_notices_and_their_unread_count():
    me, other = make_user("ubnd_xa"), make_user("ubnd_xa")
    mine = [_notice(me, "a"), _notice(me, "b")]
    _notice(other, "c")
    notify_address("sms", "0912345678", subject="s", body="b", key="d")
    api = client_for(me)
    assert ids(api.get(URL)) == {n.pk for n in mine}
    assert api.get(f"{URL}unread-count/").json() == {"unread": 2}


def test_marking_read_one_then_all():
    me = make_user("so_khcn")
    first, _second = _notice(me, "a"), _notice(me, "b")
    api = client_for(me)
    response = api.post(f"{URL}{first.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    assert api.get(f"{URL}unread-count/").json() == {"unread": 1}
    assert api.get(URL, {"unread": "true"}).json()["count"] == 1
    assert api.post(f"{URL}read-all/").json() == {"marked": 1}
    assert api.get(f"{URL}unread-count/").json() == {"unread": 0}


def test_someone_elses_notice_is_not_found_and_stays_unread():
    me, other = make_user("ubnd_xa"), make_user("ubnd_xa")
    foreign = _notice(other)
    api = client_for(me)
    assert_error(api.get(f"{URL}{foreign.pk}/"), 404)
    assert_error(api.post(f"{URL}{foreign.pk}/read/"), 404)
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_the_board_sees_every_message_and_filters_by_status():
    board = make_user("ban_tcd")
    _notice(make_user("ubnd_xa"))
    sms = notify_address("sms", "0912345678", subject="s", body="b", key="d")
    api = client_for(board)
    assert len(ids(api.get(URL))) == 2
    listed = api.get(URL, {"status": "pending"}).json()["results"]
    assert [(r["id"], r["channel"], r["recipient"]) for r in listed] == [(sms.pk, "sms", "+84912345678")]
    assert ids(api.get(URL, {"mine": "true"})) == set()


def test_the_board_resends_a_failed_message_but_not_a_pending_one():
    board = make_user("ban_tcd")
    row = notify_address("email", "a@dongthap.gov.vn", subject="s", body="b", key="e")
    api = client_for(board)
    assert_error(api.post(f"{URL}{row.pk}/resend/"), 409, "not_failed")
    Notification.objects.filter(pk=row.pk).update(status="failed", attempts=8, next_attempt_at=None)
    response = api.post(f"{URL}{row.pk}/resend/")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"]) == ("pending", 0)


def test_a_user_cannot_resend_even_their_own_notice():
    me = make_user("ubnd_xa")
    notice = _notice(me)
    assert_error(client_for(me).post(f"{URL}{notice.pk}/resend/"), 403)


@pytest.mark.parametrize("query", [{"status": "nope"}, {"channel": "fax"}, {"unread": "maybe"}])
def test_a_bad_filter_is_a_400_in_vietnamese(query):
    response = client_for(make_user("ban_tcd")).get(URL, query)
    body = assert_error(response, 400)
    assert body["fields"]


def test_an_absurd_id_is_a_404_not_a_500():
    api = client_for(make_user("ban_tcd"))
    assert_error(api.get(f"{URL}99999999999999999999/"), 404)
    assert_error(api.post(f"{URL}abc/read/"), 404)
    assert_error(client_for(None).get(URL), 401)
