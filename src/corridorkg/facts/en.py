"""English patterns for posts, meetings, figures and corridor links.

Every pattern reads a sentence template (facts/common.py) in which names are typed placeholders:
``⟨P:0⟩, the akim (governor) of the ⟨R:1⟩, met with ⟨P:2⟩`` — so the rules name roles,
prepositions and verbs, never particular people or places.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..linking import Linked, minted_organization
from .common import (PLACEHOLDER, Template, country_of, english_label, find_reference, find_roles,
                     reference_entity, salient, sentence_templates)
from .measures import MeasureCues, extract_measurements
from .meetings import MeetingCues, extract_meetings

# material that may stand between a title and the name it belongs to, or follow a name in apposition
_COMPLEMENT_WORD = r"(?:\([^()]{0,40}\)|of|for|to|in|at|on|the|and|&|region|oblast|province|city|⟨[OCRST]:\d+⟩|[A-Z][\w'’.-]*)"
_COMPLEMENT = re.compile(rf"(?:[ \t]*,?[ \t]*{_COMPLEMENT_WORD})*")
_GAP = re.compile(rf"^(?:[\s,]*{_COMPLEMENT_WORD})*[\s,]*$")
_PRE_ENTITY = re.compile(r"⟨([OCRST]):(\d+)⟩(?:'s|’s)?\s+((?:[A-Z][\w-]*\s+)*)$")
_TRAILING_AND = re.compile(r"\band\s*$")
_ORG_NAME = re.compile(r"^\s*(?:of|at)\s+(?:the\s+)?((?:⟨C:\d+⟩\s+)?[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|and|&|⟨O:\d+⟩))*)")
_APPOSITION = re.compile(r"^\s*(?:,|\(|–|-)\s*(?:the\s+|a\s+|who is\s+|who is the\s+)?")
_PREP_ENTITY = re.compile(r"(?:\b(of|for|to|in|at)\s+)?(?:the\s+)?⟨([OCRST]):(\d+)⟩")
_PORTFOLIO = re.compile(r"^\s*(of|for)\s+(?:the\s+)?((?:[A-Z][\w'’-]*)(?:,?\s+(?:[A-Z][\w'’-]*|and|&|of(?!\s+(?:the\s+)?⟨)))*)")
_MINISTRY_PREFIX = {"foreign": "Foreign Affairs"}
_TITLE_WORDS = {"minister", "ministers", "deputy", "vice", "vice-minister", "first", "acting", "fm"}
_COUNTRY_ROLES = {"president", "prime_minister", "first_deputy_prime_minister", "deputy_prime_minister"}
_ORG_ROLES = {"chairman", "director_general", "head", "executive_director", "spokesperson"}

EN_MEETINGS = MeetingCues(
    trigger=re.compile(
        r"\b(?:met|meets|meetings?|talks|received|receives|negotiations|consultations|discussions|"
        r"discussed(?=[^.]*\bwith\b[^.]{0,80}?⟨P:)|delegations? (?:was|were) (?:led|headed)|"
        r"held (?:a )?(?:phone|telephone) (?:call|conversation)|co-chaired|session of the)\b", re.I),
    guests=re.compile(
        r"\b(met|meeting|meetings|talks|negotiations|consultations|conversation)\s+with\b", re.I),
    separate=re.compile(r"meetings", re.I),
)

EN_CUES = MeasureCues(
    lang="en",
    metric=(
        ("imports", r"\bimport"),
        ("exports", r"\bexport"),
        ("trade_turnover", r"\btrade\b|turnover|\btraded\b"),
        ("investment", r"\binvest|\bprojects? worth\b"),
        ("capacity", r"\bcapacity\b|\bcapable of\b|\bdesigned (?:for|to)\b|\b(?:transport|transit) potential\b"),
        ("cargo_volume", r"\bcargo|\bfreight|\btranspor|\bshipp|\bhandl|\btransship|\btraffic|\bgoods\b|\bthroughput|\bloaded|\bcarried"),
    ),
    target=r"\b(?:plan\w*|aim\w*|target\w*|expect\w*|will|forecast\w*|intend\w*|goal|to reach|to increase|to bring|projected|could|would|potential|by the end of|envisag\w*|set to|interested in|seek\w*|strive\w*|ready to|want to)\b",
    between=r"\bbetween\b",
    to=r"\b(?:to|into)\s+(?:the\s+)?$",
    from_=r"\bfrom\s+(?:the\s+)?$",
    cargo=(("oil_products", r"\boil products|petroleum products"), ("oil", r"\boil\b|\bcrude"),
           ("grain", r"\bgrain|\bwheat|\bbarley"), ("containers", r"\bcontainer"),
           ("metal", r"\bmetal|\bsteel|\bferrous"), ("coal", r"\bcoal\b"),
           ("fertilizer", r"\bfertili[sz]er"), ("construction_materials", r"\bconstruction materials")),
    comparison=r"(?:compared (?:to|with)|in contrast to|than|against|versus|up from|down from|increase from|decrease from)\s+(?:in\s+)?(?:the\s+)?(?:(?:level|figure|volume)\s+of\s+(?:the\s+)?)?(?:same period(?:\s+(?:of|in))?\s+)?(?:the\s+)?$",
    previous_year=r"previous year|last year|a year earlier|the year before|prior year",
    clause_break=r";|\b(?:noting that|while|whereas|but|although|however)\b",
    delta=r"\b(?:grew|grown|grow|grows|increased|increasing|increase|rose|risen|rising|decreased|"
          r"decreasing|decrease|declined|declining|fell|fallen|dropped|up|down|higher|lower)\s+by\s+"
          r"(?:about\s+|nearly\s+|almost\s+|over\s+|more than\s+)?$",
    port_anaphora=r"\b(?:the|this|our|its)\s+(?:sea\s*)?port\b",
    plan_met=r"\b(?:exceed\w*|surpass\w*|beat|above|beyond|ahead of|in spite of|despite)\s+"
             r"(?:its |the |their |our )?(?:\w+ )?(?:target|plan|planned|forecast)\w*",
    corridor_anaphora=r"\b(?:the|this|that)\s+(?:entire\s+|whole\s+)?(?:route|corridor)\b",
    same_period=r"\bsame period (?:of |in |last )?(?:the )?$",
    event_date=r"\b(?:launched|opened|commissioned|inaugurated|founded|built|completed|put into "
               r"(?:service|operation))\s+(?:in\s+|at\s+|on\s+)?(?:the\s+)?(?:end\s+of\s+)?$",
)


def extract(linked: Linked) -> list:
    templates = sentence_templates(linked)
    facts = []
    posts = extract_positions(linked, templates)
    _merge_portfolios(linked)
    facts += posts
    facts += extract_meetings(linked, templates, EN_MEETINGS, posts)
    facts += extract_measurements(linked, templates, EN_CUES)
    facts += extract_corridor_links(linked, templates)
    return facts


# ---------------------------------------------------------------------------------------------
# posts

def extract_positions(linked: Linked, templates: list[Template]) -> list:
    from . import Position
    date = linked.analysis.document.date
    seen, out = set(), []
    for template in templates:
        for person_match in PLACEHOLDER.finditer(template.text):
            if person_match.group(1) != "P":
                continue
            person = template.mention(person_match.group(2))
            for role, of, to in _titles_of(linked, template, person_match):
                if of is None or of == person.entity_iri:
                    continue
                key = (person.entity_iri, role, of)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Position(person.entity_iri, role, of, to, date, template.sentence, 0.8))
    return out


_RESPECTIVELY = re.compile(
    r"\s+of\s+(?:the\s+)?⟨([COR]):(\d+)⟩\s*(?:,|and)\s+(?:the\s+)?⟨([COR]):(\d+)⟩,?\s+"
    r"⟨P:(\d+)⟩\s*(?:,|and)\s+⟨P:(\d+)⟩")


def _titles_of(linked: Linked, template: Template, person_match: re.Match):
    text = template.text
    roles = find_roles(text, "en")
    start, end = person_match.start(), person_match.end()
    # "Presidents of ⟨C:0⟩ and ⟨C:1⟩ ⟨P:2⟩ and ⟨P:3⟩": each holds the post of the body in turn
    for r_start, r_end, role in roles:
        both = _RESPECTIVELY.match(text, r_end)
        if both and person_match.group(2) in (both.group(5), both.group(6)):
            body = both.group(2) if person_match.group(2) == both.group(5) else both.group(4)
            yield role, template.mention(body).entity_iri, None
            return
    # a title before the name: "Minister of Transport of ⟨C⟩ ⟨P⟩", "⟨C⟩ Ambassador ⟨P⟩"
    before = [r for r in roles if r[1] <= start and "⟨P:" not in text[r[1]:start]
              and _GAP.match(text[r[1]:start]) and not _TRAILING_AND.search(text[r[1]:start])]
    if before:
        r_start, r_end, role = before[-1]
        yield _resolve(linked, template, role, text[:r_start], text[r_start:start])
    # a title after the name, in apposition: "⟨P⟩, the akim (governor) of the ⟨R⟩"
    lead = _APPOSITION.match(text[end:])
    if lead and lead.group(0).strip():
        after = end + lead.end()
        for r_start, r_end, role in roles:
            if r_start == after or (r_start > after and _GAP.match(text[after:r_start])
                                     and "⟨" not in text[after:r_start]):
                complement = _COMPLEMENT.match(text, r_end).group(0)
                yield _resolve(linked, template, role, text[after:r_start], text[r_start:r_end] + complement,
                               context=text[:start])
                # "⟨P⟩, Vice Minister of X and head of Y": a second title joined by "and"
                rest = text[r_end + len(complement):]
                more = re.match(r"^\s*,?\s*and\s+(?:the\s+)?", rest)
                if more:
                    offset = r_end + len(complement) + more.end()
                    for s2, e2, role2 in roles:
                        if s2 == offset:
                            yield _resolve(linked, template, role2, "",
                                           text[s2:e2] + _COMPLEMENT.match(text, e2).group(0))
                break


def _resolve(linked: Linked, template: Template, role: str, pre: str, title: str, *,
             context: str | None = None):
    """(role, of IRI, to IRI) from the words around a title.

    ``pre`` is the text before the title, ``title`` the title with its complement
    ("Minister of Transport of ⟨C:2⟩"), ``context`` the text before the person when the title
    follows the name.
    """
    complement = title[_title_length(title, role):]
    entities = [(prep, template.mention(i)) for prep, _, i in _PREP_ENTITY.findall(complement)]
    pre_match = _PRE_ENTITY.search(pre)
    pre_entity = template.mention(pre_match.group(2)) if pre_match else None
    pre_words = (pre_match.group(3) if pre_match else re.search(r"((?:[A-Z][\w-]*\s+)*)$", pre).group(1)).split()

    def first(types, preps=None):
        for prep, m in entities:
            if m.table_type in types and (preps is None or (prep or "") in preps):
                return m.entity_iri
        if pre_entity is not None and pre_entity.table_type in types:
            return pre_entity.entity_iri
        return None

    to = None
    if role not in ("minister", "prime_minister") and pre_words and pre_words[-1].lower() in ("vice", "deputy"):
        return role, None, None     # a deputy's post ("Vice Mayor", "Deputy Director General")
    # portfolio words inside the title itself ("Foreign Minister")
    pre_words = pre_words + [w for w in re.findall(r"[A-Z][\w-]*", title[:_title_length(title, role)])
                             if w.lower() not in _TITLE_WORDS]
    if role == "minister" and any(w.lower() in ("deputy", "vice") for w in pre_words):
        role = "vice_minister"      # "Deputy Foreign Minister"
        pre_words = [w for w in pre_words if w.lower() not in ("deputy", "vice", "first")]
    if role in ("minister", "vice_minister"):
        body = first({"Organization"})
        if body and not _is_ministry(linked, body):
            # the model tagged the portfolio ("Transport and Communications") as an organisation
            complement = _unlink_portfolio(linked, template, complement, body)
            body = None
        country = first({"Country"}, {"of", ""}) or _country_before(template, context or pre)
        of = body or _ministry(linked, role, pre_words, complement, country)
    elif role in ("ambassador", "consul_general"):
        of = first({"Country"}, {"of", ""})
        host = [m for prep, m in entities if prep in ("to", "in", "at")]
        for m in host:
            to = country_of(m.entity_iri)
            if to:
                break
        if of == to:
            of = None
    elif role in ("governor", "mayor"):
        of = first({"Region", "Settlement"}) or (_salient_region(linked) if re.search(r"\bregion|oblast", title, re.I) else None)
    elif role in _COUNTRY_ROLES:
        of = first({"Country"}) or first({"Organization"})
    elif role in _ORG_ROLES:
        of = first({"Organization", "Port"}) or _named_org(linked, template, complement)
        if of is None and role == "head":
            of = first({"Region"}) or (_salient_region(linked) if re.search(r"\bregion|oblast", title, re.I) else None)
            if of:
                role = "governor"
    else:
        of = first({"Organization", "Country", "Region"})
    return role, of, to


def _named_org(linked: Linked, template: Template, complement: str) -> str | None:
    """An organisation named in a title's complement that linking did not know
    ("Director General of the Kazakh Carriers Union")."""
    match = _ORG_NAME.match(complement)
    if not match:
        return None
    name = PLACEHOLDER.sub(lambda m: template.mention(m.group(2)).text, match.group(1))
    name = re.sub(r"\s+(?:of|and|&)$", "", name.strip())
    if len(name.split()) < 2:
        return None
    entity = minted_organization(name, "en")
    linked.entities.setdefault(entity.iri, entity)
    return entity.iri


def _merge_portfolios(linked: Linked) -> None:
    """A name the model took for an organisation that is only a ministry's portfolio
    ("Transport and Communications") names that ministry when the document has it."""
    ministries = {}
    for entity in linked.entities.values():
        if entity.table_type == "Organization":
            for label, lang in entity.labels:
                match = re.match(r"Ministry (?:of|for) (?:the )?(.+?)(?: of (?:the )?[A-Z][\w ]+)?$", label)
                if match and lang == "en":
                    ministries.setdefault(match.group(1).casefold(), entity.iri)
    for iri, entity in list(linked.entities.items()):
        target = ministries.get(entity.labels[0][0].casefold()) if not entity.reference else None
        if target and target != iri:
            linked.mentions[:] = [replace(m, entity_iri=target) if m.entity_iri == iri else m
                                  for m in linked.mentions]
            del linked.entities[iri]


def _country_before(template: Template, pre: str) -> str | None:
    """The country named last before a title in its clause, unless another person stands between
    ("⟨C⟩ delegation was led by Deputy Foreign Minister ⟨P⟩")."""
    tail = pre.rsplit("⟨P:", 1)[-1]
    countries = [m for m in PLACEHOLDER.finditer(tail) if m.group(1) == "C"]
    return template.mention(countries[-1].group(2)).entity_iri if countries else None


def _is_ministry(linked: Linked, iri: str) -> bool:
    entity = linked.entities.get(iri)
    return entity is not None and (entity.cls in ("Ministry", "GovernmentBody") or any(
        re.search(r"\bministry\b|министерств", label, re.I) for label, _ in entity.labels))


def _unlink_portfolio(linked: Linked, template: Template, complement: str, iri: str) -> str:
    """Put the portfolio's words back into the title and forget the organisation the model made of
    them (the ministry the title names takes its place)."""
    def text_of(match: re.Match) -> str:
        mention = template.mention(match.group(2))
        return mention.text if mention.entity_iri == iri else match.group(0)
    if not any(m.entity_iri == iri and m.method != "ner" for m in linked.mentions):
        linked.mentions[:] = [m for m in linked.mentions if m.entity_iri != iri]
        linked.entities.pop(iri, None)
    return PLACEHOLDER.sub(text_of, complement)


def _title_length(title: str, role: str) -> int:
    """Length of the role phrase at the start of ``title``."""
    for start, end, found in find_roles(title, "en"):
        if start == 0 and found == role:
            return end
    return 0


def _salient_region(linked: Linked) -> str | None:
    regions = salient(linked, "Region")
    return regions[0] if regions else None


def _ministry(linked: Linked, role: str, pre_words: list[str], complement: str, country: str | None) -> str | None:
    """The ministry a minister's title names, as a reference entity or a minted one."""
    portfolio = _PORTFOLIO.match(complement)
    if portfolio:
        prep, name = portfolio.group(1), re.sub(r"\s+(?:of|and|&)$", "", portfolio.group(2).strip(" ,"))
    elif pre_words:
        prep, name = "of", " ".join(_MINISTRY_PREFIX.get(w.lower(), w) for w in pre_words)
    else:
        return None
    label = f"Ministry {prep} {name}"
    if country:
        label += f" of {english_label(country, linked)}"
    iri = find_reference(label, "Organization")
    entity = reference_entity(iri) if iri else minted_organization(label, "en")
    linked.entities.setdefault(entity.iri, entity)
    return entity.iri


