"""“Tiếp công dân mới” takes what the citizen form and the API take (issue 7's fields, issue 8): the identity
paper's issue date and issuing body, a căn cước of a citizen whose birth was registered abroad, a foreign
passport and its country, and an agency or organisation as the applicant with the person representing it —
for one citizen and for a group (quick rows, a pasted list, the .xlsx template), each error on its row."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from addons.tiepdan_case.models import Case, Citizen
from addons.tiepdan_case.services.submission import submit_problems
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import (
    DAO_THANH,
    MY_THO,
    CaseFactory,
    CitizenFactory,
    unit,
    valid_can_cuoc,
)
from addons.tiepdan_case.tests.test_new_reception import URL, page_data

pytestmark = pytest.mark.django_db

ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
BORN_ABROAD_NUMBER = "840070123456"  # 840: a country code, not a Vietnamese province of birth
COOP = "Hợp tác xã nông nghiệp Mỹ Phú"
COOP_ADDRESS = "Ấp Mỹ Phú, phường Mỹ Thọ, tỉnh Đồng Tháp"
PAPER = "Giấy ủy quyền số 12/GUQ-HTX ngày 01/11/2026 của Giám đốc Hợp tác xã"


@pytest.fixture
def clerk(client):
    user = staff_user("ubnd_xa", commune=MY_THO)
    client.force_login(user)
    return user


def _row(index=0, **fields):
    return {f"people-{index}-{name}": value for name, value in fields.items()}


def _errors(response, index=0):
    assert response.status_code == 200, "the page was saved"
    assert not Case.objects.exists() and not Citizen.objects.exists()
    return response.context["people"].forms[index].errors


def test_the_papers_issue_date_and_issuing_body_are_saved_on_the_citizen(client, clerk):
    number = valid_can_cuoc(1970)
    data = page_data([("Nguyễn Văn An", number, "nguoi_dung_don")])
    data.update(_row(id_issued_on="15/06/2021", id_issued_place=ISSUER))
    response = client.post(URL, data)
    assert response.status_code == 302, response.context and response.context["people"].errors
    citizen = Citizen.objects.get(id_number=number)
    assert (citizen.id_issued_on.isoformat(), citizen.id_issued_place, citizen.id_issuing_country) == (
        "2021-06-15",
        ISSUER,
        "VN",
    )


def test_an_issue_date_in_the_future_or_before_the_birth_is_refused_on_its_row(client, clerk):
    data = page_data([("Nguyễn Văn An", valid_can_cuoc(1970), "nguoi_dung_don")])
    errors = _errors(client.post(URL, {**data, **_row(id_issued_on="01/01/2099")}))
    assert errors["id_issued_on"] == ["Ngày cấp không thể là ngày trong tương lai."]
    errors = _errors(client.post(URL, {**data, **_row(id_issued_on="01/01/1965")}))
    assert errors["id_issued_on"] == ["Giấy tờ tùy thân không thể được cấp trước ngày sinh của công dân."]


def test_a_can_cuoc_of_a_birth_registered_abroad_needs_the_tick(client, clerk):
    data = page_data([("Trần Minh Khoa", BORN_ABROAD_NUMBER, "nguoi_dung_don", "nam", "17/05/1970")])
    errors = _errors(client.post(URL, data))
    assert "không phải mã tỉnh nơi đăng ký khai sinh ở Việt Nam" in errors["id_number"][0]
    response = client.post(URL, {**data, **_row(born_abroad="on")})
    assert response.status_code == 302, response.context["people"].errors
    assert Citizen.objects.get(id_number=BORN_ABROAD_NUMBER).born_abroad is True


def test_born_abroad_applies_only_to_a_can_cuoc(client, clerk):
    data = page_data([("Kim Min Ji", "M12345678", "nguoi_dung_don", "nu", "17/05/1990")])
    data.update(_row(id_type="ho_chieu", id_issuing_country="KR", born_abroad="on"))
    errors = _errors(client.post(URL, data))
    assert errors["born_abroad"] == ["“Đăng ký khai sinh ở nước ngoài” chỉ áp dụng cho số căn cước."]


def test_a_foreign_passport_is_taken_in_its_own_format_with_its_country(client, clerk):
    data = page_data([("Kim Min Ji", "m12345678", "nguoi_dung_don", "nu", "17/05/1990")])
    data.update(_row(id_type="ho_chieu", id_issuing_country="kr", id_issued_on="15/03/2022"))
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["people"].errors
    citizen = Citizen.objects.get()
    assert (citizen.id_type, citizen.id_number, citizen.id_issuing_country) == ("ho_chieu", "M12345678", "KR")


def test_a_passport_needs_its_country_and_a_vietnamese_one_its_format(client, clerk):
    data = page_data([("Kim Min Ji", "M12345678", "nguoi_dung_don", "nu", "17/05/1990")])
    errors = _errors(client.post(URL, {**data, **_row(id_type="ho_chieu", id_issuing_country="")}))
    assert errors["id_issuing_country"] == ["Hãy nhập nước cấp hộ chiếu (VN, US, KR…)."]
    errors = _errors(client.post(URL, {**data, **_row(id_type="ho_chieu", id_issuing_country="VN")}))
    assert errors["id_number"] == ["Số hộ chiếu Việt Nam gồm 1 chữ cái in hoa và 7 chữ số, ví dụ B1234567."]
    errors = _errors(client.post(URL, {**data, **_row(id_type="ho_chieu", id_issuing_country="Korea")}))
    assert "ISO 3166-1" in errors["id_issuing_country"][0]
    errors = _errors(
        client.post(
            URL,
            {
                **page_data([("Nguyễn Văn An", valid_can_cuoc(1970), "nguoi_dung_don")]),
                **_row(id_issuing_country="US"),
            },
        )
    )
    assert errors["id_issuing_country"] == [
        "Chỉ hộ chiếu mới có thể do nước khác cấp; giấy tờ này do Việt Nam (VN) cấp."
    ]


def test_an_organisation_applies_through_its_representative_with_the_paper(client, clerk):
    data = page_data(
        [("Lê Văn Hợp", valid_can_cuoc(1970), "dai_dien_to_chuc")],
        organisation_name=COOP,
        organisation_address=COOP_ADDRESS,
    )
    errors = _errors(client.post(URL, data))
    assert errors["authorization_document"][0].startswith(
        "Người đại diện của cơ quan, tổ chức phải xuất trình giấy tờ chứng minh"
    )
    response = client.post(URL, {**data, **_row(authorization_document=PAPER)})
    assert response.status_code == 302, response.context["people"].errors
    case = Case.objects.get()
    assert (case.organisation_name, case.organisation_address) == (COOP, COOP_ADDRESS)
    participant = case.participants.get()
    assert (participant.role, participant.authorization_document) == ("dai_dien_to_chuc", PAPER)
    assert not any("Hợp tác xã" in problem for problem in submit_problems(case))


def test_an_organisation_without_its_representative_is_a_reason_the_draft_cannot_be_sent(client, clerk):
    data = page_data(
        [("Lê Văn Hợp", valid_can_cuoc(1970), "nguoi_dung_don")],
        organisation_name=COOP,
        organisation_address=COOP_ADDRESS,
    )
    assert client.post(URL, data).status_code == 302  # a draft may be saved with its problems
    case = Case.objects.get()
    assert any(COOP in problem for problem in submit_problems(case))
    page = client.get(reverse("admin:tiepdan_case_case_change", args=[case.pk])).content.decode()
    assert f"Hãy thêm người đại diện của {COOP}" in page


def test_an_organisation_needs_its_address_and_cannot_denounce(client, clerk):
    row = [("Lê Văn Hợp", valid_can_cuoc(1970), "dai_dien_to_chuc")]
    response = client.post(URL, page_data(row, organisation_name=COOP, **_row(authorization_document=PAPER)))
    assert response.status_code == 200 and not Case.objects.exists()
    assert response.context["case_form"].errors["organisation_address"] == [
        "Hãy nhập địa chỉ của cơ quan, tổ chức."
    ]
    response = client.post(
        URL,
        page_data(
            row,
            case_type="to_cao",
            organisation_name=COOP,
            organisation_address=COOP_ADDRESS,
            **_row(authorization_document=PAPER),
        ),
    )
    assert response.status_code == 200 and not Case.objects.exists()
    assert response.context["case_form"].errors["organisation_name"][0].startswith("Người tố cáo là cá nhân")
    assert 'id="organisation" open' in response.content.decode()  # the part with the error is open


def test_a_proxy_shows_the_power_of_attorney_on_their_row(client, clerk):
    rows = [
        ("Người Ủy Quyền", valid_can_cuoc(1950), "nguoi_dung_don", "nam", "15/06/1950"),
        ("Người Được Ủy Quyền", valid_can_cuoc(1980), "nguoi_duoc_uy_quyen", "nam", "15/06/1980"),
    ]
    response = client.post(URL, page_data(rows))
    assert not response.context["people"].forms[0].errors
    assert (
        response.context["people"]
        .forms[1]
        .errors["authorization_document"][0]
        .startswith("Người được ủy quyền, luật sư phải xuất trình")
    )
    assert not Case.objects.exists()


def test_a_pasted_group_carries_the_papers_details_and_a_foreign_passport(client, clerk):
    number = valid_can_cuoc(1970)
    lines = [
        "Họ và tên\tSố giấy tờ\tNgày sinh\tGiới tính\tĐiện thoại\tĐịa chỉ\tNgày cấp\tNơi cấp\tNước cấp\tSinh ở nước ngoài",
        f"Nguyễn Văn An\t{number}\t15/06/1970\tNam\t0912345678\tKhóm 1\t15/06/2021\t{ISSUER}\t\t",
        f"Trần Minh Khoa\t{BORN_ABROAD_NUMBER}\t17/05/1970\tNam\t0912345679\tKhóm 2\t02/08/2023\t{ISSUER}\tVN\tCó",
        "Kim Min Ji\t712345678\t17/05/1990\tNữ\t\tKhóm 3\t15/03/2022\tBộ Ngoại giao Hàn Quốc\tKR\tKhông",
        "Lê Thị Cũ\t082170123456\t17/05/1970\tNữ\t\tKhóm 4",  # the old six columns still work
    ]
    page = client.post(URL, {**page_data([]), "_save": "", "_import": "1", "paste": "\n".join(lines)})
    rows = [form.initial for form in page.context["people"].forms]
    assert [(r["id_type"], r["id_number"], r["id_issuing_country"], r["born_abroad"]) for r in rows] == [
        ("can_cuoc", number, "VN", False),
        ("can_cuoc", BORN_ABROAD_NUMBER, "VN", True),
        ("ho_chieu", "712345678", "KR", False),  # a foreign passport: digits kept as they are
        ("can_cuoc", "082170123456", "VN", False),
    ]
    assert (rows[0]["id_issued_on"], rows[0]["id_issued_place"]) == ("15/06/2021", ISSUER)
    html = page.content.decode()
    assert html.count('class="person-details" open') == 3  # rows with details show them

    # Saved as shown, after a typing error on one row is corrected there.
    data = page_data([])
    data["people-TOTAL_FORMS"] = "4"
    fields = ("full_name", "id_type", "id_number", "date_of_birth", "gender", "phone", "address", "id_issued_on", "id_issued_place", "id_issuing_country", "role")  # fmt: skip
    for index, row in enumerate(rows):
        data.update(_row(index, **{name: row[name] or "" for name in fields}))
        if row["born_abroad"]:
            data.update(_row(index, born_abroad="on"))
    data.update(_row(3, id_issued_on="31/02/2021"))
    response = client.post(URL, data)
    assert response.status_code == 200 and not Case.objects.exists()
    assert list(response.context["people"].forms[3].errors) == ["id_issued_on"]
    data.update(_row(3, id_issued_on=""))
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["people"].errors
    assert Citizen.objects.get(id_number=BORN_ABROAD_NUMBER).born_abroad
    korean = Citizen.objects.get(id_number="712345678")
    assert (korean.id_type, korean.id_issuing_country, korean.id_issued_place) == (
        "ho_chieu",
        "KR",
        "Bộ Ngoại giao Hàn Quốc",
    )


def test_the_xlsx_template_has_the_papers_columns_and_an_upload_fills_them(client, clerk):
    from openpyxl import load_workbook

    template = client.get(reverse("admin:tiepdan_case_case_reception_template"))
    sheet = load_workbook(io.BytesIO(template.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[6:] == [
        "Ngày cấp giấy tờ (nn/tt/nnnn)",
        "Nơi cấp giấy tờ",
        "Nước cấp (VN, US, KR…)",
        "Đăng ký khai sinh ở nước ngoài (Có/Không)",
    ]
    sheet.append(["Trần Minh Khoa", BORN_ABROAD_NUMBER, "17/05/1970", "Nam", "", "Khóm 2", dt.datetime(2023, 8, 2), ISSUER, "VN", "Có"])  # fmt: skip
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    buffer.seek(0)
    buffer.name = "danh-sach.xlsx"
    page = client.post(URL, {**page_data([]), "_save": "", "_import": "1", "xlsx": buffer})
    row = page.context["people"].forms[0].initial
    assert (row["id_number"], row["id_issued_on"], row["id_issued_place"], row["born_abroad"]) == (
        BORN_ABROAD_NUMBER,
        "02/08/2023",
        ISSUER,
        True,
    )


def test_rows_already_on_the_page_keep_their_details_when_more_are_pasted(client, clerk):
    data = page_data([("Kim Min Ji", "M12345678", "nguoi_dung_don", "nu", "17/05/1990")])
    data.update(_row(id_type="ho_chieu", id_issuing_country="KR", id_issued_place="Bộ Ngoại giao Hàn Quốc"))
    page = client.post(URL, {**data, "_save": "", "_add_row": "1"})
    first = page.context["people"].forms[0].initial
    assert (first["id_issuing_country"], first["id_issued_place"]) == ("KR", "Bộ Ngoại giao Hàn Quốc")
    assert len(page.context["people"].forms) == 2


def test_a_registered_citizens_details_come_with_the_finder_and_the_citizens_link(client, clerk):
    known = CitizenFactory(full_name="Phạm Thị Tìm Thấy", id_issued_place=ISSUER)
    found = client.get(reverse("admin:tiepdan_case_case_reception_find"), {"q": "pham thi"}).json()["results"]
    assert found[0]["id_issued_place"] == ISSUER and found[0]["born_abroad"] is False
    page = client.get(URL, {"citizen": known.pk})
    assert page.context["people"].forms[0].initial["id_issued_place"] == ISSUER


def test_another_communes_citizen_and_a_hidden_denouncer_give_nothing_away(client, clerk):
    """Scope and masking: a clerk of Mỹ Thọ reaches neither a citizen of Đạo Thạnh nor a denouncer of
    Mỹ Thọ known only through a denunciation the board registered for another commune."""
    elsewhere = CitizenFactory(
        full_name="Võ Văn Xã Khác", unit=unit(DAO_THANH), id_issued_place="Nơi cấp riêng"
    )
    denouncer = CitizenFactory(full_name="Đỗ Thị Tố Cáo", id_issued_place="Nơi cấp bí mật")
    CaseFactory(case_type="to_cao", unit=unit(DAO_THANH), applicant=denouncer)
    finder = reverse("admin:tiepdan_case_case_reception_find")
    cases = Case.objects.count()
    for person in (elsewhere, denouncer):
        assert client.get(finder, {"q": person.full_name}).json()["results"] == []
        assert client.get(finder, {"q": person.id_number}).json()["results"] == []
        page = client.get(URL, {"citizen": person.pk})
        assert page.context["people"].forms[0].initial.get("id_number") is None
        html = page.content.decode()
        assert person.full_name not in html and person.id_issued_place not in html
        response = client.post(URL, page_data([("Tên gõ khác", person.id_number, "nguoi_dung_don")]))
        assert response.status_code == 200 and Case.objects.count() == cases
        errors = response.context["people"].forms[0].errors
        assert errors["id_number"] == [
            "Người này đã được đăng ký ở ngoài xã, phường của bạn; hãy đề nghị Ban Tiếp công dân bổ sung vào vụ việc."
        ]
        html = response.content.decode()
        assert person.full_name not in html and person.id_issued_place not in html


def test_a_reader_gets_neither_the_finder_nor_the_template(client):
    CitizenFactory(full_name="Phạm Thị Tìm Thấy", id_issued_place=ISSUER)
    client.force_login(staff_user("thanh_tra"))
    assert client.get(reverse("admin:tiepdan_case_case_reception_find"), {"q": "pham thi"}).status_code == 404
    assert client.get(reverse("admin:tiepdan_case_case_reception_template")).status_code == 404


def test_a_registered_citizen_gets_the_paper_details_they_lacked_and_keeps_the_rest(client, clerk):
    from django.contrib.contenttypes.models import ContentType

    from addons.tiepdan_case.models import AuditEvent

    known = CitizenFactory(date_of_birth=dt.date(1970, 6, 15), id_issued_place="Nơi cấp đã lưu")
    data = page_data([("Tên gõ khác", known.id_number, "nguoi_dung_don")])
    data.update(_row(id_issued_on="15/06/2021", id_issued_place="Nơi cấp gõ lại"))
    response = client.post(URL, data)
    assert response.status_code == 302, response.context["people"].errors
    known.refresh_from_db()
    assert (known.id_issued_on, known.id_issued_place) == (dt.date(2021, 6, 15), "Nơi cấp đã lưu")
    change = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Citizen), object_id=known.pk, kind="changed"
    )
    assert change.actor == clerk and list(change.changes) == ["id_issued_on"]


def test_an_issue_date_before_a_registered_citizens_birth_is_refused_on_the_row(client, clerk):
    known = CitizenFactory(date_of_birth=dt.date(1970, 6, 15))
    data = page_data([("Tên gõ khác", known.id_number, "nguoi_dung_don")])
    response = client.post(URL, {**data, **_row(id_issued_on="01/01/1965")})
    assert response.status_code == 200 and not Case.objects.exists()
    assert response.context["people"].forms[0].errors["id_issued_on"] == [
        "Giấy tờ tùy thân không thể được cấp trước ngày sinh của công dân."
    ]
    known.refresh_from_db()
    assert known.id_issued_on is None
