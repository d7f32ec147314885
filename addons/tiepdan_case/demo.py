"""Demo data of the case module for `make run` (never for production): users, citizens, cases, receptions.

Everything is generated from a fixed seed and built through the services, so the history is real and a
second run finds every row already there and changes nothing. `manage.py load_demo` calls `load(stdout)`.
"""

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles as R
from .choices import HandlingDirection, RefusalGround
from .models import AdministrativeUnit, Agency, Case, ReceivedPaper, UserProfile
from .services import case_workflow
from .services.cases import create_case
from .services.citizens import register_citizen
from .services.receptions import record_reception
from .validators import parse_phone

SEED = 2026
MY_THO, DAO_THANH = "28261", "28249"
# Commune users ubnd_xa_<code>: the seat, its neighbour, two cities of the former Đồng Tháp, two communes.
DEMO_COMMUNES = [MY_THO, DAO_THANH, "29869", "29905", "30037", "28468"]
ROLE_AGENCY = {
    R.QUAN_TRI: "thanh-tra-tinh",
    R.VP_UBND: "vp-ubnd",
    R.BAN_TCD: "ban-tcd-nc",
    R.THANH_TRA: "thanh-tra-tinh",
    R.CHU_TICH: "ubnd-tinh",
    R.LANH_DAO: "ubnd-tinh",
    R.SO_TAI_CHINH: "so-tai-chinh",
    R.SO_KHCN: "so-khcn",
    R.SO_TU_PHAP: "so-tu-phap",
    R.CONG_AN: "cong-an-tinh",
    R.DIEN_LUC: "dien-luc",
    R.SO_NGANH: "so-nn-mt",  # Sở Nông nghiệp và Môi trường
    R.BAO_PTTH: "bao-ptth",
    R.TRUNG_UONG: "ban-tcd-tw",
}
STAFF_NAMES = {
    R.QUAN_TRI: ("Nguyễn Minh", "Quân"),
    R.VP_UBND: ("Trần Thị Thu", "Hà"),
    R.BAN_TCD: ("Lê Văn", "Tiếp"),
    R.THANH_TRA: ("Phạm Quốc", "Thanh"),
    R.CHU_TICH: ("Võ Hoàng", "Minh"),
    R.LANH_DAO: ("Huỳnh Thị Ngọc", "Lan"),
    R.SO_TAI_CHINH: ("Đặng Văn", "Tài"),
    R.SO_KHCN: ("Bùi Công", "Nghệ"),
    R.SO_TU_PHAP: ("Ngô Thị", "Pháp"),
    R.CONG_AN: ("Dương Văn", "An"),
    R.DIEN_LUC: ("Trương Minh", "Điện"),
    R.SO_NGANH: ("Phan Thị Mỹ", "Nông"),
    R.BAO_PTTH: ("Lý Thanh", "Báo"),
    R.UBND_XA: ("Hồ Văn", "Xã"),
    R.TRUNG_UONG: ("Đỗ Trung", "Ương"),
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ",
          "Dương", "Lý"]  # fmt: skip
MIDDLE = {"nam": ["Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức"],
          "nu": ["Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu"]}  # fmt: skip
GIVEN = {
    "nam": ["Hùng", "Dũng", "Tài", "Phúc", "Lộc", "Thành", "Tâm", "Hải", "Nam", "Sơn", "Tuấn", "Khang", "Bình",
            "Long", "Đạt", "Hiếu"],
    "nu": ["Lan", "Hoa", "Mai", "Hạnh", "Nga", "Thảo", "Trang", "Yến", "Ánh", "Hằng", "Phượng", "Diễm", "Loan",
           "Nhung", "Cúc", "Vân"],
}  # fmt: skip
HAMLETS = ["Mỹ Phú", "Tân Hòa", "Bình Thạnh", "Long Hưng", "An Lợi", "Hòa Khánh", "Phú Thuận", "Tân Thuận",
           "Thạnh Lợi", "Mỹ Hưng", "Bình Hòa", "An Thạnh"]  # fmt: skip
