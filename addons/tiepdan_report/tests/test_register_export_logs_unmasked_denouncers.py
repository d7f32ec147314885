"""Sổ tiếp công dân: a handler who exports the register sees every denouncer of the period unmasked, and
each protected case so seen is logged once (IdentityAccessLog, channel `export:register`, Luật Tố cáo
art. 56) however many of its receptions the period holds; a non-handler reads them masked, and nothing is
logged for them; other cases are never logged."""

import datetime as dt

from addons.tiepdan_case.models import IdentityAccessLog
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory, make_user

from .common import reception
from .test_register_export import _get


def _denunciations():
    first = CaseFactory(case_type="to_cao", applicant=CitizenFactory(full_name="Võ Văn Tố"))
    second = CaseFactory(case_type="to_cao", applicant=CitizenFactory(full_name="Lê Thị Cáo"))
    complaint = CaseFactory(applicant=CitizenFactory(full_name="Trần Thị Mai"))
    reception(first, dt.date(2026, 10, 5))
    reception(first, dt.date(2026, 11, 5))  # two receptions of one case: one log row
    reception(second, dt.date(2026, 10, 6))
    reception(complaint, dt.date(2026, 10, 7))
    reception(second, dt.date(2026, 9, 1))  # outside the period, but its case is shown: still one row
    return first, second


def test_a_handler_who_exports_the_register_is_logged_once_per_denunciation_shown(db):
    first, second = _denunciations()
    board = make_user("ban_tcd")
    assert _get(board).status_code == 200
    logged = IdentityAccessLog.objects.filter(user=board)
    assert sorted(logged.values_list("case_id", "channel")) == sorted(
        [(first.pk, "export:register"), (second.pk, "export:register")]
    )


def test_a_non_handler_who_exports_the_register_is_not_logged(db):
    _denunciations()
    for role in ("thanh_tra", "lanh_dao", "vp_ubnd"):
        user = make_user(role)
        assert _get(user).status_code == 200
        assert not IdentityAccessLog.objects.filter(user=user).exists(), role


def test_a_commune_clerk_reads_its_own_communes_denouncer_and_is_logged(db):
    """The commune that registered a denunciation handles it (scoping.handled_cases_q)."""
    from addons.tiepdan_case.tests.factories import unit

    from . import xlsx_tools

    own = CaseFactory(
        case_type="to_cao",
        unit=unit("28249"),
        applicant=CitizenFactory(full_name="Đặng Văn Xã", unit=unit("28249")),
    )
    reception(own, dt.date(2026, 10, 8))
    clerk = make_user("ubnd_xa", commune="28249")
    sheet = xlsx_tools.open_values(xlsx_tools.body(_get(clerk)))
    assert str(sheet.cell(6, 3).value).startswith("Đặng Văn Xã")
    assert list(IdentityAccessLog.objects.filter(user=clerk).values_list("case_id", flat=True)) == [own.pk]
    board_masked = xlsx_tools.open_values(xlsx_tools.body(_get(make_user("lanh_dao"))))
    assert "Đặng Văn Xã" not in str([c.value for c in board_masked[6]])
