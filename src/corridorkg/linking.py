"""Linking: mentions in, entities out.

Three sources of entities, in order of trust:

1. the **gazetteer** — every label, alias and demonym of the reference data (ontology/reference),
   matched on token keys (English) or lemmas (Russian), longest match first, with small
   context rules (a city name after "port of" / before "port" is the port);
2. **fuzzy** matches of damaged or variant spellings against single-word reference labels;
3. **model names** (spaCy / natasha PERSON and ORG spans) that the reference data does not hold,
   given stable IRIs minted from the name (``id:person/<slug>``).

Within a document a surname or an initial form ("Abenov", "J. Smith", "А.Шарипов") refers back to
the full name; across documents the same full name gives the same IRI.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from .resources import load_reference_graph
from .lexicon import find_roles
from .mentions import Analysis, Token, lemma_key, normalise_key
from .vocab import CKG, ID, TABLE_TYPES

_CYR_TO_LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g",
    "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
# the relative trust of entity types when one label names several entities
_TYPE_PRIORITY = {"Country": 0, "Region": 1, "Settlement": 2, "Port": 3, "Corridor": 4,
                  "Organization": 5, "Person": 6}


def transliterate(text: str) -> str:
    """Latin transliteration of Cyrillic text (BGN/PCGN-like, as Kazakh and Russian news use).

    >>> transliterate("Вайдас Петраускас")
    'Vaydas Petrauskas'
    """
    out = []
    for char in text:
        lower = char.lower()
        if lower in _CYR_TO_LAT:
            latin = _CYR_TO_LAT[lower]
            out.append(latin.capitalize() if char != lower else latin)
        else:
            out.append(char)
    return "".join(out)


def slugify(name: str) -> str:
    """IRI-safe slug of a name: Latin, lower case, words joined by '-'.

    >>> slugify("Nurlan Abenov")
    'nurlan-abenov'
    >>> slugify("Арман Шарипов")
    'arman-sharipov'
    """
    key = normalise_key(transliterate(name))
    return "-".join(re.findall(r"[a-z0-9]+", key)) or "unnamed"


@dataclass(frozen=True)
class RefEntity:
    iri: str
    cls: str            # most specific class local name ("Seaport")
    table_type: str     # one of the seven fact-table types ("Port")
    country: str | None  # IRI of its country
    located_in: str | None
    labels: tuple[tuple[str, str], ...]  # (label, language) — prefLabels first


@dataclass(frozen=True)
class Entity:
    """An entity a document mentions: a reference entity or one minted from a name."""

    iri: str
    table_type: str
    cls: str
    labels: tuple[tuple[str, str], ...]   # (label, language); the first is the preferred one
    reference: bool


@dataclass(frozen=True)
class LinkedMention:
    start: int
    end: int
    text: str
    entity_iri: str
    table_type: str
    method: str          # "reference", "demonym", "fuzzy", "ner", "coreference", "title"
    confidence: float


@dataclass
class Linked:
    """The linking result of one document."""

    analysis: Analysis
    mentions: list[LinkedMention]
    entities: dict[str, Entity] = field(default_factory=dict)

    def in_span(self, start: int, end: int) -> list[LinkedMention]:
        return [m for m in self.mentions if m.start >= start and m.end <= end]


# ---------------------------------------------------------------------------------------------
# gazetteer


@dataclass
class Gazetteer:
    entities: dict[str, RefEntity]
    # token-key tuple -> [(iri, kind)] where kind is "label" or "demonym"
    index: dict[tuple[str, ...], list[tuple[str, str]]]
    exact_case: set[tuple[str, ...]]     # acronym labels that must match with their case
    max_len: int
    single_words: dict[str, list[str]]   # key of one-word labels -> iris (for fuzzy matching)
    known_words: frozenset[str]          # reference words with non-ASCII letters
    lowercase: frozenset[tuple[str, ...]] = frozenset()  # keys of labels written in lower case
    ports: tuple[RefEntity, ...] = ()
    portfolio: frozenset[str] = frozenset()   # words of ministries' names ("agriculture", "transport")
    prefixes: frozenset[tuple[str, ...]] = frozenset()   # every prefix of every index key

    def ports_of(self, settlement_iri: str, name: tuple[str, ...]) -> list[str]:
        """The ports a place name stands for after "port of": those in the settlement, else those
        whose own name contains it ("Alyat" for the Port of Baku at Alat/Alyat)."""
        located = [p.iri for p in self.ports if p.located_in == settlement_iri]
        if located:
            return located
        return [p.iri for p in self.ports if any(
            _contains(_label_tokens(label, lang)[0], name) for label, lang in p.labels)]

    def lookup(self, tokens: list[Token], i: int, lang: str) -> tuple[int, list[tuple[str, str]]]:
        """Longest entry starting at token i: (number of tokens, [(iri, kind)]).

        Surface keys and lemmas are walked along the prefix set, so a token that starts no
        label costs two set look-ups."""
        best_n, best_hits = 0, []
        limit = min(self.max_len, len(tokens) - i)
        for attr in ("key", "lemma"):
            key: tuple[str, ...] = ()
            for n in range(1, limit + 1):
                key += (getattr(tokens[i + n - 1], attr),)
                if key not in self.prefixes:
                    break
                hits = self.index.get(key)
                if hits and n > best_n and self._acceptable(tokens[i:i + n], key, hits):
                    best_n, best_hits = n, hits
        return best_n, best_hits

    def _acceptable(self, window: list[Token], key: tuple[str, ...], hits) -> bool:
        if key in self.exact_case and not _same_case(window, hits, self):
            return False
        # a capitalised name matches capitalised text only
        return (window[0].text[0].isupper() or window[0].text[0].isdigit()
                or key in self.lowercase)


def _contains(tokens: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return n > 0 and any(tokens[i:i + n] == part for i in range(len(tokens) - n + 1))


def _same_case(window, hits, gazetteer) -> bool:
    text = "".join(t.text for t in window)
    for iri, _ in hits:
        for label, _ in gazetteer.entities[iri].labels:
            if re.sub(r"\W", "", label) == text:
                return True
    return False


def _label_tokens(label: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = re.findall(r"[^\W_]+|[^\w\s]", label)
    keys = tuple(normalise_key(w) for w in words)
    lemmas = tuple(lemma_key(w, lang) for w in words)
    return keys, lemmas


def _is_acronym(label: str) -> bool:
    letters = re.sub(r"[^\w]", "", label)
    return 1 < len(letters) <= 5 and letters.isupper()


def _table_type(graph: Graph, cls: URIRef) -> str | None:
    seen, todo = set(), [cls]
    while todo:
        current = todo.pop()
        if current in TABLE_TYPES:
            return str(current).rsplit("#", 1)[-1]
        if current in seen:
            continue
        seen.add(current)
        todo.extend(graph.objects(current, RDFS.subClassOf))
    return None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the gazetteer from the ontology's reference data (cached per process)."""
    graph = load_reference_graph()
    entities: dict[str, RefEntity] = {}
    index: dict[tuple[str, ...], list[tuple[str, str]]] = defaultdict(list)
    exact_case: set[tuple[str, ...]] = set()
    single_words: dict[str, list[str]] = defaultdict(list)
    known_words: set[str] = set()
    lowercase: set[tuple[str, ...]] = set()
    max_len = 1
    for subject, cls in graph.subject_objects(RDF.type):
        if not isinstance(subject, URIRef) or not str(subject).startswith(str(ID)):
            continue
        table_type = _table_type(graph, cls)
        if table_type is None:
            continue
        pref = [(str(o), o.language or "") for o in graph.objects(subject, SKOS.prefLabel)]
        pref.sort(key=lambda label: (label[1] != "en", label[1]))
        alt = [(str(o), o.language or "") for p in (SKOS.altLabel, SKOS.hiddenLabel)
               for o in graph.objects(subject, p)]
        country = graph.value(subject, CKG.country)
        located = graph.value(subject, CKG.locatedIn)
        iri = str(subject)
        entities[iri] = RefEntity(iri, str(cls).rsplit("#", 1)[-1], table_type,
                                  str(country) if country else None,
                                  str(located) if located else None, tuple(pref + alt))
        kinds = [(label, lang, "label") for label, lang in pref + alt]
        kinds += [(str(o), o.language or "", "demonym") for o in graph.objects(subject, CKG.demonym)]
        for label, lang, kind in kinds:
            keys, lemmas = _label_tokens(label, lang)
            if not keys:
                continue
            for key in {keys, lemmas}:
                if (iri, kind) not in index[key]:
                    index[key].append((iri, kind))
                if label[:1].islower():
                    lowercase.add(key)
                if _is_acronym(label):
                    exact_case.add(key)
            max_len = max(max_len, len(keys))
            if len(keys) == 1 and len(keys[0]) >= 6 and kind == "label":
                single_words[keys[0]].append(iri)
            known_words.update(w for w in re.findall(r"\w+", label) if any(ord(c) > 127 for c in w)
                               and re.search(r"[A-Za-z]", w))
    return Gazetteer(entities, dict(index), exact_case, max_len, dict(single_words),
                     frozenset(known_words), frozenset(lowercase),
                     tuple(e for e in entities.values() if e.table_type == "Port"),
                     _portfolio_words(entities.values()),
                     frozenset(key[:n] for key in index for n in range(1, len(key) + 1)))


