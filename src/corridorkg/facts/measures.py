"""Figures: quantities in a sentence become measurements with metric, period, status and subjects.

Language-neutral: each language supplies its cue words (``MeasureCues``); numbers, units, periods
and changes come from quantities.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..linking import Linked
from ..quantities import find_changes, find_periods, find_quantities
from . import Measurement
from .common import Template, salient

UNITS = {"USD", "EUR", "KZT", "t", "TEU", "containers", "vehicles", "trains"}
UNIT_ALIASES = {"wagons": "vehicles"}
MONEY = {"USD", "EUR", "KZT"}
TRADE = {"trade_turnover", "exports", "imports"}


@dataclass(frozen=True)
class MeasureCues:
    lang: str
    metric: tuple[tuple[str, str], ...]   # (metric, regex) in order of precedence
    target: str                           # regex: the figure is planned, expected, aimed at
    between: str                          # regex: "between X and Y"
    to: str                               # regex ending at a destination placeholder ("to ")
    from_: str                            # regex ending at an origin placeholder ("from ")
    cargo: tuple[tuple[str, str], ...]    # (cargo type, regex)
    comparison: str = r"$^"               # regex ending where a comparison period starts ("compared to ")
    previous_year: str = r"$^"            # regex: a period said as "the previous year"
    clause_break: str = r";"              # regex: where a new clause starts (status cues stop there)


def extract_measurements(linked: Linked, templates: list[Template], cues: MeasureCues) -> list:
    document = linked.analysis.document
    out: list[Measurement] = []
    last_subjects: dict[str, tuple[str, ...]] = {}
    last_period = None   # a sentence that gives no period continues the previous figure's one
    for template in templates:
        sentence = template.sentence
        text = sentence.text
        # a figure with a scale word but no unit ("1.45 billion") is kept for trade and
        # investment only, with the unit left unknown
        quantities = [q for q in find_quantities(text, cues.lang)
                      if UNIT_ALIASES.get(q.unit, q.unit) in UNITS or q.unit == ""]
        if not quantities:
            continue
        periods = find_periods(text, cues.lang, publication_date=document.date)
        changes = find_changes(text, cues.lang)
        mentions = [(m.start - sentence.start, m.end - sentence.start, m) for m in template.mentions]
        for index, quantity in enumerate(quantities):
            unit = UNIT_ALIASES.get(quantity.unit, quantity.unit) or None
            clause_start = quantities[index - 1].end if index else 0
            clause_end = quantities[index + 1].start if index + 1 < len(quantities) else len(text)
            metric = _metric(text, clause_start, quantity, unit, cues)
            if metric is None:
                continue
            period = _period_of(periods, quantity, clause_start, clause_end, text, cues)
            if period is None and last_period is not None:
                period = last_period
            change = _nearest_change(changes, quantity, clause_start, clause_end)
            before = text[clause_start:quantity.start]
            target = (bool(re.search(cues.target, _status_window(text, clause_start, quantity, cues), re.I))
                      or bool(period and period.is_target_year))
            subjects, origin, destination = _subjects(linked, metric, mentions, text, quantity,
                                                      cues, last_subjects)
            if not subjects:
                continue
            family = "trade" if metric in TRADE else "cargo"
            last_subjects[family] = subjects
            if period is not None and not target:
                last_period = period
            cargo = next((c for c, rx in cues.cargo if re.search(rx, before or text, re.I)), None)
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
    return _dedupe(out)


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
    return window[breaks[-1].end():] if breaks else window


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
    candidates = []
    for period in periods:
        if not (clause_start <= period.begin and period.end_offset <= clause_end):
            continue
        comparison = re.search(cues.comparison, text[max(0, period.begin - 40):period.begin], re.I)
        if comparison and not (period.end_offset <= quantity.start
                               and quantity.start - period.end_offset <= 15):
            continue
        candidates.append(period)
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (abs(p.begin - quantity.start)))
    if re.search(cues.previous_year, best.text, re.I):
        stated = [p for p in periods if p is not best and re.fullmatch(r"\d{4}", p.iso)
                  and p.begin < best.begin and not re.search(cues.previous_year, p.text, re.I)]
        if stated:
            year = int(stated[-1].iso) - 1
            best = replace(best, iso=str(year), start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    return best


def _nearest_change(changes, quantity, clause_start, clause_end):
    inside = [c for c in changes if clause_start <= c.start and c.end <= clause_end]
    if not inside:
        return None
    return min(inside, key=lambda c: abs(c.start - quantity.start))


def _subjects(linked, metric, mentions, text, quantity, cues, last_subjects):
    """The entities a figure is about (origin first for flows), and the flow's origin/destination."""
    types = ("Country",) if metric in TRADE else ("Port", "Corridor", "Country")
    countries = set(salient(linked, "Country"))
    for wanted in types:
        found = []
        for start, end, m in mentions:
            if m.table_type == wanted and m.entity_iri not in found:
                found.append(m.entity_iri)
        if wanted == "Country" and found:
            if len(found) == 1:
                # a lone country is one side of a flow for trade, or with "between"; a cargo
                # figure "to the ports of Kazakhstan" is about that country alone
                if metric not in TRADE and not re.search(cues.between, text, re.I):
                    return (found[0],), None, None
                others = [c for c in salient(linked, "Country", exclude={found[0]})]
                previous = last_subjects.get("trade" if metric in TRADE else "cargo", ())
                partner = next((c for c in previous if c != found[0] and c in countries), None) \
                    or (others[0] if others else None)
                if partner is None:
                    continue
                found.append(partner)
            origin, destination = _direction(metric, mentions, text, cues, found)
            ordered = (origin, destination) if origin else tuple(found[:2])
            return tuple(dict.fromkeys(ordered)), origin, destination
        if found:
            return tuple(found), None, None
    previous = last_subjects.get("trade" if metric in TRADE else "cargo")
    if not previous and (metric in TRADE or re.search(cues.between, text, re.I)):
        # "trade between the countries": the two countries the document is about
        previous = tuple(salient(linked, "Country")[:2])
        previous = previous if len(previous) == 2 else ()
    return (previous or ()), None, None


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
