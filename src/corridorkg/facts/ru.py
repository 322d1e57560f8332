"""Russian (and Kazakh-script) patterns for posts, meetings, figures and corridor links.

The mirror of facts/en.py. Every pattern reads a sentence template (facts/common.py) in which
names are typed placeholders: ``Вице-министр индустрии ⟨C:0⟩ ⟨P:1⟩ встретился с председателем
Правления ⟨O:2⟩ ⟨P:3⟩`` — so the rules name titles, case-marked complements and verbs, never
particular people or places. Titles come from the SKOS role labels (matched on lemmas); what a
title belongs to is read from its genitive complement ("министр транспорта ⟨C⟩" → the Ministry
of Transport of that country; facts/ru_ministries.py).
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..linking import Linked, minted_organization
from ..mentions import normalise_key, russian_lemma, russian_nominative, russian_parses
from . import CorridorLink, Position
from .common import PLACEHOLDER, Template, country_of, find_roles, salient, sentence_templates
from .measures import MeasureCues, extract_measurements
from .meetings import MeetingCues, extract_meetings
from .ru_ministries import Ministries, portfolio_of_title

RU_CUES = MeasureCues(
    lang="ru",
    metric=(
        ("imports", r"\bимпорт\w*|\bввоз\w*|\bввез\w*"),
        ("exports", r"\bэкспорт\w*|\bвывоз\w*|\bвывез\w*"),
        ("trade_turnover", r"товарооборот\w*|\bторгов\w*\s+оборот\w*|\bторговл\w*|\bвнешнеторгов\w*"),
        ("investment", r"\bинвест\w*|\bвложени\w*|\bкапиталовложени\w*"),
        ("capacity", r"\bмощност\w*|\bпропускн\w*\s+способност\w*|\bрассчитан\w*\s+на\b"),
        # "груз..." but not Georgia ("Грузией", "грузинский")
        ("cargo_volume", r"\bгруз(?!ин|и(?:я|и|ей|ю)\b)\w*|\bперевоз\w*|\bперевал\w*|\bперевез\w*|"
                         r"\bтранзит\w*|\bотгру\w*|\bпогру\w*|\bтранспортир\w*|\bгрузооборот\w*|"
                         r"\bгрузопоток\w*"),
    ),
    target=r"\b(?:планир\w*|план|планы|плана|плановы\w*|ожида\w*|прогноз\w*|намер\w*|"
           r"цель|цели|целью|целев\w*|предполага\w*|предусматрива\w*|будет|будут|станет|"
           r"составит|составят|достигнет|достигнут|позволит|потенциал\w*|строительств\w*|"
           r"строящ\w*|может|могут|смогут|к\s+\d{4}\s+году|до\s+\d{4}\s+года)\b",
    between=r"\bмежду\b",
    to=r"(?:\b(?:в|во|на)\s+)$",
    from_=r"(?:\b(?:из|от)\s+)$",
    cargo=(("oil_products", r"нефтепродукт"), ("oil", r"\bнефт(?!еп)\w*"),
           ("grain", r"\bзерн\w*|\bпшениц\w*|\bячмен\w*"), ("containers", r"\bконтейнер\w*"),
           ("metal", r"\bметалл\w*|\bстал[ьи]\b|\bпрокат\w*"), ("coal", r"\bуг(?:оль|ля|лю|лем|ле)\b"),
           ("fertilizer", r"\bудобрен\w*"),
           ("construction_materials", r"\bстроительн\w*\s+материал\w*|\bстройматериал\w*")),
    comparison=r"(?:\bпо\s+сравнению\s+со?|\bв\s+сравнении\s+со?|\bотносительно|\bпротив|"
               r"\bчем(?:\s+(?:в|за))?|\bк\s+уровню|\bот\s+уровня|\b(?:выше|ниже|больше|меньше)\s+"
               r"(?:уровня|показателя)?)\s*(?:аналогичн\w+\s+период\w*\s+)?$",
    previous_year=r"\bпрошл\w+\s+год\w*|\bпредыдущ\w+\s+год\w*|\bгодом\s+ранее",
    clause_break=r";|\b(?:тогда\s+как|в\s+то\s+время\s+как|однако|но|хотя)\b",
    delta=r"\b(?:вырос\w*|выросл\w*|увелич\w+|возрос\w*|снизил\w*|сократил\w*|уменьшил\w*|"
          r"упал\w*|больше|меньше|выше|ниже)\s+на\s+(?:около\s+|почти\s+|более\s+|свыше\s+)?$",
    port_anaphora=r"\b(?:морск\w+\s+)?порт(?:а|у|ом|е)?\b(?!\s+[А-ЯЁA-Z«⟨])",
    plan_met=r"\b(?:перевыполн\w*|выше\s+план\w*|сверх\s+план\w*|превысил\w*\s+план\w*)",
    event_date=r"\b(?:запущен\w*|введен\w*|введён\w*|открыт\w*|построен\w*|сдан\w*)\s+(?:в\s+)?"
               r"(?:эксплуатацию\s+)?(?:в\s+)?(?:конце\s+|начале\s+)?$",
)

_COUNTRY_ROLES = {"president", "prime_minister", "first_deputy_prime_minister", "deputy_prime_minister"}
_MINISTER_ROLES = {"minister", "vice_minister"}

# nouns that head the name of an organisation ("президент конфедерации промышленников ⟨C⟩")
_ORG_NOUNS = frozenset((
    "агентство", "администрация", "альянс", "ассоциация", "банк", "биржа", "ведомство",
    "группа", "департамент", "казначейство", "комитет", "комиссия", "компания", "конфедерация",
    "концерн", "корпорация", "объединение", "организация", "палата", "партия", "предприятие",
    "секретариат", "служба", "совет", "союз", "управление", "фонд", "федерация", "холдинг",
    "центр", "институт", "университет", "академия", "общество", "консорциум", "дирекция",
))
# common nouns that may stand between "через" and the place it governs ("через морской порт ⟨T⟩")
_PLACE_NOUNS = frozenset(map(normalise_key, (
    "порт", "морской", "речной", "сухой", "станция", "город", "пункт", "пограничный", "переход",
    "регион", "область", "территория", "страна", "терминал", "хаб", "железнодорожный", "пропускной")))


def extract(linked: Linked) -> list:
    """Posts, meetings, figures and corridor links of one Russian or Kazakh-script document.

    Like facts/en.py, this adds the ministries that titles name to ``linked.entities``; it also
    points the document's mentions of a ministry's name or acronym ("МТИ") at that ministry
    (facts/ru_ministries.py), so that one ministry is one entity.
    """
    ministries = Ministries(linked)
    ministries.canonicalise_mentions()
    templates = sentence_templates(linked)
    facts: list = []
    posts = extract_positions(linked, templates, ministries)
    facts += posts
    if ministries.merge_abbreviations():
        templates = sentence_templates(linked)
    facts += extract_meetings(linked, templates, RU_MEETINGS, posts)
    facts += extract_measurements(linked, templates, RU_CUES)
    facts += extract_corridor_links(linked, templates)
    return facts


# ---------------------------------------------------------------------------------------------
# posts

_WORD = r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіA-Za-z][\w'’.-]*"
_TOKEN = re.compile(rf"⟨[POCRSTK]:\d+⟩|«[^«»⟨⟩]{{0,60}}»|\([^()]{{0,40}}\)|{_WORD}|\S")
_COMPLEMENT_PREPOSITIONS = {"при", "по", "в", "во", "на"}
_DEPUTY = re.compile(r"(?:заместител\w*|\bзам\.?|советник\w*|помощник\w*|референт\w*)\s+$", re.I)
_JOINT = re.compile(r"\s*(?:,|\bи\b|[–—])\s*$")


def extract_positions(linked: Linked, templates: list[Template], ministries: Ministries) -> list:
    date = linked.analysis.document.date
    seen, out = set(), []
    for template in templates:
        # a deputy, adviser or assistant of a post does not hold it ("заместитель председателя
        # правления"; "заместитель министра" is a title of its own in the lexicon)
        roles = [r for r in find_roles(template.text, "ru")
                 if not _DEPUTY.search(template.text[max(0, r[0] - 30):r[0]])]
        if not roles:
            continue
        for person_match in PLACEHOLDER.finditer(template.text):
            if person_match.group(1) != "P":
                continue
            person = template.mention(person_match.group(2))
            for role, of, to in _titles_of(linked, template, person_match, roles, ministries):
                if of is None or of == person.entity_iri:
                    continue
                key = (person.entity_iri, role, of)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Position(person.entity_iri, role, of, to, date, template.sentence, 0.8))
    return out


def _titles_of(linked, template: Template, person_match: re.Match, roles, ministries):
    """(role, of, to) for each title of a person: before the name ("Вице-министр ... ⟨P⟩",
    "с президентом X и председателем Y ⟨P⟩") or after it in apposition ("⟨P⟩, министр ...")."""
    text = template.text
    start, end = person_match.start(), person_match.end()
    before = [r for r in roles if r[1] <= start and _is_complement(text[r[1]:start])]
    if before:
        chain = [before[-1]]
        # titles joined by "и" or a comma: "президентом X и председателем Y ⟨P⟩"
        for r in reversed(roles):
            if r[1] > chain[-1][0]:
                continue
            gap = text[r[1]:chain[-1][0]]
            joint = _JOINT.search(gap)
            if not (joint and _is_complement(gap[:joint.start()])):
                break
            chain.append(r)
        for i, (r_start, r_end, role) in enumerate(chain):
            complement_end = start if i == 0 else chain[i - 1][0]
            complement = text[r_end:complement_end]
            if i:
                complement = _JOINT.sub("", complement)
            yield _resolve(linked, template, role, (r_start, r_end), complement, ministries)
    # apposition: "⟨P⟩, вице-министр иностранных дел ⟨C⟩, ..."
    lead = re.match(r"\s*(?:,|–|—|-|\()\s*", text[end:])
    if lead:
        after = end + lead.end()
        for r_start, r_end, role in roles:
            if r_start == after:
                complement = _complement_prefix(text[r_end:])
                yield _resolve(linked, template, role, (r_start, r_end), complement, ministries)
                rest = text[r_end + len(complement):]
                more = re.match(r"\s*,?\s*и\s+", rest)
                if more:
                    offset = r_end + len(complement) + more.end()
                    for s2, e2, role2 in roles:
                        if s2 == offset:
                            yield _resolve(linked, template, role2, (s2, e2),
                                           _complement_prefix(text[e2:]), ministries)
                break


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_complement_token(token: str, following: str | None) -> bool:
    if token.startswith("⟨"):
        return token[1] in "OCRSTK"
    if token.startswith(("«", "(")) or token == "»":
        return True
    if token == "и":
        return True
    if token == ",":   # a list of portfolios: "инвестиций, промышленности и торговли"
        return following is not None and following[:1].islower() and _is_noun_or_adjective(following)
    if token in _COMPLEMENT_PREPOSITIONS:
        return following is not None and (following.startswith("⟨") or following[:1].isupper()
                                          or _is_noun_or_adjective(following))
    if not token[:1].isalpha():
        return False
    if token[:1].isupper() or re.match(r"[A-Za-z]", token):
        return True
    return _is_noun_or_adjective(token)


@lru_cache(maxsize=20_000)
def _is_noun_or_adjective(word: str) -> bool:
    parse = russian_parses(word)[0]
    return parse.tag.POS in ("NOUN", "ADJF", "PRTF", "NUMR") and word not in ("который", "которая")


def _is_complement(gap: str) -> bool:
    """Whether the words between a title and a name are its complement (genitive nouns and
    adjectives, names, "и", "при"), not a clause ("встретился с")."""
    tokens = _tokens(gap)
    if len(tokens) > 14 or "⟨P:" in gap:
        return False
    return all(_is_complement_token(t, tokens[i + 1] if i + 1 < len(tokens) else None)
               for i, t in enumerate(tokens))


def _complement_prefix(text: str) -> str:
    """The longest start of ``text`` that is a title's complement (up to a comma, verb, ...)."""
    end = 0
    tokens = list(_TOKEN.finditer(text))
    for i, match in enumerate(tokens[:14]):
        following = tokens[i + 1].group() if i + 1 < len(tokens) else None
        if not _is_complement_token(match.group(), following):
            break
        end = match.end()
    return text[:end]


