"""The questions asked of the data: lookups, search, the matrix, EQF, gap analysis, ranking,
mobility, training needs, the batch and its per-partition form for Dask and Spark.

May import: :mod:`cigref_ecf._read`, :mod:`cigref_ecf._model` and :mod:`cigref_ecf.exceptions`.
"""
