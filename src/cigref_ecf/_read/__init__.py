"""Reading users' data, one wing: tables (CSV and XLSX, dialects, headers), people's assessed levels
(long or wide files, frames, records, streams; :class:`~cigref_ecf.Assessment` and
:class:`~cigref_ecf.Team`), the NumPy reading of many people, and company matrices.

May import: :mod:`cigref_ecf._model` and :mod:`cigref_ecf.exceptions`.
"""