STREETS = ["Hùng Vương", "Nguyễn Huệ", "Lý Thường Kiệt", "30/4", "Trần Hưng Đạo", "Nguyễn Trãi", "Lê Lợi",
           "Đinh Bộ Lĩnh"]  # fmt: skip
BIRTH_PROVINCES = ["087", "082", "086", "083", "089"]  # Đồng Tháp, Tiền Giang, Vĩnh Long, Bến Tre, An Giang
MOBILE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "032", "033", "035", "036", "038", "039",
                   "070", "076", "077", "079", "081", "083", "084", "085", "086", "088", "089"]  # fmt: skip

TOPICS = {
    "khieu_nai": [
        (
            "Khiếu nại quyết định thu hồi đất",
            "Công dân khiếu nại quyết định thu hồi đất để mở rộng tuyến "
            "đường tỉnh, cho rằng diện tích thu hồi không đúng thực tế sử dụng.",
        ),
        (
            "Khiếu nại đơn giá bồi thường, hỗ trợ tái định cư",
            "Các hộ dân cho rằng đơn giá bồi thường đất nông "
            "nghiệp thấp hơn giá thị trường và chưa được hỗ trợ chuyển đổi nghề.",
        ),
        (
            "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất chồng ranh",
            "Giấy chứng nhận cấp cho hộ liền kề chồng lên phần đất gia đình sử dụng ổn định từ năm 1990.",
        ),
        (
            "Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng",
            "Công dân cho rằng công trình nhà ở đã có giấy phép nhưng vẫn bị lập biên bản và xử phạt.",
        ),
        (
            "Khiếu nại việc không được xét hỗ trợ hộ nghèo",
            "Gia đình thuộc diện khó khăn nhưng không có tên trong danh sách hộ nghèo được hỗ trợ năm nay.",
        ),
    ],
    "to_cao": [
        (
            "Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục đất đai",
            "Người tố cáo cho rằng cán bộ địa chính "
            "yêu cầu nộp thêm tiền ngoài quy định khi làm thủ tục tách thửa.",
        ),
        (
            "Tố cáo việc lấn chiếm đất công làm nhà ở",
            "Một hộ dân lấn chiếm đất công ven kênh để xây nhà, chính quyền địa phương chưa xử lý.",
        ),
        (
            "Tố cáo khai thác cát trái phép trên sông Tiền",
            "Ghe hút cát hoạt động ban đêm, gây sạt lở bờ sông.",
        ),
        (
            "Tố cáo sai phạm trong xét duyệt hỗ trợ nhà ở",
            "Danh sách hỗ trợ xây nhà có người không đủ điều kiện.",
        ),
    ],
    "kien_nghi": [
        (
            "Kiến nghị nâng cấp tuyến đường giao thông nông thôn",
            "Tuyến đường liên ấp xuống cấp, mùa mưa ngập sâu, học sinh đi lại khó khăn.",
        ),
        ("Kiến nghị nạo vét kênh thủy lợi", "Kênh bị bồi lắng, không đủ nước tưới cho vụ lúa Đông Xuân."),
        (
            "Kiến nghị sớm chi trả tiền bồi thường dự án cao tốc",
            "Đã bàn giao mặt bằng nhưng chưa nhận đủ tiền bồi thường.",
        ),
        ("Kiến nghị lắp đặt đèn chiếu sáng công cộng", "Đoạn đường dài không có đèn, thường xảy ra tai nạn."),
    ],
    "phan_anh": [
        (
            "Phản ánh ô nhiễm môi trường từ cơ sở chăn nuôi heo",
            "Mùi hôi và nước thải từ trại heo ảnh hưởng sinh hoạt của nhiều hộ dân.",
        ),
        (
            "Phản ánh sạt lở bờ sông đe dọa nhà dân",
            "Bờ sông sạt lở ngày càng gần nhà, người dân lo mất an toàn.",
        ),
        (
            "Phản ánh tình trạng mất điện kéo dài",
            "Khu dân cư thường xuyên mất điện nhiều giờ không báo trước.",
        ),
        ("Phản ánh việc thu phí chợ không đúng quy định", "Ban quản lý chợ thu phí cao hơn mức niêm yết."),
    ],
}
ELIGIBILITY = {
    "khieu_nai": [
        "ttg_chi_dao",
        "da_giai_quyet_dung",
        "dong_nguoi_chua_giai_quyet",
        "dong_nguoi_het_tham_quyen",
    ],
    "to_cao": ["to_cao_phuc_tap"],
    "kien_nghi": ["dong_nguoi_chua_giai_quyet", "vung_kho_khan", "khac"],
    "phan_anh": ["thien_tai_dich_benh", "vung_kho_khan", "khac"],
}
ASSIGNED = {
    "khieu_nai": "so-nn-mt",
    "to_cao": "so-noi-vu",
    "kien_nghi": "so-xay-dung",
    "phan_anh": "so-nn-mt",
}
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "returned": ["submit", "return"],
    "rejected": ["submit", "reject"],
    "accepted": ["submit", "accept"],
    "scheduled": ["submit", "accept", "schedule"],
    "received": ["submit", "accept", "schedule", "receive"],
    "following_up": ["submit", "accept", "schedule", "receive", "follow_up"],
    "closed": ["submit", "accept", "schedule", "receive", "follow_up", "close"],
    "withdrawn": ["submit", "withdraw"],
    "in_person": ["submit", "send_in_person"],
}
NOTES = {
    "return": "Đề nghị bổ sung bản sao quyết định bị khiếu nại và giấy ủy quyền.",
    "reject": "Vụ việc đã được giải quyết đúng chính sách, đã trả lời bằng văn bản.",
    "withdraw": "Công dân có đơn xin rút nội dung.",
    "send_in_person": "Vụ việc đơn giản, công dân ở gần trụ sở: tiếp trực tiếp theo lịch thường xuyên.",
}
CASE_COUNT = 80


