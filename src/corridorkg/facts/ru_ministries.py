"""Ministries named in Russian text: by a title's complement ("вице-министр иностранных дел
⟨C⟩"), by a name ("Министерство транспорта ⟨C⟩") or by an abbreviation ("МИД", "МТИ",
"Мининдустрии").

A ministry is the reference organisation when the reference data has it (matched on lemmas, so
"Министерства иностранных дел Литовской Республики" finds "Министерство иностранных дел
Литовской Республики"), else an organisation minted with an English name built from a table of
portfolio words ("Ministry of Transport of Kazakhstan", the IRI an English article gives it too)
and the Russian form as a second label.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..linking import Entity, Linked, LinkedMention, load_gazetteer, minted_organization
from ..mentions import lemma_key, normalise_key, russian_lemma
from .common import english_label

_MINISTRY_NOUN = "министерство"

# portfolios of ministries: lemma phrases → English, longest first when composing a name
_PORTFOLIO_WORDS = {
    ("иностранный", "дело"): "Foreign Affairs",
    ("внутренний", "дело"): "Internal Affairs",
    ("сельский", "хозяйство"): "Agriculture",
    ("национальный", "экономика"): "National Economy",
    ("экономический", "развитие"): "Economic Development",
    ("цифровой", "развитие"): "Digital Development",
    ("инфраструктурный", "развитие"): "Infrastructure Development",
    ("природный", "ресурс"): "Natural Resources",
    ("чрезвычайный", "ситуация"): "Emergency Situations",
    ("аэрокосмический", "промышленность"): "Aerospace Industry",
    ("водный", "ресурс"): "Water Resources",
    ("путь", "сообщение"): "Railways",
    ("индустрия",): "Industry", ("промышленность",): "Industry", ("транспорт",): "Transport",
    ("коммуникация",): "Communications", ("торговля",): "Trade", ("интеграция",): "Integration",
    ("экономика",): "Economy", ("финансы",): "Finance", ("энергетика",): "Energy",
    ("строительство",): "Construction", ("инвестиция",): "Investment", ("развитие",): "Development",
    ("экология",): "Ecology", ("юстиция",): "Justice", ("оборона",): "Defence",
    ("образование",): "Education", ("наука",): "Science", ("здравоохранение",): "Health",
    ("культура",): "Culture", ("спорт",): "Sport", ("туризм",): "Tourism", ("труд",): "Labour",
    ("информация",): "Information", ("инновация",): "Innovation", ("просвещение",): "Education",
    ("геология",): "Geology", ("недропользование",): "Subsoil Use", ("связь",): "Communications",
    ("и",): "and",
}
_PORTFOLIO_WORDS = {tuple(normalise_key(w) for w in k): v for k, v in _PORTFOLIO_WORDS.items()}
_PORTFOLIO_MAX = max(len(k) for k in _PORTFOLIO_WORDS)
# ministries abbreviated in running text: "МИД Казахстана", "Минтранс РК"
_MINISTRY_ABBREVIATIONS = {
    "мид": "иностранных дел", "минтранс": "транспорта", "минфин": "финансов",
    "минэкономики": "экономики", "минэнерго": "энергетики", "минсельхоз": "сельского хозяйства",
    "минторговли": "торговли", "минюст": "юстиции", "минобороны": "обороны",
    "минпромторг": "промышленности и торговли",
}


class Ministries:
    """The ministries of one document: named by a title's complement ("вице-министр иностранных
    дел ⟨C⟩"), by a name ("Министерство транспорта ⟨C⟩") or by an abbreviation ("МИД", "МТИ").

    A ministry is the reference organisation when the reference data has it, else an organisation
    minted with an English name ("Ministry of Transport of Kazakhstan", the IRI an English article
    gives it too) and the Russian form as a second label.
    """

    def __init__(self, linked: Linked):
        self.linked = linked
        self.by_portfolio: dict[tuple[str, ...], list[tuple[str | None, str]]] = {}
        self.acronyms: dict[str, str] = {}   # "МТИ" -> ministry IRI

    def find(self, portfolio: str, country: str | None, surface: str) -> str | None:
        """The ministry of a portfolio ("иностранных дел") and country; ``surface`` is the
        portfolio and country as written, for the Russian label."""
        words = re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі-]+", portfolio)
        lemmas = tuple(russian_lemma(w) for w in words)
        if not lemmas or not all(re.search(r"[а-яәғқңөұүһі]", w) for w in lemmas):
            return None
        known = self.by_portfolio.get(lemmas, [])
        for known_country, iri in known:
            if country is None or known_country in (None, country):
                return iri
        english = _english_portfolio(lemmas, comma_before={i for i, w in enumerate(
            re.findall(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі-]+|,", portfolio)) if w == ","})
        iri = _reference_ministry(lemmas, english, country)
        if iri is None:
            iri = self._mint(words, english, country, surface)
        else:
            self.linked.entities.setdefault(iri, _reference_entity(iri))
        self.by_portfolio.setdefault(lemmas, []).append((country, iri))
        # "МТИ": Министерство Торговли и Интеграции; "МИД"
        self.acronyms.setdefault("М" + "".join(w[0].upper() for w in words if w.lower() != "и"), iri)
        return iri

    def _mint(self, words, english: str | None, country: str | None, surface: str) -> str:
        russian = f"Министерство {surface.strip()}"
        labels = []
        if english:
            label = f"Ministry of {english}"
            if country:
                label += f" of {english_label(country, self.linked)}"
            labels.append((label, "en"))
        labels.append((russian, "ru"))
        name = labels[0][0]
        iri = minted_organization(name, labels[0][1]).iri
        existing = self.linked.entities.get(iri)
        if existing is None:
            self.linked.entities[iri] = Entity(iri, "Organization", "Ministry", tuple(labels), False)
        else:
            extra = tuple(label for label in labels if label not in existing.labels)
            self.linked.entities[iri] = replace(existing, labels=existing.labels + extra)
        return iri

    def canonicalise_mentions(self) -> None:
        """Organisation names that are ministries ("Министерства транспорта Казахстана",
        "МИД РК", "Мининдустрии") link to the document's ministry entity."""
        text = self.linked.analysis.document.text
        for i, mention in enumerate(self.linked.mentions):
            entity = self.linked.entities.get(mention.entity_iri)
            if mention.table_type != "Organization" or entity is None or entity.reference:
                continue
            words = mention.text.split()
            head = normalise_key(words[0])
            if russian_lemma(words[0]) == _MINISTRY_NOUN and len(words) > 1:
                portfolio_words = []
                for word in words[1:]:
                    if not word[:1].islower():
                        break
                    portfolio_words.append(word)
                portfolio = " ".join(portfolio_words)
            elif head in _MINISTRY_ABBREVIATIONS:
                portfolio = _MINISTRY_ABBREVIATIONS[head]
            else:
                continue
            country = self._country_near(mention.start, mention.end + 30)
            surface = text[mention.start:mention.end].split(None, 1)[1] if " " in mention.text else portfolio
            iri = self.find(portfolio, country, surface if russian_lemma(words[0]) == _MINISTRY_NOUN
                            else portfolio)
            if iri:
                self._repoint(i, iri)

    def merge_abbreviations(self) -> bool:
        """Acronyms and short names of the document's ministries ("МТИ", "Минторг" for the
        Ministry of Industry and Infrastructure Development named in a title) refer to them,
        whether the model tagged them as organisations or not."""
        changed = False
        for i, mention in enumerate(self.linked.mentions):
            entity = self.linked.entities.get(mention.entity_iri)
            if mention.table_type != "Organization" or entity is None or entity.reference:
                continue
            iri = self._abbreviated(re.sub(r"\s+(?:РК|РФ|КР|РУз|РТ)$", "", mention.text.strip()))
            if iri and iri != mention.entity_iri:
                self._repoint(i, iri)
                changed = True
        if not self.by_portfolio:
            return changed
        for token in self.linked.analysis.tokens:
            if any(m.start < token.end and token.start < m.end for m in self.linked.mentions):
                continue
            iri = self._abbreviated(token.text)
            if iri:
                self.linked.mentions.append(LinkedMention(
                    token.start, token.end, token.text, iri, "Organization", "coreference", 0.6))
                self._add_label(iri, token.text)
                changed = True
        self.linked.mentions.sort(key=lambda m: (m.start, -m.end))
        return changed

    def _abbreviated(self, word: str) -> str | None:
        if len(word) >= 3 and word.isupper() and word in self.acronyms:
            return self.acronyms[word]
        key = normalise_key(word)
        if word[:1].isupper() and key.startswith("мин") and " " not in word and len(key) >= 7:
            stem = key[3:8]
            found = {iri for lemmas, ministries in self.by_portfolio.items() for _, iri in ministries
                     if lemmas[0].startswith(stem)}
            if len(found) == 1:
                return found.pop()
        return None

    def _repoint(self, index: int, iri: str) -> None:
        mention = self.linked.mentions[index]
        old = mention.entity_iri
        self.linked.mentions[index] = replace(mention, entity_iri=iri, method="coreference")
        self._add_label(iri, mention.text)
        if old != iri and not any(m.entity_iri == old for m in self.linked.mentions):
            self.linked.entities.pop(old, None)

    def _add_label(self, iri: str, label: str) -> None:
        entity = self.linked.entities[iri]
        if (label, "ru") not in entity.labels:
            self.linked.entities[iri] = replace(entity, labels=entity.labels + ((label, "ru"),))

    def _country_near(self, start: int, end: int) -> str | None:
        for mention in self.linked.mentions:
            if mention.table_type == "Country" and start <= mention.start < end:
                return mention.entity_iri
        return None