# ---------------------------------------------------------------------------------------------
# meetings

# ---------------------------------------------------------------------------------------------
# corridor links

# a place governed by one of these lies on the route: "runs through ⟨C⟩ and ⟨C⟩", "connecting ⟨S⟩"
_LINK_BEFORE = re.compile(
    r"\b(?:through|via|across|along|travers\w*|pass\w*|connect\w*|(?:inter)?link\w*|join\w*|"
    r"cross\w*|runs?|stretch\w*|reach\w*|between)\b[^.;⟨]{0,40}?(?:(?:⟨[^⟩]+⟩)[^.;⟨]{0,30}?)*$",
    re.I)
# ... or the place is said to be a part of it: "⟨T⟩ is an integral part of ⟨K⟩"
_LINK_AFTER = re.compile(
    r"^[^.;⟨]{0,30}?\b(?:part|section|segment|link|hub|element|component|gateway)\s+of\b", re.I)
_CORRIDOR_ANAPHORA = re.compile(
    r"\b(?:the|this|that|its)\s+(?:corridor|route)(?:'s)?\b|\b(?:the|its)\s+(?:western|eastern|"
    r"northern|southern|central)\s+(?:branch|route|section)\b", re.I)


def extract_corridor_links(linked: Linked, templates: list[Template]) -> list:
    """Places said to lie on a corridor: ports named in a sentence with the corridor, and other
    places governed by a route word ("through", "connecting", "part of"). A sentence that speaks
    of "the corridor" or "its eastern branch" continues the corridor named last."""
    from . import CorridorLink
    out, seen, last = [], set(), None
    for template in templates:
        corridors = [m.entity_iri for m in template.placeholders(letters="K")]
        if not corridors and last and _CORRIDOR_ANAPHORA.search(template.text):
            corridors = [last]
        if not corridors:
            continue
        last = corridors[-1]
        for match in PLACEHOLDER.finditer(template.text):
            place = template.mention(match.group(2))
            if match.group(1) not in "TSCR" or place.method == "demonym":
                continue
            governed = (_LINK_BEFORE.search(template.text[:match.start()])
                        or _LINK_AFTER.match(template.text[match.end():]))
            if place.table_type != "Port" and not governed:
                continue
            for corridor in corridors:
                key = (place.entity_iri, corridor)
                if key not in seen and place.entity_iri != corridor:
                    seen.add(key)
                    confidence = 0.7 if place.table_type == "Port" or governed else 0.6
                    out.append(CorridorLink(place.entity_iri, corridor, template.sentence, confidence))
    return out