def _portfolio_words(entities) -> frozenset[str]:
    """The words English ministry names use for their portfolio, less country names."""
    words, countries = set(), set()
    for entity in entities:
        for label, lang in entity.labels:
            if lang != "en":
                continue
            if entity.table_type == "Country":
                countries.update(normalise_key(w) for w in re.findall(r"[^\W_]+", label))
            elif entity.cls == "Ministry":
                match = re.match(r"Ministry (?:of|for) (.+)", label)
                if match:
                    words.update(normalise_key(w) for w in re.findall(r"[A-Z][\w-]+", match.group(1)))
    return frozenset(words - countries)


# ---------------------------------------------------------------------------------------------
# linking a document

_PORT_BEFORE = re.compile(r"(?:sea)?ports?\s+(?:of|in|at)\s+(?:the\s+)?(?:[\w-]+(?:,\s*|\s+and\s+|,\s+and\s+))*$", re.I)
_PORT_AFTER = re.compile(r"^(?:(?:,\s*|\s+and\s+|,\s+and\s+)[A-Z][\w-]+)*\s+(?:sea)?ports?\b", re.I)
_PORT_BEFORE_RU = re.compile(r"(?:морск\w*\s+)?порт\w*\s+(?:[\w-]+(?:,\s*|\s+и\s+))*$", re.I)


