"""The units file: CSV or YAML, NFC names, and clear file:line errors."""

from __future__ import annotations

import unicodedata

import pytest

from par_index.errors import ConfigError, InputFileError
from par_index.units import load_units

TYPES = ["xa", "phuong", "thi_tran"]
NFD_NAME = unicodedata.normalize("NFD", "Xã Quảng Điền")


def _csv(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "units.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _yaml(tmp_path, text: str):
    path = tmp_path / "units.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_every_column(tmp_path):
    path = _csv(
        tmp_path,
        "code,name,unit_type,head_name,head_title,group,contact\n"
        "QD-SIA,Thị trấn Sịa,thi_tran,Lê Văn A,Chủ tịch UBND thị trấn,Quảng Điền,0234 355 1001\n"
        f"QD-QAN,{NFD_NAME},xa,,,Quảng Điền,\n",
    )
    sia, qan = load_units(path, TYPES)
    assert (sia.code, sia.name, sia.unit_type, sia.head_name) == (
        "QD-SIA",
        "Thị trấn Sịa",
        "thi_tran",
        "Lê Văn A",
    )
    assert (sia.head_title, sia.group, sia.contact) == (
        "Chủ tịch UBND thị trấn",
        "Quảng Điền",
        "0234 355 1001",
    )
    assert qan.name == "Xã Quảng Điền" and unicodedata.is_normalized("NFC", qan.name)
    assert qan.head_name is None and qan.contact is None


def test_csv_with_vietnamese_headers_bom_semicolons_and_lookalikes(tmp_path):
    path = _csv(
        tmp_path,
        "\ufeffMã đơn vị;Tên đơn vị;Loại đơn vị;Người đứng đầu\n"
        "QD-QTH; Xã  Quảng Thọ ;xa;Ðặng Văn B\n\n",
    )
    (unit,) = load_units(path, TYPES)
    assert (unit.code, unit.name, unit.head_name) == ("QD-QTH", "Xã Quảng Thọ", "Đặng Văn B")


def test_yaml_units_with_numeric_codes(tmp_path):
    path = _yaml(
        tmp_path,
        "units:\n"
        "  - {code: 101, name: Phường Đông Ba, unit_type: phuong}\n"
        f"  - code: QD-QVI\n    name: {NFD_NAME}\n    unit_type: xa\n    group: Quảng Điền\n",
    )
    first, second = load_units(path, TYPES)
    assert first.code == "101" and first.unit_type == "phuong"
    assert second.name == "Xã Quảng Điền" and second.group == "Quảng Điền"


@pytest.mark.parametrize(
    ("text", "line", "first"),
    [
        ("code,name,unit_type\nA1,Xã A,xa\nA2,Xã B,xa\nA1,Xã C,xa\n", 4, 2),
        ("code,name,unit_type\nA1,Xã A,xa\na1,Xã B,xa\n", 3, 2),  # file names carry the code
    ],
)
def test_duplicate_code_in_csv(tmp_path, text, line, first):
    with pytest.raises(ConfigError) as caught:
        load_units(_csv(tmp_path, text), TYPES)
    error = caught.value
    assert error.code == "units.duplicate-code"
    assert (error.fields["line"], error.fields["first"]) == (line, first)
    assert error.render().startswith(f"{tmp_path / 'units.csv'}:{line}:")


def test_duplicate_code_in_yaml(tmp_path):
    path = _yaml(
        tmp_path,
        "units:\n  - {code: A1, name: Xã A, unit_type: xa}\n"
        "  - {code: A2, name: Xã B, unit_type: xa}\n  - {code: A1, name: Xã C, unit_type: xa}\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_units(path, TYPES)
    assert caught.value.code == "units.duplicate-code"
    assert (caught.value.fields["line"], caught.value.fields["first"]) == (4, 2)


def test_unknown_unit_type(tmp_path):
    path = _csv(tmp_path, "code,name,unit_type\nA1,Xã A,xa\nA2,Huyện B,huyen\n")
    with pytest.raises(ConfigError) as caught:
        load_units(path, TYPES)
    error = caught.value
    assert error.code == "units.unknown-type" and error.fields["line"] == 3
    assert "huyen" in error.render() and "xa, phuong, thi_tran" in error.render()
    assert [u.code for u in load_units(path)] == ["A1", "A2"]  # no set given: no type check


def test_unknown_type_in_yaml_names_its_line(tmp_path):
    path = _yaml(tmp_path, "units:\n  - {code: A1, name: Xã A, unit_type: xa}\n  - code: B\n"
                 "    name: Sở B\n    unit_type: so\n")  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        load_units(path, TYPES)
    assert caught.value.code == "units.unknown-type" and caught.value.fields["line"] == 3


@pytest.mark.parametrize(
    "text",
    [
        "code,name,unit_type\nA1,,xa\n",  # no name
        "code,name,unit_type\n,Xã A,xa\n",  # no code
        "code,name,unit_type,color\nA1,Xã A,xa,đỏ\n",  # unknown column
    ],
)
def test_invalid_rows(tmp_path, text):
    with pytest.raises(ConfigError) as caught:
        load_units(_csv(tmp_path, text), TYPES)
    assert caught.value.code == "units.invalid" and caught.value.fields["line"] == 2


def test_empty_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_units(_csv(tmp_path, "code,name,unit_type\n\n"), TYPES)
    assert caught.value.code == "units.empty"
    with pytest.raises(ConfigError) as caught:
        load_units(_yaml(tmp_path, "units: Xã A\n"), TYPES)
    assert caught.value.code == "units.not-a-list" and caught.value.fields["line"] == 1


def test_csv_saved_in_a_legacy_encoding(tmp_path):
    path = _csv(tmp_path, "code,name,unit_type\nA1,Xa A,xa\nA2,Đông Ba,xa\n", "cp1258")
    with pytest.raises(ConfigError) as caught:
        load_units(path, TYPES)
    assert caught.value.code == "units.encoding"
    assert "CSV UTF-8" in caught.value.render() and caught.value.fields["line"] == 3


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError):
        load_units(tmp_path / "khong-co.csv", TYPES)


def test_control_characters_never_reach_names(tmp_path):
    path = _csv(tmp_path, "code,name,unit_type\nA\x011,Xã\x07 Quảng\x1fAn,xa\n")
    (unit,) = load_units(path, TYPES)
    assert (unit.code, unit.name) == ("A 1", "Xã Quảng An")


def test_a_cell_over_the_csv_field_limit_is_one_line(tmp_path):
    huge = "x" * (128 * 1024 + 1)
    path = _csv(tmp_path, f'code,name,unit_type\nQD-A,A,xa\nQD-B,"{huge}",xa\nQD-C,C,xa\n')
    with pytest.raises(InputFileError) as caught:
        load_units(path, TYPES)
    assert caught.value.code == "csv.field-too-long"
    line = caught.value.render("vi")
    assert line.startswith(f"{path}:3: ") and "128 KiB" in line and "\n" not in line
    assert "field larger" not in line and "Error" not in line
