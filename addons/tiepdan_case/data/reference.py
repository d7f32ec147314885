"""Reference data loaded by migrations: the province's units, the agencies of the plan, the holidays.

Functions take the migration's `apps` so they work on historical models; they are idempotent
(update_or_create by code), so re-running a migration or `manage.py load_reference` changes nothing.
"""

import csv
import datetime as dt
from pathlib import Path

UNITS_CSV = Path(__file__).with_name("dong_thap_units.csv")
PROVINCE_CODE = "82"
PROVINCE_NAME = "Tỉnh Đồng Tháp"

# (code, name, short name, kind, parent code)
AGENCIES = [
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh Đồng Tháp", "UBND tỉnh", "ubnd_tinh", None),
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "vp_ubnd", "ubnd-tinh"),
    ("ban-tcd-nc", "Ban Tiếp công dân - Nội chính", "Ban TCD-NC", "ban_tcd", "vp-ubnd"),
    ("thanh-tra-tinh", "Thanh tra tỉnh Đồng Tháp", "Thanh tra tỉnh", "thanh_tra", None),
    ("so-tai-chinh", "Sở Tài chính", "Sở Tài chính", "so_nganh", None),
    ("so-khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN", "so_nganh", None),
    ("so-tu-phap", "Sở Tư pháp", "Sở Tư pháp", "so_nganh", None),
    ("so-nn-mt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "so_nganh", None),
    ("so-xay-dung", "Sở Xây dựng", "Sở Xây dựng", "so_nganh", None),
    ("so-noi-vu", "Sở Nội vụ", "Sở Nội vụ", "so_nganh", None),
    ("so-gd-dt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "so_nganh", None),
    ("so-y-te", "Sở Y tế", "Sở Y tế", "so_nganh", None),
    ("so-cong-thuong", "Sở Công Thương", "Sở Công Thương", "so_nganh", None),
    ("so-vh-tt-dl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", "so_nganh", None),
    ("so-dan-toc-ton-giao", "Sở Dân tộc và Tôn giáo", "Sở DT&TG", "so_nganh", None),
    ("cong-an-tinh", "Công an tỉnh Đồng Tháp", "Công an tỉnh", "cong_an", None),
    ("dien-luc", "Công ty Điện lực Đồng Tháp", "Điện lực Đồng Tháp", "dien_luc", None),
    ("bao-ptth", "Báo và Phát thanh, Truyền hình Đồng Tháp", "Báo và PT-TH Đồng Tháp", "bao_ptth", None),
    ("ban-tcd-tw", "Ban Tiếp công dân Trung ương", "Ban TCD Trung ương", "trung_uong", None),
    ("thanh-tra-cp", "Thanh tra Chính phủ", "Thanh tra Chính phủ", "trung_uong", None),
]

# Public holidays (Bộ luật Lao động 2019 art. 112 and the yearly Government notices) that fall on
# weekdays, 2026–2027. Quản trị maintains this table in the back office as notices are issued.
HOLIDAYS = [
    ("2026-01-01", "Tết Dương lịch"),
    ("2026-02-16", "Tết Nguyên đán"),
    ("2026-02-17", "Tết Nguyên đán"),
    ("2026-02-18", "Tết Nguyên đán"),
    ("2026-02-19", "Tết Nguyên đán"),
    ("2026-02-20", "Tết Nguyên đán"),
    ("2026-04-27", "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    ("2026-04-30", "Ngày Chiến thắng"),
    ("2026-05-01", "Ngày Quốc tế Lao động"),
    ("2026-09-01", "Quốc khánh"),
    ("2026-09-02", "Quốc khánh"),
    ("2027-01-01", "Tết Dương lịch"),
    ("2027-02-05", "Tết Nguyên đán"),
    ("2027-02-08", "Tết Nguyên đán"),
    ("2027-02-09", "Tết Nguyên đán"),
    ("2027-02-10", "Tết Nguyên đán (nghỉ bù)"),
    ("2027-02-11", "Tết Nguyên đán (nghỉ bù)"),
    ("2027-04-16", "Giỗ Tổ Hùng Vương"),
    ("2027-04-30", "Ngày Chiến thắng"),
    ("2027-05-03", "Ngày Quốc tế Lao động (nghỉ bù)"),
    ("2027-09-02", "Quốc khánh"),
    ("2027-09-03", "Quốc khánh"),
]


def read_units() -> list[dict]:
    with UNITS_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_units(apps):
    Unit = apps.get_model("tiepdan_case", "AdministrativeUnit")
    province, _ = Unit.objects.update_or_create(
        code=PROVINCE_CODE, defaults={"name": PROVINCE_NAME, "kind": "tinh", "parent": None}
    )
    for row in read_units():
        Unit.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "kind": row["type"], "parent": province}
        )


def load_agencies(apps):
    Agency = apps.get_model("tiepdan_case", "Agency")
    Unit = apps.get_model("tiepdan_case", "AdministrativeUnit")
    by_code = {}
    for code, name, short, kind, parent in AGENCIES:
        by_code[code], _ = Agency.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": kind, "parent": by_code.get(parent)},
        )
    for unit in Unit.objects.exclude(kind="tinh"):
        Agency.objects.update_or_create(
            code=commune_agency_code(unit.code),
            defaults={
                "name": f"Ủy ban nhân dân {unit.name}",
                "short_name": f"UBND {unit.name}",
                "kind": "ubnd_xa",
                "unit": unit,
            },
        )


def commune_agency_code(unit_code: str) -> str:
    return f"ubnd-{unit_code}"


def load_holidays(apps):
    CalendarDay = apps.get_model("tiepdan_case", "CalendarDay")
    for iso, name in HOLIDAYS:
        CalendarDay.objects.get_or_create(
            date=dt.date.fromisoformat(iso), defaults={"kind": "holiday", "name": name}
        )


def load_all(apps):
    load_units(apps)
    load_agencies(apps)
    load_holidays(apps)
