"""Vietnamese text as people type it: NFC normalisation, look-alike letters, folded keys."""

from __future__ import annotations

import re
import unicodedata

# Letters that look like Vietnamese ones but are other code points (Icelandic eth, etc.).
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ", "\u00a0": " ", "\u202f": " "})
_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """NFC-normalise and replace look-alike letters; keeps case and inner spacing."""
    return unicodedata.normalize("NFC", value).translate(_LOOKALIKES)


def clean(value: str) -> str:
    """NFC, look-alikes fixed, white space folded to single spaces and trimmed."""
    return _SPACES.sub(" ", nfc(value)).strip()


def fold(value: str) -> str:
    """A comparison key: cleaned and case-folded (diacritics kept: "Có" is not "Cô")."""
    return clean(value).casefold()


def strip_accents(value: str) -> str:
    """ASCII-ish form for file names and loose matching ("Quảng Điền" -> "Quang Dien")."""
    decomposed = unicodedata.normalize("NFD", nfc(value).replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
