"""The ``cigref-ecf`` command line: the nomenclature without writing Python.

Every command takes ``--json`` for machine-readable output. Exit status: 0 on success, 1 for a
lookup or input problem (the message goes to standard error), 2 for a usage error.

``--nomenclature FILE`` is passed to each library call as ``nomenclature=``; the process-wide
default (the bundled data) is never swapped, so :func:`main` may run in several threads at once.

The modules: ``_app`` (the parser, :func:`main`, exit statuses), ``_common`` (the output, the
errors and the argument types every command shares), ``_lookup`` (profile, competence, profiles,
competences, search, matrix, eqf), ``_people`` (gap, rank, training-needs) and ``_data``
(validate, import, diff, errata, export).
"""

from ._app import main

__all__ = ["main"]