def link_mentions(analysis: Analysis, *, gazetteer: Gazetteer | None = None) -> Linked:
    """Resolve a document's names to entities (reference first, then model names)."""
    gazetteer = gazetteer or load_gazetteer()
    text = analysis.document.text
    lang = analysis.document.lang
    tokens = list(analysis.tokens)
    linked: list[LinkedMention] = []
    entities: dict[str, Entity] = {}
    covered: list[tuple[int, int]] = []

    def add(start, end, entity: Entity, method, confidence):
        entities.setdefault(entity.iri, entity)
        linked.append(LinkedMention(start, end, text[start:end], entity.iri, entity.table_type,
                                    method, confidence))
        covered.append((start, end))

    names = _russian_person_spans(analysis) if lang in ("ru", "kk") else []
    i = 0
    while i < len(tokens):
        n, hits = gazetteer.lookup(tokens, i, lang)
        if not n or _after_prefix(tokens, i):
            i += 1
            continue
        start, end = tokens[i].start, tokens[i + n - 1].end
        if any(s <= start and end <= e for s, e in names) or (
                lang in ("ru", "kk") and re.search(r"\bдоллар\w*\s+$", text[max(0, start - 20):start], re.I)):
            i += n      # a first name that is also a place ("Арман Шарипов"); "долларов США"
            continue
        iri, kind = _choose(hits, gazetteer, text, start, end, lang)
        ref = gazetteer.entities[iri]
        add(start, end, _entity_of(ref), "demonym" if kind == "demonym" else "reference",
            0.9 if kind == "demonym" else 0.95)
        i += n

    def is_covered(start, end):
        return any(s < end and start < e for s, e in covered)

    # fuzzy: damaged or variant spellings of one-word reference names
    for token in tokens:
        if (len(token.key) >= 6 and token.text[0].isupper() and not is_covered(token.start, token.end)):
            iri = _fuzzy(token.key, gazetteer)
            if iri:
                add(token.start, token.end, _entity_of(gazetteer.entities[iri]), "fuzzy", 0.7)

    if lang in ("ru", "kk"):
        for start, end, name in _russian_route_names(text, linked):
            entity = Entity(str(ID[f"corridor/{slugify(name)}"]), "Corridor", "Corridor",
                            ((name, lang), (transliterate(name), "en")), False)
            add(start, end, entity, "ner", 0.6)

    # model names not in the reference data; a title or role word is never part of a name
    roles = find_roles(text, lang)
    persons: list[tuple[int, int, str]] = []
    organizations: list[tuple[int, int, str]] = []
    for mention in analysis.mentions:
        start, end, name = _clean_span(text, mention.start, mention.end, mention.normal)
        start, name = _strip_title(text, start, end, name, roles)
        if end <= start or _overlaps_role(start, end, roles):
            continue
        if mention.label == "PERSON" and _looks_like_person(name) and not is_covered(start, end):
            trimmed = _drop_portfolio(text, start, end, gazetteer.portfolio)
            if trimmed != start:
                start, name = trimmed, text[trimmed:end]
            persons.append((start, end, name))
        elif mention.label == "ORG" and _looks_like_org(name) and (
                _org_span_free(tokens, start, end, is_covered)
                or (lang in ("ru", "kk") and _wraps_places(linked, start, end))):
            organizations.append((start, end, name))
    if lang == "en":
        for start, end in _titled_names(text, tokens, roles, is_covered):
            if not _looks_like_person(text[start:end]):
                continue
            # a longer name than the model saw ("Davit Peradze" for "Peradze") replaces it
            inside = [p for p in persons if start <= p[0] and p[1] <= end]
            # the model may tag a titled name as an organisation ("Kanat Bayedilov, Vice-Minister")
            taken = [o for o in organizations if start <= o[0] and o[1] <= end]
            if any(s < end and start < e for s, e, n in organizations if (s, e, n) not in taken) or any(
                    s < end and start < e for s, e, n in persons if (s, e, n) not in inside):
                continue
            organizations = [o for o in organizations if o not in taken]
            persons = [p for p in persons if p not in inside] + [(start, end, text[start:end])]
    _link_persons(persons, lang, add, text, is_covered, roles)
    for start, end, name in organizations:   # after persons: a surname the model took for an org
        if _inside_person(start, end, linked) or any(m.start <= start and end <= m.end for m in linked):
            continue
        # a longer name around a known organisation ("the Caspian Freight Union Translog") is it
        known = [m for m in linked if m.table_type == "Organization" and start <= m.start
                 and m.end <= end and entities[m.entity_iri].reference]
        if known:
            add(start, end, entities[known[-1].entity_iri], "reference", 0.8)
            continue
        add(start, end, minted_organization(name, lang), "ner", 0.6)
    linked.sort(key=lambda m: (m.start, -m.end))
    return Linked(analysis, linked, entities)


