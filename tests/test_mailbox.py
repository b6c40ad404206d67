"""The IMAP mailbox intake against a real Dovecot on loopback (tests/dovecot.py; `make system-deps` installs
dovecot-imapd): mails put in by IMAP APPEND, polled into inbox/邮箱/, taken in by a real pass, and marked on the
server only after their records are stored — flagged or moved, never deleted; GBK-named attachments; a
connection cut mid-fetch; a failed intake; two polls at once. Under CI=true a missing Dovecot fails."""

from __future__ import annotations

import base64
import io
import json
import os
import socket
import subprocess
import sys
import threading
from datetime import datetime
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
import sample_reports as R
import sample_text as T
from dovecot import Dovecot, dovecot_binary
from imap_tools import MailBoxUnencrypted
from PIL import Image
from sample_bytes import photo_png
from service_process import stop

from pipeline.mailbox import FOLDER, MailboxError, poll_mailbox
from pipeline.model.config import load_config
from pipeline.run import run_pass
from pipeline.store import Store
from pipeline.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
DONE, REFUSED = "$BrandreviewDone", "$BrandreviewRefused"


@pytest.fixture
def server():
    binary = dovecot_binary()
    if binary is None:
        message = "dovecot is not installed (make system-deps installs dovecot-imapd)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    d = Dovecot(binary).start()
    try:
        yield d
    finally:
        d.stop()


def _workspace(tmp_path: Path, server: Dovecot, monkeypatch, port: int | None = None, **mailbox) -> Workspace:
    home = tmp_path / "home"
    home.mkdir()
    table = {"enabled": "true", "host": '"127.0.0.1"', "port": str(port or server.port),
             "security": '"plain"', "user": f'"{server.user}"', "timeout_seconds": "10"}
    table |= {k: (f'"{v}"' if isinstance(v, str) else str(v).lower()) for k, v in mailbox.items()}
    (home / "campaign.toml").write_text('[campaign]\nid = "m"\nname = "邮箱"\nyear = 2026\n'
                                        "[intake]\nsettle_seconds = 0\n[mailbox]\n"
                                        + "".join(f"{k} = {v}\n" for k, v in table.items()), encoding="utf-8")
    monkeypatch.setenv("BRANDREVIEW_IMAP_PASSWORD", server.password)
    return Workspace.open(home)


def _client(server: Dovecot) -> MailBoxUnencrypted:
    return MailBoxUnencrypted(server.host, server.port, timeout=10).login(server.user, server.password,
                                                                          initial_folder=None)


def _append(server: Dovecot, *mails: bytes, folder: str = "INBOX") -> None:
    with _client(server) as box:
        for mail in mails:
            box.append(mail, folder)


def _on_server(server: Dovecot, folder: str = "INBOX") -> list[tuple[str, frozenset[str]]]:
    """(subject, flags) of every mail in `folder`."""
    with _client(server) as box:
        if not box.folder.exists(folder):
            return []
        box.folder.set(folder)
        return [(m.subject, frozenset(m.flags) - {"\\Recent"})
                for m in box.fetch(mark_seen=False, headers_only=True)]


def _records(ws: Workspace) -> dict[str, object]:
    store = Store(ws.db_url)
    try:
        return {r.file: r for r in store.records("m")}
    finally:
        store.close()


def _mail_dir(ws: Workspace) -> list[str]:
    folder = ws.inbox / FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.open(io.BytesIO(photo_png(seed, 640, 480))).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def _report(brand: str = "xinhuo", seed: int = 901) -> bytes:
    b = T.BRANDS[brand]
    return R.build(R.ReportSpec(brand, seed, f"{b.branch}“{b.brand}”党建品牌创建成果报告", "2024年1月22日",
                                datetime(2024, 1, 22, 9), captions=[]))[0]


DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def _mail(subject: str, attachments: list[tuple[str, bytes, tuple[str, str]]], n: int = 0) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "xinhuo@example.edu.cn", "dzb@example.edu.cn", subject
    mail["Date"] = "Mon, 22 Jan 2024 09:00:00 +0800"
    mail["Message-ID"] = f"<m{n}.{abs(hash(subject))}@example.edu.cn>"
    mail.set_content("附件为材料，请查收。")
    for name, data, (main, sub) in attachments:
        mail.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return mail.as_bytes()


