"""``par-index init``: a fresh workspace loads; a broken par-index.yaml is reported at file:line."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from par_index.cli.app import app
from par_index.errors import ConfigError
from par_index.units import load_units
from par_index.workbook.layout import SHEET_META
from par_index.workspace import CONFIG_NAME, Config, UnitGroupConfig, load_workspace
from par_index.workspace_init import (
    WorkspaceExistsError,
    default_config,
    init_workspace,
    province_sets,
    render_config,
)

MINI = Path(__file__).parent / "data" / "mini.yaml"
FOLDERS = ["templates", "submissions", "appraisal", "survey", "outputs", "previous"]


def test_fresh_workspace_loads_with_its_folders_and_units(tmp_path: Path) -> None:
    root = tmp_path / "quang-dien-2024"
    result = init_workspace(root, criteria=str(MINI), period="2024")
    workspace = load_workspace(root)
    config = workspace.config
    assert config.period == "2024"
    assert (root / config.criteria).resolve() == MINI.resolve()
    assert str(config.assessment_start) == "2024-01-01"
    assert str(config.assessment_end) == "2024-12-31"
    assert all((root / name).is_dir() for name in FOLDERS)
    units = load_units(root / config.units, unit_types=["xa", "phuong"])
    assert [u.unit_type for u in units] == ["xa", "phuong"]
    assert [p.name for p in result.written] == [CONFIG_NAME, "units.csv"]


def test_rendered_config_reads_back_as_the_same_model(tmp_path: Path) -> None:
    config = default_config("2025", "xa-mau")
    (tmp_path / CONFIG_NAME).write_text(render_config(config), encoding="utf-8")
    assert load_workspace(tmp_path).config == config


def test_every_documented_field_is_commented_in_the_file() -> None:
    rendered = render_config(default_config("2025", "xa-mau"))
    for name, info in Config.model_fields.items():
        assert f"\n{info.alias or name}:" in rendered
        if info.description:
            first_words = " ".join(info.description.split()[:4])
            assert first_words in rendered, name


def test_refuses_to_overwrite_then_force_keeps_the_units_file(tmp_path: Path) -> None:
    init_workspace(tmp_path, criteria=str(MINI), period="2024")
    config = tmp_path / CONFIG_NAME
    config.write_text(config.read_text(encoding="utf-8") + "# sửa tay\n", encoding="utf-8")
    edited = config.read_bytes()
    (tmp_path / "units.csv").write_text("code,name,unit_type\nQD-SIA,Thị trấn Sịa,xa\n")
    with pytest.raises(WorkspaceExistsError) as caught:
        init_workspace(tmp_path, criteria=str(MINI), period="2025")
    assert caught.value.code == "init.exists"
    assert config.read_bytes() == edited
    result = init_workspace(tmp_path, criteria=str(MINI), period="2025", force=True)
    assert load_workspace(tmp_path).config.period == "2025"
    assert [p.name for p in result.kept] == ["units.csv"]
    assert "QD-SIA" in (tmp_path / "units.csv").read_text(encoding="utf-8")


def test_cli_init_creates_then_exits_1_without_force(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "ws"
    args = ["init", str(root), "--criteria", str(MINI), "--period", "2024"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "par-index templates" in first.output
    second = runner.invoke(app, args)
    assert second.exit_code == 1
    assert "--force" in second.output
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_unknown_criteria_set_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as caught:
        init_workspace(tmp_path / "ws", criteria="khong-co-bo-nay")
    assert caught.value.code == "criteria.not-found"
    assert not (tmp_path / "ws" / CONFIG_NAME).exists()


def _broken(tmp_path: Path, replace: str, by: str) -> tuple[str, str]:
    init_workspace(tmp_path, criteria=str(MINI), period="2024")
    file = tmp_path / CONFIG_NAME
    text = file.read_text(encoding="utf-8")
    assert replace in text
    text = text.replace(replace, by, 1)
    file.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if by.strip() in row)
    with pytest.raises(ConfigError) as caught:
        load_workspace(tmp_path)
    assert caught.value.code == "config.invalid"
    return caught.value.render(), f"{file}:{line}:"


def test_misspelt_key_is_reported_at_its_line_with_a_suggestion(tmp_path: Path) -> None:
    rendered, where = _broken(tmp_path, 'period: "2024"', 'perod: "2024"')
    assert where in rendered
    assert "(def.unknown-key)" in rendered
    assert "'period'" in rendered  # the suggestion
    assert "(def.missing-key)" in rendered  # and period is now missing


def test_unknown_nested_key_is_reported_at_its_line(tmp_path: Path) -> None:
    rendered, where = _broken(tmp_path, "  publication: null", "  publish: 2025-01-15")
    assert where in rendered
    assert "(def.unknown-key)" in rendered


def test_wrong_type_is_reported_at_its_line(tmp_path: Path) -> None:
    rendered, where = _broken(
        tmp_path, "  self_assessment: null", '  self_assessment: "cuối tháng 11"'
    )
    assert where in rendered
    assert "(def.invalid-value)" in rendered
    assert "self_assessment" in rendered


def test_wrong_number_in_check_section_is_reported_at_its_line(tmp_path: Path) -> None:
    rendered, where = _broken(tmp_path, "  far_above_points: 10", "  far_above_points: nhiều")
    assert where in rendered
    assert "(def.invalid-value)" in rendered


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.write_text("x")
    with pytest.raises(ConfigError) as caught:
        init_workspace(target, criteria=str(MINI))
    assert caught.value.code == "init.not-a-folder"


def test_console_script_exits_1_when_the_workspace_exists(tmp_path: Path, monkeypatch) -> None:
    from par_index.cli.app import main

    init_workspace(tmp_path, criteria=str(MINI), period="2024")
    monkeypatch.setattr("sys.argv", ["par-index", "init", str(tmp_path), "--criteria", str(MINI)])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 1


def test_a_usage_error_exits_2_with_one_message(monkeypatch, capsys) -> None:
    from par_index.cli.app import main

    monkeypatch.setattr("sys.argv", ["par-index", "init"])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("period", "expected", "types"),
    [
        ("2021", "xa-2021", {"xa", "phuong", "thi_tran"}),
        ("2023", "xa-mau", {"xa", "phuong", "thi_tran"}),
        ("2025", "xa-2025", {"xa", "phuong", "dac_khu"}),
        ("2026", "xa-2025", {"xa", "phuong", "dac_khu"}),
    ],
)
def test_without_criteria_the_commune_set_of_the_year_and_its_unit_types(
    tmp_path: Path, period: str, expected: str, types: set[str]
) -> None:
    init_workspace(tmp_path, period=period)
    config = load_workspace(tmp_path).config
    assert config.criteria == expected
    sample = load_units(tmp_path / config.units, unit_types=sorted(types))
    assert {u.unit_type for u in sample} <= types
    if int(period) >= 2025:
        assert "thi_tran" not in (tmp_path / config.units).read_text(encoding="utf-8")


def _template_sets(folder: Path) -> dict[str, str]:
    """Each template's unit type → the set its hidden metadata sheet names."""
    found = {}
    for path in sorted(folder.glob("*.xlsx")):
        book = openpyxl.load_workbook(path, read_only=True)
        meta = {row[0]: row[1] for row in book[SHEET_META].iter_rows(values_only=True) if row}
        found[str(meta["unit_type"])] = str(meta["criteria_id"])
        book.close()
    return found