def _resolve(linked: Linked, template: Template, role: str, role_span: tuple[int, int],
             complement: str, ministries: Ministries):
    """(role, of IRI, to IRI) from a title and its complement."""
    text = template.text
    entities = []   # (preposition before it or "", mention)
    previous = ""
    for token in _tokens(complement):
        match = PLACEHOLDER.fullmatch(token)
        if match:
            entities.append((previous, template.mention(match.group(2))))
        previous = token if token in _COMPLEMENT_PREPOSITIONS else ("" if match else previous)
    leading = _leading_words(complement)
    pre = re.search(r"⟨([CO]):(\d+)⟩\s*$", text[:role_span[0]])
    pre_entity = template.mention(pre.group(2)) if pre else None

    def first(types, preps=("",)):
        for prep, m in entities:
            if m.table_type in types and prep in preps:
                return m.entity_iri
        if pre_entity is not None and pre_entity.table_type in types:
            return pre_entity.entity_iri
        return None

    to = None
    role_text = text[role_span[0]:role_span[1]]
    if role in _MINISTER_ROLES:
        of = first({"Organization"})
        if of is None:
            portfolio = portfolio_of_title(role_text) or " ".join(leading).replace(" ,", ",")
            country = first({"Country"})
            surface = _surface(template, _strip_prepositional(complement) if leading else "")
            if not leading:
                surface = f"{portfolio} {surface}".strip()
            of = ministries.find(portfolio, country, surface) if portfolio else None
    elif role in ("ambassador", "consul_general"):
        of = first({"Country"})
        for prep, m in entities:
            if prep in ("в", "во", "при") and country_of(m.entity_iri):
                to = country_of(m.entity_iri)
                break
        if of == to:
            of = None
    elif role in ("governor", "mayor"):
        of = first({"Region", "Settlement"}) or (
            _salient(linked, "Region") if any(russian_lemma(w) == "область" for w in leading) else None)
    elif role in _COUNTRY_ROLES:
        of = _organization_of(linked, template, complement, leading) or first({"Country"}) \
            or first({"Organization"})
    else:   # chairman, director general, head, spokesperson, executive director
        of = first({"Organization", "Port"}) or _organization_of(linked, template, complement, leading)
        if of is None and role == "head":
            of = first({"Country"})
            if of:
                role = "president"        # "глава Туркменистана": the head of state
            else:
                of = first({"Region"})
                role = "governor" if of else role
    return role, of, to


