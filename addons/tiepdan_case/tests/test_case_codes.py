"""Case codes VV-<year>-<5 digits>: sequential per year, never twice, even under concurrent requests."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from addons.tiepdan_case.models import Case
from addons.tiepdan_case.services.cases import create_case
from addons.tiepdan_case.services.sequence import next_case_code, next_number
from addons.tiepdan_case.tests.factories import MY_THO, CitizenFactory, make_user, unit


def _new_case(actor, year=2026, citizen=None):
    return create_case(
        actor,
        {
            "case_type": "phan_anh",
            "title": "Phản ánh ô nhiễm",
            "summary": "Cơ sở chế biến xả thải ra kênh.",
            "unit": unit(MY_THO),
            "received_date": dt.date(year, 3, 2),
        },
        [(citizen, "nguoi_dung_don")] if citizen else [],
    )


@pytest.mark.django_db
def test_codes_are_sequential_within_a_year(board_user):
    codes = [_new_case(board_user).code for _ in range(3)]
    assert codes == ["VV-2026-00001", "VV-2026-00002", "VV-2026-00003"]


@pytest.mark.django_db
def test_numbering_restarts_each_year(board_user):
    # Receipt dates are never in the future, so the earlier year is the one still receiving late entries.
    assert _new_case(board_user, 2026).code == "VV-2026-00001"
    assert _new_case(board_user, 2026).code == "VV-2026-00002"
    assert _new_case(board_user, 2025).code == "VV-2025-00001"
    assert _new_case(board_user, 2026).code == "VV-2026-00003"


@pytest.mark.django_db
def test_series_are_numbered_independently():
    assert next_number("thong-bao", 2026) == 1
    assert next_number("thong-bao", 2026) == 2
    assert next_number("giay-moi", 2026) == 1


@pytest.mark.django_db
def test_many_codes_in_a_row_are_all_different():
    codes = [next_case_code(2026) for _ in range(300)]
    assert len(set(codes)) == 300
    assert codes[-1] == "VV-2026-00300"


@pytest.mark.django_db
def test_a_rejected_case_does_not_use_up_a_number(board_user):
    from addons.tiepdan_case.services.errors import Invalid

    with pytest.raises(Invalid):
        create_case(board_user, {"case_type": "phan_anh", "title": "", "summary": "", "unit": unit(MY_THO)})
    assert _new_case(board_user).code == "VV-2026-00001"


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_requests_get_distinct_codes():
    actor = make_user("ban_tcd")
    citizen = CitizenFactory()
    threads, codes, errors = 6, [], []
    barrier = threading.Barrier(threads)

    def worker():
        try:
            barrier.wait()
            for _ in range(3):
                codes.append(_new_case(actor, citizen=citizen).code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert errors == []
    assert len(codes) == len(set(codes)) == threads * 3
    assert sorted(codes) == [f"VV-2026-{n:05d}" for n in range(1, threads * 3 + 1)]
    assert Case.objects.count() == threads * 3
