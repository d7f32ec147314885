"""Stored codes of the domain (DESIGN.md "Vocabulary"): the contract for API, fixtures and tests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    TINH = "tinh", _("Province")
    XA = "xa", _("Commune")
    PHUONG = "phuong", _("Ward")


class AgencyKind(models.TextChoices):
    UBND_TINH = "ubnd_tinh", _("Provincial People's Committee")
    VP_UBND = "vp_ubnd", _("Provincial People's Committee Office")
    BAN_TCD = "ban_tcd", _("Citizen Reception Board")
    THANH_TRA = "thanh_tra", _("Inspectorate")
    SO_NGANH = "so_nganh", _("Provincial department")
    CONG_AN = "cong_an", _("Police")
    DIEN_LUC = "dien_luc", _("Electricity")
    BAO_PTTH = "bao_ptth", _("Newspaper and broadcasting")
    UBND_XA = "ubnd_xa", _("Commune People's Committee")
    TRUNG_UONG = "trung_uong", _("Central body")


class IdType(models.TextChoices):
    CAN_CUOC = "can_cuoc", _("Citizen identity card (căn cước)")
    HO_CHIEU = "ho_chieu", _("Passport")
    GIAY_CHUNG_NHAN_CAN_CUOC = "giay_chung_nhan_can_cuoc", _("Identity certificate")
    KHAC = "khac", _("Other identity paper")


class Gender(models.TextChoices):
    NAM = "nam", _("Male")
    NU = "nu", _("Female")


class CaseType(models.TextChoices):
    KHIEU_NAI = "khieu_nai", _("Complaint")
    TO_CAO = "to_cao", _("Denunciation")
    KIEN_NGHI = "kien_nghi", _("Recommendation")
    PHAN_ANH = "phan_anh", _("Report")


class Eligibility(models.TextChoices):
    TTG_CHI_DAO = "ttg_chi_dao", _("Complaint the Prime Minister directed to resolve, still stuck")
    DA_GIAI_QUYET_DUNG = (
        "da_giai_quyet_dung",
        _("Resolved lawfully, decision in force, still complained above level"),
    )
    DONG_NGUOI_CHUA_GIAI_QUYET = (
        "dong_nguoi_chua_giai_quyet",
        _("Many people, complex, prolonged, not yet resolved"),
    )
    DONG_NGUOI_HET_THAM_QUYEN = (
        "dong_nguoi_het_tham_quyen",
        _("Many people, resolved to the end of jurisdiction, needs other agencies' views"),
    )
    TO_CAO_PHUC_TAP = (
        "to_cao_phuc_tap",
        _("Complex denunciation, denouncer not asking for identity protection"),
    )
    PHUC_TAP_NHIEU_CO_QUAN = (
        "phuc_tap_nhieu_co_quan",
        _("Complex, prolonged, needs several bodies or the leaders' dialogue across sites"),
    )
    VUNG_KHO_KHAN = "vung_kho_khan", _("Remote area, policy beneficiary, elderly or disabled citizen")
    THIEN_TAI_DICH_BENH = "thien_tai_dich_benh", _("Disaster, epidemic or security reasons")
    KHAC = "khac", _("Other, decided necessary by the head")


class Channel(models.TextChoices):
    TRUC_TIEP = "truc_tiep", _("In person at the reception point")
    BUU_CHINH = "buu_chinh", _("By post")
    TRUC_TUYEN = "truc_tuyen", _("Online")
    CHUYEN_DEN = "chuyen_den", _("Forwarded by another body")
    KHAC = "khac", _("Other")


class ParticipantRole(models.TextChoices):
    NGUOI_DUNG_DON = "nguoi_dung_don", _("Applicant")
    NGUOI_DAI_DIEN = "nguoi_dai_dien", _("Representative")
    THANH_VIEN = "thanh_vien", _("Member")
    NGUOI_DUOC_UY_QUYEN = "nguoi_duoc_uy_quyen", _("Proxy (authorised person)")
    LUAT_SU = "luat_su", _("Lawyer or legal aid officer")
    DAI_DIEN_TO_CHUC = "dai_dien_to_chuc", _("Representative of the applicant organisation")


# Roles that act for someone else: they show their authorisation document (NĐ 154 art. 13).
AUTHORISED_ROLES = (ParticipantRole.NGUOI_DUOC_UY_QUYEN, ParticipantRole.LUAT_SU)
# The person through whom an applicant organisation complains or reports (NĐ 154 art. 13.1): its head, or
# someone its head authorised — either shows the paper that proves it.
ORGANISATION_REPRESENTATIVE = ParticipantRole.DAI_DIEN_TO_CHUC


class CaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")
    REJECTED = "rejected", _("Rejected")
    SCHEDULED = "scheduled", _("Scheduled")
    RECEIVED = "received", _("Received")
    FOLLOWING_UP = "following_up", _("Following up")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    IN_PERSON = "in_person", _("Sent to in-person reception")


class ReceptionKind(models.TextChoices):
    THUONG_XUYEN = "thuong_xuyen", _("Regular")
    DINH_KY = "dinh_ky", _("Periodic (head of agency)")
    DOT_XUAT = "dot_xuat", _("Ad hoc (head of agency)")


class HandlingDirection(models.TextChoices):
    THU_LY = "thu_ly", _("Accepted for handling (within competence)")
    HUONG_DAN = "huong_dan", _("Guided to the competent body")
    CHUYEN_DON = "chuyen_don", _("Petition forwarded")
    DON_DOC = "don_doc", _("Lower level asked to resolve")
    TU_CHOI = "tu_choi", _("Refused")
    GIAI_THICH = "giai_thich", _("Already resolved correctly; explained")


class RefusalGround(models.TextChoices):
    """Luật Tiếp công dân art. 9 and Nghị định 154/2026 art. 4.1."""

    LUAT_9_1 = "luat_9_1", _("Art. 9.1: intoxicated, or mentally unable to control their acts")
    LUAT_9_2 = "luat_9_2", _("Art. 9.2: threatens or insults, or breaks the reception rules")
    LUAT_9_3 = "luat_9_3", _("Art. 9.3: matter already resolved correctly, reviewed and answered in writing")
    ND154_4_1A = (
        "nd154_4_1a",
        _("Decree 154 art. 4.1a: carries weapons or dangerous items, refuses to deposit them"),
    )
    ND154_4_1B = "nd154_4_1b", _("Decree 154 art. 4.1b: refuses the security check")
    ND154_4_1C = "nd154_4_1c", _("Decree 154 art. 4.1c: records or livestreams without permission")
    ND154_4_1D = "nd154_4_1d", _("Decree 154 art. 4.1d: incites or disturbs public order")
    ND154_4_1DD = (
        "nd154_4_1dd",
        _("Decree 154 art. 4.1đ: lacks civil capacity and has no legal representative"),
    )
    ND154_4_1E = "nd154_4_1e", _("Decree 154 art. 4.1e: representative or proxy cannot prove standing")
    ND154_4_1G = (
        "nd154_4_1g",
        _("Decree 154 art. 4.1g: not a complaint, denunciation, recommendation or report"),
    )
    ND154_4_1H = "nd154_4_1h", _("Decree 154 art. 4.1h: repeats a matter already answered, with nothing new")
    ND154_4_1I = "nd154_4_1i", _("Decree 154 art. 4.1i: final court judgment, not eligible for review")
    ND154_4_1K = "nd154_4_1k", _("Decree 154 art. 4.1k: being handled by another competent body")


# Grounds that need the written refusal notice (Mẫu 01/TCD) within 3 working days (NĐ 154 art. 4.2–4.3).
WRITTEN_NOTICE_GROUNDS = {RefusalGround.LUAT_9_3, RefusalGround.ND154_4_1H}


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Day off (holiday)")
    WORKING = "working", _("Working day (compensatory)")
