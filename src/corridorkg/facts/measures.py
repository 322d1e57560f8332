"""Figures: quantities in a sentence become measurements with metric, period, status and subjects.

Language-neutral: each language supplies its cue words (``MeasureCues``); numbers, units, periods
and changes come from quantities.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..linking import Linked
from ..quantities import find_changes, find_periods, find_quantities
from . import Measurement
from .common import Template, salient

UNITS = {"USD", "EUR", "KZT", "t", "TEU", "containers", "vehicles", "trains"}
UNIT_ALIASES = {"wagons": "vehicles"}
MONEY = {"USD", "EUR", "KZT"}
TRADE = {"trade_turnover", "exports", "imports"}


_NEVER = r"(?!)"   # a pattern that matches nothing (r"$^" would match an empty string)


@dataclass(frozen=True)
class MeasureCues:
    lang: str
    metric: tuple[tuple[str, str], ...]   # (metric, regex) in order of precedence
    target: str                           # regex: the figure is planned, expected, aimed at
    between: str                          # regex: "between X and Y"
    to: str                               # regex ending at a destination placeholder ("to ")
    from_: str                            # regex ending at an origin placeholder ("from ")
    cargo: tuple[tuple[str, str], ...]    # (cargo type, regex)
    comparison: str = _NEVER               # regex ending where a comparison period starts ("compared to ")
    previous_year: str = _NEVER            # regex: a period said as "the previous year"
    clause_break: str = r";"              # regex: where a new clause starts (status cues stop there)
    delta: str = _NEVER                    # regex ending right before a difference ("grew by ")
    plan_met: str = _NEVER                 # regex: a plan that was met or beaten ("exceeded its target")
    port_anaphora: str = _NEVER            # regex: "the port" standing for the last port named
    corridor_anaphora: str = _NEVER        # regex: "this route" standing for the last corridor named
    same_period: str = _NEVER              # regex ending before "2017" in "the same period in 2017"
    event_date: str = _NEVER               # regex ending before the date of an event, not of a
                                           # figure ("launched in December 2016")


@dataclass
class _Context:
    """What earlier sentences of the document said, for figures whose own sentence is silent."""

    period: object = None                       # the last period stated (a quantities.Period)
    pair: tuple[str, ...] = ()                  # the last two countries named together
    port: str | None = None                     # the last port named
    corridor: str | None = None                 # the last corridor named
    subjects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per family

    def update(self, template: Template, periods, text: str, cues: MeasureCues) -> None:
        if not any(re.search(regex, text, re.I) for _, regex in cues.metric):
            stated = []       # a date of some event ("opened in December 2016"), not of a figure
        else:
            stated = [p for p in periods if not p.is_target_year
                      and not re.search(cues.event_date, text[max(0, p.begin - 40):p.begin], re.I)
                      and not re.search(cues.comparison, text[max(0, p.begin - 40):p.begin], re.I)]
        if stated:
            self.period = stated[-1]
        countries = list(dict.fromkeys(m.entity_iri for m in template.mentions
                                       if m.table_type == "Country"))
        if len(countries) >= 2:
            self.pair = tuple(countries[:2])
        ports = [m.entity_iri for m in template.mentions if m.table_type == "Port"]
        if ports:
            self.port = ports[-1]
        corridors = [m.entity_iri for m in template.mentions if m.table_type == "Corridor"]
        if corridors:
            self.corridor = corridors[-1]


def extract_measurements(linked: Linked, templates: list[Template], cues: MeasureCues) -> list:
    document = linked.analysis.document
    out: list[Measurement] = []
    context = _Context()
    now = document.date or _latest_year_end(document.text)
    for template in templates:
        sentence = template.sentence
        text = sentence.text
        periods = find_periods(text, cues.lang, publication_date=now)
        # a figure with a scale word but no unit ("1.45 billion") is kept for trade and
        # investment only, with the unit left unknown
        quantities = [q for q in find_quantities(text, cues.lang)
                      if UNIT_ALIASES.get(q.unit, q.unit) in UNITS or q.unit == ""]
        if quantities:
            out.extend(_sentence_measurements(linked, template, quantities, periods, cues, context))
        context.update(template, periods, text, cues)
    return _dedupe(out)


def _latest_year_end(text: str) -> dt.date | None:
    """For an undated article, "the year" and "last year" are read against the latest year it
    names (an article about "the start of 2020" was written in 2020)."""
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19[5-9]\d|20\d\d)(?!\d)", text)]
    return dt.date(max(years), 12, 31) if years else None


def _sentence_measurements(linked, template, quantities, periods, cues, context) -> list:
    sentence = template.sentence
    text = sentence.text
    changes = find_changes(text, cues.lang)
    mentions = [(m.start - sentence.start, m.end - sentence.start, m) for m in template.mentions]
    out = []
    for index, quantity in enumerate(quantities):
        unit = UNIT_ALIASES.get(quantity.unit, quantity.unit) or None
        clause_start = quantities[index - 1].end if index else 0
        clause_end = quantities[index + 1].start if index + 1 < len(quantities) else len(text)
        if re.search(cues.delta, text[max(0, quantity.start - 60):quantity.start], re.I):
            continue   # "grew by 9,670 tons": a difference, not a volume
        metric = _metric(text, clause_start, quantity, unit, cues)
        if metric is None:
            continue
        period = _period_of(periods, quantity, clause_start, clause_end, text, cues)
        planned = bool(re.search(cues.target, _status_window(text, clause_start, quantity, cues), re.I))
        if period is None and not (quantity.per_year or metric in ("capacity", "investment") or planned):
            period = context.period     # "during this period, 1.5 million tons were ..."
        change = _nearest_change(changes, quantity, clause_start, clause_end)
        before = text[clause_start:quantity.start]
        target = planned or bool(period and period.is_target_year)
        subjects, origin, destination = _subjects(linked, metric, mentions, text, cues, context,
                                                  (clause_start, clause_end), quantity.start)
        if not subjects:
            continue
        context.subjects["trade" if metric in TRADE else "cargo"] = subjects
        # "610,000 tons of oil" names the cargo right after the figure, else the clause before it
        after = text[quantity.end:quantity.end + 30]
        cargo = next((c for window in (after, before or text) for c, rx in cues.cargo
                      if re.search(rx, window, re.I)), None)
        if metric == "container_volume":
            cargo = None
        out.append(Measurement(
            metric=metric, value=quantity.value, unit=unit,
            status="target" if target else "actual", subjects=subjects,
            sentence=sentence, confidence=0.7 if unit else 0.5, value_max=quantity.value_max,
            period=period.iso if period else None,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            origin=origin, destination=destination,
            change_pct=change.pct if change else None, cargo_type=cargo,
            per_year=quantity.per_year))
    return out


def _metric(text: str, clause_start: int, quantity, unit: str, cues: MeasureCues) -> str | None:
    if unit in ("TEU", "containers"):
        return "container_volume"
    window = text[clause_start:quantity.start]
    found = _last_cue(window, cues) or _last_cue(text[:quantity.start], cues) or _last_cue(text, cues)
    if unit in MONEY or unit is None:
        return found if found in TRADE or found == "investment" else None
    # tonnes, vehicles, trains
    if found in ("capacity", "exports", "imports"):
        return found
    if found == "investment":
        return None
    return "cargo_volume"


def _status_window(text: str, clause_start: int, quantity, cues: MeasureCues) -> str:
    """The words that decide whether a figure is planned: its clause, cut at a clause break."""
    window = text[clause_start:quantity.end]
    breaks = list(re.finditer(cues.clause_break, window, re.I))
    window = window[breaks[-1].end():] if breaks else window
    # "exceeded its target, shipping 560,000 tons" reports what was done
    return re.sub(cues.plan_met, " ", window, flags=re.I)


def _last_cue(window: str, cues: MeasureCues) -> str | None:
    best, best_pos = None, -1
    for metric, regex in cues.metric:
        for match in re.finditer(regex, window, re.I):
            if match.start() > best_pos:
                best, best_pos = metric, match.start()
    return best


def _period_of(periods, quantity, clause_start, clause_end, text, cues):
    """The period a figure is for: the nearest one in its clause, except that a comparison period
    ("compared to 2022") only belongs to a figure right after it ("compared to 2016 ($324 m)")."""
    periods = [p for p in periods
               if not re.search(cues.event_date, text[max(0, p.begin - 40):p.begin], re.I)]
    candidates = []
    for period in periods:
        if not (clause_start <= period.begin and period.end_offset <= clause_end):
            continue
        comparison = re.search(cues.comparison, text[max(0, period.begin - 40):period.begin], re.I)
        if comparison and not (period.end_offset <= quantity.start and re.fullmatch(
                r"(?:'s|’s)?\s*(?:figure|level|volume|value|result)?\s*(?:of|at)?\s*[(\[:]?\s*\$?\s*",
                text[period.end_offset:quantity.start])):
            continue
        candidates.append(period)
    if not candidates:
        # a period stated earlier in the sentence ("In 2017, ... rose ..., reaching $722 m")
        candidates = [p for p in periods if p.end_offset <= clause_start and not p.is_target_year
                      and not re.search(cues.comparison, text[max(0, p.begin - 40):p.begin], re.I)]
        if not candidates:
            return None
    best = min(candidates, key=lambda p: (abs(p.begin - quantity.start)))
    if re.search(cues.previous_year, best.text, re.I):
        stated = [p for p in periods if p is not best and re.fullmatch(r"\d{4}", p.iso)
                  and p.begin < best.begin and not re.search(cues.previous_year, p.text, re.I)]
        if stated:
            year = int(stated[-1].iso) - 1
            best = replace(best, iso=str(year), start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    if re.search(cues.same_period, text[max(0, best.begin - 30):best.begin], re.I):
        best = _same_months(best, [p for p in periods if p is not best and "/" in p.iso or len(p.iso) == 7])
    return best


def _same_months(period, others):
    """ "the same period in 2017" after "in January 2018": January 2017."""
    months = next((p for p in others if p.start.year != period.start.year), None)
    if months is None or not re.fullmatch(r"\d{4}", period.iso):
        return period
    year = period.start.year
    start = months.start.replace(year=year)
    end = (months.end.replace(year=year, day=1) + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    iso = (f"{year}-{start.month:02d}" if start.month == end.month
           else f"{year}-{start.month:02d}/{year}-{end.month:02d}")
    return replace(period, iso=iso, start=start, end=end)


def _nearest_change(changes, quantity, clause_start, clause_end):
    inside = [c for c in changes if clause_start <= c.start and c.end <= clause_end]
    if not inside:
        return None
    return min(inside, key=lambda c: abs(c.start - quantity.start))


def _subjects(linked, metric, mentions, text, cues, context, clause, quantity_start):
    """The entities a figure is about (origin first for flows), and the flow's origin/destination.

    Countries are taken from the figure's clause first (the words between the figures before and
    after it), then from its sentence."""
    def named(table_type, within=(0, len(text))):
        return list(dict.fromkeys(m.entity_iri for start, _, m in mentions
                                  if m.table_type == table_type and within[0] <= start < within[1]))

    family = "trade" if metric in TRADE else "cargo"
    if metric in TRADE:
        countries = (named("Country", (clause[0], quantity_start)) or named("Country", clause)
                     or named("Country"))
        if len(countries) == 1:
            partner = next((c for c in context.subjects.get("trade", ()) + context.pair
                            if c != countries[0]), None)
            if partner is None:
                partner = next(iter(salient(linked, "Country", exclude={countries[0]})), None)
            if partner is None:
                return (), None, None
            countries.append(partner)
        if not countries:
            previous = context.subjects.get("trade") or _main_pair(linked, text, cues) or context.pair
            return tuple(previous), None, None
        origin, destination = _direction(metric, mentions, text, cues, countries)
        ordered = (origin, destination) if origin else tuple(countries[:2])
        return tuple(dict.fromkeys(ordered)), origin, destination
    ports = named("Port")
    if not ports and context.port and re.search(cues.port_anaphora, text, re.I):
        ports = [context.port]            # "the port handled ..." after a named port
    corridors = named("Corridor")
    if not corridors and context.corridor and re.search(cues.corridor_anaphora, text, re.I):
        corridors = [context.corridor]    # "cargo transported via this route"
    for found in (ports, corridors, named("Country")):
        if found:
            return tuple(found), None, None
    return tuple(context.subjects.get(family) or _main_pair(linked, text, cues) or context.pair), None, None


def _main_pair(linked, text, cues) -> tuple[str, ...]:
    """"Between the (our two) countries" with no country named: the two countries the document
    is about (the most mentioned), not merely the last two named together."""
    if not re.search(cues.between, text, re.I):
        return ()
    countries = salient(linked, "Country")[:2]
    return tuple(countries) if len(countries) == 2 else ()


def _direction(metric, mentions, text, cues, countries):
    """Origin and destination of an export/import flow from "to X" / "from X" / "X's exports"."""
    if metric not in ("exports", "imports") or len(countries) < 2:
        return None, None
    for start, end, m in mentions:
        if m.entity_iri not in countries:
            continue
        other = next(c for c in countries if c != m.entity_iri)
        if re.search(cues.to, text[:start], re.I):
            return other, m.entity_iri
        if re.search(cues.from_, text[:start], re.I):
            return m.entity_iri, other
    first = next((m for _, _, m in mentions if m.entity_iri in countries), None)
    if first is not None and metric == "exports":
        other = next(c for c in countries if c != first.entity_iri)
        return first.entity_iri, other
    return None, None


def _dedupe(measurements: list[Measurement]) -> list[Measurement]:
    seen, out = set(), []
    for m in measurements:
        key = (m.metric, round(m.value, 3), m.unit, m.period, frozenset(m.subjects), m.status)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
