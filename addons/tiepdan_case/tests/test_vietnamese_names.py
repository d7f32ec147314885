"""Users are named family name first ("Lê Văn Tiếp"), and the user form asks for "Họ và tên"."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from addons.tiepdan_case.people import split_full_name
from addons.tiepdan_case.tests.admin_helpers import staff_user

pytestmark = pytest.mark.django_db


def test_a_users_full_name_is_family_name_first():
    user = User(first_name="Tiếp", last_name="Lê Văn")
    assert user.get_full_name() == "Lê Văn Tiếp"


def test_a_typed_full_name_splits_into_family_and_given_names():
    assert split_full_name("  Lê   Văn Tiếp ") == ("Lê Văn", "Tiếp")
    assert split_full_name("Tiếp") == ("", "Tiếp")


def test_the_administrator_types_one_full_name_and_the_list_shows_it_in_vietnamese_order(client):
    client.force_login(staff_user("quan_tri"))
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "can_bo_moi",
            "full_name": "Nguyễn Thị Minh Khai",
            "password1": "Mat-khau-rat-dai-2026",
            "password2": "Mat-khau-rat-dai-2026",
            "usable_password": "true",
            "profile-TOTAL_FORMS": "0",
            "profile-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="can_bo_moi")
    assert (user.last_name, user.first_name) == ("Nguyễn Thị Minh", "Khai")
    listing = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "Nguyễn Thị Minh Khai" in listing
    page = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert "Họ và tên" in page and 'value="Nguyễn Thị Minh Khai"' in page
