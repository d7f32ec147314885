"""Budget lines: proposed by who maintains the site, reviewed once by the Department of Finance, kept in history."""

import pytest
from django.urls import reverse

from addons.tiepdan_bridge.models import BudgetLine, Equipment
from addons.tiepdan_bridge.services import budget
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.errors import Conflict, NotAllowed
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, make_user

from .common import site

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(db):
    return budget.save_line(
        make_user("ubnd_xa", commune=DAO_THANH),
        BudgetLine(),
        {"site": site("XA-28249"), "item": "Camera hội nghị", "quantity": 1, "unit_price": 30_000_000},
    )


@pytest.mark.parametrize("role", ["ban_tcd", "quan_tri", "ubnd_xa", "so_khcn"])
def test_only_finance_reviews_a_line(role, line):
    with pytest.raises(NotAllowed):
        budget.review_line(
            make_user(role, commune=DAO_THANH if role == "ubnd_xa" else None), line, approve=True
        )
    line.refresh_from_db()
    assert line.status == "proposed"


def test_a_second_review_of_the_same_line_is_refused(line):
    first, second = make_user("so_tai_chinh"), make_user("so_tai_chinh")
    budget.review_line(first, line, approve=True)
    with pytest.raises(Conflict):
        budget.review_line(second, line, approve=False, comment="Trả lại")
    line.refresh_from_db()
    assert (line.status, line.reviewed_by) == ("approved", first)
    assert history_of(line).filter(kind="transition").count() == 1


def test_finance_cannot_review_an_approved_line_again_in_the_back_office(client, line):
    budget.review_line(make_user("so_tai_chinh"), line, approve=True)
    client.force_login(staff_user("so_tai_chinh"))
    url = reverse("admin:tiepdan_bridge_budgetline_change", args=[line.pk])
    client.post(url, {"decision": "return", "review_comment": "Xem lại"})
    line.refresh_from_db()
    assert line.status == "approved"


def test_deleting_a_proposed_line_in_the_back_office_is_kept_in_the_history(client, line):
    user = staff_user("ban_tcd")
    client.force_login(user)
    response = client.post(reverse("admin:tiepdan_bridge_budgetline_delete", args=[line.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert history_of(line).filter(action="delete", actor=user).exists()


def test_an_approved_line_cannot_be_deleted_by_any_path(client, line):
    budget.review_line(make_user("so_tai_chinh"), line, approve=True)
    client.force_login(staff_user("ban_tcd"))
    response = client.post(reverse("admin:tiepdan_bridge_budgetline_delete", args=[line.pk]), {"post": "yes"})
    assert response.status_code == 403
    with pytest.raises(Conflict):
        budget.delete_line(make_user("ban_tcd"), line)
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_deleting_equipment_in_the_back_office_is_kept_in_the_history(client):
    item = Equipment.objects.create(site=site(), kind="camera", description="PTZ 4K")
    user = staff_user("vp_ubnd")
    client.force_login(user)
    response = client.post(reverse("admin:tiepdan_bridge_equipment_delete", args=[item.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Equipment.objects.filter(pk=item.pk).exists()
    event = history_of(item).get(action="delete")
    assert (event.actor, event.changes["description"]) == (user, "PTZ 4K")
