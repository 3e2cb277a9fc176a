"""Synthetic people for the batch and scale benchmarks (and the Spark session): seeded, each
with 10 distinct competences at levels the competence defines."""

from __future__ import annotations

import random
from typing import Any


def synthetic_people(size: int, seed: int = 8) -> list[dict[str, int]]:
    """``size`` people as a list of dicts ``{code: level}`` (``random.Random(seed)``)."""
    import cigref_ecf as ce

    rng = random.Random(seed)
    comps = [(c.code, c.applicable_levels) for c in ce.competences()]
    people = []
    for _ in range(size):
        picked = sorted(rng.sample(range(len(comps)), 10))
        people.append({comps[i][0]: rng.choice(comps[i][1]) for i in picked})
    return people


def wide_frame(pd: Any, people: list[dict[str, int]]) -> Any:
    """The same people as a wide DataFrame: ids ``p000000``... in the index, one float column
    per competence, NaN when not assessed."""
    import cigref_ecf as ce

    codes = [c.code for c in ce.competences()]
    frame = pd.DataFrame.from_records(people, columns=codes)
    frame.index = [f"p{i:06d}" for i in range(len(people))]
    return frame


def long_frame(pd: Any, wide: Any) -> Any:
    """The same people as a long DataFrame: person, competence, level (assessed levels only)."""
    stacked = wide.stack().dropna().astype("int64")
    return stacked.rename("level").rename_axis(["person", "competence"]).reset_index()


def synthetic_wide(np: Any, pd: Any, size: int, seed: int = 8, start: int = 0) -> Any:
    """``size`` people as a wide DataFrame made by NumPy (fast enough for millions), ids
    ``p<start+i>`` in an ``id`` column and in the index; float32 levels, NaN when not
    assessed."""
    import cigref_ecf as ce

    comps = ce.competences()
    codes = [c.code for c in comps]
    choices = np.zeros((len(comps), 5), dtype=np.float32)
    counts = np.array([len(c.applicable_levels) for c in comps])
    for i, c in enumerate(comps):
        choices[i, : len(c.applicable_levels)] = c.applicable_levels
    rng = np.random.default_rng(seed)
    picked = np.argsort(rng.random((size, len(codes))), axis=1)[:, :10]
    mask = np.zeros((size, len(codes)), dtype=bool)
    np.put_along_axis(mask, picked, True, axis=1)
    which = (rng.random((size, len(codes))) * counts).astype(np.intp)
    levels = choices[np.arange(len(codes)), which]
    levels[~mask] = np.nan
    ids = [f"p{start + i}" for i in range(size)]
    frame = pd.DataFrame(levels, columns=codes, index=pd.Index(ids, dtype=object))
    frame.insert(0, "id", pd.Series(ids, index=frame.index, dtype=object))
    return frame


def write_parquet(np: Any, pd: Any, pa: Any, pq: Any, *, folder: Any, size: int, files: int) -> Any:
    """``size`` people of :func:`synthetic_wide` (ids ``p0``, ``p1``...) in ``files`` Parquet
    files ``part-00000.parquet``... of ``folder`` (a ``pathlib.Path``, created), each made with
    its own seed; returns the folder."""
    folder.mkdir(parents=True)
    each = -(-size // files)
    for i, start in enumerate(range(0, size, each)):
        part = synthetic_wide(np, pd, min(each, size - start), seed=1000 + i, start=start)
        table = pa.Table.from_pandas(part.reset_index(drop=True), preserve_index=False)
        pq.write_table(table, folder / f"part-{i:05d}.parquet")
    return folder
