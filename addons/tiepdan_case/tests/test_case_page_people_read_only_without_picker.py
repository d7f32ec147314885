"""A viewer who may not change a case's citizens reads them as plain rows: their form holds only each row's
id and case, no citizen picker (issue 13: the picker's scoped queryset and fields cost ~3 ms and, for a
reader of every case, a query on every case page, for a widget never drawn), and the page loads no
autocomplete script. A viewer who may change them still gets the picker, limited to their scope."""

import pytest

from addons.tiepdan_case.models import CaseParticipant
from addons.tiepdan_case.tests.admin_helpers import change, staff_user
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def _page(client, role, state):
    case = CaseFactory(state=state)
    CaseParticipant.objects.create(case=case, citizen=CitizenFactory(unit=case.unit), role="nguoi_dung_don")
    client.force_login(staff_user(role))
    response = client.get(change("case", case.pk))
    assert response.status_code == 200
    (people,) = [f for f in response.context["inline_admin_formsets"] if f.formset.model is CaseParticipant]
    return response, people.formset


@pytest.mark.parametrize(("role", "state"), [("lanh_dao", "received"), ("ban_tcd", "closed")])
def test_read_only_people_have_no_picker(client, role, state):
    response, formset = _page(client, role, state)
    html = response.content.decode()
    assert formset.forms
    assert all(set(form.fields) == {"id", "case"} for form in formset.forms)
    assert "participants-0-citizen" not in html
    assert "select2" not in html
    assert "readonly break-words" in html  # the people are still drawn, read-only


def test_people_a_viewer_may_change_keep_the_scoped_picker(client):
    response, formset = _page(client, "ban_tcd", "received")
    html = response.content.decode()
    assert "citizen" in formset.forms[0].fields
    assert 'name="participants-0-citizen"' in html
    assert formset.forms[0].fields["citizen"].queryset.query.where  # Citizen.objects.visible_to(user)
