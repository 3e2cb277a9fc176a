"""Errata are checked like data: each cites a line that prints its ``excerpt``, and each that
decides a value (``value``) finds the data holding exactly that value.

An erratum without a value decides that something printed is left out (a stray label, a text
printed twice or in the wrong place): its excerpt is what the data leaves out, and only that is
excused from coverage.
"""

from __future__ import annotations

from typing import Any

from .context import Context
from .sheets import paragraphs
from .text import Region, normalize

_PROFILE_LISTS = ("other_titles", "english_titles", "deliverables", "indicators")
_PROFILE_TEXTS = ("mission", "trends", "notes", "activities_intro", "indicators_intro")


def pins(e: dict[str, Any], value: object) -> bool:
    """Whether erratum ``e`` decides exactly ``value``: the one rule by which an erratum excuses
    a disagreement with the source (a level, a descriptor, a text printed elsewhere)."""
    return e.get("value") is not None and e.get("value") == value


def _holds(texts: list[str], value: str) -> bool:
    """Whether one of the texts is the value or holds it."""
    needle = normalize(value)
    return any(needle == normalize(t) or needle in normalize(t) for t in texts if t)


def _profile_texts(p: dict[str, Any], field: str) -> list[str] | None:
    if field in _PROFILE_LISTS:
        return list(p.get(field) or [])
    if field in _PROFILE_TEXTS:
        return paragraphs(p.get(field))
    if field == "activities":
        texts = []
        for a in p.get("activities") or []:
            texts += [a.get("heading") or "", *(a.get("tasks") or [])]
        return texts
    if field == "activities.intro":
        return [a.get("intro") or "" for a in p.get("activities") or []]
    if field == "career":
        career = p.get("career") or {}
        return paragraphs(career.get("profile")) + paragraphs(career.get("experience"))
    return None


def _places(ctx: Context, e: dict[str, Any]) -> dict[str, tuple[bool, list[Any]]]:
    """The fields of the erratum's subject (a profile's requirement, a profile, a competence or
    a family) that can hold a decided value: for each, whether the value must equal one of the
    items (a level, a title, a descriptor) or be held by one (a text or a part of it)."""
    profile = next((p for p in ctx.doc["profiles"] if p.get("code") == e.get("profile")), None)
    comp = next((c for c in ctx.doc["competences"] if c.get("code") == e.get("competence")), None)
    if profile is not None and comp is not None:
        r: dict[str, Any] = next(
            (r for r in profile.get("competences") or [] if r.get("competence") == comp["code"]),
            {},
        )
        evidence = r.get("evidence") or {}
        return {
            "level": (True, [r.get("level")]),
            "descriptor": (True, [evidence.get("descriptor_level")]),
        }
    if profile is not None:
        places = {"title": (True, [profile.get("title")])}
        for field in (*_PROFILE_LISTS, *_PROFILE_TEXTS, "activities", "activities.intro", "career"):
            places[field] = (False, _profile_texts(profile, field) or [])
        return places
    if comp is not None:
        places = {
            "title": (True, [comp.get("title")]),
            "description": (False, [comp.get("description") or ""]),
            "knowledge": (False, list(comp.get("knowledge") or [])),
            "skills": (False, list(comp.get("skills") or [])),
        }
        for d in comp.get("levels") or []:
            places[f"levels[{d.get('level')}]"] = (True, [d.get("description")])
        return places
    return {
        "title": (True, [f.get("title") for f in ctx.doc["families"]]),
        "description": (
            False,
            [t for f in ctx.doc["families"] for t in paragraphs(f.get("description"))],
        ),
    }


def _pinned(ctx: Context, e: dict[str, Any]) -> str | None:
    """Why the data does not hold the erratum's value (None if it does)."""
    field = e.get("field") or ""
    places = _places(ctx, e)
    if field not in places:
        return f"its field {field!r} holds no value here"
    exact, held = places[field]
    if exact:
        return None if any(pins(e, item) for item in held) else f"the data holds {held}"[:200]
    return None if _holds(held, e["value"]) else f"no {field} text holds it"


def _excuse(region: Region, excerpt: str, line: int, span: tuple[int, int] | None) -> None:
    """Cover one printing of the excerpt that starts at ``line``: the first that the data left
    uncovered (a title printed twice, one shipped, is excused once, not twice)."""
    while span is not None and region.line_at(span[0]) == line:
        if not region.is_covered_whole(*span):
            region.take(excerpt, span[0])
            return
        span = region.find(excerpt, span[0] + 1)


def check_errata(ctx: Context, strict: bool = True) -> None:
    source = ctx.source
    profiles = {p.get("code") for p in ctx.doc["profiles"]}
    comps = {c.get("code") for c in ctx.doc["competences"]}
    seen: set[str] = set()
    for i, e in enumerate(ctx.doc["errata"]):
        path = f"$.errata[{i}]"
        ident = e.get("id")
        if ident in seen:
            ctx.problem(f"{path}.id", f"{ident!r} is used twice")
        seen.add(ident)
        if e.get("profile") is not None and e["profile"] not in profiles:
            ctx.problem(f"{path}.profile", f"{ident}: no profile {e['profile']!r}")
        if e.get("competence") is not None and e["competence"] not in comps:
            ctx.problem(f"{path}.competence", f"{ident}: no competence {e['competence']!r}")
        line, excerpt = e.get("line"), e.get("excerpt")
        if line is not None and not 1 <= line <= len(source):
            ctx.problem(f"{path}.line", f"{ident}: line {line} is outside the source")
            line = None
        if line is not None:
            if not excerpt:
                if strict:
                    ctx.problem(f"{path}.excerpt", f"{ident}: cites line {line} but quotes nothing")
            else:
                region = Region(source, range(line, min(line + 8, len(source)) + 1))
                span = region.find(excerpt)
                if span is None or region.line_at(span[0]) != line:
                    ctx.problem(
                        f"{path}.line",
                        f"{ident}: line {line} does not print the excerpt {excerpt[:60]!r}",
                    )
                elif e.get("value") is None:
                    _excuse(region, excerpt, line, span)
        elif excerpt:
            ctx.problem(f"{path}.excerpt", f"{ident}: an excerpt needs a line")
        if e.get("value") is not None:
            why = _pinned(ctx, e)
            if why is not None:
                ctx.problem(
                    f"{path}.value",
                    f"{ident} decides {e['value']!r} for {e.get('profile') or ''} "
                    f"{e.get('competence') or ''} {e.get('field')} but {why}".replace("  ", " "),
                )
