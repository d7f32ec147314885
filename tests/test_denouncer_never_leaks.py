"""The final walk (issue 6 "Done when"): after the attacks of the black-box test were tried, every API
endpoint and every admin page of the sidebar, opened as each non-handler role, shows none of the
denouncer's identity strings in any spelling (with or without diacritics, spaced or dotted digits)."""

import re
import unicodedata

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Agency, Reception
from addons.tiepdan_case.services import attachments
from addons.tiepdan_case.services.audit import record_event
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, client_for, patch_json, post_json
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, agency, unit

pytestmark = pytest.mark.django_db

NAME = "Phạm Văn Tài"
ID_NUMBER = "087065927066"
PHONE = "0329337510"
ADDRESS = "Ấp Bình Trị, xã Tân Phú"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

NON_HANDLERS = [
    (R.THANH_TRA, None), (R.VP_UBND, None), (R.LANH_DAO, None), (R.SO_TAI_CHINH, None), (R.SO_KHCN, None),
    (R.SO_TU_PHAP, None), (R.CONG_AN, None), (R.DIEN_LUC, None), (R.SO_NGANH, None), (R.BAO_PTTH, None),
    (R.TRUNG_UONG, None), (R.QUAN_TRI, None), (R.UBND_XA, DAO_THANH),
]  # fmt: skip


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _digits(number: str) -> re.Pattern:
    # 0329337510, 0329 337 510, 0329.337.510, 0329-337-510 …
    return re.compile(r"[\s.\-]*".join(number))


NAME_SPELLINGS = [_fold(NAME), _fold("Pham  Van  Tai").replace("  ", " "), "phamvantai", "binh tri"]
NUMBER_PATTERNS = [_digits(ID_NUMBER), _digits(PHONE), _digits(PHONE[1:])]  # also +84 329 337 510


def leaks(body: str) -> list[str]:
    folded = _fold(body)
    found = [s for s in NAME_SPELLINGS if s in folded or s in folded.replace(" ", "")]
    found += [p.pattern for p in NUMBER_PATTERNS if p.search(body)]
    return found


@pytest.fixture
def denunciation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    denouncer = CitizenFactory(full_name=NAME, id_number=ID_NUMBER, phone="+84329337510", address=ADDRESS)
    case = CaseFactory(
        case_type="to_cao",
        unit=unit(MY_THO),
        state="submitted",
        applicant=denouncer,
        title=f"Pham Van Tai tố cáo cán bộ địa chính (ĐT {PHONE[:4]}.{PHONE[4:7]}.{PHONE[7:]})",
        summary=f"Ông Tài, CCCD 087 065 927 066, ở {ADDRESS}, tố cáo cán bộ.",
        previous_handling=f"UBND phường đã nhận đơn của ông {NAME}.",
    )
    case.assigned_agencies.add(agency(R_AGENCY))  # so_nganh reads it through its agency
    Reception.objects.create(
        case=case,
        received_at="2026-11-02T08:00:00+07:00",
        place=f"Nhà ông {NAME}",
        receiving_agency=Agency.objects.get(code="ban-tcd-nc"),
        received_by="Cán bộ",
        direction="thu_ly",
        note=f"Ông {NAME} (ĐT {PHONE}) nộp thêm tài liệu.",
    )
    board = staff_user(R.BAN_TCD)
    attachments.add_attachment(board, case, SimpleUploadedFile(f"Don cua {NAME}.pdf", PDF))
    record_event(case, board, "note", note=f"Đã gọi {NAME} số {PHONE}")
    return case


R_AGENCY = "so-nn-mt"  # the agency of factories' so_nganh user


def _attack(user, case, client):
    api = client_for(user)
    post_json(api, f"{API}/cases/{case.pk}/handlers/", {"add": [user.pk], "reason": "Xem"})
    patch_json(api, f"{API}/cases/{case.pk}/", {"unit": DAO_THANH})
    patch_json(api, f"{API}/cases/{case.pk}/", {"case_type": "kien_nghi"})
    patch_json(api, f"{API}/cases/{case.pk}/", {"summary": "Ghi đè"})
    post_json(api, f"{API}/cases/{case.pk}/transition/", {"action": "withdraw", "note": "Rút"})
    post_json(
        api,
        f"{API}/citizens/",
        {"full_name": "X", "id_type": "can_cuoc", "id_number": ID_NUMBER, "unit": MY_THO},
    )
    client.post(
        reverse("admin:tiepdan_case_case_change", args=[case.pk]), {"handlers": [user.pk], "reason": "X"}
    )


