"""The parser, :func:`main` and how each outcome ends: exit status and one line on stderr.

Never a traceback: a closed, full or broken output, an unreadable input and an unexpected error
each end with one line on standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import _data, _lookup, _people

if TYPE_CHECKING:
    from ..exceptions import DataError

from ._common import (
    Exit,
    Handler,
    InputError,
    Output,
    OutputError,
    UsageError,
    load_file,
)


def parser() -> argparse.ArgumentParser:
    """The command line's parser: each command's handler is its ``handler`` default."""
    root = argparse.ArgumentParser(
        prog="cigref-ecf",
        description="The CIGREF 2010 IT job profiles and the e-CF 2.0 competences.",
        epilog="Add --json to any command for machine-readable output.",
    )
    root.add_argument("--version", action="store_true", help="show the version and exit")
    nomenclature = (
        "work on this nomenclature or overlay file (or a matrix spreadsheet, read as import "
        "reads it) instead of the bundled CIGREF data"
    )
    # Before or after the command alike; two places, two destinations (a subcommand's default
    # would otherwise overwrite the value given before it).
    root.add_argument("--nomenclature", dest="root_nomenclature", metavar="FILE", help=nomenclature)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable JSON output")
    common.add_argument("--nomenclature", metavar="FILE", help=nomenclature)
    sub = root.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    for module in (_lookup, _people, _data):
        module.register(command)
    return root


def _version() -> str:
    from importlib.metadata import version

    return version("cigref-ecf")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Never a traceback: a closed, full or broken output, an unreadable input and an unexpected
    error each end with one line on standard error (exit 1; 130 on Ctrl-C).

    ``--nomenclature FILE`` is passed to the library calls, never installed as the process's
    default: several threads may run :func:`main` at once, each with its own nomenclature.
    """
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130


def _main(argv: Sequence[str] | None) -> int:  # noqa: PLR0911 - one exit per outcome
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    root = parser()
    args = root.parse_args(argv)
    as_json = getattr(args, "json", False)
    if sys.stdout is None:  # started with stdout closed (``>&-``)
        return _fail("cannot write the output: standard output is closed", as_json)
    if args.version:
        print(f"cigref-ecf {_version()}")
        return 0
    if args.command is None:
        root.print_usage(sys.stderr)
        print("cigref-ecf: error: a command is required (see --help)", file=sys.stderr)
        return 2
    from ..exceptions import CigrefEcfError, DataError

    out = Output(sys.stdout)
    try:
        try:
            path = _nomenclature_path(args)
            args.handler(args, out, None if path is None else load_file(path))
        finally:
            out.flush()
    except Exit as stop:
        return stop.code
    except UsageError as exc:
        root.print_usage(sys.stderr)
        print(f"cigref-ecf: error: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        return _fail_data(exc, as_json)
    except (CigrefEcfError, InputError) as exc:
        return _fail(str(exc), as_json)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OutputError as exc:
        _silence_stdout()
        return _fail(str(exc), as_json)
    except Exception as exc:  # a bug: one line, not a traceback
        from .._model.rules import excerpt

        message = f"internal error, please report it: {type(exc).__name__}: {excerpt(str(exc))}"
        return _fail(message, as_json)
    return 0


def _nomenclature_path(args: argparse.Namespace) -> str | None:
    """``--nomenclature FILE``, given before the command or after it (not both, unless equal)."""
    before, after = args.root_nomenclature, args.nomenclature
    if before is not None and after is not None and before != after:
        raise UsageError(f"--nomenclature given twice ({before!r} and {after!r}): give it once")
    path: str | None = after if after is not None else before
    return path


MORE = "add --json to see every problem"
"""Where the command line says the problems it does not print are (its own terms)."""


def _fail_data(exc: DataError, as_json: bool) -> int:
    """Bad input: the summary and every problem (as text, the first ones and how to see all;
    as JSON, each problem an object: path, row, column, message, count)."""
    from ..exceptions import format_problems

    if not as_json:
        return _fail(format_problems(exc._head(), exc.problems, exc.omitted, more=MORE), False)
    data = {
        "error": exc._head(),
        "source": exc.source,
        "problems": [p.to_record() for p in exc.problems],
        "omitted": exc.omitted,
    }
    return _fail(json.dumps(data, ensure_ascii=False), False, raw=True)


def _fail(message: str, as_json: bool, *, raw: bool = False) -> int:
    if raw:
        text = message
    elif as_json:
        text = json.dumps({"error": message}, ensure_ascii=False)
    else:  # each line shown with its control characters escaped
        from .._model.rules import printable

        text = "cigref-ecf: " + "\n".join(printable(line) for line in message.split("\n"))
    with contextlib.suppress(OSError, AttributeError):  # stderr closed or full: stay silent
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    return 1


def _silence_stdout() -> None:
    # After a broken pipe (``cigref-ecf matrix | head``) or a failed write, what is still
    # buffered must not be written again at exit (Python would complain on stderr).
    import os

    with contextlib.suppress(OSError, AttributeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
