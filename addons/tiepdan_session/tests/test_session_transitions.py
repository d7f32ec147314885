"""Each move of the session state machine, allowed and forbidden per role, through the API."""

import pytest

from addons.tiepdan_case.models import AuditEvent
from addons.tiepdan_case.tests.admin_helpers import staff_user

from .common import accepted_case, approved_session, new_session, people, prepared_session, transition

pytestmark = pytest.mark.django_db
ALL_ROLES = [
    "quan_tri", "vp_ubnd", "ban_tcd", "thanh_tra", "chu_tich", "lanh_dao", "so_tai_chinh", "so_khcn",
    "so_tu_phap", "cong_an", "dien_luc", "so_nganh", "bao_ptth", "ubnd_xa", "trung_uong",
]  # fmt: skip
MOVES = {
    "submit": ({"ban_tcd"}, "draft"),
    "approve": ({"chu_tich", "vp_ubnd"}, "submitted"),
    "announce": ({"ban_tcd"}, "approved"),
    "cancel": ({"ban_tcd"}, "approved"),
}


def _session_for(p, start_state):
    if start_state == "draft":
        session = new_session(p["board"], p["chair"])
        from ..services import planning

        planning.add_case(p["board"], session, accepted_case())
        return session
    if start_state == "submitted":
        return prepared_session(p)
    return approved_session(p)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("move", list(MOVES))
def test_each_move_is_allowed_only_to_its_roles(client, role, move):
    p = people()
    allowed, start_state = MOVES[move]
    session = _session_for(p, start_state)
    user = p["chair"] if role == "chu_tich" else p["board"] if role == "ban_tcd" else staff_user(role)
    client.force_login(user)
    response = transition(client, session, move, note="Lý do")
    if role in allowed:
        assert response.status_code == 200, response.json()
    else:
        # Roles that do not see a draft get 404; the others a 403 in Vietnamese.
        assert response.status_code in (403, 404), response.json()
        body = response.json()
        assert body["code"] in ("permission_denied", "not_found") and body["detail"]


def test_a_move_writes_one_history_row_with_who_and_what(client):
    p = people()
    session = prepared_session(p)
    client.force_login(p["chair"])
    assert transition(client, session, "approve").status_code == 200
    event = AuditEvent.objects.filter(action="approve").get()
    assert (event.actor, event.from_state, event.to_state) == (p["chair"], "draft", "approved")


def test_the_office_approving_for_the_chairman_is_recorded(client):
    p = people()
    session = prepared_session(p)
    client.force_login(staff_user("vp_ubnd"))
    assert transition(client, session, "approve").status_code == 200
    assert AuditEvent.objects.get(action="approve").changes == {"on_behalf_of_chair": True}


def test_a_session_is_approved_only_after_the_board_submits_it(client):
    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(p["chair"])
    response = transition(client, session, "approve")
    assert response.status_code == 409
    assert "chưa trình duyệt" in response.json()["detail"]


def test_a_session_without_agenda_cannot_be_submitted(client):
    p = people()
    session = new_session(p["board"], p["chair"])
    client.force_login(p["board"])
    response = transition(client, session, "submit")
    assert response.status_code == 409 and "chương trình" in response.json()["detail"]


def test_a_move_the_state_machine_forbids_is_a_409(client):
    p = people()
    session = prepared_session(p)
    client.force_login(p["board"])
    response = transition(client, session, "declare_ready")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"


def test_an_unknown_action_or_missing_reason_is_a_400(client):
    p = people()
    session = approved_session(p)
    client.force_login(p["board"])
    assert transition(client, session, "fly").status_code == 400
    response = transition(client, session, "cancel")
    assert response.status_code == 400 and "note" in response.json()["fields"]


def test_announce_moves_the_agenda_cases_to_scheduled(client):
    p = people()
    case = accepted_case()
    session = approved_session(p, cases=[case])
    client.force_login(p["board"])
    assert transition(client, session, "announce").status_code == 200
    case.refresh_from_db()
    assert case.state == "scheduled"
    assert AuditEvent.objects.filter(action="schedule", object_id=case.pk).exists()


def test_the_admin_buttons_make_the_same_moves(client):
    from .common import session_url, transition_url

    p = people()
    session = prepared_session(p)
    client.force_login(p["chair"])
    page = client.get(session_url(session)).content.decode()
    assert 'data-action="approve"' in page and 'data-action="announce"' not in page
    assert client.post(transition_url(session, "approve")).status_code == 302
    session.refresh_from_db()
    assert session.state == "approved"