def _admin_urls(user, case) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    urls = [reverse("admin:index"), reverse("admin:tiepdan_case_case_change", args=[case.pk])]
    for app in admin.site.get_app_list(request):
        for entry in app["models"]:
            if not entry.get("admin_url"):
                continue
            urls.append(entry["admin_url"])
            model_admin = admin.site._registry[entry["model"]]
            opts = entry["model"]._meta
            for row in model_admin.get_queryset(request).order_by("-pk")[:5]:
                for name in ("change", "history"):
                    try:
                        urls.append(
                            reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[row.pk])
                        )
                    except NoReverseMatch:
                        pass
    return urls


def _api_urls(api, case) -> list[str]:
    urls = [f"{API}/", f"{API}/cases/{case.pk}/"]
    for resource_url in api.get(f"{API}/").json().values():
        path = resource_url.split("testserver", 1)[-1]
        urls.append(path)
        listing = api.get(path)
        if listing.status_code == 200 and isinstance(listing.json(), dict):
            for row in listing.json().get("results", [])[:5]:
                if isinstance(row, dict) and "id" in row:
                    urls.append(f"{path}{row['id']}/")
    return urls


SEARCHES = (NAME, "pham van tai", "Tài", ID_NUMBER, "087 065 927 066", PHONE, "0329.337.510", "Bình Trị")


def _search_problems(user, client, api, case) -> list[str]:
    """A search echoes its own term: what must not come back is a row that leads to the denouncer."""
    denouncer = case.participants.get().citizen
    problems = []
    for path in [p.split("testserver", 1)[-1] for p in api.get(f"{API}/").json().values()]:
        for term in SEARCHES:
            response = api.get(path, {"search": term})
            rows = response.json().get("results", []) if response.status_code == 200 else []
            hits = [r for r in rows if isinstance(r, dict) and r.get("id") in (case.pk, denouncer.pk)]
            if (path.endswith("/cases/") or path.endswith("/citizens/")) and hits:
                problems.append(f"API {path}?search={term}: found {hits[0]['id']}")
            problems += [f"API {path}?search={term}: {f}" for f in leaks(str(rows))]
    request = RequestFactory().get("/")
    request.user = user
    for app in admin.site.get_app_list(request):
        for entry in app["models"]:
            if not entry.get("admin_url"):
                continue
            for term in SEARCHES:
                response = client.get(entry["admin_url"], {"q": term})
                changelist = response.context and response.context.get("cl")
                for row in changelist.result_list if changelist else []:
                    if (
                        (isinstance(row, type(case)) and row.pk == case.pk)
                        or (isinstance(row, type(denouncer)) and row.pk == denouncer.pk)
                        or getattr(row, "case_id", None) == case.pk
                    ):
                        problems.append(f"admin {entry['admin_url']}?q={term}: found {row!r}")
    return problems


@pytest.mark.parametrize("role, commune", NON_HANDLERS)
def test_no_non_handler_finds_the_denouncer_anywhere_after_the_attacks(client, denunciation, role, commune):
    user = staff_user(role, commune=commune) if commune else staff_user(role)
    client.force_login(user)
    _attack(user, denunciation, client)
    api = client_for(user)
    problems = []
    for url in _api_urls(api, denunciation):
        body = api.get(url).content.decode()
        problems += [f"API {url}: {found}" for found in leaks(body)]
    for url in _admin_urls(user, denunciation):
        response = client.get(url)
        problems += [f"admin {url}: {found}" for found in leaks(response.content.decode())]
    problems += _search_problems(user, client, api, denunciation)
    assert problems == [], "\n".join(problems)


def test_the_walk_would_see_a_leak():
    assert leaks("… Pham Van Tai …") and leaks("ĐT 0329.337.510") and leaks("087 065 927 066")
    assert leaks("PHẠM VĂN TÀI") and leaks("+84 329 337 510")
    assert not leaks("Người tố cáo (được bảo vệ) ••••••")
