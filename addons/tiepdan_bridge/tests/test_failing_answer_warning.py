"""The site-check form warns when a failing answer is entered: on the form as it is chosen (the browser
test checks the script) and, once saved, above the next page; a passing check says nothing of the kind."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user

from .common import site
from .test_admin_screens import _check_form

pytestmark = pytest.mark.django_db
WARNING = "Không đạt: "


def test_saving_a_failing_answer_warns_that_the_site_turns_red(client):
    client.force_login(staff_user("so_khcn"))
    response = client.post(
        reverse("admin:tiepdan_bridge_sitecheck_add"),
        _check_form(site().pk, network="pass", recording="fail"),
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain and WARNING + "Ghi âm, ghi hình" in html
    assert "Chưa sẵn sàng" in html


def test_a_passing_check_gets_no_warning(client):
    client.force_login(staff_user("so_khcn"))
    response = client.post(
        reverse("admin:tiepdan_bridge_sitecheck_add"), _check_form(site().pk, network="pass"), follow=True
    )
    assert response.redirect_chain and WARNING not in response.content.decode()


def test_the_form_carries_the_warning_its_script_shows_as_a_failing_answer_is_chosen(client):
    client.force_login(staff_user("so_khcn"))
    html = client.get(reverse("admin:tiepdan_bridge_sitecheck_add")).content.decode()
    assert 'id="fail-warning" hidden' in html and "Không đạt: {items}." in html
    assert 'type="radio" name="recording_result" value="fail"' in html
