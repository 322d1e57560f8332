"""Facts: posts, meetings, measurements and corridor links, from linked mentions.

``extract_facts(linked)`` dispatches to the language's extractor (facts/en.py, facts/ru.py); both
work on a *template* of each sentence in which every linked mention is replaced by a typed
placeholder (``⟨P:3⟩`` = mention 3, a Person), so their patterns speak of roles, verbs and
entity types rather than of particular names.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..linking import Entity, Linked, LinkedMention
from ..mentions import Sentence


@dataclass(frozen=True)
class Position:
    person: str                  # IRI
    role: str                    # local name in vocab.ROLE ("vice_minister")
    of: str                      # IRI of the body, country or region the post belongs to
    to: str | None               # IRI of the host country (ambassadors, consuls)
    date: dt.date | None
    sentence: Sentence
    confidence: float


@dataclass(frozen=True)
class Meeting:
    participants: tuple[str, ...]   # IRIs, sorted
    date: dt.date | None
    location: str | None
    sentence: Sentence
    confidence: float


@dataclass(frozen=True)
class Measurement:
    metric: str                  # local name in vocab.METRIC
    value: float
    unit: str | None             # local name in vocab.UNIT; None when the text names no unit
    status: str                  # "actual" | "target"
    subjects: tuple[str, ...]    # IRIs, origin first for flows
    sentence: Sentence
    confidence: float
    value_max: float | None = None
    period: str | None = None    # ISO 8601
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    origin: str | None = None
    destination: str | None = None
    change_pct: float | None = None
    cargo_type: str | None = None   # local name in vocab.CARGO
    per_year: bool = False


@dataclass(frozen=True)
class CorridorLink:
    place: str
    corridor: str
    sentence: Sentence
    confidence: float


Fact = Position | Meeting | Measurement | CorridorLink


@dataclass
class Extraction:
    """Everything extracted from one document: what ``facts_to_graph`` turns into triples."""

    linked: Linked
    facts: list[Fact] = field(default_factory=list)

    @property
    def document(self):
        return self.linked.analysis.document

    @property
    def entities(self) -> dict[str, Entity]:
        return self.linked.entities

    @property
    def mentions(self) -> list[LinkedMention]:
        return self.linked.mentions


def extract_facts(linked: Linked) -> Extraction:
    """Extract the facts of one linked document, in the document's language."""
    if linked.analysis.document.lang in ("ru", "kk"):
        from . import ru as language
    else:
        from . import en as language
    return Extraction(linked, language.extract(linked))
