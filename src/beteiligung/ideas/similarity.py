"""Similar ideas: "Gibt es Ihre Idee schon?" for residents, duplicate hints for moderators.

Small towns have tens to a few hundred ideas, so comparing word stems in Python is
fast enough and needs no search engine. A stem is a word folded to lower case
without umlauts, cut to its first six letters: "Coworking-Space", "Coworkingräume"
and "coworking" meet, and so do "Pendler" and "Pendlerinnen". Long compounds also
contribute their last part ("Bahnhofsgebäude" → "gebaud"), which German puts at the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

STEM_LENGTH = 6
_WORD = re.compile(r"[a-zäöüß0-9]+")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s"})

# Words that say nothing about what an idea is about.
STOPWORDS = frozenset(
    [
        "aber",
        "alle",
        "allen",
        "aller",
        "alles",
        "als",
        "also",
        "am",
        "an",
        "auch",
        "auf",
        "aus",
        "bei",
        "beim",
        "bin",
        "bis",
        "bitte",
        "da",
        "damit",
        "dann",
        "das",
        "dass",
        "dem",
        "den",
        "der",
        "des",
        "die",
        "dies",
        "diese",
        "diesem",
        "diesen",
        "dieser",
        "dieses",
        "doch",
        "dort",
        "du",
        "durch",
        "ein",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "es",
        "etwa",
        "etwas",
        "für",
        "gibt",
        "hat",
        "hier",
        "ich",
        "ihr",
        "im",
        "in",
        "ins",
        "ist",
        "ja",
        "jetzt",
        "kann",
        "kein",
        "keine",
        "können",
        "man",
        "mehr",
        "mit",
        "muss",
        "nach",
        "nicht",
        "noch",
        "nur",
        "ob",
        "oder",
        "ohne",
        "schon",
        "sehr",
        "sein",
        "seine",
        "sich",
        "sie",
        "sind",
        "so",
        "soll",
        "sollte",
        "sollten",
        "stadt",
        "über",
        "um",
        "und",
        "uns",
        "unser",
        "unsere",
        "vom",
        "von",
        "vor",
        "war",
        "wäre",
        "warum",
        "was",
        "weil",
        "wenn",
        "wer",
        "werden",
        "wie",
        "wir",
        "wird",
        "wo",
        "würde",
        "zu",
        "zum",
        "zur",
        "idee",
        "ideen",
        "gut",
        "gute",
        "guten",
        "einfach",
        "viele",
        "mal",
        "neue",
        "neuen",
        "mir",
        "mich",
        "könnte",
        "könnten",
        "müssen",
        "müsste",
        "wünsche",
        "wünschen",
        "steht",
        "stehen",
        "gerne",
        "gern",
        "leider",
        "immer",
        "ganz",
    ]
)


def stems(text: str) -> set[str]:
    found: set[str] = set()
    for word in _WORD.findall(text.lower()):
        if len(word) < 3 or word in STOPWORDS or word.isdigit():
            continue
        folded = word.translate(_FOLD)
        found.add(folded[:STEM_LENGTH])
    return found


def terms_of(title: str, body: str) -> str:
    """What is stored with an idea; the title counts twice (marked with a leading '!')."""
    title_stems = stems(title)
    body_stems = stems(body) - title_stems
    return " ".join(sorted("!" + s for s in title_stems) + sorted(body_stems))[:4000]


def _parse(terms: str) -> tuple[set[str], set[str]]:
    title: set[str] = set()
    body: set[str] = set()
    for term in terms.split():
        if term.startswith("!"):
            title.add(term[1:])
        else:
            body.add(term)
    return title, body


def score(a: str, b: str) -> float:
    """0 … 1: shared stems, title words weighing double, relative to the shorter idea."""
    a_title, a_body = _parse(a)
    b_title, b_body = _parse(b)
    a_all, b_all = a_title | a_body, b_title | b_body
    if not a_all or not b_all:
        return 0.0
    shared = a_all & b_all
    weight = len(shared) + len(shared & a_title & b_title)
    possible = min(len(a_all) + len(a_title), len(b_all) + len(b_title))
    return weight / possible if possible else 0.0


@dataclass(frozen=True)
class Candidate:
    idea_id: int
    terms: str


def most_similar(
    terms: str, candidates: Iterable[Candidate], *, threshold: float = 0.3, limit: int = 5
) -> list[tuple[int, float]]:
    scored = [(c.idea_id, score(terms, c.terms)) for c in candidates]
    hits = [(idea_id, value) for idea_id, value in scored if value >= threshold]
    hits.sort(key=lambda hit: (-hit[1], hit[0]))
    return hits[:limit]
