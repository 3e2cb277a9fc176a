"""Check the bundled data against the source document.

    python tools/check_source.py [--data FILE] [--source FILE]

What it checks (every problem is printed; the exit status is 1 if there is any):

1. Every text the data ships (titles, descriptions, level descriptors, knowledge and skills,
   missions, tasks, deliverables, indicators, career cells, trends, family texts, Annex 1 titles)
   is found in the normalised source: markup removed, whitespace collapsed, NFC. A text that the
   conversion split across cells or page breaks is accepted when each of its sentences is found.
2. Each Annex 1 row shipped as provenance is exactly the non-empty cells of its source line, in
   order, and its alignment points at the profile's own competences.
3. Each required level agrees with the three signals of the source (the "Level N" printed with the
   row, the level of the descriptor printed with it, the aligned Annex 1 value), or an erratum
   for that profile and competence explains the decision. The evidence itself is checked: the
   row's line names the competence, and the descriptor of the level it claims is printed near it.
4. Errata point at existing lines.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "cigref_ecf" / "data" / "nomenclature.json"
SOURCE = ROOT / "sources" / "cigref-nomenclature-2010.txt"

_TAGS = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"\*+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")


def normalize(text: str) -> str:
    """Markup removed, whitespace collapsed, NFC."""
    text = unicodedata.normalize("NFC", text)
    return " ".join(_EMPHASIS.sub("", _TAGS.sub(" ", text)).split())


def loose(text: str) -> str:
    """Lower case, British/American ``z``/``s`` merged, only letters and digits: for descriptors,
    which the sheets print with small spelling variants ("authorizes", "organization's")."""
    return _NOT_WORD.sub("", normalize(text).casefold().replace("z", "s"))


class Source:
    """The source document, normalised as a whole and line by line."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.norm_lines = [normalize(line) for line in self.lines]
        self.flat = " ".join(line for line in self.norm_lines if line)

    def contains(self, text: str) -> bool:
        needle = normalize(text)
        if not needle or needle in self.flat:
            return True
        pieces = [normalize(p) for p in _SENTENCE.split(text)]
        return all(p in self.flat for p in pieces if p)

    def near(self, line: int, text: str, before: int = 3, after: int = 12) -> bool:
        """Whether the start of ``text`` is printed within a few lines of ``line`` (1-based)."""
        needle = loose(text)[:50]
        low, high = max(0, line - 1 - before), min(len(self.lines), line + after)
        return needle in loose(" ".join(self.norm_lines[low:high]))

    def cells(self, line: int) -> list[str]:
        return [normalize(c) for c in self.lines[line - 1].split("\t")]


