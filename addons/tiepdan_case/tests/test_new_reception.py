"""“Tiếp công dân mới”: citizens, case, reception register row and papers on one page, saved as one case."""

import io

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Case, Citizen, ReceivedPaper, Reception
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CitizenFactory, unit, valid_can_cuoc

pytestmark = pytest.mark.django_db
URL = reverse("admin:tiepdan_case_case_reception")


def person(index, name, number, role="thanh_vien", gender="nam", born="15/06/1970"):
    p = f"people-{index}-"
    return {
        p + "full_name": name, p + "id_type": "can_cuoc", p + "id_number": number, p + "date_of_birth": born,
        p + "gender": gender, p + "phone": "0912 345 678", p + "address": "Khóm 3, phường Mỹ Tho", p + "role": role,
    }  # fmt: skip


def page_data(people, papers=(), **overrides):
    data = {
        "people-TOTAL_FORMS": str(len(people)), "people-INITIAL_FORMS": "0",
        "papers-TOTAL_FORMS": str(len(papers)), "papers-INITIAL_FORMS": "0",
        "case_type": "khieu_nai", "title": "Khiếu nại bồi thường", "summary": "Công dân khiếu nại mức bồi thường.",
        "received_date": "02/11/2026", "channel": "truc_tiep", "group_size": "",
        "received_at": "02/11/2026 08:30", "place": "Trụ sở UBND phường Mỹ Tho", "kind": "thuong_xuyen",
        "received_by": "Lê Văn Tiếp", "direction": "thu_ly", "_save": "1",
    }  # fmt: skip
    for index, row in enumerate(people):
        data.update(person(index, *row))
    for index, (name, pages, kind, copies) in enumerate(papers):
        data.update({
            f"papers-{index}-name": name, f"papers-{index}-pages": str(pages), f"papers-{index}-condition": "còn nguyên",
            f"papers-{index}-kind": kind, f"papers-{index}-copies": str(copies),
        })  # fmt: skip
    data.update(overrides)
    return data


@pytest.fixture
def clerk(client):
    user = staff_user("ubnd_xa", commune=MY_THO)
    client.force_login(user)
    return user


def test_one_citizen_is_registered_with_the_case_the_reception_and_the_papers(client, clerk):
    number = valid_can_cuoc(1970)
    response = client.post(
        URL,
        page_data(
            [("Nguyễn Văn An", number, "nguoi_dung_don")],
            papers=[
                ("Đơn khiếu nại", 3, "ban_chinh", 1),
                ("Quyết định bồi thường", 2, "ban_sao_chung_thuc", 2),
            ],
        ),
    )
    assert response.status_code == 302, response.context and response.context["case_form"].errors
    case = Case.objects.get()
    assert response.url == reverse("admin:tiepdan_case_case_change", args=[case.pk])
    assert (case.unit.code, case.state, case.group_size) == (MY_THO, "draft", 1)
    assert case.participants.get().citizen.id_number == number
    reception = Reception.objects.get(case=case)
    assert (reception.received_by, reception.direction, reception.people_count) == (
        "Lê Văn Tiếp",
        "thu_ly",
        1,
    )
    papers = list(
        ReceivedPaper.objects.filter(reception=reception).values_list("name", "pages", "kind", "copies")
    )
    assert papers == [
        ("Đơn khiếu nại", 3, "ban_chinh", 1),
        ("Quyết định bồi thường", 2, "ban_sao_chung_thuc", 2),
    ]


def test_a_registered_citizen_is_matched_by_the_identity_number_not_duplicated(client, clerk):
    known = CitizenFactory()
    response = client.post(URL, page_data([("Tên gõ khác", known.id_number, "nguoi_dung_don")]))
    assert response.status_code == 302
    assert Citizen.objects.count() == 1
    assert Case.objects.get().participants.get().citizen == known


