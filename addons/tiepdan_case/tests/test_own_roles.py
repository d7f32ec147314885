"""Separation of duties (issue 6): nobody changes their own roles; today's attack was quan_tri adding
itself to ban_tcd and reading everything."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import form_data, staff_user

pytestmark = pytest.mark.django_db


def test_an_administrator_cannot_add_a_role_to_their_own_account(client):
    admin_user = staff_user("quan_tri")
    client.force_login(admin_user)
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "groups" not in page.context["adminform"].form.fields
    data = {**form_data(page), "groups": [str(Group.objects.get(name="ban_tcd").pk)]}
    client.post(url, data)
    assert set(admin_user.groups.values_list("name", flat=True)) == {"quan_tri"}


def test_an_administrator_still_manages_someone_elses_roles(client):
    client.force_login(staff_user("quan_tri"))
    clerk = staff_user("so_khcn")
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    page = client.get(url)
    assert "groups" in page.context["adminform"].form.fields
