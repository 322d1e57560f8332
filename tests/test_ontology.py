"""The ontology, the concept schemes and the shapes agree with vocab.py and with docs/MODEL.md."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

from corridorkg.validation import load_ontology, load_shapes, validate_graph
from corridorkg.vocab import (CARGO, CKG, GEO, METRIC, MODE, ORG, ROLE, SCHEMA, STATUS, TABLE_TYPES,
                              UNIT)

ONTOLOGY = load_ontology()
SHAPES = load_shapes()

# namespace -> (class of its concepts, scheme holding them)
CONCEPT_NAMESPACES = {
    ROLE: (CKG.Role, CKG.RoleScheme),
    METRIC: (CKG.Metric, CKG.MetricScheme),
    UNIT: (CKG.Unit, CKG.UnitScheme),
    STATUS: (CKG.Status, CKG.StatusScheme),
    MODE: (CKG.TransportMode, CKG.TransportModeScheme),
    CARGO: (CKG.CargoType, CKG.CargoTypeScheme),
}

# The class tree of docs/MODEL.md: each ckg class and its ckg superclass (None: a root).
PARENT = {
    CKG.Entity: None,
    CKG.Agent: CKG.Entity,
    CKG.Person: CKG.Agent,
    CKG.Organization: CKG.Agent,
    CKG.GovernmentBody: CKG.Organization,
    CKG.Ministry: CKG.GovernmentBody,
    CKG.Company: CKG.Organization,
    CKG.RailwayCompany: CKG.Company,
    CKG.PortAuthority: CKG.Company,
    CKG.ShippingCompany: CKG.Company,
    CKG.NewsAgency: CKG.Organization,
    CKG.InternationalOrganization: CKG.Organization,
    CKG.Association: CKG.Organization,
    CKG.Place: CKG.Entity,
    CKG.Country: CKG.Place,
    CKG.Region: CKG.Place,
    CKG.AdministrativeRegion: CKG.Region,
    CKG.Sea: CKG.Region,
    CKG.GeographicRegion: CKG.Region,
    CKG.Settlement: CKG.Place,
    CKG.BorderCrossing: CKG.Settlement,
    CKG.Port: CKG.Place,
    CKG.Seaport: CKG.Port,
    CKG.DryPort: CKG.Port,
    CKG.Corridor: CKG.Entity,
    CKG.MultimodalCorridor: CKG.Corridor,
    CKG.RailwayLine: CKG.Corridor,
    CKG.SeaLine: CKG.Corridor,
    CKG.RoadRoute: CKG.Corridor,
    CKG.Pipeline: CKG.Corridor,
    CKG.RouteLeg: None,
    CKG.Role: None,
    CKG.Metric: None,
    CKG.Unit: None,
    CKG.Status: None,
    CKG.TransportMode: None,
    CKG.CargoType: None,
    CKG.Fact: None,
    CKG.Post: CKG.Fact,
    CKG.Meeting: CKG.Fact,
    CKG.Measurement: CKG.Fact,
    CKG.CorridorLink: CKG.Fact,
    CKG.Document: None,
    CKG.Sentence: None,
    CKG.Mention: None,
    CKG.ExtractionRun: None,
    CKG.Extractor: None,
}

# Alignments with standard vocabularies that docs/MODEL.md and the house style ask for.
ALIGNMENT = [
    (CKG.Post, RDFS.subClassOf, ORG.Post),
    (CKG.Role, RDFS.subClassOf, ORG.Role),
    (CKG.Organization, RDFS.subClassOf, ORG.Organization),
    (CKG.heldBy, RDFS.subPropertyOf, ORG.heldBy),
    (CKG.role, RDFS.subPropertyOf, ORG.role),
    (CKG.Fact, RDFS.subClassOf, PROV.Entity),
    (CKG.Document, RDFS.subClassOf, PROV.Entity),
    (CKG.Sentence, RDFS.subClassOf, PROV.Entity),
    (CKG.Mention, RDFS.subClassOf, PROV.Entity),
    (CKG.ExtractionRun, RDFS.subClassOf, PROV.Activity),
    (CKG.Extractor, RDFS.subClassOf, PROV.SoftwareAgent),
    (CKG.extractedFrom, RDFS.subPropertyOf, PROV.wasDerivedFrom),
    (CKG.Person, RDFS.subClassOf, PROV.Person),
    (CKG.Person, RDFS.subClassOf, SCHEMA.Person),
    (CKG.Document, RDFS.subClassOf, SCHEMA.NewsArticle),
    (CKG.Meeting, RDFS.subClassOf, SCHEMA.Event),
    (CKG.Place, RDFS.subClassOf, SCHEMA.Place),
    (CKG.Place, RDFS.seeAlso, GEO.lat),
    (CKG.Place, RDFS.seeAlso, GEO.long),
] + [(cls, RDFS.subClassOf, SKOS.Concept) for cls, _ in CONCEPT_NAMESPACES.values()]


def terms(namespace) -> list[URIRef]:
    """Every term a closed vocab.py namespace declares."""
    return [namespace[name] for name in namespace.__annotations__]


def local_name(term: URIRef, namespace) -> str:
    return term[len(str(namespace._NS)):]


def superclasses(cls: URIRef) -> set[URIRef]:
    return set(ONTOLOGY.transitive_objects(cls, RDFS.subClassOf))  # includes cls itself


CKG_CLASSES = [term for term in terms(CKG) if (term, RDF.type, OWL.Class) in ONTOLOGY]


def test_ontology_shapes_and_concepts_parse():
    assert (URIRef("https://w3id.org/corridorkg/ontology"), RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(URIRef("https://w3id.org/corridorkg/ontology"), OWL.versionInfo)
    assert len(list(SHAPES.subjects(RDF.type, SH.NodeShape))) > 10


@pytest.mark.parametrize("term", terms(CKG), ids=lambda term: local_name(term, CKG))
def test_every_ckg_term_is_declared_with_label_and_comment(term):
    kinds = set(ONTOLOGY.objects(term, RDF.type)) & {
        OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme}
    assert len(kinds) == 1, f"{term} is declared as {kinds or 'nothing'}"
    assert ONTOLOGY.value(term, RDFS.label) is not None
    assert ONTOLOGY.value(term, RDFS.comment) is not None
    if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
        assert len(set(ONTOLOGY.objects(term, RDFS.domain))) == 1
        assert len(set(ONTOLOGY.objects(term, RDFS.range))) == 1


def test_ontology_files_use_only_terms_vocab_declares():
    declared = {str(term) for namespace in [CKG, *CONCEPT_NAMESPACES] for term in terms(namespace)}
    namespaces = tuple(str(namespace._NS) for namespace in [CKG, *CONCEPT_NAMESPACES])
    used = {str(node) for graph in (ONTOLOGY, SHAPES) for triple in graph for node in triple
            if isinstance(node, URIRef) and str(node).startswith(namespaces)}
    assert used - declared == set()


def test_class_tree_is_the_one_in_the_model():
    assert set(CKG_CLASSES) == set(PARENT)
    for cls, parent in PARENT.items():
        ckg_parents = {superclass for superclass in ONTOLOGY.objects(cls, RDFS.subClassOf)
                       if str(superclass).startswith(str(CKG._NS))}
        assert ckg_parents == ({parent} if parent else set()), cls


def test_every_entity_class_is_under_exactly_one_table_type():
    abstract = {CKG.Entity, CKG.Agent, CKG.Place}  # groupings above the seven table types
    for cls in CKG_CLASSES:
        if CKG.Entity in superclasses(cls) and cls not in abstract:
            assert len(superclasses(cls) & set(TABLE_TYPES)) == 1, cls


def test_alignment_with_standard_vocabularies():
    missing = [triple for triple in ALIGNMENT if triple not in ONTOLOGY]
    assert missing == []


@pytest.mark.parametrize("namespace", list(CONCEPT_NAMESPACES), ids=lambda ns: str(ns._NS))
def test_every_concept_is_in_its_scheme(namespace):
    cls, scheme = CONCEPT_NAMESPACES[namespace]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ONTOLOGY
    for concept in terms(namespace):
        assert (concept, RDF.type, SKOS.Concept) in ONTOLOGY, concept
        assert (concept, RDF.type, cls) in ONTOLOGY, concept
        assert (concept, SKOS.inScheme, scheme) in ONTOLOGY, concept
        assert ONTOLOGY.value(concept, SKOS.definition) is not None, concept
    in_scheme = set(ONTOLOGY.subjects(SKOS.inScheme, scheme))
    assert in_scheme == set(terms(namespace)), "the scheme holds concepts vocab.py does not name"


def english_pref_label(concept: URIRef) -> str:
    (label,) = [label for label in ONTOLOGY.objects(concept, SKOS.prefLabel) if label.language == "en"]
    return str(label)


def test_role_labels_are_the_plain_phrase():
    for role in terms(ROLE):
        assert english_pref_label(role) == local_name(role, ROLE).replace("_", " ")


@pytest.mark.parametrize("namespace", [METRIC, UNIT, STATUS, MODE], ids=lambda ns: str(ns._NS))
def test_metric_unit_status_and_mode_labels_are_the_code(namespace):
    # the fact tables print these and the scorer compares them: "trade_turnover", "USD", "actual"
    for concept in terms(namespace):
        assert english_pref_label(concept) == local_name(concept, namespace)


def test_role_trigger_words_cover_english_and_russian():
    for role in terms(ROLE):
        labels = set(ONTOLOGY.objects(role, SKOS.prefLabel)) | set(ONTOLOGY.objects(role, SKOS.altLabel))
        assert {"en", "ru"} <= {label.language for label in labels}, role
    governor = {str(label) for label in ONTOLOGY.objects(ROLE.governor, SKOS.altLabel)}
    assert {"akim", "аким"} <= governor


def test_no_label_is_both_preferred_and_alternative():
    # SKOS integrity condition S13, within one concept and one language
    for concept in ONTOLOGY.subjects(RDF.type, SKOS.Concept):
        clash = set(ONTOLOGY.objects(concept, SKOS.prefLabel)) & set(ONTOLOGY.objects(concept, SKOS.altLabel))
        assert clash == set(), concept


def test_every_class_has_a_shape_targeting_it_or_a_superclass():
    # No class is exempt: the abstract ones (Entity, Agent, Place, Fact) have shapes of their own.
    targets = set(SHAPES.objects(None, SH.targetClass))
    untargeted = [cls for cls in CKG_CLASSES if not superclasses(cls) & targets]
    assert untargeted == []


def shape_in_list(path: URIRef) -> set[URIRef]:
    (property_shape,) = [shape for shape in SHAPES.subjects(SH.path, path)
                         if SHAPES.value(shape, SH["in"]) is not None]
    return set(Collection(SHAPES, SHAPES.value(property_shape, SH["in"])))


@pytest.mark.parametrize("path, namespace", [(CKG.metric, METRIC), (CKG.unit, UNIT),
                                             (CKG.status, STATUS)])
def test_closed_lists_in_shapes_match_the_concept_schemes(path, namespace):
    assert shape_in_list(path) == set(terms(namespace))


def test_table_types_in_shapes_match_vocab():
    # the entity shape's path rdf:type/rdfs:subClassOf* must meet exactly one of vocab.TABLE_TYPES
    (property_shape,) = [shape for shape, path in SHAPES.subject_objects(SH.path)
                         if SHAPES.value(path, RDF.first) == RDF.type]
    value_shape = SHAPES.value(property_shape, SH.qualifiedValueShape)
    assert set(Collection(SHAPES, SHAPES.value(value_shape, SH["in"]))) == set(TABLE_TYPES)


def test_the_ontology_itself_conforms_to_the_shapes():
    # the concepts of concepts.ttl are validated like any data
    report = validate_graph(Graph())
    assert report.problems == (), report.text
