"""What differs between two nomenclatures: families and profiles added or removed, titles
renamed, families changed, required levels changed."""

from __future__ import annotations

from typing import Any

import attrs

from .records import Nomenclature
from .rules import printable

__all__ = ["Difference", "diff"]

KINDS = (
    "family added",
    "family removed",
    "family renamed",
    "profile added",
    "profile removed",
    "profile renamed",
    "profile moved",
    "level added",
    "level removed",
    "level changed",
)
"""Every kind of :class:`Difference`, in the order :func:`diff` lists them for one item."""


@attrs.frozen(kw_only=True)
class Difference:
    """One difference between two nomenclatures."""

    kind: str
    """One of :data:`KINDS`: ``"profile added"``, ``"level changed"`` ..."""
    family: str | None = None
    """The family concerned (for family changes and moves)."""
    profile: str | None = None
    """The profile concerned, if any."""
    competence: str | None = None
    """The competence concerned (for level changes)."""
    old: str | None = None
    """The value in the first nomenclature (a title, a family, a requirement such as ``"2-4"``)."""
    new: str | None = None
    """The value in the second."""

    def __str__(self) -> str:
        sign = {"added": "+", "removed": "-"}.get(self.kind.split()[-1], "~")
        what = " ".join(x for x in (self.family if self.profile is None else self.profile,
                                    self.competence) if x)  # fmt: skip
        if self.old is not None and self.new is not None:
            change = f"{self.old} -> {self.new}"
        else:
            change = self.new if self.new is not None else self.old or ""
        return printable(f"{sign} {self.kind} {what}: {change}")  # one line, whatever the titles

    def to_record(self) -> dict[str, Any]:
        """The difference as a JSON-ready dict (the fields, in order)."""
        return attrs.asdict(self)


def _key(code: str) -> str:
    return code.upper()


def diff(a: Nomenclature, b: Nomenclature) -> tuple[Difference, ...]:
    """Every difference from ``a`` to ``b``: families first, then profiles in ``a``'s order
    (those only in ``b`` after), each profile's level changes in framework order. Codes match
    case-insensitively.

    Examples:
        >>> import cigref_ecf
        >>> from cigref_ecf import JobProfile, CompetenceRequirement, Family
        >>> mine = JobProfile(code="DATA-ENG", family="DATA", title="Data engineer",
        ...     competences=[CompetenceRequirement(competence="B1", level="3")])
        >>> n = cigref_ecf.extend(families=[Family(code="DATA", title="Data")], profiles=[mine])
        >>> [str(d) for d in cigref_ecf.diff(cigref_ecf.load(), n)]
        ['+ family added DATA: Data', '+ profile added DATA-ENG: Data engineer']
    """
    out: list[Difference] = []
    fa = {_key(f.code): f for f in a.families}
    fb = {_key(f.code): f for f in b.families}
    for key, f in fa.items():
        other = fb.get(key)
        if other is None:
            out.append(Difference(kind="family removed", family=f.code, old=f.title))
        elif other.title != f.title:
            out.append(
                Difference(kind="family renamed", family=f.code, old=f.title, new=other.title)
            )
    out += [
        Difference(kind="family added", family=f.code, new=f.title)
        for key, f in fb.items()
        if key not in fa
    ]
    pa = {_key(p.code): p for p in a.profiles}
    pb = {_key(p.code): p for p in b.profiles}
    order = {c.code: k for k, c in enumerate(b.competences)}
    for key, p in pa.items():
        q = pb.get(key)
        if q is None:
            out.append(Difference(kind="profile removed", profile=p.code, old=p.title))
            continue
        if q.title != p.title:
            out.append(Difference(kind="profile renamed", profile=p.code, old=p.title, new=q.title))
        if _key(q.family) != _key(p.family):
            out.append(Difference(kind="profile moved", profile=p.code, old=p.family, new=q.family))
        la = {r.competence: str(r.level) for r in p.competences}
        lb = {r.competence: str(r.level) for r in q.competences}
        for comp in sorted(la.keys() | lb.keys(), key=lambda c: (order.get(c, len(order)), c)):
            old, new = la.get(comp), lb.get(comp)
            if old == new:
                continue
            kind = "level added" if old is None else "level removed" if new is None else None
            out.append(
                Difference(
                    kind=kind or "level changed", profile=p.code, competence=comp, old=old, new=new
                )
            )
    out += [
        Difference(kind="profile added", profile=q.code, new=q.title)
        for key, q in pb.items()
        if key not in pa
    ]
    return tuple(out)