def _strip_title(text, start, end, name, roles):
    """Drop a title the model included in a name ("President Nazarbayev" -> "Nazarbayev")."""
    for r_start, r_end, _ in roles:
        if r_start == start and r_end < end:
            rest = text[r_end:end].lstrip()
            return end - len(rest), rest if name == text[start:end] else name.split(None, 1)[-1]
    return start, name


def _org_span_free(tokens: list[Token], start: int, end: int, is_covered) -> bool:
    """An organisation span may contain reference names ("the Caspian Freight Alliance") as long
    as at least two of its capitalised words are its own, one of them an organisation word."""
    if not is_covered(start, end):
        return True
    own = [t for t in tokens if start <= t.start and t.end <= end and t.text[:1].isupper()
           and not is_covered(t.start, t.end)]
    return len(own) >= 2 and bool(_ORG_WORDS.search(" ".join(t.text for t in own)))


def _inside_person(start: int, end: int, linked: list[LinkedMention]) -> bool:
    return any(m.table_type == "Person" and m.start < end and start < m.end for m in linked)


def _overlaps_role(start, end, roles) -> bool:
    return any(r_start < end and start < r_end for r_start, r_end, _ in roles)


_NAME_STOP = {"the", "a", "an", "in", "on", "at", "this", "that", "these", "today", "yesterday",
              "during", "according", "meanwhile", "also", "he", "she", "they", "it", "we",
              "republic", "federation", "kingdom", "state", "states", "government", "council",
              "deputy", "vice", "acting", "former", "his", "her", "their", "our", "mr", "mrs", "ms"}
_STATE_WORDS = {"republic", "federation", "kingdom", "state", "states", "emirates", "city",
                "province", "region", "oblast", "county", "district", "municipality"}
_MEETING_LEAD = re.compile(r"\b(?:met|meets|meeting|talks|received|receives|conversation)\s+with\s+(?:the\s+)?$|\breceived\s+$", re.I)
_APPOSITION_ROLE = re.compile(r"^\s*,\s*(?:the\s+|a\s+)?")