def _english_portfolio(lemmas: tuple[str, ...], comma_before: set[int] = frozenset()) -> str | None:
    """The English name of a portfolio from its lemmas ("иностранный дело" → "Foreign Affairs");
    None when a word is not in the table. ``comma_before``: token positions (counting commas)
    of the commas in the Russian text, kept in the English list ("Investment, Industry and Trade")."""
    words = []
    position = 0
    for lemma in lemmas:
        while position in comma_before:
            words.append(",")
            position += 1
        words.append(lemma)
        position += 1
    out, i = [], 0
    while i < len(words):
        if words[i] == ",":
            out.append(",")
            i += 1
            continue
        for n in range(min(_PORTFOLIO_MAX, len(words) - i), 0, -1):
            english = _PORTFOLIO_WORDS.get(tuple(words[i:i + n]))
            if english:
                out.append(english)
                i += n
                break
        else:
            return None
    if not out or out[0] in ("and", ",") or out[-1] in ("and", ","):
        return None
    return " ".join(out).replace(" ,", ",")


@lru_cache(maxsize=1)
def _reference_ministry_labels() -> tuple[tuple[str, str | None, tuple[str, ...], str], ...]:
    """(IRI, country, label lemma keys, language) of every reference organisation label."""
    gazetteer = load_gazetteer()
    out = []
    for iri, ref in gazetteer.entities.items():
        if ref.table_type != "Organization":
            continue
        for label, lang in ref.labels:
            words = re.findall(r"[^\W_]+", label)
            out.append((iri, ref.country, tuple(lemma_key(w, "ru" if lang != "en" else "en")
                                                for w in words), lang))
    return tuple(out)


