"""Campaign presets (pipeline.model.preset, pipeline/model/presets/*.toml) and `brandreview init --preset`:
every shipped preset validates like a campaign.toml, its years follow the campaign's, a workspace's own keys
override it, and an unknown preset is refused naming the known ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from checks.registry import validate_config
from pipeline.model.config import ConfigError, default_table, load_config
from pipeline.model.preset import load_preset, preset_names

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "pipeline.cli"]
SEEDS = {"branch-feature": "004", "brand-and-project": "002", "benchmark-branch": "003",
         "brand-cultivation": "000", "agency-three-year": "001"}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_one_preset_per_notice():
    assert preset_names() == sorted(SEEDS)
    for name, seed in SEEDS.items():
        preset = load_preset(name)
        assert preset.seed == seed and preset.title and preset.rules and preset.deadlines
        assert "preset" not in preset.table  # the description is no setting


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_preset_validates_and_follows_the_campaign_year(tmp_path, name):
    path = tmp_path / "campaign.toml"
    path.write_text(f'[campaign]\npreset = "{name}"\nid = "c"\nname = "活动"\nyear = 2031\n', encoding="utf-8")
    config = load_config(path)
    validate_config(config)
    assert config.campaign.preset == name and config.campaign.name == "活动"  # the workspace's key wins
    dumped = config.model_dump(mode="json")
    assert not [s for s in _strings(dumped) if "{year}" in s or "{next_year}" in s]
    assert config.deadlines.application is not None and config.deadlines.application.startswith("2031-")
    if config.deadlines.report is not None:
        assert config.deadlines.report.startswith(("2031-", "2032-"))
    default = load_config(None)
    assert config.model_dump() != default.model_dump()


def test_the_workspace_overrides_the_preset_and_the_preset_the_defaults(tmp_path):
    path = tmp_path / "campaign.toml"
    path.write_text('[campaign]\npreset = "brand-cultivation"\nid = "c"\nname = "活动"\nyear = 2024\n'
                    '[checks.brand_name_length]\nmax_chars = 12\n[deadlines]\napplication = "2024-09-25"\n',
                    encoding="utf-8")
    config = load_config(path)
    assert config.checks["brand_name_length"]["max_chars"] == 12
    assert config.deadlines.application == "2024-09-25"
    assert config.checks["required_fields"]["fields"] == ["branch_name", "brand_name", "summary", "measures"]
    assert default_table()["checks"]["required_fields"]["fields"] != config.checks["required_fields"]["fields"]


def test_an_unknown_preset_in_campaign_toml_names_the_known_ones(tmp_path):
    path = tmp_path / "campaign.toml"
    path.write_text('[campaign]\npreset = "branch-featur"\nid = "c"\nname = "活动"\nyear = 2024\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(path) in str(err.value) and all(name in str(err.value) for name in SEEDS)
    path.write_text('[campaign]\npreset = "../../etc/passwd"\nid = "c"\nname = "活动"\nyear = 2024\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(path)


def test_presets_lists_every_preset_and_shows_one():
    listed = _cli("presets")
    assert listed.returncode == 0, listed.stderr
    for name in SEEDS:
        assert name in listed.stdout and load_preset(name).title[:8] in listed.stdout
    shown = _cli("presets", "--show", "benchmark-branch")
    assert shown.returncode == 0 and "[preset]" in shown.stdout and "{next_year}" in shown.stdout
    assert _cli("presets", "--show", "nope").returncode == 2


def test_init_writes_a_workspace_from_a_preset_and_never_overwrites_silently(tmp_path):
    home = tmp_path / "home"
    done = _cli("init", "--home", str(home), "--preset", "branch-feature", "--year", "2024")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2024-04-15" in done.stdout and "2025-01-31" in done.stdout
    assert (home / "inbox").is_dir()
    config = load_config(home / "campaign.toml")
    assert (config.campaign.preset, config.campaign.year, config.deadlines.report) == \
        ("branch-feature", 2024, "2025-01-31")

    (home / "campaign.toml").write_text((home / "campaign.toml").read_text(encoding="utf-8")
                                        + "\n# 本单位的修改\n", encoding="utf-8")
    again = _cli("init", "--home", str(home), "--preset", "agency-three-year")
    assert again.returncode == 2 and "--force" in again.stderr
    assert "本单位的修改" in (home / "campaign.toml").read_text(encoding="utf-8")
    forced = _cli("init", "--home", str(home), "--preset", "agency-three-year", "--force")
    assert forced.returncode == 0, forced.stderr
    [backup] = home.glob("campaign.toml.*.bak")
    assert "本单位的修改" in backup.read_text(encoding="utf-8")
    assert load_config(home / "campaign.toml").campaign.preset == "agency-three-year"


def test_init_refuses_an_unknown_preset_naming_the_known_ones(tmp_path):
    done = _cli("init", "--home", str(tmp_path / "h"), "--preset", "university")
    assert done.returncode == 2
    assert all(name in done.stderr.replace("\n", "") for name in SEEDS)
    assert not (tmp_path / "h" / "campaign.toml").exists()
