"""Shared set-up of the report tests: stored files in a temporary folder, refused cases, admin URLs."""

import pytest
from django.urls import reverse

from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_PKCS12_PATH = ""  # unsigned unless a test configures a certificate


def refused_case(ground="luat_9_3", case_type="khieu_nai", **kwargs):
    citizen = kwargs.pop("citizen", None) or CitizenFactory(
        full_name="Lê Thị Hồng Nhung", address="Số 12, đường Ấp Bắc, phường Mỹ Tho"
    )
    return CaseFactory(
        state="rejected",
        refusal_ground=ground,
        case_type=case_type,
        applicant=citizen,
        summary="Khiếu nại Quyết định số 123/QĐ-UBND về bồi thường khi thu hồi đất ở.",
        **kwargs,
    )


def issue_url(kind, case):
    return reverse("admin:tiepdan_report_issueddocument_issue", args=[kind, case.pk])


def download_url(document):
    return reverse("admin:tiepdan_report_issueddocument_download", args=[document.pk])


def reissue_url(document):
    return reverse("admin:tiepdan_report_issueddocument_reissue", args=[document.pk])


def reception(
    case,
    when,
    *,
    agency="ban-tcd-nc",
    kind="thuong_xuyen",
    by_head=False,
    people=1,
    direction="thu_ly",
    **kwargs,
):
    """A reception row written straight to the database (the register and the statistics read them)."""
    import datetime as dt

    from django.utils import timezone

    from addons.tiepdan_case.models import Agency, Reception

    if isinstance(when, dt.date) and not isinstance(when, dt.datetime):
        when = dt.datetime.combine(when, dt.time(9, 0))
    if direction in ("huong_dan", "chuyen_don") and "guided_to" not in kwargs:
        kwargs["guided_to"] = "Sở Nông nghiệp và Môi trường"
    if direction == "tu_choi" and "refusal_ground" not in kwargs:
        kwargs["refusal_ground"] = "luat_9_3"
    return Reception.objects.create(
        case=case,
        received_at=timezone.make_aware(when),
        place=kwargs.pop("place", "Trụ sở tiếp công dân tỉnh"),
        kind=kind,
        by_head=by_head,
        receiving_agency=Agency.objects.get(code=agency),
        received_by="Nguyễn Văn Tiếp",
        people_count=people,
        direction=direction,
        **kwargs,
    )
