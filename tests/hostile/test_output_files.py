"""Output files keep what the user had, or are refused: ``-o FILE`` and every export written
through :func:`cigref_ecf._write.export.replacing` keep the target's mode (and owner, as root),
refuse FIFOs, devices, directories and hard-linked files, follow symbolic links, and leave no
temporary file behind on an error or a SIGTERM."""

from __future__ import annotations

import os
import signal
import stat
import sys
import textwrap
from pathlib import Path

import pytest

from cigref_ecf._write.export import replacing

from .child import cli, run_capped

pytestmark = pytest.mark.slow


def _export(target: Path) -> tuple[int, str]:
    result = cli("export", "--format", "sql", "-o", str(target))
    return result.returncode, result.stderr.decode()


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_the_mode_of_the_file_replaced_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "hr.sql"
    target.write_text("old")
    target.chmod(0o600)
    status, error = _export(target)
    assert status == 0, error
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("--")
    target.chmod(0o640)
    assert _export(target)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _left(tmp_path) == []


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    mask = os.umask(0o027)
    try:
        with replacing(tmp_path / "new.txt") as temporary:
            Path(temporary).write_text("x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_the_owner_is_kept_where_the_process_may(tmp_path: Path) -> None:
    target = tmp_path / "hr.sql"
    target.write_text("old")
    os.chown(target, 1234, 4321)
    assert _export(target)[0] == 0
    assert (target.stat().st_uid, target.stat().st_gid) == (1234, 4321)


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    status, error = _export(fifo)  # opening it would block: the call returns at once
    assert status == 1
    assert "not a regular file (a FIFO)" in error and "redirect" in error
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert _left(tmp_path) == []


def test_devices_and_directories_are_refused() -> None:
    status, error = _export(Path("/dev/null"))
    assert status == 1 and "not a regular file (a device)" in error
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # as root too, /dev/null stays a device
    with pytest.raises(OSError, match="not a regular file \\(a directory\\)"):
        replacing("/tmp").__enter__()


def test_a_hard_linked_file_is_refused_and_both_names_kept(tmp_path: Path) -> None:
    target, other = tmp_path / "hr.sql", tmp_path / "copy.sql"
    target.write_text("old")
    os.link(target, other)
    status, error = _export(target)
    assert status == 1 and "has 2 hard links" in error
    assert target.read_text() == other.read_text() == "old"
    assert os.path.samefile(target, other)


def test_a_symbolic_link_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.sql"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.sql"
    link.symlink_to(real)
    assert _export(link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("--")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_an_error_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "hr.txt"
    target.write_text("old")
    modes = []

    def fail_midway() -> None:
        with replacing(target) as temporary:
            Path(temporary).write_text("half")
            modes.append(stat.S_IMODE(os.stat(temporary).st_mode))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_midway()
    assert modes == [0o600]  # private while written
    assert target.read_text() == "old"
    assert _left(tmp_path) == []


def test_sigterm_while_writing_removes_the_temporary_file(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from cigref_ecf._write.export import replacing
        with replacing({str(tmp_path / "hr.txt")!r}) as temporary:
            Path(temporary).write_text("half")
            os.kill(os.getpid(), signal.SIGTERM)
            print("not stopped")
        """
    )
    result = run_capped([sys.executable, "-c", code])
    assert result.returncode == -signal.SIGTERM, result.stderr
    assert b"not stopped" not in result.stdout
    assert list(tmp_path.iterdir()) == []
    # a handler of the caller's own is left alone
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