def _reference_ministry(lemmas: tuple[str, ...], english: str | None, country: str | None) -> str | None:
    """A reference organisation named "Министерство <portfolio> [country]" or "Ministry of
    <English portfolio> [of country]" for the same country; without a country, the one
    ministry whose name has none ("Министерство индустрии и инфраструктурного развития")."""
    wanted = [(_MINISTRY_NOUN, *lemmas)]
    if english:
        wanted.append(("ministry", "of", *(normalise_key(w) for w in re.findall(r"[^\W_]+", english))))
    gazetteer = load_gazetteer()
    without_country = set()
    for iri, ref_country, label, _ in _reference_ministry_labels():
        for prefix in wanted:
            if label[:len(prefix)] != prefix:
                continue
            rest = label[len(prefix):]
            if rest and rest[0] == "of":
                rest = rest[1:]
            named = _country_of_words(rest, gazetteer) if rest else None
            if rest and named is None:
                continue
            if country is None and not rest:
                without_country.add(iri)
            elif country is not None and country in (ref_country, named):
                return iri
    return without_country.pop() if len(without_country) == 1 else None


def _country_of_words(words: tuple[str, ...], gazetteer) -> str | None:
    for iri, kind in gazetteer.index.get(words, []):
        if gazetteer.entities[iri].table_type == "Country":
            return iri
    return None


def _reference_entity(iri: str) -> Entity:
    ref = load_gazetteer().entities[iri]
    return Entity(ref.iri, ref.table_type, ref.cls, ref.labels, True)


def portfolio_of_title(role_text: str) -> str | None:
    """The portfolio a title names itself: "министр иностранных дел", "глава МИД"."""
    match = re.search(r"министр\w*\s+(.+)$", role_text, re.I)
    if match:
        return match.group(1)
    for word in re.findall(r"\w+", role_text):
        portfolio = _MINISTRY_ABBREVIATIONS.get(normalise_key(word))
        if portfolio:
            return portfolio
    return None
