"""Vietnamese text helpers: accent-free search keys."""

import unicodedata


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free, 'đ'→'d': 'Nguyễn Thị Ánh' → 'nguyen thi anh'."""
    text = " ".join(p for p in parts if p)
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
