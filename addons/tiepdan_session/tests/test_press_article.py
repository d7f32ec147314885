"""bao_ptth attaches the published article's link to a concluded session (plan III.9); the public
schedule shows it. Nobody else attaches it, and not before the session concluded."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for, post_json

from ..models import ReceptionSession
from .common import local, session_url, working_day
from .recording_common import held_session

pytestmark = pytest.mark.django_db
ARTICLE = "https://baodongthap.vn/chinh-tri/chu-tich-tiep-cong-dan-truc-tuyen-123.aspx"


def article_url(session):
    return f"/api/v1/sessions/{session.pk}/article/"


def _in_the_past(session):
    day = working_day(-3)
    ReceptionSession.objects.filter(pk=session.pk).update(start=local(day, 8), end=local(day, 11))


def test_the_press_attaches_the_article_and_the_public_schedule_shows_it(client):
    session = held_session(state="closed")
    _in_the_past(session)
    press = staff_user("bao_ptth")
    response = post_json(client_for(press), article_url(session), {"url": ARTICLE, "title": "Tiếp công dân"})
    assert response.status_code == 200, response.json()
    page = client.get(reverse("tiepdan_session_public:schedule")).content.decode()
    assert f'href="{ARTICLE}"' in page and "Tiếp công dân" in page and session.code in page


def test_the_press_attaches_it_from_its_session_page(client):
    session = held_session()
    press = staff_user("bao_ptth")
    client.force_login(press)
    url = reverse("admin:tiepdan_session_receptionsession_article", args=[session.pk])
    assert url in client.get(session_url(session)).content.decode()
    assert client.post(url, {"url": ARTICLE, "title": ""}).status_code == 302
    assert ReceptionSession.objects.get(pk=session.pk).article_url == ARTICLE


@pytest.mark.parametrize("role", ["ban_tcd", "vp_ubnd", "quan_tri", "so_khcn"])
def test_other_roles_may_not_attach_an_article(role):
    session = held_session()
    response = post_json(client_for(staff_user(role)), article_url(session), {"url": ARTICLE})
    assert response.status_code == 403
    assert ReceptionSession.objects.get(pk=session.pk).article_url == ""


def test_no_article_before_the_session_concluded():
    session = held_session(state="in_progress")
    response = post_json(client_for(staff_user("bao_ptth")), article_url(session), {"url": ARTICLE})
    assert response.status_code == 409


@pytest.mark.parametrize("bad", ["", "baodongthap.vn/bai", "javascript:alert(1)", "ftp://x.vn/a"])
def test_the_address_must_be_a_web_address(bad):
    session = held_session()
    response = post_json(client_for(staff_user("bao_ptth")), article_url(session), {"url": bad})
    assert response.status_code == 400 and "url" in response.json()["fields"]
