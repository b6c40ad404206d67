"""A throwaway Dovecot IMAP server on 127.0.0.1 for the mailbox tests (Debian's dovecot-imapd).

Started as the current user with a config of its own (a passwd-file with a plaintext test password, maildir
storage, no TLS, everything — sockets, state, log, mail — in one short temporary folder: unix socket paths are
limited to 108 bytes, too short for pytest's tmp_path), `dovecot -F -c CONF` in the foreground, until stop().
As root (CI), the mail belongs to an unprivileged user, since Dovecot refuses mail access as uid 0.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER, PASSWORD = "branch@example.edu.cn", "Test-Pass-w0rd-4-dovecot"


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next((p for p in ("/usr/sbin/dovecot",) if os.access(p, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Dovecot:
    """A running server: host, port, user, password; stop() ends it and removes its folder."""

    def __init__(self, binary: str):
        self.binary = binary
        self.host, self.port = "127.0.0.1", free_port()
        self.user, self.password = USER, PASSWORD
        self.root = Path(tempfile.mkdtemp(prefix="brdc-"))
        os.chmod(self.root, 0o755)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Dovecot:
        root = self.root
        me = pwd.getpwuid(os.getuid())
        if os.getuid() == 0:
            mail_user = pwd.getpwnam("dovecot") if _user_exists("dovecot") else pwd.getpwnam("nobody")
            internal, login = ("dovecot" if _user_exists("dovecot") else "nobody",
                               "dovenull" if _user_exists("dovenull") else "nobody")
        else:
            mail_user, internal, login = me, me.pw_name, me.pw_name
        (root / "mail").mkdir()
        (root / "run").mkdir()
        (root / "state").mkdir()
        os.chown(root / "mail", mail_user.pw_uid, mail_user.pw_gid) if os.getuid() == 0 else None
        (root / "users").write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{mail_user.pw_uid}:{mail_user.pw_gid}::{root / 'mail'}::\n",
            encoding="utf-8")
        os.chmod(root / "users", 0o644)
        conf = root / "dovecot.conf"
        conf.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root / 'run'}
state_dir = {root / 'state'}
instance_name = brandreview-test-{self.port}
log_path = {root / 'dovecot.log'}
info_log_path = {root / 'dovecot.log'}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = 1
mail_location = maildir:{root / 'mail'}/Maildir
mail_privileged_group =
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root / 'users'}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root / 'users'}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  {'' if os.getuid() == 0 else 'chroot ='}
}}
service anvil {{
  {'' if os.getuid() == 0 else 'chroot ='}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
""", encoding="utf-8")
        self.proc = subprocess.Popen([self.binary, "-F", "-c", str(conf)], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode("utf-8", "replace") if self.proc.stdout else ""
                raise RuntimeError(f"dovecot exited ({self.proc.returncode}): {out}\n{self.log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as s:
                    if s.recv(64).startswith(b"* OK"):
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"dovecot did not listen on {self.port} within 20 s\n{self.log()}")

    def log(self) -> str:
        try:
            return (self.root / "dovecot.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        shutil.rmtree(self.root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
