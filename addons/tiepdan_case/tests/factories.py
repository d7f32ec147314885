"""Factories for the case module; other modules' tests reuse them."""

import datetime as dt
import itertools

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from addons.tiepdan_case.models import (
    AdministrativeUnit,
    Agency,
    Case,
    CaseParticipant,
    Citizen,
    Reception,
    UserProfile,
)

MY_THO = "28261"
DAO_THANH = "28249"
_serial = itertools.count(1)


def unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code)


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def valid_can_cuoc(year: int = 1980, gender: str = "nam", province: str = "082") -> str:
    century_digit = {1900: 0, 2000: 2}[year // 100 * 100] + (1 if gender == "nu" else 0)
    return f"{province}{century_digit}{year % 100:02d}{next(_serial) % 1_000_000:06d}"


ROLE_AGENCY = {
    "quan_tri": "thanh-tra-tinh",
    "vp_ubnd": "vp-ubnd",
    "ban_tcd": "ban-tcd-nc",
    "thanh_tra": "thanh-tra-tinh",
    "chu_tich": "ubnd-tinh",
    "lanh_dao": "ubnd-tinh",
    "so_tai_chinh": "so-tai-chinh",
    "so_khcn": "so-khcn",
    "so_tu_phap": "so-tu-phap",
    "cong_an": "cong-an-tinh",
    "dien_luc": "dien-luc",
    "so_nganh": "so-nn-mt",
    "bao_ptth": "bao-ptth",
    "trung_uong": "ban-tcd-tw",
}


def make_user(
    role: str, commune: str | None = None, username: str | None = None, agency_code: str | None = None
):
    """A user in one role group, with a profile tying them to their agency (and commune for ubnd_xa)."""
    username = username or (f"{role}_{commune}" if commune else role) + f"_{next(_serial)}"
    user = User.objects.create_user(username=username, password="Test@12345678", first_name=username)
    user.groups.add(Group.objects.get(name=role))
    if role == "ubnd_xa":
        commune = commune or MY_THO
        UserProfile.objects.create(user=user, unit=unit(commune), agency=agency(f"ubnd-{commune}"))
    else:
        UserProfile.objects.create(user=user, agency=agency(agency_code or ROLE_AGENCY[role]))
    return user


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Công Dân {n}")
    gender = "nam"
    date_of_birth = dt.date(1980, 5, 17)
    id_type = "can_cuoc"
    id_number = factory.LazyAttribute(lambda o: valid_can_cuoc(o.date_of_birth.year, o.gender))
    phone = "+84912345678"
    address = "Số 1, đường 30/4, phường Mỹ Tho"
    unit = factory.LazyFunction(lambda: unit(MY_THO))


class CaseFactory(factory.django.DjangoModelFactory):
    """A case written straight to the database in any state (tests of screens and scoping)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"VV-2026-{n + 90000:05d}")
    case_type = "khieu_nai"
    title = factory.Sequence(lambda n: f"Khiếu nại về bồi thường đất số {n}")
    summary = "Công dân khiếu nại quyết định bồi thường, hỗ trợ khi thu hồi đất."
    unit = factory.LazyFunction(lambda: unit(MY_THO))
    received_date = dt.date(2026, 11, 2)
    group_size = 1

    @factory.post_generation
    def applicant(self, create, extracted, **kwargs):
        if create and extracted is not False:
            citizen = extracted or CitizenFactory(unit=self.unit)
            CaseParticipant.objects.create(case=self, citizen=citizen, role="nguoi_dung_don")

    @factory.post_generation
    def received(self, create, extracted, **kwargs):
        """received=True: the commune's row in the reception register, needed to submit (NĐ 154 art. 27.1)."""
        if create and extracted:
            register_row(self)

    @classmethod
    def _create(cls, model_class, *args, state="draft", **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        if state != "draft":
            model_class.objects.filter(pk=obj.pk).update(state=state)
            obj.refresh_from_db()
        return obj


def register_row(case, **kwargs) -> Reception:
    """A row of the reception register for this case, as the commune's clerk enters it."""
    defaults = {
        "received_at": timezone.now(),
        "place": "Trụ sở tiếp công dân",
        "receiving_agency": Agency.objects.filter(unit=case.unit, kind="ubnd_xa").first()
        or agency("ban-tcd-nc"),
        "received_by": "Công chức tiếp công dân",
        "people_count": case.group_size,
        "direction": "thu_ly",
    }
    return Reception.objects.create(case=case, **(defaults | kwargs))


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def record_appointment(case, actor, reference="Biên bản cử người đại diện ngày 01/11/2026, 6 chữ ký"):
    """The group's written appointment of its representatives: a scanned document and its reference."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from addons.tiepdan_case.services.attachments import add_attachment

    scan = add_attachment(
        actor, case, SimpleUploadedFile("cu-dai-dien.pdf", PDF_BYTES), "Văn bản cử đại diện"
    )
    Case.objects.filter(pk=case.pk).update(
        representatives_appointment=reference, representatives_appointment_file=scan
    )
    case.refresh_from_db()
    return scan
