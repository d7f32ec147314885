"""Identity papers and phone numbers: each way an entry can be wrong gets its own Vietnamese message."""

import datetime as dt
import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from .choices import Gender, IdType

# Birth-registration province codes of the căn cước number (TT 07/2016/TT-BCA, Phụ lục 1). Numbers are
# lifelong, so the 63 pre-2025 codes stay valid after the 2025 mergers.
BIRTH_PROVINCE_CODES = {
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024",
    "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
    "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070",
    "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
}  # fmt: skip

# Fourth digit: century of birth and gender (TT 07/2016/TT-BCA art. 7).
CENTURY_GENDER = {
    "0": (1900, Gender.NAM), "1": (1900, Gender.NU), "2": (2000, Gender.NAM), "3": (2000, Gender.NU),
    "4": (2100, Gender.NAM), "5": (2100, Gender.NU), "6": (2200, Gender.NAM), "7": (2200, Gender.NU),
    "8": (2300, Gender.NAM), "9": (2300, Gender.NU),
}  # fmt: skip

PASSPORT_RE = re.compile(r"^[A-Z][0-9]{7}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
VIET_NAM = "VN"


def can_cuoc_errors(
    number: str, date_of_birth: dt.date | None = None, gender: str | None = None, born_abroad: bool = False
) -> list[str]:
    """Every problem with a căn cước number, as Vietnamese sentences (empty list: valid)."""
    number = (number or "").strip()
    if not number.isdigit():
        return [_("The identity number may contain digits only (0–9).")]
    if len(number) != 12:
        return [
            _("The identity number must have exactly 12 digits; this one has %(count)d.")
            % {"count": len(number)}
        ]
    errors = []
    province, digit, yy = number[:3], number[3], number[4:6]
    if province not in BIRTH_PROVINCE_CODES and not born_abroad:
        # A birth registered abroad gives a country code instead (TT 07/2016/TT-BCA, Phụ lục 1).
        errors.append(
            _(
                "The first three digits (%(code)s) are not the code of a Vietnamese province of birth "
                "registration. If the citizen's birth was registered abroad, tick “birth registered abroad”."
            )
            % {"code": province}
        )
    century, digit_gender = CENTURY_GENDER[digit]
    if gender and gender != digit_gender:
        errors.append(
            _("The fourth digit (%(digit)s) is for a %(digit_gender)s, but the gender entered is %(gender)s.")
            % {
                "digit": digit,
                "digit_gender": Gender(digit_gender).label.lower(),
                "gender": Gender(gender).label.lower(),
            }
        )
    if date_of_birth:
        if not (century <= date_of_birth.year < century + 100):
            errors.append(
                _("The fourth digit (%(digit)s) is for people born %(start)d–%(end)d, not in %(year)d.")
                % {"digit": digit, "start": century, "end": century + 99, "year": date_of_birth.year}
            )
        elif yy != f"{date_of_birth.year % 100:02d}":
            errors.append(
                _(
                    "The fifth and sixth digits (%(yy)s) must be the last two digits of the birth year (%(year)d)."
                )
                % {"yy": yy, "year": date_of_birth.year}
            )
    return errors


def identity_errors(
    id_type: str, number: str, date_of_birth=None, gender=None, born_abroad=False, issuing_country="VN"
) -> list[str]:
    """The problems of the paper's number (the `id_number` field), as Vietnamese sentences."""
    number = (number or "").strip()
    if not number:
        return [_("Enter the identity number.")]
    if id_type in (IdType.CAN_CUOC, IdType.GIAY_CHUNG_NHAN_CAN_CUOC):
        if id_type == IdType.GIAY_CHUNG_NHAN_CAN_CUOC:
            if not number.isdigit() or len(number) != 12:
                return [_("The identity certificate number must have exactly 12 digits.")]
            return []
        return can_cuoc_errors(number, date_of_birth, gender, born_abroad)
    if id_type == IdType.HO_CHIEU:
        country = (issuing_country or "").strip().upper()
        # Only a Vietnamese passport has the one-letter-and-7-digits format; a foreign one is taken as it is.
        if country == VIET_NAM and not PASSPORT_RE.match(number.upper()):
            return [
                _(
                    "A Vietnamese passport number is one capital letter followed by 7 digits, for example B1234567."
                )
            ]
    return []


def paper_errors(
    id_type: str,
    number: str,
    date_of_birth=None,
    gender=None,
    *,
    born_abroad: bool = False,
    issuing_country: str = VIET_NAM,
    issued_on: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """Every problem of an identity paper, by field (NĐ 154 art. 12.1; empty: the paper is valid).

    A căn cước whose first three digits are a country code belongs to a citizen whose birth was registered
    abroad: it passes when `born_abroad` is marked. A passport names its issuing country; the Vietnamese
    format check applies to Vietnamese passports only (Luật TCD art. 1: foreigners are received too)."""
    errors: dict[str, list[str]] = {}
    country = (issuing_country or "").strip().upper()
    if not country and id_type != IdType.HO_CHIEU:
        country = VIET_NAM  # only a passport may come from elsewhere
    if id_type == IdType.HO_CHIEU and not country:
        errors["id_issuing_country"] = [_("Enter the country that issued the passport (VN, US, KR…).")]
    elif country and not COUNTRY_RE.match(country):
        errors["id_issuing_country"] = [
            _("The issuing country is a two-letter code (ISO 3166-1), for example VN, US or KR.")
        ]
    elif id_type != IdType.HO_CHIEU and country != VIET_NAM:
        errors["id_issuing_country"] = [
            _("Only a passport may be issued by another country; this paper is issued by Viet Nam (VN).")
        ]
    if born_abroad and id_type != IdType.CAN_CUOC:
        errors["born_abroad"] = [_("“Birth registered abroad” applies only to a căn cước number.")]
    number_errors = identity_errors(id_type, number, date_of_birth, gender, born_abroad, country)
    if number_errors:
        errors["id_number"] = number_errors
    today = today or dt.date.today()
    if issued_on and issued_on > today:
        errors["id_issued_on"] = [_("The issue date cannot be in the future.")]
    elif issued_on and date_of_birth and issued_on < date_of_birth:
        errors["id_issued_on"] = [_("The paper cannot be issued before the citizen was born.")]
    elif issued_on and issued_on.year < 1900:
        errors["id_issued_on"] = [_("The issue date must be in 1900 or later.")]
    return errors


def validate_identity(
    id_type,
    number,
    date_of_birth=None,
    gender=None,
    born_abroad=False,
    issuing_country=VIET_NAM,
    issued_on=None,
):
    errors = paper_errors(
        id_type,
        number,
        date_of_birth,
        gender,
        born_abroad=born_abroad,
        issuing_country=issuing_country,
        issued_on=issued_on,
    )
    if errors:
        raise ValidationError(errors)


def validate_birth_date(value: dt.date | None, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if value and value > today:
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
    if value and value.year < 1900:
        raise ValidationError({"date_of_birth": _("The date of birth must be in 1900 or later.")})


def parse_phone(raw: str) -> PhoneNumber | None:
    """A Vietnamese phone number in any common spelling → PhoneNumber (E.164), or a clear error."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if re.search(r"[^0-9+().\s-]", raw):
        raise ValidationError(_("A phone number may contain only digits, spaces and a leading +."))
    try:
        number = phonenumbers.parse(raw, "VN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a phone number.")) from exc
    national_digits = len(str(number.national_number))  # without the leading 0
    if number.country_code == 84 and national_digits < 9:
        raise ValidationError(
            _("The phone number is too short: a mobile number has 10 digits, like 0912 345 678.")
        )
    if number.country_code == 84 and national_digits > 10:
        raise ValidationError(
            _("The phone number is too long: a mobile number has 10 digits, like 0912 345 678.")
        )
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("No Vietnamese phone number starts like this; check the first digits."))
    return PhoneNumber.from_string(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def format_phone(value) -> str:
    """0912 345 678 for Vietnamese numbers, international format for others."""
    if not value:
        return ""
    number = value if isinstance(value, phonenumbers.PhoneNumber) else phonenumbers.parse(str(value), "VN")
    if number.country_code == 84:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def future_receipt_error(received_date, today=None) -> str | None:
    """A case is received on a day that has come: a later date is a typing error (refused at save)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    if received_date and received_date > today:
        return _("The receipt date %(date)s is in the future; enter the day the citizen came.") % {
            "date": received_date.strftime("%d/%m/%Y")
        }
    return None
