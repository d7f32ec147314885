"""People's names in Vietnamese order: family name first ("Lê Văn Tiếp", never "Tiếp Lê Văn").

Django's `User` keeps `last_name` (here: family and middle names, "Lê Văn") and `first_name` (the given
name, "Tiếp") and joins them given-name-first. Every screen, the history and the messages name users
through `get_full_name()`, so the app replaces that one method (apps.py) instead of reordering at each
place. The user form asks one field, "Họ và tên", and splits it the same way (`split_full_name`).
"""


def vietnamese_full_name(user) -> str:
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


def split_full_name(full_name: str) -> tuple[str, str]:
    """ "Lê Văn Tiếp" → ("Lê Văn", "Tiếp"): (last_name, first_name)."""
    words = " ".join((full_name or "").split()).split(" ")
    if not words or words == [""]:
        return "", ""
    return " ".join(words[:-1]), words[-1]