def demo_users_spec() -> list[tuple[str, str, str | None]]:
    """(username, role, commune code) of every demo login."""
    spec = [(role, role, MY_THO if role == R.UBND_XA else None) for role in R.ALL_ROLES]
    spec += [(f"ubnd_xa_{code}", R.UBND_XA, code) for code in DEMO_COMMUNES]
    return spec


def load(stdout) -> list[tuple[str, str, str, str, str]]:
    """Create what is missing; return the demo logins (username, role code, password, agency or commune,
    the base32 TOTP key of the user's authenticator device)."""
    users = _users()
    citizens = _citizens(users[R.BAN_TCD])
    created = _cases(users, citizens)
    _deleted_duplicate(users, citizens)
    _role_grant_request(users)
    _identity_request(users)
    stdout.write(
        _("Cases module: %(users)d demo users, %(citizens)d citizens, %(created)d new cases.")
        % {"users": len(users), "citizens": len(citizens), "created": created}
    )
    return [
        (
            username,
            role,
            settings.DEMO_PASSWORD,
            _login_detail(users[username]),
            demo_totp_key(users[username]),
        )
        for username, role, _c in demo_users_spec()
    ]


DUPLICATE_TITLE = "Khiếu nại về bồi thường khi thu hồi đất (nhập trùng)"
DUPLICATE_REASON = "Nhập trùng: cùng đơn, cùng người đã đăng ký ở vụ việc khác của phường."


def _deleted_duplicate(users, citizens) -> None:
    """One case entered twice by the commune and deleted with its reason (issue 12): absent from every
    list; `quan_tri` and `vp_ubnd` find it under “Bản ghi đã xoá” and may restore it."""
    from .services.deletion import soft_delete

    if Case.objects.filter(title=DUPLICATE_TITLE).exists():
        return
    clerk = users[f"ubnd_xa_{MY_THO}"]
    person = next(c for c in citizens if c.unit.code == MY_THO)
    case = create_case(
        clerk,
        {
            "case_type": "khieu_nai",
            "title": DUPLICATE_TITLE,
            "summary": "Bản nhập thứ hai của một đơn khiếu nại về mức bồi thường.",
            "received_date": timezone.localdate() - dt.timedelta(days=3),
        },
        [(person, "nguoi_dung_don")],
    )
    soft_delete(case, reason=DUPLICATE_REASON, actor=clerk)


