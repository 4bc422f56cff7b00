"""Text as people type it: Persian and Arabic-Indic digits, Arabic letters, stray spaces."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا"})
_SEPARATORS = re.compile("[\\s\u200c\u200d\u200e\u200f\u2009_-]+")


def ascii_digits(text: str) -> str:
    """text with Persian and Arabic-Indic digits as ASCII digits."""
    return text.translate(_DIGITS)


def name_key(text: str) -> str:
    """A name as a comparable key: Arabic ي/ك as Persian ی/ک, diacritics dropped, case folded,
    and no spaces, zero-width non-joiners or hyphens at all, since people write the same name
    with any of them or none ('خرم‌آباد', 'خرم آباد' and 'خرمآباد'; 'Boyer-Ahmad' and
    'boyer ahmad' are the same key)."""
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SEPARATORS.sub("", text).casefold()