def _leading_words(complement: str) -> list[str]:
    """The lowercase words a complement starts with ("иностранных дел" in "иностранных дел ⟨C⟩")."""
    words = []
    for token in _tokens(complement):
        if token != "," and (not re.fullmatch(r"[а-яёәғқңөұүһі-]+", token)
                             or token in _COMPLEMENT_PREPOSITIONS):
            break
        words.append(token)
    while words and words[-1] in ("и", ","):
        words.pop()
    return words


def _strip_prepositional(complement: str) -> str:
    """The complement up to a prepositional phrase ("при Кабмине ...")."""
    match = re.search(r"\s(?:при|по|в|во|на)\s", f" {complement} ")
    return complement[:max(0, match.start() - 1)] if match else complement


def _surface(template: Template, text: str) -> str:
    """Template text with its placeholders replaced by the words they stand for."""
    return PLACEHOLDER.sub(lambda m: _mention_text(template, m), text).strip()


def _mention_text(template: Template, match: re.Match) -> str:
    return template.mention(match.group(2)).text


def _organization_of(linked: Linked, template: Template, complement: str, leading: list[str]) -> str | None:
    """An organisation named by a common-noun complement ("конфедерации промышленников ⟨C⟩"),
    minted with its name in the nominative."""
    if not leading or russian_lemma(leading[0]) not in _ORG_NOUNS:
        return None
    name = _surface(template, _strip_prepositional(complement))
    name = re.sub(r"\s+и\s*$", "", name)
    head, _, rest = name.partition(" ")
    name = f"{russian_nominative(head).capitalize()} {rest}".strip()
    entity = minted_organization(name, "ru")
    linked.entities.setdefault(entity.iri, entity)
    return entity.iri