def _role_grant_request(users) -> None:
    """One content-reading role waiting for a second person (issue 6): quan_tri asked that the Science and
    Technology account also read as the Inspectorate; vp_ubnd (or another administrator) decides."""
    from .models import RoleGrantRequest
    from .services.role_grants import request_role_grant

    grantee = users[R.SO_KHCN]
    if (
        RoleGrantRequest.objects.filter(user=grantee).exists()
        or grantee.groups.filter(name=R.THANH_TRA).exists()
    ):
        return
    request_role_grant(
        users[R.QUAN_TRI], grantee, R.THANH_TRA, reason="Tham gia tổ xác minh một vụ tố cáo (dữ liệu mẫu)."
    )


def _identity_request(users) -> None:
    """One identity access request waiting for the custodian (issue 12): the inspector asks to see the
    denouncer of a denunciation; the chairman's home page shows it under "Yêu cầu xem danh tính"."""
    from .models import IdentityAccessRequest
    from .services import custody, identity

    inspector = users[R.THANH_TRA]
    if IdentityAccessRequest.objects.filter(requester=inspector).exists():
        return
    for case in Case.objects.visible_to(inspector).filter(case_type="to_cao").order_by("pk")[:5]:
        if not identity.sees_identity(inspector, case):
            custody.request_access(
                inspector, case, "Cần làm việc trực tiếp với người tố cáo để xác minh (dữ liệu mẫu)."
            )
            return


def demo_totp_key(user) -> str:
    """Every demo user is enrolled (issue 12): a confirmed TOTP device, its key printed by `make run` so a
    reviewer can add it to an authenticator app (or run `manage.py demo_otp <username>`)."""
    from base64 import b32encode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .services.second_factor import TOTP_NAME

    device = TOTPDevice.objects.filter(user=user, name=TOTP_NAME, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)
    return b32encode(device.bin_key).decode()


def _login_detail(user) -> str:
    profile = user.profile
    if profile.unit_id:
        return profile.unit.name
    return profile.agency.name if profile.agency_id else ""


def _users() -> dict:
    User = get_user_model()
    password = settings.DEMO_PASSWORD
    users = {}
    for username, role, commune in demo_users_spec():
        last, first = STAFF_NAMES[role]
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "is_staff": True}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))
        if commune:
            unit = AdministrativeUnit.objects.get(code=commune)
            profile_values = {"unit": unit, "agency": Agency.objects.get(unit=unit, kind="ubnd_xa")}
        else:
            profile_values = {"unit": None, "agency": Agency.objects.get(code=ROLE_AGENCY[role])}
        UserProfile.objects.get_or_create(user=user, defaults=profile_values)
        users[username] = user
    return users


def _citizen_specs(rng: random.Random) -> list[dict]:
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=DEMO_COMMUNES)}
    homes = [MY_THO] * 12 + [DAO_THANH] * 10 + [c for c in DEMO_COMMUNES[2:] for _ in range(7)]
    specs, numbers = [], set()
    for home in homes:
        gender = rng.choice(["nam", "nu"])
        born = dt.date(rng.randint(1945, 2005), rng.randint(1, 12), rng.randint(1, 28))
        digit = (0 if born.year < 2000 else 2) + (1 if gender == "nu" else 0)
        number = ""
        while not number or number in numbers:
            number = f"{rng.choice(BIRTH_PROVINCES)}{digit}{born.year % 100:02d}{rng.randint(0, 999_999):06d}"
        numbers.add(number)
        phone = None
        while phone is None:
            candidate = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 9_999_999):07d}"
            try:
                phone = parse_phone(candidate)
            except Exception:  # noqa: BLE001 - an impossible number: draw another
                phone = None
        unit = units[home]
        if unit.kind == "phuong":
            address = f"Số {rng.randint(1, 250)}, đường {rng.choice(STREETS)}, khu phố {rng.randint(1, 9)}"
        else:
            address = f"Số {rng.randint(1, 120)}, ấp {rng.choice(HAMLETS)}"
        specs.append(
            {
                "full_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}",
                "id_type": "can_cuoc",
                "id_number": number,
                # Chip căn cước are issued since 2021 (Mẫu 01/TCD and 02/TCD print the date and the body).
                "id_issued_on": dt.date(2021 + born.day % 4, born.month, born.day),
                "id_issued_place": ID_ISSUER,
                "date_of_birth": born,
                "gender": gender,
                "phone": phone,
                "address": f"{address}, {unit.name}, tỉnh Đồng Tháp",
                "unit": unit,
            }
        )
    return specs


