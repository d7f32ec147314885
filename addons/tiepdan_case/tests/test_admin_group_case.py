"""The group case form: the case and its citizens on one page, one transaction, nothing typed is lost."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Case, Citizen
from addons.tiepdan_case.tests.admin_helpers import changelist, staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CitizenFactory, valid_can_cuoc

pytestmark = pytest.mark.django_db
URL = reverse("admin:tiepdan_case_case_group")


def _citizen(i, role="thanh_vien", **overrides):
    row = {
        "full_name": f"Lê Thị Đông Người {i}",
        "id_type": "can_cuoc",
        "id_number": valid_can_cuoc(1975, "nu"),
        "date_of_birth": "01/02/1975",
        "gender": "nu",
        "phone": "0912 345 67" + str(i),
        "address": f"Số {i}, ấp Mỹ Hòa",
        "role": role,
    }
    row.update(overrides)
    return row


def _post(client, citizens, **case):
    data = {
        "case_type": "khieu_nai",
        "title": "Khiếu nại bồi thường dự án bờ kè",
        "summary": "Các hộ dân khiếu nại giá bồi thường.",
        "received_date": "02/11/2026",
        "channel": "truc_tiep",
        "group_size": "6",
        "previous_handling": "",
        "citizens-TOTAL_FORMS": str(len(citizens)),
        "citizens-INITIAL_FORMS": "0",
        "citizens-MIN_NUM_FORMS": "1",
        "citizens-MAX_NUM_FORMS": "30",
    }
    data.update(case)
    for i, row in enumerate(citizens):
        data.update({f"citizens-{i}-{k}": v for k, v in row.items()})
    return client.post(URL, data)


def test_the_case_list_links_to_the_new_reception_page_which_takes_groups(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    html = client.get(changelist("case")).content.decode()
    assert reverse("admin:tiepdan_case_case_reception") in html
    assert client.get(URL).status_code == 200


def test_a_commune_registers_a_group_case_reusing_a_known_citizen(client):
    known = CitizenFactory(full_name="Phạm Văn Đã Có")
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [
        _citizen(1, "nguoi_dai_dien"),
        _citizen(2),
        _citizen(3, full_name="Tên gõ khác", id_number=known.id_number, date_of_birth="", phone=""),
    ]
    response = _post(client, rows)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    case = Case.objects.get(title="Khiếu nại bồi thường dự án bờ kè")
    assert (case.is_group, case.group_size, case.unit.code, case.state) == (True, 6, MY_THO, "draft")
    assert case.participants.count() == 3
    assert case.participants.filter(citizen=known).exists()
    assert Citizen.objects.filter(id_number=known.id_number).count() == 1
    assert response.url == reverse("admin:tiepdan_case_case_change", args=[case.pk])


def test_the_representatives_rule_is_explained_and_everything_typed_stays(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [_citizen(1), _citizen(2)]  # nobody chosen as representative
    response = _post(client, rows)
    assert response.status_code == 200
    html = response.content.decode()
    assert "phải cử 1 hoặc 2 người đại diện" in html
    assert "Lê Thị Đông Người 2" in html
    assert "Khiếu nại bồi thường dự án bờ kè" in html
    assert not Case.objects.exists()
    assert not Citizen.objects.filter(full_name__startswith="Lê Thị Đông Người").exists()


def test_a_wrong_identity_number_and_phone_are_shown_on_their_fields(client):
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [_citizen(1, "nguoi_dai_dien", id_number="0821751234", phone="12345")]
    response = _post(client, rows, group_size="5")
    assert response.status_code == 200
    form = response.context["formset"].forms[0]
    assert set(form.errors) >= {"id_number", "phone"}
    assert not Case.objects.exists()


def test_a_reader_cannot_open_the_group_form(client):
    client.force_login(staff_user("thanh_tra"))
    assert client.get(URL).status_code == 404


def test_a_citizen_registered_outside_the_clerks_scope_is_not_joined_to_the_case(client):
    # As the API answers 409 citizen_exists: reusing them would show their identity to this clerk.
    from addons.tiepdan_case.tests.factories import DAO_THANH, CaseFactory, unit

    hidden = CitizenFactory(full_name="Võ Thị Ngoài Phạm Vi", unit=unit(DAO_THANH))
    CaseFactory(unit=unit(DAO_THANH), applicant=hidden)
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    rows = [_citizen(1, "nguoi_dai_dien"), _citizen(2, id_number=hidden.id_number, full_name="Tên gõ")]
    response = _post(client, rows, group_size="5")
    assert response.status_code == 200
    errors = response.context["formset"].forms[1].errors["id_number"]
    assert errors == [  # the one answer for everyone outside the commune (issue 6)
        "Người này đã được đăng ký ở ngoài xã, phường của bạn; hãy đề nghị Ban Tiếp công dân bổ sung vào vụ việc."
    ]
    assert not Case.objects.filter(title="Khiếu nại bồi thường dự án bờ kè").exists()
    assert "Võ Thị Ngoài Phạm Vi" not in response.content.decode()


def test_a_clerk_whose_account_has_no_commune_is_told_why_nothing_was_saved(client):
    from addons.tiepdan_case.models import UserProfile

    clerk = staff_user("ubnd_xa", commune=MY_THO)
    UserProfile.objects.filter(user=clerk).update(unit=None)
    client.force_login(clerk)
    response = _post(client, [_citizen(1, "nguoi_dai_dien")], group_size="5")
    assert response.status_code == 200
    assert response.context["group_form"].non_field_errors() == [
        "Tài khoản của bạn chưa gắn với xã, phường; hãy liên hệ quản trị hệ thống."
    ]
    assert not Case.objects.exists() and not Citizen.objects.exists()
