"""Exports: JSON through the converter, the JSON Schema of the data file, and what every
other export (RDF, SQL) shares: the texts a format cannot hold, files replaced whole."""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import re
import secrets
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .._model.catalog import SCHEMA_FILE, _resolve, read_bundled_text
from ..exceptions import DataError

if TYPE_CHECKING:
    from .._model.records import Nomenclature

__all__ = [
    "check_writable",
    "json_schema",
    "replacing",
    "to_data",
    "to_json",
]


def to_data(obj: object = None) -> Any:
    """The JSON-ready form (dicts, lists, str, int, None) of a model object, a tuple of them,
    or the whole bundled nomenclature when ``obj`` is omitted.

    Examples:
        >>> from cigref_ecf import job_profile
        >>> data = to_data(job_profile("3.2"))
        >>> data["code"], data["competences"][2]["competence"], data["competences"][2]["level"]
        ('3.2', 'B1', '2-4')
    """
    from .._model.converter import unstructure

    return unstructure(_resolve(None) if obj is None else obj)


def to_json(obj: object = None, *, indent: int | None = 2) -> str:
    """JSON text of :func:`to_data` (UTF-8 characters kept, keys in model order).

    ``to_data(load_json(to_json()))`` equals ``to_data()``: the JSON holds everything. A
    section the JSON-LD context nests (``career``, a requirement's ``evidence``) is left out
    when it is null, as the loader reads a missing one: a JSON-LD processor refuses a null
    there.
    """
    return json.dumps(_without_null_nests(to_data(obj)), ensure_ascii=False, indent=indent)


@functools.cache
def _nests() -> frozenset[str]:
    """The keys the shipped JSON-LD context maps to ``@nest`` (its one owner)."""
    names: set[str] = set()
    stack: list[Any] = [json.loads(read_bundled_text("nomenclature.context.jsonld"))]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            names.update(key for key, item in value.items() if item == "@nest")
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return frozenset(names)


def _without_null_nests(value: Any) -> Any:
    nests = _nests()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in [k for k, v in item.items() if v is None and k in nests]:
                del item[key]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return value


def json_schema(kind: str = "nomenclature") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a nomenclature file (``kind="nomenclature"``) or of an
    overlay file (``kind="overlay"``: a company's changes to a base), as shipped with the
    package. Returns a fresh dict each call.

    Raises:
        InvalidQueryError: for another ``kind``.
    """
    from ..exceptions import InvalidQueryError

    names = {"nomenclature": SCHEMA_FILE, "overlay": "overlay.schema.json"}
    if kind not in names:
        raise InvalidQueryError(f"unknown schema {kind!r}; expected 'nomenclature' or 'overlay'")
    result: dict[str, Any] = json.loads(read_bundled_text(names[kind]))
    return result


SURROGATES = "\ud800-\udfff"
"""Lone surrogates: a Python string may hold one (JSON ``"\\ud800"``), no UTF-8 file can."""


def check_writable(n: Nomenclature, illegal: re.Pattern[str], what: str) -> None:
    """Refuse a nomenclature with a text that ``what`` (a format) cannot hold.

    ``illegal`` matches one character the format cannot write, escaped or not. Every such text
    is reported with its JSON path, the character and its position, so that nothing is written
    as a broken or silently altered file.

    Raises:
        DataError: listing every text with a character the format cannot hold.
    """
    from .._model.checks import default_locate
    from .._model.rules import Problems

    problems = Problems()
    data = to_data(n)
    stack: list[tuple[Any, str]] = []
    for section in reversed(list(data)):
        value = data[section]
        if isinstance(value, list):
            # Items named as the checks name them: $.profiles[3] (1.4).
            stack.extend(
                (item, default_locate(section, i, str(item.get("code", ""))))
                for i, item in reversed(list(enumerate(value)))
            )
        else:
            stack.append((value, f"$.{section}"))
    while stack and not problems.full:
        value, path = stack.pop()
        if isinstance(value, str):
            match = illegal.search(value)
            if match is not None:
                char = match.group()
                message = (
                    f"character U+{ord(char):04X} at position {match.start()} "
                    f"cannot be written in {what}"
                )
                problems.add(path, message)
        elif isinstance(value, dict):
            stack.extend((item, f"{path}.{key}") for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in reversed(list(enumerate(value))))
    problems.raise_if_any(DataError, what)


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[str]:
    """A fresh temporary file next to ``path``, moved onto ``path`` when the block succeeds and
    removed when it fails or the process is told to stop (SIGTERM): a reader never sees a
    half-written file, and no temporary file is left behind.

    What the user had is kept: the new file gets the mode of the file it replaces (``chmod 600``
    stays 600) and, where the process may, its owner and group; a new file gets the umask's
    mode, as ``open()`` would give it. A symbolic link is followed (the link stays, its target is
    replaced). The temporary file exists, empty and readable by its owner only, when the block
    starts; whoever writes it opens it by name.

    Raises:
        OSError: for a target that is not a regular file (a directory, a FIFO, a device such
            as ``/dev/null``, a socket: write to standard output and redirect it instead), one
            with other hard links (replacing it would break them: the other names would keep
            the old content), or a file that cannot be written.
    """
    target = os.path.realpath(os.fspath(path))
    try:
        before: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        before = None
    if before is not None:
        _check_target(target, before)
    directory, name = os.path.split(target)
    temporary = os.path.join(directory, f".{name}.{secrets.token_hex(8)}.tmp")
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        fresh = stat.S_IMODE(os.stat(temporary).st_mode)  # 0o666 less the umask
        os.chmod(temporary, 0o600)  # nobody else reads the data while it is written
        with _removed_on_sigterm(temporary):
            yield temporary
            if before is None:
                os.chmod(temporary, fresh)
            else:
                _keep_owner(temporary, before)
                os.chmod(temporary, stat.S_IMODE(before.st_mode))
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _check_target(target: str, before: os.stat_result) -> None:
    if not stat.S_ISREG(before.st_mode):
        kind = next((what for test, what in _KINDS if test(before.st_mode)), "not a file")
        raise OSError(
            errno.EINVAL,
            f"not a regular file ({kind}): output files are replaced whole; write to standard "
            "output and redirect it instead",
            target,
        )
    if before.st_nlink > 1:
        raise OSError(
            errno.EMLINK,
            f"the file has {before.st_nlink} hard links, which replacing it would break (the "
            "other names would keep the old content): remove the other links or write elsewhere",
            target,
        )


def _keep_owner(temporary: str, before: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where the process may (root may; a
    user may keep a group it belongs to); otherwise it is the writer's, as with any new file."""
    mine = os.stat(temporary)
    if (mine.st_uid, mine.st_gid) != (before.st_uid, before.st_gid):
        with contextlib.suppress(PermissionError):
            os.chown(temporary, before.st_uid, before.st_gid)


@contextlib.contextmanager
def _removed_on_sigterm(temporary: str) -> Iterator[None]:
    """While the block runs in the main thread with SIGTERM's default action, a SIGTERM first
    removes ``temporary``, then ends the process as SIGTERM does."""
    import signal
    import threading

    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def stop(number: int, _: object) -> None:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
