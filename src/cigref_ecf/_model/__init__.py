"""The model and its rules, the bottom layer: the input rules every layer shares (limits, problem
reports, code shapes, level forms, bounded bytes and JSON: :mod:`.rules`), proficiency levels and
requirements, the immutable records, the converter, the nomenclature's checks, loading and
lookups (:mod:`.catalog`), overlays, differences, and the base of every collection result.

May import: :mod:`cigref_ecf.exceptions` and this package only. The notebook views
(``_repr_html_``) import :mod:`cigref_ecf._write.html` inside the method (the reviewed exception).
"""