def _salient(linked: Linked, table_type: str) -> str | None:
    found = salient(linked, table_type)
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# meetings

_MEETING = re.compile(
    r"\b(?:встрет\w*|встреч\w*|переговор\w*|беседова\w*|бесед[аеуы]\w*|консультаци\w*|"
    r"телефонн\w+\s+разговор\w*|сопредседател\w*|обсудили|"
    r"принял[аи]?\b(?!\s+(?:участие|решение|меры|закон|постановлени|программу|план|к\s+сведению))|"
    r"принима\w*\b(?!\s+(?:участие|решение|меры))|"
    r"(?:обсудил|обсуждал|говорил|беседовал)\w*\b[^.⟨]{0,60}?\bс\s+(?:\w+\s+){0,4}?⟨[PCO])", re.I)
_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
              "октябр", "ноябр", "декабр")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s+(" + "|".join(m + r"[а-я]*" for m in _RU_MONTHS) +
                        r")(?:\s+(\d{4}))?", re.I)


def _meeting_date(text: str, published: dt.date | None) -> dt.date | None:
    """The date a sentence gives ("17 сентября"), else "накануне"/"вчера" (the day before
    publication), else the publication date."""
    match = _DAY_MONTH.search(text)
    if match:
        month = next(i for i, stem in enumerate(_RU_MONTHS, 1) if match.group(2).lower().startswith(stem)
                     and (stem != "ма" or match.group(2).lower() in ("мая", "май")))
        year = int(match.group(3)) if match.group(3) else (published.year if published else None)
        if year:
            try:
                day = dt.date(year, month, int(match.group(1)))
            except ValueError:
                day = None
            if day and published and not match.group(3) and day > published:
                day = day.replace(year=year - 1)
            if day:
                return day
    if published and re.search(r"\b(?:накануне|вчера)\b", text, re.I):
        return published - dt.timedelta(days=1)
    return published