ID_ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"


def _abroad_specs() -> list[dict]:
    """Two papers of NĐ 154 art. 12.1 the commune meets less often: a căn cước whose first three digits are
    a country code (birth registered abroad) and a foreign national's passport."""
    unit = AdministrativeUnit.objects.get(code=MY_THO)
    return [
        {
            "full_name": "Nguyễn Hoàng Kim Ngân", "id_type": "can_cuoc", "id_number": "840195004217",
            "born_abroad": True, "id_issued_on": dt.date(2023, 8, 2), "id_issued_place": ID_ISSUER,
            "date_of_birth": dt.date(1995, 4, 12), "gender": "nu", "phone": parse_phone("0918 204 377"),
            "address": f"Số 18, đường Lê Lợi, khu phố 2, {unit.name}, tỉnh Đồng Tháp", "unit": unit,
        },
        {
            "full_name": "Kim Min-jun", "id_type": "ho_chieu", "id_number": "M48213906", "id_issuing_country": "KR",
            "id_issued_on": dt.date(2022, 3, 15), "id_issued_place": "Ministry of Foreign Affairs, Republic of Korea",
            "date_of_birth": dt.date(1979, 11, 3), "gender": "nam", "phone": parse_phone("0903 415 826"),
            "address": f"Số 7, đường Nguyễn Huệ, khu phố 1, {unit.name}, tỉnh Đồng Tháp", "unit": unit,
        },
    ]  # fmt: skip


def _citizens(actor) -> list:
    citizens = [register_citizen(actor, spec)[0] for spec in _citizen_specs(random.Random(SEED))]
    for spec in _abroad_specs():  # registered, not drawn into the generated cases
        register_citizen(actor, spec)
    return citizens


