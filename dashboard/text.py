"""Text as people type it: Persian and Arabic-Indic digits, Arabic letters, stray spaces."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا"})
_JOINERS = re.compile("[\u200c\u200d\u200e\u200f\u00a0\u2009-]+")
_SPACES = re.compile(r"\s+")


def ascii_digits(text: str) -> str:
    """text with Persian and Arabic-Indic digits as ASCII digits."""
    return text.translate(_DIGITS)


def name_key(text: str) -> str:
    """A name as a comparable key: Arabic ي/ك as Persian ی/ک, zero-width non-joiners, hyphens
    and runs of spaces as one space, diacritics dropped, case folded ('Kohgiluyeh and
    Boyer-Ahmad' and 'kohgiluyeh  and boyer ahmad' are the same key)."""
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", _JOINERS.sub(" ", text)).strip().casefold()
