"""A group at “Tiếp công dân mới” (the one page for a reception; the old group page is gone): the case
and its citizens in one transaction, registered people reused, nothing typed lost on an error."""

import pytest
from django.urls import NoReverseMatch, reverse

from addons.tiepdan_case.models import Case, Citizen
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CitizenFactory, valid_can_cuoc

from .test_new_reception import URL, page_data

pytestmark = pytest.mark.django_db
TITLE = "Khiếu nại bồi thường dự án bờ kè"


def _person(i, role="thanh_vien", **overrides):
    row = {
        "name": f"Lê Thị Đông Người {i}",
        "number": valid_can_cuoc(1975, "nu"),
        "role": role,
        "gender": "nu",
        "born": "01/02/1975",
    }
    row.update(overrides)
    return (row["name"], row["number"], row["role"], row["gender"], row["born"])


def _post(client, people, **overrides):
    return client.post(URL, page_data(people, **{"title": TITLE, "group_size": "6", **overrides}))


def test_the_case_list_links_to_the_new_reception_page_and_the_old_group_page_is_gone(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(changelist("case")).content.decode()
    assert reverse("admin:tiepdan_case_case_reception") in html
    with pytest.raises(NoReverseMatch):
        reverse("admin:tiepdan_case_case_group")
    assert client.get("/tiepdan_case/case/dang-ky-dong-nguoi/", follow=True).status_code == 404


def test_a_commune_registers_a_group_case_reusing_a_known_citizen(client):
    known = CitizenFactory(full_name="Phạm Văn Đã Có")
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [
        _person(1, "nguoi_dai_dien"),
        _person(2),
        _person(3, name="Tên gõ khác", number=known.id_number, born=""),
    ]
    response = _post(client, rows)
    assert response.status_code == 302, response.context and response.context["people"].errors
    case = Case.objects.get(title=TITLE)
    assert (case.is_group, case.group_size, case.unit.code, case.state) == (True, 6, MY_THO, "draft")
    assert case.participants.count() == 3
    assert case.participants.filter(citizen=known).exists()
    assert Citizen.objects.filter(id_number=known.id_number).count() == 1
    assert response.url == reverse("admin:tiepdan_case_case_change", args=[case.pk])
    page = client.get(response.url).content.decode()
    assert "Trong đó 1 người đã đăng ký trước và được dùng lại." in page


def test_the_representatives_rule_is_explained_and_everything_typed_stays(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [_person(1), _person(2)]  # nobody chosen as representative
    response = _post(client, rows)
    assert response.status_code == 200
    html = response.content.decode()
    assert "phải cử 1 hoặc 2 người đại diện" in html
    assert "Lê Thị Đông Người 2" in html
    assert TITLE in html
    assert not Case.objects.exists()
    assert not Citizen.objects.filter(full_name__startswith="Lê Thị Đông Người").exists()


def test_a_wrong_identity_number_and_phone_are_shown_on_their_fields(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [_person(1, "nguoi_dai_dien", number="0821751234")]
    response = _post(client, rows, **{"people-0-phone": "12345"}, group_size="5")
    assert response.status_code == 200
    form = response.context["people"].forms[0]
    assert set(form.errors) >= {"id_number", "phone"}
    assert not Case.objects.exists()


def test_a_citizen_registered_outside_the_clerks_scope_is_not_joined_to_the_case(client):
    # As the API answers 409 citizen_exists: reusing them would show their identity to this clerk.
    from addons.tiepdan_case.tests.factories import DAO_THANH, CaseFactory, unit

    hidden = CitizenFactory(full_name="Võ Thị Ngoài Phạm Vi", unit=unit(DAO_THANH))
    CaseFactory(unit=unit(DAO_THANH), applicant=hidden)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [_person(1, "nguoi_dai_dien"), _person(2, number=hidden.id_number, name="Tên gõ")]
    response = _post(client, rows, group_size="5")
    assert response.status_code == 200
    errors = response.context["people"].forms[1].errors["id_number"]
    assert errors == [  # the one answer for everyone outside the commune (issue 6)
        "Người này đã được đăng ký ở ngoài xã, phường của bạn; hãy đề nghị Ban Tiếp công dân bổ sung vào vụ việc."
    ]
    assert not Case.objects.filter(title=TITLE).exists()
    assert "Võ Thị Ngoài Phạm Vi" not in response.content.decode()


def test_a_clerk_whose_account_has_no_commune_is_told_why_nothing_was_saved(client):
    from addons.tiepdan_case.models import UserProfile

    clerk = staff_user("ubnd_xa", commune=MY_THO)
    UserProfile.objects.filter(user=clerk).update(unit=None)
    client.force_login(clerk)
    response = _post(client, [_person(1, "nguoi_dai_dien")], group_size="5")
    assert response.status_code == 200
    assert response.context["case_form"].non_field_errors() == [
        "Tài khoản của bạn chưa gắn với xã, phường; hãy liên hệ quản trị hệ thống."
    ]
    assert not Case.objects.exists() and not Citizen.objects.exists()