RU_MEETINGS = MeetingCues(
    trigger=_MEETING,
    guests=re.compile(r"\b(переговор\w*|встреч\w*|беседы?|консультаци\w*)\s+с\b", re.I),
    separate=re.compile(r"встречах|встречи", re.I),
    date_of=_meeting_date,
)


# ---------------------------------------------------------------------------------------------
# corridor links

# "через (морской) порт ⟨T⟩ и ⟨T⟩", "по территории ⟨C⟩"
_THROUGH = re.compile(
    r"\b(?:через|по\s+территории|вдоль|по)\s+((?:[а-яё-]+\s+){0,2}⟨[TSCR]:\d+⟩"
    r"(?:\s*(?:,|\bи\b)\s*(?:[а-яё-]+\s+){0,2}⟨[TSCR]:\d+⟩)*)", re.I)
# "⟨T⟩ является частью / звеном / участком ⟨K⟩"
_PART_OF = re.compile(
    r"⟨([TSCR]):(\d+)⟩\s*(?:,[^,⟨]{0,40},\s*)?(?:явля\w+|стал[аио]?|станет|станут|становится|[—–-])"
    r"\s+(?:[а-яё-]+\s+){0,3}?(?:част\w*|звен\w*|участк\w*|элемент\w*|узл\w*|узел|хаб\w*|"
    r"ворот\w*)\b[^.⟨]{0,60}?⟨K:", re.I)
_PORT_CUE = re.compile(
    r"\b(?:через|по|в\s+рамках|маршрут\w*|част\w*|участ\w*|ветк\w*|коридор\w*|звен\w*|транзит\w*|"
    r"узл\w*|узел|хаб\w*|направлени\w*)\b", re.I)


def extract_corridor_links(linked: Linked, templates: list[Template]) -> list:
    out, seen = [], set()

    def link(place, corridors, confidence):
        for corridor in corridors:
            key = (place.entity_iri, corridor.entity_iri)
            if key not in seen and place.entity_iri != corridor.entity_iri:
                seen.add(key)
                out.append(CorridorLink(place.entity_iri, corridor.entity_iri, template.sentence,
                                        confidence))

    for template in templates:
        corridors = template.placeholders(letters="K")
        if not corridors:
            continue
        text = template.text
        for match in _THROUGH.finditer(text):
            listed = match.group(1)
            nouns = re.findall(r"[а-яё-]+", PLACEHOLDER.sub(" ", listed))
            if any(russian_lemma(w) not in _PLACE_NOUNS and w != "и" for w in nouns):
                continue
            for place in template.placeholders(listed, letters="TSCR"):
                link(place, corridors, 0.7 if place.table_type == "Port" else 0.6)
        for match in _PART_OF.finditer(text):
            link(template.mention(match.group(2)), corridors, 0.7)
        if _PORT_CUE.search(text):
            for place in template.placeholders(letters="T"):
                link(place, corridors, 0.6)
    return out
