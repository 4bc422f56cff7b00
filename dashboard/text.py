"""Text as people type it (Persian and Arabic-Indic digits, Arabic letters, stray spaces) and
as the screen draws it (right-to-left and left-to-right isolates)."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
ARABIC_LETTERS = {"ي": "ی", "ى": "ی", "ك": "ک"}  # as Persian writes them (stored text too)
_LETTERS = str.maketrans({**ARABIC_LETTERS, "ة": "ه", "ە": "ه"})
_SEPARATORS = re.compile("[\\s\u200c\u200d\u200e\u200f\u2009\u2066-\u2069_-]+")
RLI, LRI, PDI = "\u2067", "\u2066", "\u2069"  # Unicode bidi isolates (UAX #9)
_ISOLATES = str.maketrans(dict.fromkeys([RLI, LRI, PDI]))


def ascii_digits(text: str) -> str:
    """text with Persian and Arabic-Indic digits as ASCII digits."""
    return text.translate(_DIGITS)


def name_key(text: str) -> str:
    """A name as a comparable key: Arabic ي/ك as Persian ی/ک, diacritics and the madda and hamza
    marks dropped (آ as ا, أ as ا), case folded, and no spaces, zero-width non-joiners or
    hyphens at all, since people write the same name with any of them or none ('خرم‌آباد',
    'خرم آباد' and 'خرمآباد'; 'حاجی آباد' and 'حاجی اباد'; 'Boyer-Ahmad' and 'boyer ahmad')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_LETTERS)
    return _SEPARATORS.sub("", text).casefold()


def right_to_left(text: str) -> str:
    """text as a right-to-left isolate: a number and its unit, or a Persian date, keep their
    order ("۳٫۳ هزار میلیارد", "۱۵ اردیبهشت ۱۴۰۵") in any box, left-to-right ones too."""
    return f"{RLI}{text}{PDI}" if text else text


def left_to_right(text: str) -> str:
    """text as a left-to-right isolate: a signed number ("+۱٫۲٪") keeps its sign on the left
    inside Persian text."""
    return f"{LRI}{text}{PDI}" if text else text


def plain(text: str) -> str:
    """text without the isolates (as copied, compared or typed back)."""
    return text.translate(_ISOLATES)