_PRONOUNS = {"he", "she", "it", "we", "they"}


def _is_name_word(token: Token, previous: Token | None = None) -> bool:
    """A capitalised word that may be part of a name; "He" is a pronoun at the start of a
    sentence but a name mid-sentence ("Vice Governor He Baoxiang")."""
    word = token.text
    if not (word[:1].isupper() and word.isalpha() and not (len(word) > 1 and word.isupper())):
        return False
    if token.key in _PRONOUNS:
        return previous is not None and previous.text not in ".!?\"“”«»:;"
    return token.key not in _NAME_STOP


def _titled_names(text: str, tokens: list[Token], roles, is_covered) -> list[tuple[int, int]]:
    """Name-shaped spans the model missed, where a title or a meeting verb says a person stands:
    after a title ("Consul General of Georgia in Atyrau Levan Beridze"), before an apposed
    title ("Ivan Petrov, the head of ..."), and after "met with"."""
    runs: list[tuple[int, int]] = []      # maximal runs of uncovered capitalised words (with initials)
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens):
            token = tokens[j]
            initial = (len(token.text) == 1 and token.text.isupper() and j + 1 < len(tokens)
                       and tokens[j + 1].text == ".")
            if initial:
                j += 2
                continue
            if _is_name_word(token, tokens[j - 1] if j else None) and not is_covered(token.start, token.end):
                j += 1
                continue
            hyphen = (token.text == "-" and j > i and j + 1 < len(tokens)
                      and tokens[j - 1].end == token.start == tokens[j + 1].start - 1
                      and _is_name_word(tokens[j + 1]))
            if hyphen:          # "Kassym-Jomart"
                j += 1
                continue
            break
        if j > i:
            runs.append((i, j))
            i = j
        else:
            i += 1
    role_ends = {r_end for _, r_end, _ in roles}
    role_starts = {r_start for r_start, _, _ in roles}
    found = []
    for i, j in runs:
        start, end = tokens[i].start, tokens[j - 1].end
        words = j - i
        if words > 4 or _overlaps_role(start, end, roles):
            continue
        before = text[max(0, start - 60):start]
        k = i - 1
        while k >= 0 and tokens[k].key in _STATE_WORDS:     # "... of Chengdu city Liu Xiaoliu"
            k -= 1
        after_title = (any(0 <= start - e <= 1 for e in role_ends)
                       or (k >= 0 and is_covered(tokens[k].start, tokens[k].end)
                           and _follows_title(text, tokens[k].start, roles)))
        apposed = _APPOSITION_ROLE.match(text[end:end + 12])
        before_title = bool(apposed) and (end + apposed.end()) in role_starts and words >= 2
        after_meeting = bool(_MEETING_LEAD.search(before)) and words >= 2
        # "... Kassym-Jomart Tokayev and Ilham Aliyev": the second of two coordinated names
        coordinated = (bool(found) and words >= 2
                       and re.fullmatch(r",?\s+and\s+", text[found[-1][1]:start]) is not None)
        if after_title or before_title or after_meeting or coordinated:
            found.append((start, end))
    return found


def _follows_title(text: str, offset: int, roles) -> bool:
    """A title stands shortly before ``offset``, joined to it only by its complement."""
    for _, r_end, _ in roles:
        if 0 <= offset - r_end <= 80 and re.fullmatch(r"[\w\s,.'’()-]*", text[r_end:offset]) \
                and not re.search(r"\b(?:said|says|met|noted|and [a-z])", text[r_end:offset]):
            return True
    return False


_PREFIXES = {"trans", "pan", "inter", "sub", "post", "pre", "anti", "non", "mid", "intra", "транс"}


def _after_prefix(tokens: list[Token], i: int) -> bool:
    """True for a name glued to a word prefix ("Caspian" in "Trans-Caspian"): not a mention of it."""
    return (i >= 2 and tokens[i - 1].text == "-" and tokens[i - 1].start == tokens[i - 2].end
            and tokens[i - 2].key in _PREFIXES)


_ROUTE_NAME_RU = re.compile(
    r"\b(?:маршрут\w*|коридор\w*|железн\w+\s+дорог\w*|ж/д(?:\s+маршрут\w*)?|магистрал\w*|"
    r"лини[ияйюе]\w*|трасс\w*)\s+(?:«([^«»\n]{3,80})»|([А-ЯЁ]\w+(?:\s*[–—-]\s*[А-ЯЁ]\w+)+))")


