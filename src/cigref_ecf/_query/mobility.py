"""Profiles near a profile, and where a person could move: :func:`similar_profiles` (how alike two
profiles' requirements are) and :func:`mobility` (similar profiles, each with the person's gap to
it), with their results as tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._model.catalog import _resolve, job_profile
from .._model.records import JobProfile, Nomenclature
from .._model.results import Results, check_limit
from .._read.assessment import Assessment, as_assessment
from .gap import _SUMMARY, GapItem, GapReport, _gap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MobilityOption", "MobilityOptions", "SimilarProfiles", "mobility", "similar_profiles"]


def _vector(p: JobProfile) -> dict[str, float]:
    return {r.competence: (r.level.min + r.level.max) / 2 for r in p.competences}


def _similarity(a: JobProfile, b: JobProfile) -> float:
    va, vb = _vector(a), _vector(b)
    keys = va.keys() | vb.keys()
    top = sum(min(va.get(k, 0.0), vb.get(k, 0.0)) for k in keys)
    bottom = sum(max(va.get(k, 0.0), vb.get(k, 0.0)) for k in keys)
    return 1.0 if bottom == 0 else top / bottom


class SimilarProfiles(Results[tuple[JobProfile, float]]):
    """(profile, similarity) pairs, most similar first (:func:`similar_profiles`); records:
    profile, title, similarity."""

    columns = ("profile", "title", "similarity")
    caption = "Similar profiles"

    def _records(self, item: tuple[JobProfile, float], position: int) -> list[dict[str, Any]]:
        p, similarity = item
        return [{"profile": p.code, "title": p.title, "similarity": similarity}]

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """The similarities as bars, most similar on top (see :meth:`GapReport.plot`)."""
        from .._write.plot import similar_chart

        return similar_chart(self, ax, kwargs)


def similar_profiles(
    profile: str | JobProfile, *, limit: int | None = 5, nomenclature: Nomenclature | None = None
) -> SimilarProfiles:
    """Other profiles ranked by the similarity of their required competences and levels.

    Similarity is the weighted Jaccard (Ruzicka) index of the two profiles' requirement
    vectors, where a competence weighs the midpoint of its required levels ("2-4" weighs 3) and
    an absent competence weighs 0: ``sum(min(a, b)) / sum(max(a, b))``. It is symmetric, in
    [0, 1], and 1.0 for two profiles that require the same competences at the same levels.
    Ties are in nomenclature order.

    Examples:
        >>> [(p.code, s) for p, s in similar_profiles("4.8", limit=1)]
        [('4.9', 1.0)]
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    check_limit(limit)
    scored = [(q, _similarity(p, q)) for q in n.profiles if q.code != p.code]
    order = {q.code: i for i, q in enumerate(n.profiles)}
    scored.sort(key=lambda item: (-item[1], order[item[0].code]))
    return SimilarProfiles(scored if limit is None else scored[:limit], nomenclature=n)


@attrs.frozen(kw_only=True)
class MobilityOption:
    """A profile reachable from another, with what to develop."""

    profile: JobProfile
    """The target profile."""
    report: GapReport
    """The gap between the person and the target."""
    similarity: float
    """How similar the target is to the current profile (see :func:`similar_profiles`)."""

    @property
    def to_develop(self) -> tuple[GapItem, ...]:
        """The competences to develop, with their shortfall."""
        return self.report.to_develop

    def __repr__(self) -> str:
        return (
            f"<MobilityOption {self.profile.code} {self.profile.title}: "
            f"shortfall {self.report.total_shortfall}, score {self.report.score:.2f}>"
        )

    def _repr_html_(self) -> str:
        from .._write.html import gap_html

        return gap_html(self.report, f"similarity {self.similarity:.2f}")


class MobilityOptions(Results[MobilityOption]):
    """Mobility options, smallest gap first (:func:`mobility`); records: rank, profile, title,
    score, met, required, shortfall, similarity, to_develop (``"B1+2 B3+1"``)."""

    columns = ("rank", *_SUMMARY, "similarity", "to_develop")
    caption = "Mobility"

    def _records(self, item: MobilityOption, position: int) -> list[dict[str, Any]]:
        develop = " ".join(f"{i.competence}+{i.shortfall}" for i in item.to_develop)
        return [
            {
                "rank": position,
                **item.report.summary(),
                "similarity": item.similarity,
                "to_develop": develop,
            }
        ]

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Scores as bars, smallest gap on top, shortfalls noted (see :meth:`GapReport.plot`)."""
        from .._write.plot import mobility_chart

        return mobility_chart(self, ax, kwargs)


def mobility(
    profile: str | JobProfile,
    assessment: Assessment | Mapping[str, object] | None = None,
    *,
    limit: int | None = 5,
    nomenclature: Nomenclature | None = None,
) -> MobilityOptions:
    """Profiles a holder of ``profile`` can move to, smallest gap first.

    Without an assessment, the holder is taken to have exactly the minimum levels the current
    profile requires. Options are ranked by total shortfall, then score, then similarity to the
    current profile (see :func:`similar_profiles`), then nomenclature order; the current
    profile is left out.

    Examples:
        >>> [o.profile.code for o in mobility("4.8", limit=2)]
        ['4.9', '3.5']
    """
    n = _resolve(nomenclature)
    p = job_profile(profile, nomenclature=n)
    check_limit(limit)
    if assessment is None:
        minimums = {r.competence: r.level.min for r in p.competences}
        a = Assessment.from_mapping(minimums, nomenclature=n)
    else:
        a = as_assessment(assessment, n, caller="mobility")
    order = {q.code: i for i, q in enumerate(n.profiles)}
    options = [
        MobilityOption(profile=q, report=_gap(q, a, n), similarity=_similarity(p, q))
        for q in n.profiles
        if q.code != p.code
    ]
    options.sort(
        key=lambda o: (
            o.report.total_shortfall,
            -o.report.score,
            -o.similarity,
            order[o.profile.code],
        )
    )
    return MobilityOptions(options if limit is None else options[:limit], nomenclature=n)