def _case_specs(rng: random.Random, citizens: list) -> list[dict]:
    today = timezone.localdate()
    types = list(TOPICS)
    states = list(PATHS)
    by_commune: dict[str, list] = {}
    for citizen in citizens:
        by_commune.setdefault(citizen.unit.code, []).append(citizen)
    specs, titles = [], set()

    def add(spec):
        titles.add((spec["title"], spec["commune"]))
        specs.append(spec)

    # The two cases the demo must show: a protected denunciation and a group case.
    add(
        {
            "case_type": "to_cao", "identity_protection": True, "state": "submitted", "commune": MY_THO,
            "title": "Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục đất đai (ấp Mỹ Phú)",
            "summary": TOPICS["to_cao"][0][1], "people": [(by_commune[MY_THO][0], "nguoi_dung_don")],
            "group_size": 1, "days_ago": 6,
        }
    )  # fmt: skip
    group = by_commune[MY_THO][1:7]
    add(
        {
            "case_type": "khieu_nai", "identity_protection": False, "state": "accepted", "commune": MY_THO,
            "title": "Khiếu nại tập thể về đơn giá bồi thường dự án đường vành đai (ấp Tân Hòa)",
            "summary": "Sáu hộ dân cùng khiếu nại đơn giá bồi thường đất nông nghiệp của dự án đường vành đai; "
            "đã cử hai người đại diện.",
            "people": [(c, "nguoi_dai_dien" if i < 2 else "thanh_vien") for i, c in enumerate(group)],
            "group_size": 6, "days_ago": 35,
        }
    )  # fmt: skip
    big = by_commune[DAO_THANH][:8]
    add(
        {
            "case_type": "kien_nghi", "identity_protection": False, "state": "scheduled", "commune": DAO_THANH,
            "title": "Kiến nghị của 15 hộ dân về nạo vét kênh Bảo Định (ấp Bình Thạnh)",
            "summary": "Mười lăm hộ dân kiến nghị nạo vét kênh Bảo Định; cử ba người đại diện.",
            "people": [(c, "nguoi_dai_dien" if i < 3 else "thanh_vien") for i, c in enumerate(big)],
            "group_size": 15, "days_ago": 40,
        }
    )  # fmt: skip
    # An organisation complains through the person representing it (Luật TCD art. 1; NĐ 154 art. 13.1).
    add(
        {
            "case_type": "khieu_nai", "identity_protection": False, "state": "accepted", "commune": MY_THO,
            "title": "Khiếu nại của Hợp tác xã nông nghiệp Mỹ Phú về thu hồi đất sản xuất chung",
            "summary": "Hợp tác xã khiếu nại quyết định thu hồi 2,4 ha đất sản xuất chung và mức bồi thường.",
            "organisation_name": "Hợp tác xã nông nghiệp Mỹ Phú",
            "organisation_address": "Ấp Mỹ Phú, phường Mỹ Thọ, tỉnh Đồng Tháp",
            "people": [(by_commune[MY_THO][8], "dai_dien_to_chuc",
                        "Giấy ủy quyền số 12/GUQ-HTX ngày 20/10/2026 của Giám đốc Hợp tác xã")],
            "group_size": 1, "days_ago": 18,
        }
    )  # fmt: skip
    n = 0
    while len(specs) < CASE_COUNT:
        case_type, state = types[n % len(types)], states[n % len(states)]
        n += 1
        commune = rng.choice(DEMO_COMMUNES)
        topic, summary = rng.choice(TOPICS[case_type])
        title = f"{topic} (ấp {rng.choice(HAMLETS)})"
        if (title, commune) in titles:
            continue
        applicant = rng.choice(by_commune[commune])
        group_size = rng.choice([1, 1, 1, 2, 3])
        # Several people about one matter send a representative online (NĐ 154 art. 22.4).
        role = "nguoi_dung_don" if group_size == 1 else "nguoi_dai_dien"
        # A third of the cases came in 4–8 weeks ago: those not yet answered are overdue.
        days_ago = rng.randint(25, 60) if n % 3 == 0 else rng.randint(1, 12)
        add(
            {
                "case_type": case_type, "identity_protection": False, "state": state, "commune": commune,
                "title": title, "summary": summary, "people": [(applicant, role)],
                "group_size": group_size, "days_ago": days_ago,
            }
        )  # fmt: skip
    for spec in specs:
        spec["received_date"] = today - dt.timedelta(days=spec.pop("days_ago"))
        codes = ELIGIBILITY[spec["case_type"]]
        if spec["group_size"] < 2:  # the "many people" codes need 2 or more (plan II.4)
            codes = [c for c in codes if not c.startswith("dong_nguoi")]
        spec["eligibility"] = rng.choice(codes)
        spec["wishes_online"] = spec["eligibility"] == "vung_kho_khan"  # NĐ 154 art. 20.2
        answered = (  # the "already answered" ground fits the case type (Luật TCD 9.3 / NĐ 154 4.1h)
            RefusalGround.LUAT_9_3
            if spec["case_type"] in ("khieu_nai", "to_cao")
            else RefusalGround.ND154_4_1H
        )
        spec["ground"] = rng.choice([answered, answered, RefusalGround.ND154_4_1K])
        spec["told"] = spec["state"] in ("received", "following_up", "closed") and rng.random() < 0.7
    return specs


