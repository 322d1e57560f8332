"""Every IRI corridorkg writes is named here, and only here.

The namespaces are closed (``_fail = True``): a misspelt term raises ``AttributeError``
at import time instead of silently minting an IRI that the ontology does not declare.
``tests/test_vocab.py`` checks that every term below is declared in ``ontology/``.

IRI scheme (see docs/MODEL.md)::

    https://w3id.org/corridorkg/ontology#Port          classes and properties   (CKG)
    https://w3id.org/corridorkg/role/governor          SKOS concepts            (ROLE, METRIC, ...)
    https://w3id.org/corridorkg/id/port/aktau          entities                 (ID)
    https://w3id.org/corridorkg/doc/<doc-id>           documents and their parts
    https://w3id.org/corridorkg/graph/<doc-id>         one named graph per document
"""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/corridorkg/"

ID = Namespace(BASE + "id/")
DOC = Namespace(BASE + "doc/")
GRAPH = Namespace(BASE + "graph/")
FACT = Namespace(BASE + "fact/")
RUN = Namespace(BASE + "run/")
AGENT = Namespace(BASE + "agent/")

# the ontology itself (owl:Ontology in ontology/corridorkg.ttl)
ONTOLOGY_IRI = URIRef(BASE + "ontology")

# graphs that hold curated data rather than one document's extraction
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
REFERENCE_GRAPH = URIRef(BASE + "graph/reference")
SHAPES_GRAPH = URIRef(BASE + "graph/shapes")

# standard vocabularies we align to
ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
DCTERMS = Namespace("http://purl.org/dc/terms/")


