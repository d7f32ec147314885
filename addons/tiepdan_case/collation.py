"""Vietnamese alphabetical order: ICU `vi-x-icu` on PostgreSQL, an equivalent Python collation on SQLite.

Vietnamese order is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with tones compared
only when the letters are equal (no tone, grave, hook, tilde, acute, dot below).
"""

import unicodedata

from django.db.models import Func

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_SHAPE = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter itself


def sort_key(text: str) -> tuple:
    letters, tones = [], []
    for ch in (text or "").lower():
        base, tone = "", 0
        for part in unicodedata.normalize("NFD", ch):
            if part in _TONES:
                tone = _TONES[part]
            elif part in _SHAPE or not base:
                base += part
        letter = unicodedata.normalize("NFC", base)
        letters.append((0, _RANK[letter]) if letter in _RANK else (1, ord(letter[0]) if letter else 0))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


def _compare(a: str, b: str) -> int:
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def install_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", _compare)


class ViCollate(Func):
    """ORDER BY a text column in Vietnamese order on either database."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "vi-x-icu"', **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(expressions)s COLLATE vi", **extra)