def _texts(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for i, c in enumerate(doc["competences"]):
        path = f"$.competences[{i}]"
        yield f"{path}.title", c["title"]
        yield f"{path}.description", c["description"]
        for j, d in enumerate(c["levels"]):
            yield f"{path}.levels[{j}].description", d["description"]
        for j, k in enumerate(c["knowledge"]):
            yield f"{path}.knowledge[{j}]", k
        for j, s in enumerate(c["skills"]):
            yield f"{path}.skills[{j}]", s
    for i, f in enumerate(doc["families"]):
        yield f"$.families[{i}].title", f["title"]
        for j, para in enumerate(f["description"].split("\n\n")):
            yield f"$.families[{i}].description#{j}", para
    for i, p in enumerate(doc["profiles"]):
        path = f"$.profiles[{i}]"
        yield f"{path}.title", p["title"]
        for key in ("other_titles", "english_titles", "deliverables", "indicators"):
            for j, t in enumerate(p[key]):
                yield f"{path}.{key}[{j}]", t
        for key in ("mission", "trends", "activities_intro", "notes"):
            for j, para in enumerate((p.get(key) or "").split("\n\n")):
                if para:
                    yield f"{path}.{key}#{j}", para
        for j, a in enumerate(p["activities"]):
            yield f"{path}.activities[{j}].heading", a["heading"]
            for k, t in enumerate(a["tasks"]):
                yield f"{path}.activities[{j}].tasks[{k}]", t
        if p["career"]:
            for key in ("profile", "experience"):
                for j, para in enumerate((p["career"][key] or "").split("\n\n")):
                    if para:
                        yield f"{path}.career.{key}#{j}", para
        if p["annex1"]:
            yield f"{path}.annex1.title", p["annex1"]["title"]


def _levels(requirement: str) -> set[int]:
    """The levels of "3", "2-4" or "1/3"."""
    if "-" in requirement:
        low, high = requirement.split("-")
        return set(range(int(low), int(high) + 1))
    return {int(part) for part in requirement.split("/")}


def check(doc: dict[str, Any], source: Source) -> list[str]:
    problems: list[str] = []
    for path, text in _texts(doc):
        if not source.contains(text):
            problems.append(f"{path}: text not found in the source: {text[:80]!r}")

    comps = {c["code"]: c for c in doc["competences"]}
    errata_for: dict[tuple[str | None, str | None], list[dict[str, Any]]] = {}
    for e in doc["errata"]:
        errata_for.setdefault((e["profile"], e["competence"]), []).append(e)
        if e["line"] is not None and not 1 <= e["line"] <= len(source.lines):
            problems.append(f"erratum {e['id']}: line {e['line']} is outside the source")

    for i, p in enumerate(doc["profiles"]):
        path = f"$.profiles[{i}]"
        codes = [r["competence"] for r in p["competences"]]
        row = p["annex1"]
        aligned: dict[str, str] = {}
        if row is None:
            problems.append(f"{path}.annex1: missing (every CIGREF profile has an Annex 1 row)")
        else:
            cells = [c for c in source.cells(row["line"]) if c]
            if not cells or cells[0] != p["code"]:
                problems.append(f"{path}.annex1.line: line {row['line']} is not {p['code']}'s row")
            elif cells[1] != normalize(row["title"]) or cells[2:] != row["values"]:
                problems.append(
                    f"{path}.annex1: shipped {row['title']!r} {row['values']} but line "
                    f"{row['line']} shows {cells[1]!r} {cells[2:]}"
                )
            if len(row["alignment"]) != len(row["values"]):
                problems.append(f"{path}.annex1.alignment: not parallel to values")
            annex_errata = [
                e for e in doc["errata"] if e["profile"] == p["code"] and e["field"] == "annex1"
            ]
            for value, code in zip(row["values"], row["alignment"], strict=False):
                if code is None:
                    if not annex_errata:
                        problems.append(f"{path}.annex1: unaligned value {value!r} has no erratum")
                elif code not in codes:
                    problems.append(f"{path}.annex1.alignment: {code} is not a competence here")
                else:
                    aligned[code] = value
        for j, r in enumerate(p["competences"]):
            rpath = f"{path}.competences[{j}]"
            code, level = r["competence"], r["level"]
            ev = r["evidence"]
            fields = {e["field"] for e in errata_for.get((p["code"], code), [])}
            if ev is None:
                problems.append(f"{rpath}.evidence: missing")
                continue
            line_text = (
                source.norm_lines[ev["line"] - 1] if 0 < ev["line"] <= len(source.lines) else ""
            )
            title = comps[code]["title"]
            if code not in line_text and title not in line_text and not fields:
                problems.append(
                    f"{rpath}.evidence.line: line {ev['line']} names neither {code} nor {title!r}"
                )
            # Each signal that is missing or disagrees needs an erratum about the level (or
            # about that signal): an erratum on, say, the area label explains nothing here.
            signals = {
                "printed level": (ev["printed_level"], {"level"}),
                "descriptor": (ev["descriptor_level"], {"level", "descriptor"}),
                "Annex 1": (aligned.get(code), {"level", "annex1"}),
            }
            disagree = {
                k: v for k, (v, needed) in signals.items() if v != level and not fields & needed
            }
            if disagree:
                shown = ", ".join(f"{k} {v}" for k, v in disagree.items())
                problems.append(
                    f"{rpath}: {p['code']} {code} level {level} but {shown}, no erratum"
                )
            if ev["descriptor_level"] is not None and not fields & {"level", "descriptor"}:
                for d in comps[code]["levels"]:
                    if d["level"] in _levels(ev["descriptor_level"]) and not source.near(
                        ev["line"], d["description"]
                    ):
                        problems.append(
                            f"{rpath}.evidence.descriptor_level: {code} level {d['level']} "
                            f"descriptor not printed near line {ev['line']}"
                        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    doc = json.loads(args.data.read_text(encoding="utf-8"))
    source = Source(args.source.read_text(encoding="utf-8"))
    problems = check(doc, source)
    for problem in problems:
        print(problem)
    count = sum(1 for _ in _texts(doc))
    print(
        f"{len(problems)} problem(s); {count} texts, "
        f"{sum(len(p['competences']) for p in doc['profiles'])} required levels checked",
        file=sys.stderr,
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
