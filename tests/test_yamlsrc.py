"""Hostile YAML is refused while it is composed, before anything is built: one file:line error,
in well under a second, for nested aliases ("billion laughs"), aliases that loop, deep nesting,
tags that would build Python objects, huge numbers and values that are not what their type says.
In a real workspace the run stops with exit 2 and the last good outputs stay as they were."""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from par_index.errors import ParIndexError
from par_index.yamlsrc import MAX_ALIAS_ITEMS, MAX_DEPTH, YamlError, load_yaml, parse_yaml
from tests.conftest import DATA
from tests.helpers.district_run import good_workspace, run, run_main


def laughs(levels: int, width: int = 9, key: str = "lol") -> str:
    """Nested aliases: level n repeats level n-1 ``width`` times (9**levels items in all)."""
    lines = [f'{key}0: &{key}0 "lol"']
    for i in range(1, levels + 1):
        refs = ", ".join(f"*{key}{i - 1}" for _ in range(width))
        lines.append(f"{key}{i}: &{key}{i} [{refs}]")
    return "\n".join(lines) + "\n"


def line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def refused(raw: str, name: str = "par-index.yaml") -> YamlError:
    start = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse_yaml(raw, name)
    assert time.perf_counter() - start < 0.5, "refused in well under a second"
    return caught.value


@pytest.mark.parametrize("levels", [5, 9, 40])
def test_billion_laughs_is_refused_at_the_alias_that_passes_the_limit(levels):
    raw = laughs(levels)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = refused(raw)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    # 9 + 90 + 819 + 7,380 items repeated up to lol4; lol5's first alias passes 10,000
    assert (error.code, error.fields["line"]) == ("yaml.aliases", line_of(raw, "lol5:"))
    line = error.render("vi")
    assert line.startswith(f"par-index.yaml:{line_of(raw, 'lol5:')}: ") and "\n" not in line
    assert "10.000" in line


def test_aliases_within_the_limit_are_written_out():
    source = parse_yaml(laughs(4), "ok.yaml")  # 8,298 items repeated: under 10,000
    assert len(source.data["lol4"]) == 9 and source.data["lol4"][0][0][0] == ["lol"] * 9
    merged = parse_yaml("base: &b {far_above_points: 10}\ncheck:\n  <<: *b\n  x: 1\n", "m.yaml")
    assert merged.data["check"] == {"x": 1, "far_above_points": 10}
    assert MAX_ALIAS_ITEMS == 10_000


@pytest.mark.parametrize(
    ("raw", "code", "line"),
    [
        ("a: 1\nb: &x [1, *x]\n", "yaml.alias-loop", 2),
        ("a: 1\nb: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n", "yaml.too-deep", 2),
        ("period: !!python/object:os.system {}\n", "yaml.tag", 1),
        ("a: 1\nperiod: !!python/object/apply:os.system ['ls']\n", "yaml.tag", 2),
        ("x: !!binary aGVsbG8=\n", "yaml.tag", 1),
        ("x: !ruby/hash {}\n", "yaml.tag", 1),
        ("a: 1\n\nn: " + "9" * 5001 + "\n", "yaml.number", 3),
        ("n: 0x" + "f" * 5000 + "\n", "yaml.number", 1),
        ("n: 1e99999999\n", "yaml.number", 1),
        ("n: .nan\n", "yaml.number", 1),
        ("d: 2022-02-30\n", "yaml.value", 1),
        ("a: b\nn: !!int abc\n", "yaml.value", 2),
        ("n: !!bool maybe\n", "yaml.value", 1),
    ],
)
def test_each_hostile_value_is_one_line_at_its_line(raw, code, line):
    error = refused(raw)
    assert (error.code, error.fields["line"]) == (code, line)
    for lang in ("vi", "en"):
        text = error.render(lang)
        assert text.startswith(f"par-index.yaml:{line}: ") and "\n" not in text
        assert len(text) < 400 and "Error" not in text and "0x" + "f" * 100 not in text


def test_plain_values_still_read():
    raw = 'period: "2021"\nn: 123456789012345\nf: 1.5\nd: 2022-01-10\ns: !!str 12\nt: yes\n'
    data = parse_yaml(raw, "ok.yaml").data
    assert data["n"] == 123456789012345 and str(data["f"]) == "1.5" and data["s"] == "12"
    assert data["d"].isoformat() == "2022-01-10"


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # sparse: 11 MiB declared
        handle.write(b"a: 1\n")
        handle.truncate(11 * 1024 * 1024)
    with pytest.raises(YamlError) as caught:
        load_yaml(path, "huge.yaml")
    assert caught.value.code == "yaml.too-large"


# -- in a real workspace -------------------------------------------------------------------------
def _outputs(root: Path) -> dict[str, bytes]:
    folder = root / "outputs"
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("where", ["par-index.yaml", "criteria.yaml"])
def test_a_hostile_configuration_stops_the_run_and_leaves_the_outputs(tmp_path, mini_set, where):
    root = good_workspace(tmp_path / "ws", mini_set)
    (root / "criteria.yaml").write_bytes((DATA / "mini.yaml").read_bytes())
    config = root / "par-index.yaml"
    text = config.read_text(encoding="utf-8").replace(f"criteria: {DATA / 'mini.yaml'}", "")
    config.write_text(text + "criteria: criteria.yaml\n", encoding="utf-8")
    assert run(root).exit_code == 0
    good = _outputs(root)
    target = root / where
    raw = target.read_text(encoding="utf-8") + laughs(40, key="x")
    target.write_text(raw, encoding="utf-8")
    start = time.perf_counter()
    done = run_main("run", str(root), "--workers", "1")
    assert time.perf_counter() - start < 10  # the process's start included; the refusal is ms
    assert done.returncode == 2, done.stderr
    *heading, line = done.stderr.strip().splitlines()  # a criteria set heads its problem list
    assert len(heading) == (where == "criteria.yaml"), done.stderr
    assert f"{where}:{line_of(raw, 'x5:')}: " in line and "billion laughs" in line
    assert _outputs(root) == good


def test_errors_are_par_index_errors():
    assert issubclass(YamlError, ParIndexError)
