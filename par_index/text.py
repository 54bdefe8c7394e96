"""Vietnamese text as people type it: NFC normalisation, look-alike letters, folded keys."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import PurePath

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


def shortened(value: str, width: int = 40) -> str:
    """A value quoted back to the user: white space folded to one line, cut short with "…"."""
    flat = " ".join(value.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# Control characters and the marks that reorder or break a line (bidi overrides, separators).
_UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What os.listdir gives for bytes that are not UTF-8 (a legacy 8-bit name): U+DC80..U+DCFF,
# one per byte; any other lone surrogate cannot be written either.
_SURROGATES = re.compile("[\ud800-\udfff]")
_SHOWN = re.compile(f"{_UNSAFE_CHARS.pattern}|{_SURROGATES.pattern}")
DISPLAY_NAME_MAX = 300
"""Characters of a name shown; a longer one is cut with "…"."""


def display_name(path: PurePath | str) -> str:
    """A file or part name as one safe line of valid text: control and bidi characters, and the
    bytes of a name that is not UTF-8, shown as escapes (``\\xe3``); very long names cut.

    Every name a user sees (messages, reports, results, JSON) goes through this function."""
    shown = _SHOWN.sub(_escape, os.fspath(path))
    return shown if len(shown) <= DISPLAY_NAME_MAX else shown[: DISPLAY_NAME_MAX - 1] + "…"


def has_control_chars(name: str) -> bool:
    """True when the name holds control or bidi characters (not merely bytes that are not
    UTF-8: those are a legacy encoding, shown as escapes and read like any other name)."""
    return _UNSAFE_CHARS.search(name) is not None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def choice_list(choices) -> str:
    """Choices as a message lists them: each quoted, ";" between (a choice may hold a comma:
    “Đầy đủ, đúng hạn”; “Chưa đầy đủ”)."""
    return "; ".join(f"“{choice}”" for choice in choices)


# -- Vietnamese alphabetical order ----------------------------------------------------------------
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_MODIFIED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
             ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}  # fmt: skip
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
"""Tone marks in dictionary order after the level tone: huyền, hỏi, ngã, sắc, nặng."""


def collation_key(text: str) -> tuple:
    """A sort key in Vietnamese alphabetical order: letters first (a ă â b c d đ e ê …, so
    "Ân" after "An" and "Đà Nẵng" after "Dương" but before "Yên Bái"), tones only where the
    letters tie (a à ả ã á ạ), case last. Numbers compare as numbers ("phường 2" before
    "phường 12") and before letters; spaces and other signs first."""
    letters: list[tuple[int, int]] = []
    tones: list[int] = []
    for base, marks in _graphemes(clean(text).casefold()):
        for mark in marks:
            base = _MODIFIED.get((base, mark), base)
        if base.isdigit() and letters and letters[-1][0] == 2 and tones[-1] == -1:
            letters[-1] = (2, letters[-1][1] * 10 + int(base))  # a run of digits: one number
            continue
        if base.isdigit():
            letters.append((2, int(base)))
            tones.append(-1)
            continue
        rank = _LETTER_RANK.get(base)
        letters.append((3, rank) if rank is not None else (0 if base.isspace() else 1, 0))
        tones.append(max((_TONES.get(m, 0) for m in marks), default=0))
    return tuple(letters), tuple(tones), text


def _graphemes(text: str) -> list[tuple[str, list[str]]]:
    """Each base character of the NFD form with the combining marks that follow it."""
    out: list[tuple[str, list[str]]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out:
            out[-1][1].append(ch)
        else:
            out.append((ch, []))
    return out