def test_province_workspace_loads_and_makes_each_groups_templates(tmp_path: Path) -> None:
    runner = CliRunner()
    root = tmp_path / "minh-son-2025"
    created = runner.invoke(app, ["init", str(root), "--province", "--period", "2025"])
    assert created.exit_code == 0, created.output
    assert "Sở, ban, ngành (so-2025)" in created.output
    config = load_workspace(root).config
    assert config.criteria is None
    assert [(g.id, g.name, g.criteria) for g in config.groups] == [
        ("so", "Sở, ban, ngành", "so-2025"),
        ("xa", "Xã, phường, đặc khu", "xa-2025"),
    ]
    units = load_units(root / config.units, unit_types=["so", "xa", "phuong", "dac_khu"])
    assert [u.unit_type for u in units] == ["so", "so", "xa", "phuong", "dac_khu"]
    assert [u.head_title for u in units][:3] == ["Giám đốc Sở", "Giám đốc Sở", "Chủ tịch UBND xã"]
    made = runner.invoke(app, ["templates", str(root)])
    assert made.exit_code == 0, made.output
    assert _template_sets(root / config.paths.templates) == {
        "so": "so-2025", "xa": "xa-2025", "phuong": "xa-2025", "dac_khu": "xa-2025"
    }  # fmt: skip


def test_groups_render_with_their_fields_and_read_back(tmp_path: Path) -> None:
    init_workspace(tmp_path, groups=["so-mau", "xa-mau"], period="2023")
    text = (tmp_path / CONFIG_NAME).read_text(encoding="utf-8")
    assert '  - id: "so"\n    name: "Sở, ban, ngành"\n    criteria: "so-mau"\n' in text
    assert '    name: "Xã, phường, thị trấn"\n' in text
    for name, info in UnitGroupConfig.model_fields.items():
        assert f"  # {name}: " in text
        assert " ".join(str(info.description).split()[:3]) in text
    config = load_workspace(tmp_path).config
    (tmp_path / "again.yaml").write_text(render_config(config), encoding="utf-8")
    assert render_config(config) == text
    assert [g.criteria for g in config.groups] == ["so-mau", "xa-mau"]


@pytest.mark.parametrize(
    ("period", "expected"), [("2023", ["so-mau", "xa-mau"]), ("2026", ["so-2025", "xa-2025"])]
)
def test_province_preset_takes_the_sets_of_the_year(period: str, expected: list[str]) -> None:
    assert province_sets(int(period)) == expected


def test_groups_sharing_a_unit_type_are_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        init_workspace(tmp_path / "ws", groups=["xa-2025", "xa-mau"], period="2025")
    assert caught.value.code == "init.unit-type-shared"
    assert "xa-2025" in caught.value.render() and "xa-mau" in caught.value.render()
    assert not (tmp_path / "ws").exists()


@pytest.mark.parametrize(
    "extra",
    [["--criteria", "xa-2025", "--groups", "so-2025"], ["--groups", "so-2025", "--province"]],
)
def test_one_set_and_groups_together_exit_2(
    tmp_path: Path, extra: list[str], monkeypatch, capsys
) -> None:
    from par_index.cli.app import main

    monkeypatch.setattr("sys.argv", ["par-index", "init", str(tmp_path / "ws"), *extra])
    with pytest.raises(SystemExit) as caught:
        main()
    assert caught.value.code == 2
    assert "Chỉ chọn một cách" in capsys.readouterr().err
    assert not (tmp_path / "ws" / CONFIG_NAME).exists()
