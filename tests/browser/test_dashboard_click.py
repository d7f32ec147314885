"""lanh_dao opens the home page, reads the figures, clicks one and lands on the matching list."""

import pytest

from addons.tiepdan_case.tests.factories import CaseFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_clicks_a_figure_and_lands_on_the_matching_list(page, live_url, login):
    CaseFactory(case_type="to_cao", state="accepted")
    CaseFactory(case_type="khieu_nai", state="accepted")
    CaseFactory(case_type="khieu_nai", state="submitted")
    user = make_user("lanh_dao", username="lanh_dao_browser")
    user.is_staff = True
    user.save()
    login(page, "lanh_dao_browser")
    page.goto(f"{live_url}/")
    figure = page.locator('[data-figure="cases_by_type"] a[data-code="khieu_nai"]')
    assert figure.inner_text().strip() == "2"
    assert page.locator('[data-figure="received_per_month"] canvas').count() == 1
    figure.click()
    page.wait_for_load_state("networkidle")
    assert "case_type__exact=khieu_nai" in page.url
    assert page.locator("#result_list tbody tr").count() == 2
