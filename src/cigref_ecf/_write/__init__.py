"""Writing out, one wing: JSON and its schema, linked data (RDF with SKOS, JSON-LD), SQL, and
the notebook views and the charts.

May import every layer below: :mod:`cigref_ecf._query`, :mod:`cigref_ecf._read`,
:mod:`cigref_ecf._model` and :mod:`cigref_ecf.exceptions`.
"""
