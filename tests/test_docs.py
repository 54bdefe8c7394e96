"""The documentation follows the code: generated references are current, every command is
documented in the CLI reference and in the Home Affairs guide, and the README names the two
commands a newcomer runs."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path
from typing import get_args

import pytest

from par_index import __version__
from par_index.cli.criteria import criteria_schema
from par_index.criteria import validate as criteria_validate
from par_index.criteria.model import Criterion
from par_index.i18n import Message
from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_docs = _load_generator()


@pytest.fixture(scope="module")
def generated() -> dict[Path, str]:
    return gen_docs.generated()


@pytest.fixture(scope="module")
def commands() -> list[tuple[str, object, object]]:
    return gen_docs.cli_commands()[1:]


def _mentions(text: str, command: str) -> bool:
    return re.search(re.escape(command) + r"(?![\w-])", text) is not None


def test_generated_docs_are_up_to_date(generated: dict[Path, str]) -> None:
    for path, text in generated.items():
        assert path.is_file(), f"{path.name} is missing: run python scripts/gen_docs.py"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date (the models or the CLI changed): "
            "run python scripts/gen_docs.py and commit the result"
        )


def test_check_mode_exits_1_for_a_missing_or_stale_file(tmp_path: Path) -> None:
    assert gen_docs.main(["--check", "--docs", str(tmp_path)]) == 1
    assert gen_docs.main(["--docs", str(tmp_path)]) == 0
    assert gen_docs.main(["--check", "--docs", str(tmp_path)]) == 0
    cli = tmp_path / "cli.md"
    cli.write_text(cli.read_text(encoding="utf-8").replace("--force", "--forse"), "utf-8")
    assert gen_docs.main(["--check", "--docs", str(tmp_path)]) == 1
    assert gen_docs.stale(tmp_path) == [cli]


def test_every_command_and_option_is_in_the_cli_reference(commands) -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    sections = re.split(r"\n(?=## `)", reference)
    for path, command, _ctx in commands:
        section = next((s for s in sections if s.startswith(f"## `{path}`")), None)
        assert section is not None, f"'{path}' has no section in docs/cli.md"
        for param in command.params:
            for opt in param.opts if param.opts[0].startswith("-") else []:
                assert f"`{opt}`" in section, f"{path} {opt} is not in docs/cli.md"


def test_every_command_is_in_the_home_affairs_guide(commands) -> None:
    guide = (DOCS / "guide-home-affairs.md").read_text(encoding="utf-8")
    missing = [path for path, _command, _ctx in commands if not _mentions(guide, path)]
    assert not missing, f"docs/guide-home-affairs.md does not explain: {', '.join(missing)}"


def test_the_guide_check_would_catch_an_undocumented_command() -> None:
    guide = "Chạy `par-index criteria check bo.yaml` rồi `par-index init ws`."
    assert _mentions(guide, "par-index criteria check")
    assert _mentions(guide, "par-index init")
    assert not _mentions(guide, "par-index check")
    assert _mentions(guide, "par-index criteria")


def test_every_rule_kind_has_a_section_and_a_valid_example() -> None:
    reference = (DOCS / "criteria-format.md").read_text(encoding="utf-8")
    union = get_args(get_args(Criterion.model_fields["rule"].annotation)[0])[0]
    kinds = [get_args(m.model_fields["kind"].annotation)[0] for m in get_args(union)]
    assert len(kinds) >= 8
    for kind in kinds:
        assert f"### `{kind}`:" in reference
        Criterion.model_validate(gen_docs._yaml_data(gen_docs.RULE_EXAMPLES[kind]))


def test_every_validation_code_is_in_the_format_reference() -> None:
    reference = (DOCS / "criteria-format.md").read_text(encoding="utf-8")
    codes = [v.code for v in vars(criteria_validate).values() if isinstance(v, Message)]
    assert len(codes) >= 10
    for code in codes:
        assert f"`{code}`" in reference


def test_the_schema_file_is_what_criteria_schema_prints() -> None:
    shipped = json.loads((DOCS / "criteria.schema.json").read_text(encoding="utf-8"))
    assert shipped == criteria_schema()


def test_guides_exist_in_vietnamese() -> None:
    for name in ("guide-commune.md", "guide-home-affairs.md"):
        text = (DOCS / name).read_text(encoding="utf-8")
        assert len(text) > 3000 and "tài liệu kiểm chứng" in text.lower(), name


def test_readme_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make run", "make test"):
        assert command in readme, f"README.md does not mention '{command}'"


def test_generator_runs_as_a_script(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "docs"
    shutil.copytree(DOCS, target, ignore=shutil.ignore_patterns("img"))
    script = ROOT / "scripts" / "gen_docs.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check", "--docs", str(target)], capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()


def test_architecture_names_every_module_of_the_package():
    """docs/architecture.md places every top-level module and package on a floor."""
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "par_index"
    names = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    missing = sorted(n for n in names if f"`{n}" not in text and f"par_index.{n}" not in text)
    assert missing == []


def _install_block(text: str, platform: str) -> str:
    """The first fenced block after the bold ``platform`` heading of an install section."""
    found = re.search(r"\*\*" + platform + r"\.?\*\*.*?```\w*\n(.*?)```", text, re.S)
    assert found, f"no {platform} install block"
    return found.group(1)


@pytest.mark.parametrize("name", ["README.md", "docs/guide-home-affairs.md"])
def test_install_steps_for_every_officer_platform(name: str) -> None:
    """Windows (PowerShell), macOS and Linux, each putting par-index on PATH or saying how to
    call it, and how to open the report."""
    text = (ROOT / name).read_text(encoding="utf-8")
    windows, mac, linux = (_install_block(text, p) for p in ("Windows", "macOS", "Linux"))
    assert "py -m pip install" in windows and "pipx install ." in windows
    assert "pipx install ." in mac and "pip install ." in linux
    assert all("par-index --version" in block for block in (windows, mac, linux))
    assert "py -m par_index" in text and "python3 -m par_index" in text
    for opener in ("start quang-dien-2025\\outputs\\report.html", "open quang-dien-2025/"):
        assert opener in text.replace("\n", " "), opener
    assert "xdg-open quang-dien-2025/outputs/report.html" in text


@pytest.mark.skipif(not IN_CI, reason="installs into a fresh virtualenv (a minute): under CI")
def test_the_readme_linux_commands_run_as_written(tmp_path: Path) -> None:
    import subprocess

    block = _install_block((ROOT / "README.md").read_text(encoding="utf-8"), "Linux")
    source = tmp_path / "par-index"
    junk = shutil.ignore_patterns(".venv", ".git", "outputs", "__pycache__", ".*_cache", ".hypo*")
    shutil.copytree(ROOT, source, ignore=junk)
    command = ["bash", "-euo", "pipefail", "-c", block]
    done = subprocess.run(command, cwd=source, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(f"par-index {__version__}") == 2
