"""What the English and Russian extractors share: sentence templates, the role lexicon (read from
the SKOS scheme in ontology/concepts.ttl), and the assembly of measurements and links."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..linking import Entity, Linked, LinkedMention, load_gazetteer
from ..lexicon import find_roles  # noqa: F401  (re-exported for the extractors)
from ..mentions import Sentence, normalise_key

TYPE_LETTER = {"Person": "P", "Organization": "O", "Country": "C", "Region": "R",
               "Settlement": "S", "Port": "T", "Corridor": "K"}
PLACEHOLDER = re.compile(r"⟨([POCRSTK]):(\d+)⟩")


@dataclass(frozen=True)
class Template:
    """A sentence with each linked mention replaced by ``⟨X:i⟩`` (X = type letter, i = index)."""

    sentence: Sentence
    text: str
    mentions: tuple[LinkedMention, ...]

    def mention(self, index: str | int) -> LinkedMention:
        return self.mentions[int(index)]

    def placeholders(self, text: str | None = None, letters: str = "POCRSTK") -> list[LinkedMention]:
        return [self.mentions[int(m.group(2))] for m in PLACEHOLDER.finditer(self.text if text is None else text)
                if m.group(1) in letters]


def sentence_templates(linked: Linked) -> list[Template]:
    templates = []
    for sentence in linked.analysis.sentences:
        inside = [m for m in linked.mentions if m.start >= sentence.start and m.end <= sentence.end]
        # drop nested mentions (keep the outermost)
        kept: list[LinkedMention] = []
        for m in sorted(inside, key=lambda m: (m.start, -(m.end - m.start))):
            if kept and m.start < kept[-1].end:
                continue
            kept.append(m)
        parts, cursor = [], sentence.start
        text = linked.analysis.document.text
        for i, m in enumerate(kept):
            parts.append(text[cursor:m.start])
            parts.append(f"⟨{TYPE_LETTER[m.table_type]}:{i}⟩")
            cursor = m.end
        parts.append(text[cursor:sentence.end])
        templates.append(Template(sentence, "".join(parts), tuple(kept)))
    return templates


def salient(linked: Linked, table_type: str, *, exclude: set[str] = frozenset()) -> list[str]:
    """Entities of a type ordered by how often the document mentions them."""
    counts = Counter(m.entity_iri for m in linked.mentions
                     if m.table_type == table_type and m.entity_iri not in exclude)
    return [iri for iri, _ in counts.most_common()]


def country_of(iri: str) -> str | None:
    """The country a reference entity belongs to (itself for a country)."""
    ref = load_gazetteer().entities.get(iri)
    if ref is None:
        return None
    if ref.table_type == "Country":
        return iri
    return ref.country


def find_reference(label: str, table_type: str) -> str | None:
    """A reference entity of the type whose label is ``label``, compared in canonical form
    (no articles, "for" as "of", "the Republic of X" as "X"): "Ministry of the Economy and
    Innovation of the Republic of Lithuania" finds "Ministry of Economy and Innovation of Lithuania".
    """
    return _canonical_labels(table_type).get(canonical_name(label))


_CANONICAL_DROP = {"the", "republic", "federation", "islamic", "people", "s"}


def canonical_name(label: str) -> tuple[str, ...]:
    words = [normalise_key(w) for w in re.findall(r"[^\W_]+", label)]
    words = ["of" if w == "for" else w for w in words if w not in _CANONICAL_DROP]
    return tuple(w for i, w in enumerate(words) if not (w == "of" and i + 1 < len(words) and words[i + 1] == "of"))


@lru_cache(maxsize=8)
def _canonical_labels(table_type: str) -> dict[tuple[str, ...], str]:
    gazetteer = load_gazetteer()
    found: dict[tuple[str, ...], str] = {}
    for ref in gazetteer.entities.values():
        if ref.table_type != table_type:
            continue
        for label, _ in ref.labels:
            found.setdefault(canonical_name(label), ref.iri)
    return found


def reference_entity(iri: str) -> Entity:
    """The document-level Entity record of a reference entity."""
    ref = load_gazetteer().entities[iri]
    return Entity(ref.iri, ref.table_type, ref.cls, ref.labels, True)


def english_label(iri: str, linked: Linked) -> str:
    entity = linked.entities.get(iri) or (load_gazetteer().entities.get(iri))
    if entity is None:
        return iri.rsplit("/", 1)[-1]
    for label, lang in entity.labels:
        if lang == "en":
            return label
    return entity.labels[0][0]