def _docx_mail(subject: str, n: int, brand: str = "xinhuo") -> bytes:
    return _mail(subject, [(f"成果报告{n}.docx", _report(brand, 900 + n), DOCX)], n)


def _poll(ws: Workspace, intake: bool = True):
    config = load_config(ws.config_path)
    return poll_mailbox(ws, config, intake=(lambda: run_pass(ws)) if intake else None)


def test_a_mail_with_five_photos_and_a_report_ends_as_records_and_is_flagged(server, tmp_path, monkeypatch,
                                                                             caplog):
    ws = _workspace(tmp_path, server, monkeypatch)
    photos = [(f"图{n} 主题党日活动{n}.jpg", _jpeg(n), ("image", "jpeg")) for n in range(1, 6)]
    _append(server, _mail("薪火支部成果报告及照片", [("成果报告.docx", _report(), DOCX), *photos]))
    caplog.set_level("DEBUG")

    counts = _poll(ws)

    assert (counts.fetched, counts.written, counts.marked, counts.waiting) == (1, 1, 1, 0), counts
    records = _records(ws)
    reports = [f for f in records if f.endswith("/成果报告.docx")]
    assert len(reports) == 1 and reports[0].startswith(f"{FOLDER}/") and "薪火支部成果报告及照片" in reports[0]
    mail_name = reports[0].rsplit("/", 1)[0]
    check = next(c for c in records[reports[0]].checks if c.id == "photo_count")
    assert check.value == 5 and "另附 5 张" in check.message, check
    for n in range(1, 6):
        assert records[f"{mail_name}/图{n} 主题党日活动{n}.jpg"].verdict == "attached"
    assert _on_server(server) == [("薪火支部成果报告及照片", frozenset({DONE}))]  # not \Seen: fetched with PEEK
    assert _mail_dir(ws) == []  # taken in: the .eml is archived
    assert list((ws.archive).glob(f"*/{mail_name}"))
    assert server.password not in caplog.text
    assert server.password not in (ws.home / ".mailbox" / "ledger.json").read_text(encoding="utf-8")

    again = _poll(ws)  # nothing new: nothing fetched, nothing recorded twice
    assert (again.fetched, again.marked) == (0, 0)
    assert len(_records(ws)) == len(records)


def test_move_mode_moves_the_mail_to_the_folder_never_deletes_it(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch, processed="move", move_to="已收取")
    _append(server, _docx_mail("第一党支部成果报告", 1))
    counts = _poll(ws)
    assert counts.marked == 1
    assert _on_server(server) == []
    assert _on_server(server, "已收取") == [("第一党支部成果报告", frozenset())]
    assert any(f.endswith("/成果报告1.docx") for f in _records(ws))
    assert _poll(ws).fetched == 0


def _gb(text: str) -> str:
    """An RFC 2047 word as Chinese mail clients write it: GBK bytes labelled gb2312."""
    return f"=?gb2312?B?{base64.b64encode(text.encode('gbk')).decode('ascii')}?="


def _gbk_mail() -> bytes:
    """As Chinese mail clients send it: GB2312-labelled RFC 2047 names, GBK body."""
    outer = MIMEMultipart()
    outer["From"] = _gb("经济管理学院第三党支部") + " <jingji@example.edu.cn>"
    outer["To"] = "dzb@example.edu.cn"
    outer["Subject"] = _gb("关于报送党建品牌成果报告的函")
    outer["Date"] = "Tue, 23 Jan 2024 10:00:00 +0800"
    outer.attach(MIMEText("请查收附件。", "plain", "gbk"))
    for name, data in (("经济管理学院学生第三党支部成果报告.docx", _report("jingji", 921)),
                       ("附件二：品牌成果报告（修订稿）.docx", _report("xinhuo", 922))):
        part = MIMEApplication(data, _subtype=DOCX[1])
        encoded = _gb(name)
        part.add_header("Content-Disposition", "attachment", filename=encoded)
        part.set_param("name", encoded)
        outer.attach(part)
    return outer.as_bytes()


def test_gbk_named_attachments_keep_their_chinese_names(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch)
    raw = _gbk_mail()
    assert b"=?gb2312?" in raw and "经济".encode() not in raw  # really encoded as a GBK client writes it
    _append(server, raw)
    assert _poll(ws).marked == 1
    files = sorted(_records(ws))
    assert any("关于报送党建品牌成果报告的函" in f.split("/")[1] for f in files), files  # the .eml's name
    names = {f.rsplit("/", 1)[1] for f in files}
    assert {"经济管理学院学生第三党支部成果报告.docx", "附件二：品牌成果报告（修订稿）.docx"} <= names


