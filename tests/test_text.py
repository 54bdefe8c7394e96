"""text: Vietnamese as people type it compares equal when it means the same."""

from __future__ import annotations

import unicodedata

import pytest

from par_index.batch import label
from par_index.text import (
    DISPLAY_NAME_MAX,
    clean,
    display_name,
    fold,
    has_control_chars,
    nfc,
    strip_accents,
)


def test_nfd_input_becomes_nfc():
    composed = "Quảng Điền"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert nfc(decomposed) == composed
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


@pytest.mark.parametrize(
    ("lookalike", "expected"),
    [
        ("\u00d0iểm", "Điểm"),  # Ð: Latin capital letter eth, looks like Đ
        ("\u00f0iểm", "điểm"),  # ð: Latin small letter eth
        ("\u0189ông", "Đông"),  # Ɖ: African D
        ("Qu\u1ea3ng \u00d0i\u1ec1n", "Quảng Điền"),
    ],
)
def test_lookalike_letters_are_replaced(lookalike, expected):
    assert nfc(lookalike) == expected
    assert fold(lookalike) == fold(expected)


def test_nfc_keeps_case_and_inner_spacing():
    assert nfc("  Có  Không ") == "  Có  Không "


def test_clean_folds_white_space():
    assert clean("  Ban  hành\u00a0đúng\thạn\n") == "Ban hành đúng hạn"


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Có", "có"),
        ("CÓ", "có"),
        (unicodedata.normalize("NFD", "Không áp dụng"), "KHÔNG ÁP DỤNG"),
        ("  Đúng   hạn ", "đúng hạn"),
        ("\u00d0ạt", "đạt"),
    ],
)
def test_fold_equal(left, right):
    assert fold(left) == fold(right)


@pytest.mark.parametrize(("left", "right"), [("Có", "Cô"), ("Có", "Co"), ("đạt", "dat")])
def test_fold_keeps_diacritics(left, right):
    assert fold(left) != fold(right)


def test_strip_accents_for_file_names():
    assert strip_accents("Quảng Điền") == "Quang Dien"
    assert strip_accents(unicodedata.normalize("NFD", "thị trấn Sịa")) == "thi tran Sia"
    assert strip_accents("\u00d0ông") == "Dong"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("QD-QAN_Xã Quảng An.xlsx", "QD-QAN_Xã Quảng An.xlsx"),
        ("xa\nmoi.xlsx", "xa\\x0amoi.xlsx"),
        ("xa\u202eslx.exe.xlsx", "xa\\u202eslx.exe.xlsx"),
        # os.listdir's str for the bytes of a legacy 8-bit name (not UTF-8): byte escapes
        (b"X\xe3 Qu\xe1ng.xlsx".decode("utf-8", "surrogateescape"), "X\\xe3 Qu\\xe1ng.xlsx"),
        ("lone\ud800.xlsx", "lone\\ud800.xlsx"),
    ],
)
def test_display_name_is_one_line_of_valid_text(name, shown):
    assert display_name(name) == shown == label(name)
    assert display_name(name).encode("utf-8")  # would raise on a surrogate
    assert has_control_chars(name) == ("\\x0a" in shown or "\\u202e" in shown)


def test_display_name_cuts_a_very_long_name():
    shown = display_name("a" * 5000 + ".xlsx")
    assert len(shown) == DISPLAY_NAME_MAX and shown.endswith("…")


def test_names_sort_in_vietnamese_alphabetical_order():
    from par_index.text import collation_key

    names = ["Yên Bái", "Đà Nẵng", "Ân Thi", "An Giang", "Bắc Ninh", "Bà Rịa - Vũng Tàu",
             "Cà Mau", "Đắk Lắk", "Điện Biên", "Dương Minh Châu", "Ea H'leo", "Ô Môn", "Ơn",
             "Ông Ích Khiêm", "Ứng Hòa", "Uông Bí", "Hà Giang", "Hà Nội", "Hà Tĩnh", "Hạ Long",
             "Hải Dương", "phường 12", "phường 2", "Quảng An"]  # fmt: skip
    assert sorted(names, key=collation_key) == [
        "An Giang", "Ân Thi", "Bà Rịa - Vũng Tàu", "Bắc Ninh", "Cà Mau", "Dương Minh Châu",
        "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Ea H'leo", "Hà Giang", "Hạ Long", "Hà Nội",
        "Hà Tĩnh", "Hải Dương", "Ô Môn", "Ông Ích Khiêm", "Ơn", "phường 2", "phường 12",
        "Quảng An", "Uông Bí", "Ứng Hòa", "Yên Bái",
    ]  # fmt: skip


def test_tones_decide_only_where_the_letters_tie():
    from par_index.text import collation_key

    same_letters = ["ạ", "á", "ã", "ả", "à", "a"]
    assert sorted(same_letters, key=collation_key) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted(["Ấp Bắc", "An Bình"], key=collation_key) == ["An Bình", "Ấp Bắc"]
    nfd = unicodedata.normalize("NFD", "Đà Nẵng")
    assert collation_key(nfd)[:2] == collation_key("Đà Nẵng")[:2]
