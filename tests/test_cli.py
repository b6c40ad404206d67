"""The `brandreview` command as a user runs it: check (exit codes), run with the workspace's own inbox
(files move, exactly once), export to stdout and to a file, configuration errors."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def _pick(manifest, samples_dir, predicate):
    name = next(n for n, t in manifest["files"].items() if "/" not in n and predicate(t))
    return samples_dir / name


def test_check_exit_codes(samples_dir, manifest):
    good = _pick(manifest, samples_dir, lambda t: t["doc_type"] == "application"
                 and set(t["expect_checks"].values()) == {"pass"})
    bad = _pick(manifest, samples_dir, lambda t: "fail" in t.get("expect_checks", {}).values())
    broken = samples_dir / "random.docx"
    ok = runner.invoke(app, ["check", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "通过" in ok.output
    failed = runner.invoke(app, ["check", str(good), str(bad)])
    assert failed.exit_code == 1 and "不通过" in failed.output
    rejected = runner.invoke(app, ["check", str(broken)])
    assert rejected.exit_code == 1 and "random.docx" in rejected.output


def test_run_own_inbox_moves_files_once_then_export(samples_dir, manifest, tmp_path):
    home = tmp_path / "home"
    (home / "inbox" / "sub").mkdir(parents=True)
    names = [n for n, t in manifest["files"].items() if "/" not in n][:6]
    for n in names:
        shutil.copy(samples_dir / n, home / "inbox" / "sub" / n)
    first = runner.invoke(app, ["run", "--home", str(home), "--engine", "plain"])
    assert first.exit_code == 0, first.output
    assert not any((home / "inbox").rglob("*.*")), "processed files must leave the inbox"
    second = runner.invoke(app, ["run", "--home", str(home), "--engine", "plain"])
    assert second.exit_code == 0
    out = runner.invoke(app, ["export", "--home", str(home), "--format", "jsonl"])
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert sorted(r["file"] for r in records) == sorted(f"sub/{n}" for n in names)  # exactly once
    target = tmp_path / "x.csv"
    runner.invoke(app, ["export", "--home", str(home), "--format", "csv", "-o", str(target)])
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufefffile,") and len(text.strip().splitlines()) == len(names) + 1


def test_config_error_names_the_key(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text('[campaign]\nid = "x"\nname = "x"\nyear = 2024\n'
                                        '[checks.photo_count]\nmax_photo = 4\n', encoding="utf-8")
    result = runner.invoke(app, ["run", "--home", str(home), "--engine", "plain"])
    assert result.exit_code == 2 and "max_photo" in result.output


def test_missing_inbox_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["run", "--home", str(tmp_path / "h"), "--inbox", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "inbox" in result.output