def _russian_route_names(text: str, linked: list[LinkedMention]) -> list[tuple[int, int, str]]:
    """Routes the reference data lacks, named after a route word: "ж/д маршрута «Тургунди-Герат-
    Кандагар»", "паромной линии Алят – Курык" (a named line between places is a corridor)."""
    found = []
    for match in _ROUTE_NAME_RU.finditer(text):
        group = 1 if match.group(1) else 2
        start, end = match.start(group), match.end(group)
        if any(m.start < end and start < m.end and m.table_type in ("Corridor", "Organization")
               for m in linked):
            continue
        found.append((start, end, match.group(group).strip()))
    return found


def _russian_person_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """Spans of full Russian person names, which win over a place name inside them."""
    return [(m.start, m.end) for m in analysis.mentions
            if m.label == "PERSON" and len(m.text.split()) >= 2]


def _wraps_places(linked: list[LinkedMention], start: int, end: int) -> bool:
    """Whether an organisation's name only contains (and does not merely overlap) place names:
    "Агентство ... при Кабмине Туркменистана" is an organisation of Turkmenistan."""
    inside = [m for m in linked if m.start < end and start < m.end]
    return all(start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
               and m.table_type in ("Country", "Region", "Settlement") for m in inside)


def _entity_of(ref: RefEntity) -> Entity:
    return Entity(ref.iri, ref.table_type, ref.cls, ref.labels, True)


def _choose(hits, gazetteer: Gazetteer, text: str, start: int, end: int, lang: str):
    """Pick one entity among the entries of a label, using the context for port vs city."""
    if len(hits) > 1 or gazetteer.entities[hits[0][0]].table_type == "Settlement":
        before, after = text[max(0, start - 80):start], text[end:end + 60]
        port_context = (_PORT_BEFORE_RU.search(before) if lang in ("ru", "kk")
                        else _PORT_BEFORE.search(before) or _PORT_AFTER.match(after))
        if port_context:
            name = tuple(normalise_key(w) for w in re.findall(r"[^\W_]+", text[start:end]))
            for iri, kind in hits:
                if gazetteer.entities[iri].table_type == "Port":
                    return iri, kind
                ports = gazetteer.ports_of(iri, name)
                if ports:
                    return ports[0], kind
    hits = sorted(hits, key=lambda h: (h[1] != "label",
                                       _TYPE_PRIORITY.get(gazetteer.entities[h[0]].table_type, 9)))
    return hits[0]


def _fuzzy(key: str, gazetteer: Gazetteer) -> str | None:
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein
    best = process.extractOne(key, gazetteer.single_words.keys(), scorer=Levenshtein.distance,
                              score_cutoff=1 if len(key) < 9 else 2)
    if best is None:
        return None
    iris = gazetteer.single_words[best[0]]
    return iris[0] if len(set(iris)) == 1 else None


_LEADING = re.compile(r"^(?:the|a|an|mr\.?|mrs\.?|ms\.?|dr\.?)\s+", re.I)
_TRAILING = re.compile(r"(?:'s|’s|'|’)$")
_EDGE_PUNCTUATION = " ,.;:\"«»()"


def _clean_span(text: str, start: int, end: int, normal: str) -> tuple[int, int, str]:
    span = text[start:end]
    lead = _LEADING.match(span)
    if lead:
        start += lead.end()
    trail = _TRAILING.search(text[start:end])
    if trail:
        end = start + trail.start()
    span = text[start:end].strip(_EDGE_PUNCTUATION)
    if span:
        start = text.index(span, start)
        end = start + len(span)
    same = normal == text[start:end] or not normal
    # the normal form gets the same trimming as the span ("Jun." is one token to spaCy: a month)
    return start, end, (span if same else
                        _TRAILING.sub("", _LEADING.sub("", normal)).strip().strip(_EDGE_PUNCTUATION))


_ORG_WORDS = re.compile(
    r"\b(?:union|group|company|agency|ministry|council|committee|railways?|port|bank|association|"
    r"corporation|service|jsc|llp|llc|ltd|inc|fund|center|centre|office|forum|commission|alliance|"
    r"partnership|consortium|holding|terminal|logistics|express|cargo|shipping|airlines?|authority|"
    r"союз|группа|компания|агентство|министерство|совет|комитет|банк|ассоциация|корпорация|служба)\b", re.I)