def test_a_group_pasted_from_a_spreadsheet_fills_the_rows_then_saves_as_a_group(client, clerk):
    lines = ["Họ và tên\tCăn cước\tNgày sinh\tGiới tính\tĐiện thoại\tĐịa chỉ"]
    numbers = [valid_can_cuoc(1960 + i, "nu" if i % 2 else "nam") for i in range(6)]
    for i, number in enumerate(numbers):
        lines.append(
            f"Người Số {i}\t{number}\t15/06/{1960 + i}\t{'Nữ' if i % 2 else 'Nam'}\t091234567{i}\tKhóm {i}"
        )
    page = client.post(URL, {**page_data([]), "_save": "", "_import": "1", "paste": "\n".join(lines)})
    assert page.status_code == 200 and not Case.objects.exists()
    people = page.context["people"]
    assert [f.initial["full_name"] for f in people.forms] == [f"Người Số {i}" for i in range(6)]
    assert people.forms[1].initial["gender"] == "nu"
    rows = [
        (
            f"Người Số {i}",
            n,
            "nguoi_dai_dien" if i == 0 else "thanh_vien",
            "nu" if i % 2 else "nam",
            f"15/06/{1960 + i}",
        )
        for i, n in enumerate(numbers)
    ]
    saved = client.post(URL, page_data(rows))
    assert saved.status_code == 302
    case = Case.objects.get()
    assert case.is_group and case.group_size == 6 and case.participants.count() == 6
    assert Reception.objects.get(case=case).people_count == 6


def test_an_xlsx_from_the_offered_template_fills_the_rows(client, clerk):
    from openpyxl import load_workbook

    template = client.get(reverse("admin:tiepdan_case_case_reception_template"))
    assert template.status_code == 200
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    assert sheet.cell(1, 1).value == "Họ và tên"
    number = valid_can_cuoc(1980, "nu")
    sheet.append(["Trần Thị Bé", number, "17/05/1980", "Nữ", "0912345678", "Khóm 1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "danh-sach.xlsx"
    page = client.post(URL, {**page_data([]), "_save": "", "_import": "1", "xlsx": buffer})
    assert [f.initial["id_number"] for f in page.context["people"].forms] == [number]


def test_each_bad_row_shows_its_own_error_and_nothing_is_saved(client, clerk):
    rows = [("Người Một", valid_can_cuoc(1970), "nguoi_dung_don"), ("Người Hai", "12345", "thanh_vien")]
    response = client.post(URL, page_data(rows))
    assert response.status_code == 200
    forms = response.context["people"].forms
    assert not forms[0].errors and forms[1].errors["id_number"]
    assert not Citizen.objects.exists() and not Case.objects.exists()


def test_the_representatives_rule_is_shown_at_the_top_and_on_the_rows(client, clerk):
    rows = [(f"Người {i}", valid_can_cuoc(1970), "nguoi_dai_dien") for i in range(6)]
    response = client.post(URL, page_data(rows))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Từ 5 đến 10 người cùng một nội dung phải cử 1 hoặc 2 người đại diện" in html
    assert all(f.errors.get("role") for f in response.context["people"].forms)
    assert not Case.objects.exists()


def test_a_reception_later_than_now_and_a_future_receipt_date_are_refused(client, clerk):
    response = client.post(
        URL,
        page_data(
            [("Người Một", valid_can_cuoc(1970), "nguoi_dung_don")],
            received_at="02/11/2099 08:00",
            received_date="02/11/2099",
        ),
    )
    assert response.status_code == 200
    assert response.context["reception_form"].errors["received_at"]
    assert not Case.objects.exists()


def test_the_finder_returns_only_citizens_the_clerk_may_reach(client, clerk):
    CitizenFactory(full_name="Phạm Thị Tìm Thấy")
    CitizenFactory(full_name="Phạm Thị Xã Khác", unit=unit(DAO_THANH))
    found = client.get(reverse("admin:tiepdan_case_case_reception_find"), {"q": "pham thi"}).json()["results"]
    assert [c["full_name"] for c in found] == ["Phạm Thị Tìm Thấy"]


def test_a_citizens_page_link_starts_the_reception_with_that_citizen(client, clerk):
    known = CitizenFactory()
    page = client.get(URL, {"citizen": known.pk})
    assert page.context["people"].forms[0].initial["id_number"] == known.id_number


def test_a_reader_cannot_open_the_page(client):
    client.force_login(staff_user("thanh_tra"))
    assert client.get(URL).status_code == 404