class _CuttingProxy:
    """A TCP proxy to the server that, on its first connection, closes both sides once `after` bytes of the
    server's answer to the first FETCH have passed (the mail is cut off mid-literal); later ones pass."""

    def __init__(self, port: int, after: int):
        self.target, self.after = port, after
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = threading.Event()
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(("127.0.0.1", self.target))
            armed = self.connections == 1
            fetching = threading.Event()
            threading.Thread(target=self._pump, args=(client, upstream, None, fetching), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, fetching if armed else None, None),
                             daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, cut_after: threading.Event | None,
              saw_fetch: threading.Event | None) -> None:
        passed = 0
        try:
            while True:
                data = src.recv(4096)
                if not data:
                    break
                if saw_fetch is not None and b"FETCH" in data.upper() and b"BODY.PEEK[]" in data.upper():
                    saw_fetch.set()
                if cut_after is not None and cut_after.is_set():
                    room = self.after - passed
                    if len(data) >= room:
                        dst.sendall(data[:max(room, 0)])
                        self.cut.set()
                        break
                    passed += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self) -> None:
        self.listener.close()


def test_a_connection_dropped_mid_fetch_leaves_nothing_half_written_and_nothing_marked(server, tmp_path,
                                                                                     monkeypatch):
    raw = _mail("大附件邮件", [("成果报告.docx", _report(), DOCX),
                            ("照片.jpg", _jpeg(7), ("image", "jpeg"))], 7)
    _append(server, raw)
    proxy = _CuttingProxy(server.port, after=len(raw) // 2)
    try:
        ws = _workspace(tmp_path, server, monkeypatch, port=proxy.port)
        with pytest.raises(MailboxError, match="邮箱连接中断"):
            _poll(ws)
        assert proxy.cut.is_set()
        assert _mail_dir(ws) == []  # no .eml, no .part
        assert [p for p in ws.inbox.rglob("*") if p.is_file()] == []
        assert _records(ws) == {}
        assert _on_server(server) == [("大附件邮件", frozenset())]

        counts = _poll(ws)  # the next poll (through the proxy, no longer cutting) gets it
        assert (counts.fetched, counts.written, counts.marked) == (1, 1, 1), counts
        assert any(f.endswith("/成果报告.docx") for f in _records(ws))
        assert _on_server(server) == [("大附件邮件", frozenset({DONE}))]
    finally:
        proxy.close()


def test_a_mail_whose_import_failed_is_not_marked(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch)
    _append(server, _docx_mail("导入失败的邮件", 3))
    config = load_config(ws.config_path)

    def failing_pass() -> None:
        raise RuntimeError("the pass failed")

    with pytest.raises(RuntimeError, match="the pass failed"):
        poll_mailbox(ws, config, intake=failing_pass)
    assert _on_server(server) == [("导入失败的邮件", frozenset())]
    assert len(_mail_dir(ws)) == 1 and _records(ws) == {}  # written, waiting for an intake that works

    counts = _poll(ws)  # fetched no second time; taken in now and marked
    assert (counts.fetched, counts.written, counts.marked) == (0, 0, 1), counts
    assert _on_server(server) == [("导入失败的邮件", frozenset({DONE}))]
    assert _mail_dir(ws) == []


def test_an_unwritable_inbox_writes_nothing_and_marks_nothing(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch)
    _append(server, _docx_mail("写不进去的邮件", 4))
    (ws.inbox / FOLDER).write_bytes(b"")  # a file where the mail folder belongs: no mail can be written
    with pytest.raises(MailboxError, match="无法写入"):
        _poll(ws, intake=False)
    assert _on_server(server) == [("写不进去的邮件", frozenset())]
    (ws.inbox / FOLDER).unlink()
    assert _poll(ws).marked == 1
    assert _on_server(server) == [("写不进去的邮件", frozenset({DONE}))]


def test_two_polls_take_each_mail_exactly_once(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch)
    mails = [_docx_mail(f"第{n}份成果报告", 10 + n, brand) for n, brand in enumerate(["xinhuo", "jingji", "xinhuo"])]
    _append(server, *mails, mails[0])  # the first one twice: the same bytes are written once
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(_poll(ws))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    assert sum(r.written for r in results) == 3 and sum(r.fetched for r in results) == 4  # type: ignore[attr-defined]
    assert sum(r.duplicates for r in results) == 1  # type: ignore[attr-defined]
    assert sorted(_records(ws)) == sorted(set(_records(ws)))
    docx = [f for f in _records(ws) if f.endswith(".docx")]
    assert len(docx) == 3, docx
    assert [flags for _, flags in _on_server(server)] == [frozenset({DONE})] * 4
    assert _poll(ws).fetched == 0


def test_a_mail_that_ends_in_quarantine_is_marked_refused_too(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch)
    _append(server, _mail("只有正文的邮件", [], 5))
    assert _poll(ws).quarantined == 1
    assert _on_server(server) == [("只有正文的邮件", frozenset({DONE, REFUSED}))]
    assert [r.status for r in _records(ws).values()] == ["rejected"]


def test_the_cli_command_polls_takes_in_and_marks(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch)
    _append(server, _docx_mail("命令行收取", 6))
    env = {**os.environ, "BRANDREVIEW_IMAP_PASSWORD": server.password}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "mailbox", "--home", str(ws.home)], env=env,
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert server.password not in done.stdout + done.stderr
    assert _on_server(server) == [("命令行收取", frozenset({DONE}))]
    assert any(f.endswith("/成果报告6.docx") for f in _records(ws))
    env.pop("BRANDREVIEW_IMAP_PASSWORD")
    missing = subprocess.run([sys.executable, "-m", "pipeline.cli", "mailbox", "--home", str(ws.home)], env=env,
                             capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert missing.returncode == 1 and "BRANDREVIEW_IMAP_PASSWORD" in missing.stderr


def test_the_ledger_is_json_and_names_each_mail_once(server, tmp_path, monkeypatch):
    ws = _workspace(tmp_path, server, monkeypatch)
    _append(server, _docx_mail("账本", 8))
    _poll(ws)
    ledger = json.loads((ws.home / ".mailbox" / "ledger.json").read_text(encoding="utf-8"))
    (entry,) = ledger["mails"].values()
    assert entry["state"] == "recorded" and entry["outcome"] == "archived"
    assert [c["marked"] for c in entry["copies"]] == [True]
    assert entry["name"].startswith(f"{FOLDER}/") and entry["name"].endswith("-账本.eml")


def test_serve_polls_the_mailbox_on_its_own_schedule(server, tmp_path, monkeypatch):
    """Under `brandreview serve` with the mailbox enabled: a mail that arrives while it runs is taken in by the
    brandreview-mailbox/mailbox deployment's scheduled runs and flagged, with no command given."""
    import time
    import urllib.request

    ws = _workspace(tmp_path, server, monkeypatch, poll_minutes=0.05)  # every 3 s
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["BRANDREVIEW_IMAP_PASSWORD"] = server.password
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--home", str(ws.home)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    def wait(predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if value := predicate():
                return value
            time.sleep(0.5)
        raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")

    def state() -> dict:
        try:
            return json.loads((ws.home / ".service.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    failure = None
    try:
        api = wait(lambda: state().get("api_url"), 180, "the service to start")
        assert "brandreview-mailbox/mailbox" in state()["deployments"]
        _append(server, _docx_mail("服务收取", 7))
        wait(lambda: _on_server(server) == [("服务收取", frozenset({DONE}))], 420, "the mail to be flagged")
        assert any(f.endswith("/成果报告7.docx") for f in _records(ws))
        query = json.dumps({"flows": {"name": {"any_": ["brandreview-mailbox"]}}}).encode()
        request = urllib.request.Request(f"{api}/flow_runs/filter", data=query,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            runs = json.loads(response.read())
        assert any(r["state_type"] == "COMPLETED" for r in runs), [r["state_type"] for r in runs]
    except AssertionError as exc:
        failure = exc
    finally:
        out = stop(proc)
    log = out.decode(errors="replace")
    if failure is not None:
        server_log = ws.home / ".prefect" / "server.log"
        tail = server_log.read_text(encoding="utf-8", errors="replace")[-3000:] if server_log.exists() else ""
        raise AssertionError(f"{failure}\n--- serve\n{log[-4000:]}\n--- Prefect server\n{tail}")
    assert proc.returncode == 0, log[-3000:]
    assert server.password.encode() not in out
