"""A throwaway PostgreSQL server in a temporary folder, for the tests and the benchmarks.

It runs the real server binaries of the machine (Debian's `postgresql` package, which
`make test` installs when missing): initdb into a temporary folder, listen on a unix socket
in that folder only (no TCP port to collide with), and remove everything on `stop()`.
PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user the
Debian package creates (or `nobody`), owning the folder.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from chronique.errors import ChroniqueError


class PostgresUnavailable(ChroniqueError):
    """No PostgreSQL server binaries on this machine, or the server would not start."""


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, or Debian's newest version."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        return Path(on_path).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.parent.name)] or [0],
    )
    return versions[-1].parent if versions else None


def _server_user() -> pwd.struct_passwd | None:
    """Whom to run the server as: None for ourselves, unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root and no 'postgres' or 'nobody' user to run as")


class TempPostgres:
    """Start with `start()` (or `with TempPostgres() as pg:`); `url()` names a database."""

    superuser = "chronique"

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        self.bin = find_bin_dir()
        # Durability is pointless for a server deleted at the end; without fsync, loads of
        # test and benchmark data run at memory speed. Queries are not affected.
        self.settings = {
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            **(settings or {}),
        }
        self.root: Path | None = None
        self._user = _server_user()

    def __enter__(self) -> TempPostgres:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self, *args: str) -> None:
        assert self.root is not None
        user = self._user
        result = subprocess.run(
            args,
            cwd=self.root,
            capture_output=True,
            text=True,
            user=user.pw_uid if user else None,
            group=user.pw_gid if user else None,
            env={**os.environ, "LC_ALL": "C", "HOME": str(self.root)},
            check=False,
        )
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise PostgresUnavailable(
                f"{Path(args[0]).name} failed ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}\n{tail}"
            )

    def start(self) -> None:
        if self.bin is None:
            raise PostgresUnavailable(
                "PostgreSQL server binaries not found (initdb, pg_ctl): install Debian's "
                "'postgresql' package (make test does it when it can)"
            )
        # A short path: a unix socket's path is limited to ~107 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="chq-pg-", dir="/tmp"))
        if self._user is not None:
            os.chown(self.root, self._user.pw_uid, self._user.pw_gid)
        try:
            self._run(
                str(self.bin / "initdb"),
                "-D",
                str(self.root / "data"),
                "-U",
                self.superuser,
                "--auth=trust",
                "--no-locale",
                "-E",
                "UTF8",
                "--no-sync",
            )
            options = " ".join(
                [f"-k {self.root}", "-c listen_addresses=''"]
                + [f"-c {k}={v}" for k, v in self.settings.items()]
            )
            self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-l",
                str(self.root / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            )
        except BaseException:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
            raise

    def url(self, database: str = "postgres") -> str:
        if self.root is None:
            raise PostgresUnavailable("the temporary server is not running")
        return f"postgresql://{self.superuser}@/{database}?host={self.root}"

    def create_database(self, name: str) -> str:
        """A new empty database on this server; returns its URL."""
        import psycopg

        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"not a plain database name: {name!r}")
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}".encode())
        return self.url(name)

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            if self.bin is not None and (self.root / "data" / "postmaster.pid").exists():
                self._run(
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.root / "data"),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None


_SHARED: TempPostgres | None = None


def shared_server() -> TempPostgres:
    """One temporary server per process, started on first use and stopped at exit.

    Test modules share it (each test makes its own database on it), so a test session pays
    for one initdb however many modules need PostgreSQL.
    """
    global _SHARED
    if _SHARED is None:
        server = TempPostgres()
        server.start()
        atexit.register(server.stop)
        _SHARED = server
    return _SHARED
