"""Exactly once, nothing lost: real passes in real processes on real files, on SQLite and on PostgreSQL.

The invariant (`assert_exactly_once`): every entry dropped into the inbox is one done arrival with its
records; every file in archive/ and quarantine/ is an arrival's own copy, a member's stored copy or a reason
note — nothing more, nothing twice; no staging or partial file is left; the inbox is empty.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from pipeline.run import run_pass
from pipeline.store import normalise_url
from pipeline.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
FAST = "[intake]\nsettle_seconds = 0.3\n"


def _home(tmp_path: Path, db_url: str) -> Workspace:
    home = tmp_path / "home"
    home.mkdir()
    (home / "campaign.toml").write_text('[campaign]\nid = "2026"\nname = "测试"\nyear = 2026\n' + FAST,
                                        encoding="utf-8")
    return Workspace.open(home, db=db_url)


def _drop(samples_dir: Path, inbox: Path, prefix: str, names: list[str]) -> list[str]:
    dropped = []
    for name in names:
        target = inbox / f"{prefix}{name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(samples_dir / name, target)
        dropped.append(target.relative_to(inbox).as_posix())
    return dropped


def _sample_names(samples_dir: Path, manifest: dict, n: int) -> list[str]:
    """n top-level sample files (forms, reports, mails, rejected files), in a fixed mixed order."""
    top = sorted({name.split("/", 1)[0] for name in manifest["files"]})
    return [name for name in top if (samples_dir / name).is_file()][:n]


def _child(ws: Workspace, batch: int) -> list[str]:
    code = ("import sys\nfrom pathlib import Path\nfrom pipeline.workspace import Workspace\n"
            "from pipeline.run import run_pass\n"
            f"run_pass(Workspace.open(Path(sys.argv[1]), db=sys.argv[2]), batch={batch})\n")
    return [sys.executable, "-c", code, str(ws.home), ws.db_url]


def assert_exactly_once(ws: Workspace, dropped: list[str]) -> None:
    engine = create_engine(normalise_url(ws.db_url))
    with engine.connect() as conn:
        arrivals = conn.execute(text("SELECT id, key, state FROM arrivals")).all()
        docs = conn.execute(text("SELECT arrival_id, stored_path, status FROM documents")).all()
    engine.dispose()
    done = [(i, key) for i, key, state in arrivals if state == "done"]
    assert not [a for a in arrivals if a[2] in ("claimed", "committed")], "claims left active"
    assert sorted(key for _, key in done) == sorted(dropped), "each dropped entry: exactly one done arrival"
    done_ids = {i for i, _ in done}
    assert all(d.arrival_id in done_ids for d in docs), "a record of an arrival that did not finish"
    assert {d.arrival_id for d in docs} == done_ids, "a done arrival without records"
    stored = [Path(d.stored_path) for d in docs]
    assert all(p.is_file() for p in stored)
    files = [p for folder in (ws.archive, ws.quarantine) for p in folder.rglob("*") if p.is_file()]
    notes = [p for p in files if p.name.endswith(".reason.txt")]
    copies = [p for p in files if not p.name.endswith(".reason.txt")]
    members = {p for p in stored if ".files/" in p.as_posix()}
    assert len(copies) == len(done) + len(members), "an orphan or missing copy in archive/quarantine"
    assert all(p.with_name(p.name[:-len(".reason.txt")]).is_file() for p in notes)
    assert len(notes) == len({p.parent / p.name for p in notes})
    leftovers = [p for p in ws.home.rglob("*") if p.name.endswith(".part")]
    assert not leftovers, leftovers
    assert not list((ws.home / ".staging").glob("*")), "staging left behind"
    assert not [p for p in ws.inbox.rglob("*") if p.is_file() or p.is_symlink()], "inbox not emptied"


def test_sigkill_at_random_moments_loses_and_doubles_nothing(tmp_path, db_url, samples_dir, manifest):
    """At least 20 kills -9 at random moments of passes (fresh files dropped before each), then one pass to
    the end: the invariant holds."""
    ws = _home(tmp_path, db_url)
    names = _sample_names(samples_dir, manifest, 60)
    rng = random.Random(20261207)
    dropped: list[str] = []
    kills = 0
    trial = 0
    while kills < 22:
        assert trial < 60, f"only {kills} kills in {trial} passes"
        trial += 1
        dropped += _drop(samples_dir, ws.inbox, f"t{trial:02d}/", rng.sample(names, 4))
        proc = subprocess.Popen(_child(ws, batch=2), cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        time.sleep(rng.uniform(1.0, 4.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode in (0, -signal.SIGKILL), stderr.decode(errors="replace")[-3000:]
    assert kills >= 20
    final = subprocess.run(_child(ws, batch=50), cwd=ROOT, capture_output=True, timeout=900)
    assert final.returncode == 0, final.stderr.decode(errors="replace")[-3000:]
    assert_exactly_once(ws, dropped)


def test_two_processes_on_one_workspace_take_each_file_once(tmp_path, db_url, samples_dir, manifest):
    """Two passes started together on a new workspace (the migration race included)."""
    home = tmp_path / "home"
    (home / "inbox").mkdir(parents=True)
    (home / "campaign.toml").write_text('[campaign]\nid = "2026"\nname = "测试"\nyear = 2026\n' + FAST,
                                        encoding="utf-8")
    dropped = _drop(samples_dir, home / "inbox", "", _sample_names(samples_dir, manifest, 44))
    ws = Workspace(home=home, inbox=home / "inbox", own_inbox=True, config_path=home / "campaign.toml",
                   db_url=db_url)
    procs = [subprocess.Popen(_child(ws, batch=3), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(2)]
    for proc in procs:
        _, stderr = proc.communicate(timeout=900)
        assert proc.returncode == 0, stderr.decode(errors="replace")[-3000:]
    ws = Workspace.open(home)
    assert_exactly_once(ws, dropped)


def test_long_names_never_stop_the_pass(tmp_path, samples_dir, manifest):
    """~250-byte names (the file system's limit is 255) for a good form and a bad file: both recorded, stored
    under shortened names that keep the extension, and the next pass is clean."""
    ws = _home(tmp_path, f"sqlite:///{tmp_path / 'ws.db'}")
    form = next(n for n, e in manifest["files"].items() if e.get("doc_type") == "application" and "/" not in n
                and n.endswith(".docx") and e["status"] == "ok")
    long_ok = "很长的名字" * 16 + ".docx"  # 240 bytes + .docx
    long_bad = "损坏" * 41 + ".docx"
    assert len(long_ok.encode()) > 240 and len(long_bad.encode()) > 240
    shutil.copyfile(samples_dir / form, ws.inbox / long_ok)
    (ws.inbox / long_bad).write_bytes(b"PK\x03\x04 not really a docx")
    summary = run_pass(ws)
    assert summary.new == 2
    assert_exactly_once(ws, [long_ok, long_bad])
    names = [p.name for p in (ws.archive.rglob("*")) if p.is_file()] + [
        p.name for p in ws.quarantine.rglob("*") if p.is_file()]
    assert all(len(n.encode()) <= 255 for n in names)
    assert any(n.endswith(".docx") and n.startswith("很长的名字") for n in names)
    assert run_pass(ws).new == 0


def test_a_file_still_being_written_is_taken_once_whole(tmp_path, samples_dir, manifest):
    """A writer appends a report in pieces while passes run: no pass takes a piece; the whole file is
    recorded once, with the hash of the whole."""
    ws = _home(tmp_path, f"sqlite:///{tmp_path / 'ws.db'}")
    report = next(n for n, e in manifest["files"].items() if e.get("doc_type") == "outcome_report"
                  and "/" not in n and e["status"] == "ok")
    data = (samples_dir / report).read_bytes()
    target = ws.inbox / "正在复制的成果报告.docx"

    def write() -> None:
        with open(target, "wb") as handle:
            for start in range(0, len(data), len(data) // 8 + 1):
                handle.write(data[start:start + len(data) // 8 + 1])
                handle.flush()
                time.sleep(0.2)

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.1)
    first = run_pass(ws)  # starts while the writer is busy
    writer.join()
    assert first.new == 0 and first.waiting == 1
    second = run_pass(ws)
    assert second.new == 1
    store_records = _records(ws)
    assert [(r.file, r.sha256) for r in store_records] == [(target.name, hashlib.sha256(data).hexdigest())]
    assert store_records[0].doc_type == "outcome_report"
    assert_exactly_once(ws, [target.name])


def _records(ws: Workspace):
    from pipeline.store import Store

    store = Store(ws.db_url)
    try:
        return store.records()
    finally:
        store.close()


def test_links_and_special_files_are_refused_and_quarantined(tmp_path, samples_dir, manifest):
    """A symlink (never followed out of the inbox) and a FIFO each end as a refused record and a quarantined
    note; the link's target is untouched."""
    ws = _home(tmp_path, f"sqlite:///{tmp_path / 'ws.db'}")
    outside = tmp_path / "secret.docx"
    outside.write_bytes(b"secret")
    (ws.inbox / "快捷方式.docx").symlink_to(outside)
    (ws.inbox / "folder-link").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(ws.inbox / "管道.docx")
    (ws.inbox / "..隐藏.docx").write_bytes(b"hidden but ours")
    run_pass(ws)
    by_file = {r.file: r for r in _records(ws)}
    assert by_file["快捷方式.docx"].error_code == "symlink" and "符号链接" in by_file["快捷方式.docx"].error
    assert by_file["folder-link"].error_code == "symlink"
    assert by_file["管道.docx"].error_code == "not_regular"
    assert by_file["..隐藏.docx"].status == "rejected"  # taken in like any other file, with its own reason
    assert outside.read_bytes() == b"secret"
    assert_exactly_once(ws, ["..隐藏.docx", "folder-link", "快捷方式.docx", "管道.docx"])


def test_a_mirrored_inbox_is_not_recorded_again(tmp_path, samples_dir, manifest):
    """`--inbox DIR` leaves DIR as it is; a second pass over it records nothing and copies nothing; a
    changed file is taken again."""
    source = tmp_path / "source"
    source.mkdir()
    dropped = _drop(samples_dir, source, "", _sample_names(samples_dir, manifest, 10))
    home = tmp_path / "home"
    ws = Workspace.open(home, inbox=source)
    (home / "campaign.toml").write_text('[campaign]\nid = "2026"\nname = "测试"\nyear = 2026\n' + FAST,
                                        encoding="utf-8")
    first = run_pass(ws)
    files = _placed(ws)
    second = run_pass(ws)
    assert (first.new, second.new) == (sum(1 for _ in _records(ws)), 0)
    assert files == _placed(ws) and files
    assert sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file()) == sorted(dropped)
    changed = source / dropped[0]
    changed.write_bytes(changed.read_bytes() + b"\n")
    os.utime(changed, ns=(time.time_ns() - 10**10, time.time_ns() - 10**10))
    assert run_pass(ws).new >= 1


