"""Trigger words read from the ontology's SKOS schemes (ontology/concepts.ttl).

Role titles ("akim", "Vice Minister", "вице-министр") are the labels of the role concepts, so the
lexicon grows by editing the ontology, not the code.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import SKOS

from .resources import load_reference_graph
from .mentions import lemma_key
from .vocab import ROLE

@lru_cache(maxsize=4)
def role_lexicon(lang: str) -> tuple[tuple[tuple[str, ...], str, bool], ...]:
    """(label lemma keys, role local name, is an acronym) for every label of every role concept,
    longest first."""
    graph = load_reference_graph()
    entries = set()
    base = str(ROLE._NS)
    for concept in set(graph.subjects(SKOS.inScheme, None)):
        if not str(concept).startswith(base):
            continue
        role = str(concept)[len(base):]
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(concept, predicate):
                label_lang = label.language or "en"
                if (lang == "en") != (label_lang == "en"):
                    continue
                words = re.findall(r"[^\W_]+", str(label))
                keys = tuple(lemma_key(w, lang) for w in words)
                acronym = str(label).isupper() and len(str(label)) <= 4
                entries.add((keys, role, acronym))
                if lang == "en" and len(keys[-1]) > 3:      # "Presidents of X and Y"
                    entries.add((keys[:-1] + (keys[-1] + "s",), role, False))
    return tuple(sorted(entries, key=lambda e: -len(e[0])))


@lru_cache(maxsize=4)
def _lexicon_by_first_word(lang: str) -> dict[str, tuple[tuple[tuple[str, ...], str, bool], ...]]:
    """The role lexicon indexed by the key of its first word (longest entries first)."""
    index: dict[str, list] = {}
    for entry in role_lexicon(lang):
        index.setdefault(entry[0][0], []).append(entry)
    return {first: tuple(entries) for first, entries in index.items()}


@lru_cache(maxsize=4096)
def find_roles(text: str, lang: str) -> tuple[tuple[int, int, str], ...]:
    """Role phrases in ``text``: (start, end, role), longest match first, not overlapping."""
    words = [(m.start(), m.end(), lemma_key(m.group(), lang)) for m in re.finditer(r"[^\W_]+", text)]
    keys_at = [w[2] for w in words]
    by_first = _lexicon_by_first_word(lang)
    found = []
    i = 0
    while i < len(words):
        for keys, role, acronym in by_first.get(keys_at[i], ()):
            n = len(keys)
            if tuple(keys_at[i:i + n]) == keys:
                # acronyms ("PM", "FM", "DG") only in capitals
                if acronym and not text[words[i][0]:words[i + n - 1][1]].isupper():
                    continue
                found.append((words[i][0], words[i + n - 1][1], role))
                i += n
                break
        else:
            i += 1
    return tuple(found)