def _cases(users: dict, citizens: list) -> int:
    from django.db import transaction

    board = users[R.BAN_TCD]
    created = 0
    for i, spec in enumerate(_case_specs(random.Random(SEED + 1), citizens)):
        unit = AdministrativeUnit.objects.get(code=spec["commune"])
        if Case.objects.filter(title=spec["title"], unit=unit).exists():
            continue
        commune_user = users[f"ubnd_xa_{spec['commune']}"]
        with transaction.atomic():
            case = create_case(
                commune_user,
                {
                    "case_type": spec["case_type"],
                    "title": spec["title"],
                    "summary": spec["summary"],
                    "unit": unit,
                    "received_date": spec["received_date"],
                    "group_size": spec["group_size"],
                    "identity_protection": spec["identity_protection"],
                    "wishes_online": spec["wishes_online"],
                    "organisation_name": spec.get("organisation_name", ""),
                    "organisation_address": spec.get("organisation_address", ""),
                    "outcome_notified_on": (
                        min(spec["received_date"] + dt.timedelta(days=7), timezone.localdate())
                        if spec["told"]
                        else None
                    ),
                },
                spec["people"],
            )
            if spec["state"] != "draft":  # the commune enters the reception before sending (NĐ 154 art. 27.1)
                _receptions(case, i, commune_user)
            if (
                spec["group_size"] >= 5
            ):  # the group's signed appointment of representatives (Luật TCD art. 29–30)
                _appointment(case, commune_user)
            for action in PATHS[spec["state"]]:
                actor = commune_user if action == "submit" else board
                params = {"eligibility": spec["eligibility"]} if action == "accept" else {}
                if action == "reject":
                    params["refusal_ground"] = spec["ground"]
                case_workflow.perform(actor, case.pk, action, note=NOTES.get(action, ""), **params)
            case.refresh_from_db()
            if case.state in ("accepted", "scheduled", "received", "following_up", "closed") and i % 2 == 0:
                case.assigned_agencies.add(Agency.objects.get(code=ASSIGNED[case.case_type]))
        created += 1
    return created


GUIDED_TO = {
    HandlingDirection.HUONG_DAN: "Tòa án nhân dân khu vực 1 - Đồng Tháp",
    HandlingDirection.CHUYEN_DON: "Sở Nông nghiệp và Môi trường",
}
ROUTINE_DIRECTIONS = [
    HandlingDirection.THU_LY,
    HandlingDirection.HUONG_DAN,
    HandlingDirection.CHUYEN_DON,
    HandlingDirection.DON_DOC,
    HandlingDirection.GIAI_THICH,
]


DEMO_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _appointment(case: Case, commune_user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .services.attachments import add_attachment
    from .services.cases import update_case

    scan = add_attachment(
        commune_user,
        case,
        SimpleUploadedFile("van-ban-cu-dai-dien.pdf", DEMO_PDF),
        "Văn bản cử người đại diện",
    )
    update_case(
        commune_user,
        case,
        {
            "representatives_appointment": f"Văn bản cử người đại diện ngày {case.received_date:%d/%m/%Y}, "
            f"{case.group_size} người ký",
            "representatives_appointment_file": scan,
        },
    )


def _receptions(case: Case, i: int, commune_user) -> None:
    """The commune's row of the reception register. A refusal (`reject`) and a hearing at a session
    (`receive`) write their own rows."""
    direction = ROUTINE_DIRECTIONS[i % 5]
    at = timezone.make_aware(dt.datetime.combine(case.received_date, dt.time(8 + i % 3, 15 * (i % 4))))
    reception = record_reception(
        commune_user,
        case,
        {
            "received_at": at,
            "place": f"Trụ sở tiếp công dân {case.unit.name}",
            "kind": "thuong_xuyen",
            "receiving_agency": Agency.objects.get(unit=case.unit, kind="ubnd_xa"),
            "received_by": "Công chức tiếp công dân",
            "people_count": case.group_size,
            "direction": direction,
            "guided_to": GUIDED_TO.get(direction, ""),
            "document_number": f"{40 + i}/UBND-TCD" if direction in GUIDED_TO else "",
            "note": "Số liệu minh họa.",
        },
    )
    if case.is_organisation:  # what its representative handed over: the rows of the receipt (Mẫu 02/TCD)
        for name, pages, kind in ORGANISATION_PAPERS:
            ReceivedPaper.objects.create(
                reception=reception, name=name, pages=pages, condition="Còn nguyên vẹn", kind=kind
            )


ORGANISATION_PAPERS = [
    ("Giấy ủy quyền số 12/GUQ-HTX ngày 20/10/2026 của Giám đốc Hợp tác xã", 1, "ban_chinh"),
    ("Quyết định thu hồi đất số 215/QĐ-UBND ngày 02/09/2026", 3, "ban_sao_chung_thuc"),
    ("Biên bản họp xã viên về việc khiếu nại", 2, "ban_sao"),
]