class CKG(DefinedNamespace):
    """The corridorkg ontology (ontology/corridorkg.ttl)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # --- classes: things -------------------------------------------------------------
    Entity: URIRef
    Agent: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    Ministry: URIRef
    Company: URIRef
    RailwayCompany: URIRef
    PortAuthority: URIRef
    ShippingCompany: URIRef
    NewsAgency: URIRef
    InternationalOrganization: URIRef
    Association: URIRef
    Place: URIRef
    Country: URIRef
    Region: URIRef
    AdministrativeRegion: URIRef
    Sea: URIRef
    GeographicRegion: URIRef
    Settlement: URIRef
    Port: URIRef
    Seaport: URIRef
    DryPort: URIRef
    BorderCrossing: URIRef
    Corridor: URIRef
    RailwayLine: URIRef
    SeaLine: URIRef
    RoadRoute: URIRef
    Pipeline: URIRef
    MultimodalCorridor: URIRef
    RouteLeg: URIRef
    # --- classes: concepts (SKOS) ----------------------------------------------------
    Role: URIRef
    Metric: URIRef
    Unit: URIRef
    Status: URIRef
    TransportMode: URIRef
    CargoType: URIRef
    # --- concept schemes (skos:ConceptScheme individuals holding the concepts above) ---
    RoleScheme: URIRef
    MetricScheme: URIRef
    UnitScheme: URIRef
    StatusScheme: URIRef
    TransportModeScheme: URIRef
    CargoTypeScheme: URIRef
    # --- classes: facts and provenance -----------------------------------------------
    Fact: URIRef
    Post: URIRef
    Meeting: URIRef
    Measurement: URIRef
    CorridorLink: URIRef
    Document: URIRef
    Sentence: URIRef
    Mention: URIRef
    ExtractionRun: URIRef
    Extractor: URIRef

    # --- document -----------------------------------------------------------------
    identifier: URIRef        # Document -> xsd:string (the file stem / jsonl id)
    sourceUrl: URIRef         # Document -> xsd:anyURI
    publicationDate: URIRef   # Document -> xsd:date
    language: URIRef          # Document -> xsd:string (BCP 47: "en", "ru", "kk")
    title: URIRef             # Document -> xsd:string
    contentHash: URIRef       # Document -> xsd:string (sha256 of the normalised text)
    mentions: URIRef          # Document -> Entity
    # --- sentence / mention (evidence) ----------------------------------------------
    inDocument: URIRef        # Sentence|Mention -> Document
    inSentence: URIRef        # Mention -> Sentence
    charStart: URIRef         # Sentence|Mention -> xsd:integer (offset in the document text)
    charEnd: URIRef           # Sentence|Mention -> xsd:integer (exclusive)
    text: URIRef              # Sentence -> xsd:string (the quoted sentence)
    surfaceForm: URIRef       # Mention -> xsd:string (as written)
    mentionOf: URIRef         # Mention -> Entity
    linkMethod: URIRef        # Mention -> xsd:string ("reference", "fuzzy", "ner", "coreference", "title")
    # --- facts -------------------------------------------------------------------------
    extractedFrom: URIRef     # Fact -> Document
    evidence: URIRef          # Fact -> Sentence
    confidence: URIRef        # Fact|Mention -> xsd:decimal in [0, 1]
    extractorVersion: URIRef  # Extractor|ExtractionRun -> xsd:string
    nlpModel: URIRef          # Extractor -> xsd:string
    # post
    heldBy: URIRef            # Post -> Person
    role: URIRef              # Post -> Role
    postIn: URIRef            # Post -> Organization | Country | Region | Settlement
    accreditedTo: URIRef      # Post -> Country
    since: URIRef             # Post -> xsd:date (the date the post is attested)
    # meeting
    participant: URIRef       # Meeting -> Agent | Country | Region
    date: URIRef              # Meeting -> xsd:date
    location: URIRef          # Meeting -> Place
    # measurement
    metric: URIRef            # Measurement -> Metric
    value: URIRef             # Measurement -> xsd:decimal (base units)
    valueMax: URIRef          # Measurement -> xsd:decimal (upper bound of a range)
    unit: URIRef              # Measurement -> Unit
    period: URIRef            # Measurement -> xsd:string (ISO 8601: "2023", "2022-01/2022-09")
    periodStart: URIRef       # Measurement -> xsd:date
    periodEnd: URIRef         # Measurement -> xsd:date
    status: URIRef            # Measurement -> Status
    subject: URIRef           # Measurement -> Entity (what the figure is about)
    origin: URIRef            # Measurement -> Place (trade/cargo flow origin)
    destination: URIRef       # Measurement -> Place (trade/cargo flow destination)
    changePct: URIRef         # Measurement -> xsd:decimal (percent change, negative = decline)
    cargoType: URIRef         # Measurement -> CargoType
    perYear: URIRef           # Measurement -> xsd:boolean (a rate per year, e.g. capacity)
    # corridor link
    place: URIRef             # CorridorLink -> Place
    corridor: URIRef          # CorridorLink -> Corridor

    # --- reference data ---------------------------------------------------------------
    isoAlpha2: URIRef         # Country -> xsd:string [A-Z]{2}
    isoAlpha3: URIRef         # Country -> xsd:string [A-Z]{3}
    isoNumeric: URIRef        # Country -> xsd:string [0-9]{3}
    isoSubdivision: URIRef    # AdministrativeRegion -> xsd:string (ISO 3166-2, e.g. "KZ-MAN")
    locode: URIRef            # Port|Settlement -> xsd:string (UN/LOCODE, e.g. "KZAKX")
    country: URIRef           # Place|Organization -> Country (the country it belongs to)
    locatedIn: URIRef         # Place -> Place (the region or settlement that contains it)
    demonym: URIRef           # Country|Region -> rdf:langString ("Lithuanian"@en, "литовский"@ru)
    passesThrough: URIRef     # Corridor -> Place (reference: places a corridor serves)
    mode: URIRef              # Corridor|RouteLeg -> TransportMode
    hasLeg: URIRef            # Corridor -> RouteLeg
    legFrom: URIRef           # RouteLeg -> Place
    legTo: URIRef             # RouteLeg -> Place
    legOrder: URIRef          # RouteLeg -> xsd:integer (1-based position along the corridor)
    parentOrganization: URIRef  # Organization -> Organization
    bboxSouth: URIRef         # Country -> xsd:decimal (bounding box, ontology/reference/bounds.ttl)
    bboxWest: URIRef          # Country -> xsd:decimal
    bboxNorth: URIRef         # Country -> xsd:decimal
    bboxEast: URIRef          # Country -> xsd:decimal (< bboxWest when the box crosses 180°)


class SHAPE(DefinedNamespace):
    """The SHACL shapes (ontology/shapes.ttl): the terms code refers to."""

    _NS = Namespace(BASE + "shapes#")
    _fail = True
    CrossGraphShape: URIRef   # a node shape checked once on all graphs together


class ROLE(DefinedNamespace):
    """Posts (SKOS scheme in ontology/concepts.ttl). Local names use '_' for spaces."""

    _NS = Namespace(BASE + "role/")
    _fail = True
    president: URIRef
    prime_minister: URIRef
    first_deputy_prime_minister: URIRef
    deputy_prime_minister: URIRef
    minister: URIRef
    vice_minister: URIRef
    ambassador: URIRef
    consul_general: URIRef
    governor: URIRef
    mayor: URIRef
    chairman: URIRef
    director_general: URIRef
    head: URIRef
    spokesperson: URIRef
    executive_director: URIRef


class METRIC(DefinedNamespace):
    _NS = Namespace(BASE + "metric/")
    _fail = True
    trade_turnover: URIRef
    exports: URIRef
    imports: URIRef
    cargo_volume: URIRef
    container_volume: URIRef
    capacity: URIRef
    investment: URIRef


class UNIT(DefinedNamespace):
    _NS = Namespace(BASE + "unit/")
    _fail = True
    USD: URIRef
    EUR: URIRef
    KZT: URIRef
    t: URIRef
    TEU: URIRef
    containers: URIRef
    vehicles: URIRef
    trains: URIRef


class STATUS(DefinedNamespace):
    _NS = Namespace(BASE + "status/")
    _fail = True
    actual: URIRef
    target: URIRef


class MODE(DefinedNamespace):
    _NS = Namespace(BASE + "mode/")
    _fail = True
    rail: URIRef
    sea: URIRef
    road: URIRef
    air: URIRef
    pipeline: URIRef
    multimodal: URIRef


class CARGO(DefinedNamespace):
    _NS = Namespace(BASE + "cargo/")
    _fail = True
    oil: URIRef
    oil_products: URIRef
    grain: URIRef
    containers: URIRef
    metal: URIRef
    coal: URIRef
    fertilizer: URIRef
    general: URIRef
    food: URIRef
    construction_materials: URIRef


# The seven entity types of the fact tables (docs/MODEL.md, ../eval/CONTRACT.md): every
# entity class in the ontology is a subclass of exactly one of these.
TABLE_TYPES = (CKG.Person, CKG.Organization, CKG.Country, CKG.Region, CKG.Settlement, CKG.Port,
               CKG.Corridor)

PREFIXES = {
    "ckg": CKG._NS, "role": ROLE._NS, "metric": METRIC._NS, "unit": UNIT._NS,
    "status": STATUS._NS, "mode": MODE._NS, "cargo": CARGO._NS, "id": ID, "doc": DOC,
    "graph": GRAPH, "fact": FACT, "run": RUN, "agent": AGENT, "org": ORG, "geo": GEO,
    "schema": SCHEMA, "time": TIME, "dcterms": DCTERMS,
}


def bind_prefixes(graph) -> None:
    """Bind corridorkg's prefixes (and rdflib's defaults: rdf, rdfs, owl, skos, prov, xsd, sh)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
