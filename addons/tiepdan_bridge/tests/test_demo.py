import pytest
from django.contrib.auth import get_user_model

from addons.tiepdan_bridge import demo
from addons.tiepdan_bridge.models import BudgetLine, Equipment, Incident, SiteCheck
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates():
    for role in ("so_khcn", "dien_luc", "cong_an", "ban_tcd"):
        make_user(role, username=role)
    demo.load()
    counts = [m.objects.count() for m in (Equipment, BudgetLine, SiteCheck, Incident)]
    demo.load()
    assert [m.objects.count() for m in (Equipment, BudgetLine, SiteCheck, Incident)] == counts
    assert counts == [24, 6, 3, 1]
    assert SiteCheck.objects.get(site__code="XA-28249").items.get(item="security").passed is False
    # Loaded through the services, like the screens: each row has its author and its history.
    operator = get_user_model().objects.get(username="ban_tcd")
    incident = Incident.objects.get()
    assert incident.recorded_by == operator
    for row in (incident, Equipment.objects.first(), BudgetLine.objects.first()):
        assert history_of(row).filter(kind="created", actor=operator).exists(), row
