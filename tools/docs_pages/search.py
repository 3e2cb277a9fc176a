"""The site search, made to ignore accents.

Material's search (lunr.js in the browser) matches the words of the index as they are written:
``developpeur`` does not find ``développeur``, and lunr has no option to fold accents (its
pipeline functions are chosen in the plugin's ``pipeline`` option among the trimmer, stop word
filter and stemmer; nothing else can be added without changing the theme's code). So the index
carries the folded words too, in fields of their own that ``mkdocs.yml`` declares with the
boost of the field they fold (the plugin's ``fields`` option): a query without accents matches
them, a query with accents matches the text, and the text shown in the results is untouched.

- ``folded_title``: the words of the title that folding changes, folded;
- ``folded_text``: the same for the text;
- ``keywords``: the words a page declares in its front matter (``keywords:``, the other and
  English titles of a job profile), as written and folded.

Folding is the library's own (``cigref_ecf``'s search uses it): lower case, accents removed,
ligatures spelt out (``maîtrise d'œuvre`` -> ``maitrise d'oeuvre``). Words are split as the
search splits them, with the plugin's ``separator``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cigref_ecf._model.rules import fold

__all__ = ["FIELDS", "fold_search_index"]

FIELDS = ("folded_title", "folded_text", "keywords")
"""The fields this adds to the documents of the index (declared in mkdocs.yml)."""

_TAG = re.compile(r"<[^>]*>")


def _folded_words(text: str, separator: re.Pattern[str]) -> list[str]:
    """The words of ``text`` that folding changes, folded, in their order."""
    words = (w for w in separator.split(_TAG.sub(" ", text)) if w)
    return [f for w in words if (f := fold(w)) and f != w.lower()]


def _joined(words: Iterable[str]) -> str:
    return " ".join(words)


def fold_search_index(
    index: dict[str, Any], keywords: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """``index`` (the plugin's ``search_index.json``) with the folded fields added to each
    document; ``keywords`` are by page location (``catalogue/profiles/3.2/``)."""
    config = index["config"]
    missing = [name for name in FIELDS if name not in config.get("fields", {})]
    if missing:
        raise ValueError(
            f"mkdocs.yml: the search plugin's `fields` must declare {', '.join(missing)}"
        )
    separator = re.compile(config["separator"])
    docs = []
    for original in index["docs"]:
        doc = dict(original)
        if title := _joined(_folded_words(doc.get("title", ""), separator)):
            doc["folded_title"] = title
        if text := _joined(_folded_words(doc.get("text", ""), separator)):
            doc["folded_text"] = text
        words = keywords.get(doc["location"], ())
        if words:
            folded = [f for w in words for f in _folded_words(w, separator)]
            doc["keywords"] = _joined([*words, *folded])
        docs.append(doc)
    return {**index, "docs": docs}
