"""Contracts that keep the project honest: every check is registered with a config table and a README entry,
every setting and CLI command is documented, and the layering holds without Prefect in `check`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from checks.registry import CAMPAIGN_CHECKS, CHECKS
from pipeline.cli import app
from pipeline.model.config import default_table

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _keys(table: dict, prefix: str = "") -> list[str]:
    out = []
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            if prefix == "report." and key == "sections":
                out.append("report.sections.<key>.names")
                continue
            out.extend(_keys(value, path + "."))
        else:
            out.append(path)
    return out


def test_every_check_has_module_config_table_and_readme_entry():
    table = default_table()["checks"]
    for check in (*CHECKS, *CAMPAIGN_CHECKS):
        module = sys.modules[check.run.__module__]
        assert module.__name__ == f"checks.{check.id}"
        assert check.id in table, f"[checks.{check.id}] missing from defaults.toml"
        assert f"`{check.id}`" in README, f"{check.id} not documented in README"
    assert set(table) == {c.id for c in (*CHECKS, *CAMPAIGN_CHECKS)}


def test_every_setting_is_documented():
    missing = [k for k in _keys(default_table()) if f"`{k}`" not in README]
    assert not missing, f"settings missing from README: {missing}"


def test_every_cli_command_is_documented():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"brandreview {name}" in README


def test_check_command_does_not_import_prefect():
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom pipeline.cli import app\n"
            "CliRunner().invoke(app, ['check', 'nothing.docx'])\nprint('prefect' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().endswith("False")


def test_every_pipeline_module_has_a_layer():
    """The layers contract names pipeline's orchestration modules one by one: a new module must be placed."""
    import tomllib

    contract = next(c for c in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
                    ["importlinter"]["contracts"] if c["type"] == "layers")
    named = {m.strip() for layer in contract["layers"] for m in layer.replace("|", ":").split(":")}
    modules = {f"pipeline.{p.stem}" for p in (ROOT / "pipeline").glob("*.py") if p.stem != "__init__"}
    modules |= {f"pipeline.{p.name}" for p in (ROOT / "pipeline").iterdir()
                if p.is_dir() and (p / "__init__.py").exists()}
    assert modules - named == set(), "pipeline modules outside the layers contract"
    assert {"flows", "extractors", "checks", "pipeline.model"} <= named


def test_the_kernel_imports_nothing_of_ours():
    """pipeline.model is the bottom: loading it loads no other brandreview module."""
    code = ("import sys\nimport pipeline.model.config, pipeline.model.records, pipeline.model.layout, "
            "pipeline.model.errors, pipeline.model.wordcount\n"
            "ours = [m for m in sys.modules if m.split('.')[0] in ('extractors', 'checks', 'flows') "
            "or (m.startswith('pipeline.') and not m.startswith('pipeline.model'))]\nprint(ours)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
