"""Primary keys in API paths: one rule for every module (a value that is not a plausible bigint is not found)."""

from rest_framework.exceptions import NotFound

MAX_ID = 2**63 - 1  # PostgreSQL bigint


def object_id(raw) -> int:
    """A path id that is not a plausible primary key is simply not found (404, never a 500)."""
    text = str(raw)
    if not text.isdigit() or int(text) > MAX_ID:
        raise NotFound()
    return int(text)
