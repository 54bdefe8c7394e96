"""text: Vietnamese as people type it compares equal when it means the same."""

from __future__ import annotations

import unicodedata

import pytest

from par_index.text import clean, fold, nfc, strip_accents


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