def _drop_portfolio(text: str, start: int, end: int, portfolio: frozenset[str]) -> int:
    """Start of a name without the ministry portfolio a title left before it
    ("Minister of Agriculture Javad Sadatinejad" -> "Javad Sadatinejad")."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 2 and normalise_key(words[0].group()) in portfolio:
        words = words[1:]
    return start + words[0].start() if words else start


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return (1 <= len(words) <= 4 and all(w[0].isupper() for w in words if w[0].isalpha())
            and not any(c.isdigit() for c in name) and not _ORG_WORDS.search(name))


def _looks_like_org(name: str) -> bool:
    return (len(name) > 2 and name[0].isupper() and not name.isdigit()
            and not re.search(r"\b(?:press service|photo|reports?)\b", name, re.I))


_MINISTRY_NAME = re.compile(r"^(?:the\s+)?(?:ministry|министерство|министрлігі)\b|министрлігі$", re.I)


def minted_organization(name: str, lang: str) -> Entity:
    """An organisation the reference data does not hold, named by the text ("Ministry of ..."
    is typed a ckg:Ministry)."""
    iri = str(ID[f"org/{slugify(name)}"])
    cls = "Ministry" if _MINISTRY_NAME.search(name) else "Organization"
    return Entity(iri, "Organization", cls, ((name, lang),), False)


def person_entity(full_name: str, lang: str, forms: list[str]) -> Entity:
    """A person's entity: IRI from the Latin form of the full name, labels in both scripts."""
    latin = transliterate(full_name)
    labels = [(full_name, lang)]
    if latin != full_name:
        labels.append((latin, "en"))
    labels += [(f, lang) for f in forms if f != full_name]
    return Entity(str(ID[f"person/{slugify(full_name)}"]), "Person", "Person", tuple(labels), False)


def _name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"[\s.]+", name) if p]


def _link_persons(persons, lang, add, text, is_covered, roles) -> None:
    """Group a document's person names: a surname or initial form joins the full name it
    abbreviates; then every other occurrence of a known name in the text is linked too."""
    full_names: list[str] = []
    for _, _, name in sorted(persons, key=lambda p: -len(_name_parts(p[2]))):
        parts = _name_parts(name)
        if len(parts) >= 2 and not _abbreviates(name, full_names) and all(len(p) > 1 for p in parts):
            full_names.append(name)
    titled = {(s, e) for s, e, _ in persons if _follows_title(text, s, roles)}
    forms: dict[str, list[str]] = defaultdict(list)
    resolved = []
    for start, end, name in persons:
        target = name if name in full_names else _abbreviates(name, full_names)
        if target is None:
            if len(_name_parts(name)) < 2 and (start, end) not in titled:
                continue      # a lone word the model thinks is a name: too weak on its own
            target = name
            full_names.append(name)
        forms[target].append(name)
        resolved.append((start, end, name, target))
    spans = {(start, end) for start, end, _, _ in resolved}
    for target in list(forms):
        surname = _name_parts(target)[-1]
        for form in {target, surname}:
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                span = (match.start(), match.end())
                if span in spans or any(s <= span[0] and span[1] <= e for s, e in spans) \
                        or is_covered(*span):
                    continue
                spans.add(span)
                forms[target].append(form)
                resolved.append((span[0], span[1], form, target))
    for start, end, name, target in resolved:
        entity = person_entity(target, lang, sorted(set(forms[target])))
        add(start, end, entity, "ner" if name == target else "coreference",
            0.8 if name == target else 0.7)


def _abbreviates(name: str, full_names: list[str]) -> str | None:
    """The full name that ``name`` (a surname, "J. Smith", "И.Шархан") refers to, if exactly one."""
    parts = _name_parts(name)
    if not parts:
        return None
    surname = normalise_key(parts[-1])
    initials = [normalise_key(p)[0] for p in parts[:-1]]
    matches = []
    for full in full_names:
        full_parts = _name_parts(full)
        if full == name or len(full_parts) < 2:
            continue
        if normalise_key(full_parts[-1]) != surname:
            continue
        if initials and [normalise_key(p)[0] for p in full_parts[:len(initials)]] != initials:
            continue
        matches.append(full)
    return matches[0] if len(set(matches)) == 1 else None
