"""Vietnamese alphabetical order: ICU `vi-x-icu` on PostgreSQL, an equivalent Python collation on SQLite.

Vietnamese order is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with tones compared
only when the letters are equal (no tone, grave, hook, tilde, acute, dot below).
"""

import unicodedata

from django.db.models import Func

# f, j, w, z are not Vietnamese letters but appear in names and places; ICU puts them where Latin does.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_SHAPE = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter itself


def sort_key(text: str) -> tuple:
    """Letters first (spaces, punctuation and digits before any letter, as ICU does: "An Bình" < "Anh"),
    then tones, then lower case before upper case."""
    letters, tones, cases = [], [], []
    for ch in text or "":
        base, tone = "", 0
        for part in unicodedata.normalize("NFD", ch.lower()):
            if part in _TONES:
                tone = _TONES[part]
            elif part in _SHAPE or not base:
                base += part
        letter = unicodedata.normalize("NFC", base)
        if letter in _RANK:
            letters.append((1, _RANK[letter]))
        elif letter and letter[0].isalpha():
            letters.append((2, ord(letter[0])))
        else:
            letters.append((0, ord(letter[0]) if letter else 0))
        tones.append(tone)
        cases.append(0 if ch == ch.lower() else 1)
    return (tuple(letters), tuple(tones), tuple(cases))


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
