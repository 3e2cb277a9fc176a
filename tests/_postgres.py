"""A PostgreSQL server for the SQL tests: the one ``CIGREF_ECF_TEST_POSTGRES`` names, else a
throwaway cluster started from Debian's ``postgresql`` package (on a Unix socket in a temporary
folder, no TCP, trust authentication), else none (the tests that need one skip)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator


def _as_postgres(command: list[str]) -> list[str]:
    """``command`` run as the ``postgres`` user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def server() -> Iterator[str | None]:
    """A libpq connection string of a scratch database, or None when no server can be had."""
    given = os.environ.get("CIGREF_ECF_TEST_POSTGRES")
    if given:
        yield given
        return
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found or shutil.which("psql") is None:
        yield None
        return
    bin_dir = os.path.dirname(found[-1])
    root = tempfile.mkdtemp(prefix="cigref-ecf-pg-")
    data = os.path.join(root, "data")
    pg_ctl = f"{bin_dir}/pg_ctl"
    try:
        try:
            _start(bin_dir, root, data)
        except (subprocess.SubprocessError, OSError) as exc:  # none can start here: skip
            print(f"no scratch PostgreSQL: {exc}")
            yield None
            return
        try:
            yield f"host={data} dbname=postgres user=postgres"
        finally:
            subprocess.run(
                _as_postgres([pg_ctl, "-D", data, "-m", "immediate", "-s", "stop"]),
                check=False,
                stdout=subprocess.DEVNULL,
                timeout=60,
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _start(bin_dir: str, root: str, data: str) -> None:
    os.chmod(root, 0o755)  # the postgres user reaches its folder and socket through it
    os.mkdir(data, 0o700)
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    initdb = [f"{bin_dir}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]
    subprocess.run(
        _as_postgres([*initdb, "-E", "UTF8"]), check=True, capture_output=True, timeout=120
    )
    options = f"-k {data} -c listen_addresses='' -c fsync=off"
    log = f"{data}/server.log"
    start = [f"{bin_dir}/pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "-s", "start"]
    # No pipes: the server would hold them open, and we would wait for it to end.
    subprocess.run(_as_postgres(start), check=True, stdout=subprocess.DEVNULL, timeout=120)
