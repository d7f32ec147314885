"""Tests that need a row written in the past: history rows are append-only (issue 12), so instead of
back-dating a row afterwards, the row is written while Django's clock reads that moment."""

from contextlib import contextmanager
from unittest import mock


@contextmanager
def clock_at(moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