def _placed(ws: Workspace) -> list[Path]:
    return sorted(p for folder in (ws.archive, ws.quarantine) for p in folder.rglob("*") if p.is_file())


def test_the_workspace_remembers_its_database(tmp_path, db_url):
    """A workspace made on a database finds it again without --db; another one is refused, not created."""
    from typer.testing import CliRunner

    from pipeline.cli import app

    home = tmp_path / "home"
    ws = Workspace.open(home, db=db_url)
    assert Workspace.open(home).db_url == db_url
    runner = CliRunner()
    ok = runner.invoke(app, ["export", "--home", str(home)])
    assert ok.exit_code == 0, ok.output
    other = f"sqlite:///{tmp_path / 'other.db'}"
    wrong = runner.invoke(app, ["export", "--home", str(home), "--db", other])
    assert wrong.exit_code == 2 and "数据库" in wrong.output
    assert not (tmp_path / "other.db").exists()
    assert ws.home == home.resolve()


def test_a_folder_dropped_whole_is_one_submission_and_leaves_no_empty_folder(tmp_path, samples_dir, manifest):
    """A branch's folder (with a sub-folder) dropped into the inbox: its files are recorded under the folder's
    name, and once they are archived the folders themselves are gone from the inbox."""
    ws = _home(tmp_path, f"sqlite:///{tmp_path / 'ws.db'}")
    docs = [n for n, e in manifest["files"].items() if "/" not in n and n.endswith(".docx") and e["status"] == "ok"][:2]
    folder = ws.inbox / "薪火支部材料"
    (folder / "附件").mkdir(parents=True)
    shutil.copyfile(samples_dir / docs[0], folder / docs[0])
    shutil.copyfile(samples_dir / docs[1], folder / "附件" / docs[1])
    run_pass(ws)
    from pipeline.store import Store

    store = Store(ws.db_url)
    try:
        files = sorted(r.file for r in store.records())
    finally:
        store.close()
    assert files == sorted([f"薪火支部材料/{docs[0]}", f"薪火支部材料/附件/{docs[1]}"])
    assert list(ws.inbox.iterdir()) == [], "an empty folder was left in the inbox"
