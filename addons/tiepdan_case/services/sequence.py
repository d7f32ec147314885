"""Yearly numbering that two concurrent requests can never both take: case codes, document numbers."""

from django.db import IntegrityError, transaction

from ..models import YearSequence


def next_number(series: str, year: int) -> int:
    """The next number of `series` in `year`, under a row lock (PostgreSQL) / the write lock (SQLite)."""
    with transaction.atomic():
        row = YearSequence.objects.select_for_update().filter(series=series, year=year).first()
        if row is None:
            try:
                with transaction.atomic():
                    YearSequence.objects.create(series=series, year=year, last_value=0)
            except IntegrityError:
                pass  # another request created it first; lock it below
            row = YearSequence.objects.select_for_update().get(series=series, year=year)
        row.last_value += 1
        row.save(update_fields=["last_value"])
        return row.last_value


def next_case_code(year: int) -> str:
    return f"VV-{year}-{next_number('case', year):05d}"
