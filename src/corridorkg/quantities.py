"""Figures in transport news: amounts, relative changes and reporting periods (English, Russian).

Pure functions over plain strings, with no NLP library: fact extractors call them on any sentence
and decide for themselves what a figure measures (turnover, cargo, capacity, ...).

- :func:`parse_number` reads one number as written: ``"1,234.5"``, ``"1 234,5"``, ``"162,9"``.
- :func:`find_quantities` finds money, tonnage, TEU and vehicle counts, in base units.
- :func:`find_changes` finds relative changes: ``"+11%"``, ``"fell by 5%"``, ``"в 2,5 раза"``.
- :func:`find_periods` finds reporting periods as ISO 8601 years, months and intervals.

The word tables (scale words, unit words, month names, verbs of growth and decline, ...) come first;
each language's regular expressions are compiled from them once, at import.

    >>> [(q.value, q.unit) for q in find_quantities("Trade reached $223.6 million in 2023.")]
    [(223600000.0, 'USD')]
    >>> [c.pct for c in find_changes("Грузооборот снизился на 5%.", "ru")]
    [-5.0]
    >>> [p.iso for p in find_periods("в январе–октябре 2022 года", "ru")]
    ['2022-01/2022-10']
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache
from dataclasses import dataclass, replace

__all__ = ["Quantity", "Change", "Period", "find_quantities", "find_changes", "find_periods",
           "parse_number"]


# --------------------------------------------------------------------------------------------------
# Records

@dataclass(frozen=True)
class Quantity:
    """An amount in base units: ``"$223.6 million"`` -> ``value=223_600_000.0, unit="USD"``.

    ``unit`` is one of USD, EUR, KZT, RUB, CNY, t, TEU, containers, vehicles, trains, wagons, or ""
    for a bare scaled number ("1.45 billion"); ``value_max`` is the upper bound of a range.
    """

    value: float
    value_max: float | None
    unit: str
    start: int
    end: int
    text: str
    per_year: bool


@dataclass(frozen=True)
class Change:
    """A relative change in percent: ``"fell by 5%"`` -> -5.0, ``"grew 2.5 times"`` -> 150.0."""

    pct: float
    start: int
    end: int
    text: str
    is_factor: bool


@dataclass(frozen=True)
class Period:
    """A reporting period: ``"the first nine months of 2022"`` -> ``iso="2022-01/2022-09"``.

    ``start``/``end`` are the first and last day; ``begin``/``end_offset`` locate ``text``;
    ``is_target_year`` marks a deadline ("by 2028", "к 2030 году").
    """

    iso: str
    start: datetime.date
    end: datetime.date
    begin: int
    end_offset: int
    text: str
    is_target_year: bool


# --------------------------------------------------------------------------------------------------
# Tables. Entries are regular-expression fragments; longer alternatives are tried first.

_LANGS = ("en", "ru")

_SPACE = "[ \u00a0\u202f\u2009]"            # space, no-break, narrow no-break, thin space
_GAP = r"[^\S\n]*"                           # spacing that stays on the line
_GAP1 = r"[^\S\n]+"
_DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212]"
_MINUS_SIGNS = "-\u2212\u2013"
_WORD_END = r"(?:(?<![^\W\d_])|(?![^\W\d_]))"   # a word cannot go on into a letter
_WORD_START = r"(?<![^\W\d_])"

_NUMBER_BODY = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"             # 1,234,567.5
    r"|[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?"         # 1.234.567,5
    r"|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+"                 # 1.234,5
    rf"|[0-9]{{1,3}}(?:{_SPACE}[0-9]{{3}})+(?:[.,][0-9]+)?"  # 1 234 567,5
    r"|[0-9]+(?:[.,][0-9]+)?"                            # 1234.5 / 162,9
)
_NUMBER = rf"(?<![\w.,])(?:{_NUMBER_BODY})(?![0-9]|[.,][0-9])"

_SCALES = {  # power of ten -> words
    "en": {3: ("thousands", "thousand", "thous\\.", "ths"),
           6: ("millions", "million", "mln", "mn"),
           9: ("billions", "billion", "bln", "bn"),
           12: ("trillions", "trillion", "trln")},
    "ru": {3: ("тысячи", "тысяча", "тысячу", "тысяч", "тыс\\.?"),
           6: ("миллионов", "миллиона", "миллион", "млн\\.?"),
           9: ("миллиардов", "миллиарда", "миллиард", "млрд\\.?"),
           12: ("триллионов", "триллиона", "триллион", "трлн\\.?")},
}
# "$5m", "20k TEU": one letter counts as a scale only glued to the number and next to a currency
# or a unit, so that "500 m" stays metres.
_WEAK_SCALES = {"en": {3: ("k",), 6: ("m",), 9: ("b",)}, "ru": {}}

_CURRENCY_SYMBOLS = {
    "USD": ("U\\.?S\\.?" + _GAP + "\\$", "\\$", "USD"), "EUR": ("€", "EUR"), "KZT": ("₸", "KZT"),
    "RUB": ("₽", "RUB"), "CNY": ("CNY", "RMB"),
}
_UNIT_WORDS = {  # unit -> words after the number; the order settles ties between units
    "en": {
        "USD": ("U\\.?S\\.?" + _GAP + "dollars?", "dollars?"),
        "EUR": ("euros?",), "KZT": ("tenge",), "RUB": ("roubles?", "rubles?"),
        "CNY": ("yuan", "renminbi"),
        "Mtpa": ("mtpa", "MTPA"),
        "Mt": ("Mt", "mt", "MT", "MMT", "mmt"),
        "t": ("metric" + _GAP1 + "tonnes?", "metric" + _GAP1 + "tons?", "tonnes?", "tons?", "tn",
              "t"),
        "TEU": ("TEUs?", "twenty-foot" + _GAP1 + "equivalent" + _GAP1 + "units?"),
        "containers": ("containers", "boxes"),
        "trains": ("trains", "train"),
        "wagons": ("wagons?", "rail" + _GAP + "cars", "railway" + _GAP1 + "cars",
                   "freight" + _GAP1 + "cars", "carriages"),
        "vehicles": ("trucks?", "lorries", "vehicles?", "automobiles"),
    },
    "ru": {
        "USD": ("долларов" + _GAP1 + "США", "долл\\." + _GAP + "США", "долларов", "доллара",
                "доллар", "долл\\.?", "дол\\."),
        "EUR": ("евро",), "KZT": ("тенге", "тг\\.?"), "RUB": ("рублей", "рубля", "рубль", "руб\\."),
        "CNY": ("юаней", "юаня", "юань"),
        "t": ("метрических" + _GAP1 + "тонн", "тоннах", "тонны", "тонна", "тонну", "тонн", "тн",
              "т"),
        "TEU": ("ДФЭ", "TEUs?", "контейнеров" + _GAP1 + "в" + _GAP1 + "двадцатифутовом"
                + _GAP1 + "эквиваленте", "двадцатифутовых" + _GAP1 + "эквивалентов"),
        "containers": ("контейнеров", "контейнера", "контейнеры", "контейнер"),
        "trains": ("поездов", "поезда", "поезд", "составов"),
        "wagons": ("вагонов", "вагона", "вагоны", "вагон"),
        "vehicles": ("автомобилей", "автомашин", "грузовиков", "большегрузов", "фур",
                     "транспортных" + _GAP1 + "средств"),
    },
}
_MEGATONNE_UNITS = {"Mt": False, "Mtpa": True}   # million tonnes; True: per year
# words between a number and its unit: "500 container trains", "2 300 грузовых вагонов"
_UNIT_MODIFIERS = {
    "en": ("freight", "cargo", "container", "loaded", "empty", "transit", "heavy-duty", "heavy",
           "block", "railway", "rail", "shuttle"),
    "ru": ("грузовых", "контейнерных", "транзитных", "груж[её]н?ных", "порожних",
           "железнодорожных", "большегрузных", "ускоренных"),
}
_PER_YEAR = {
    "en": ("per" + _GAP1 + "(?:year|annum)", "a" + _GAP1 + "year", "annually", "yearly",
           "each" + _GAP1 + "year", "every" + _GAP1 + "year", "/" + _GAP + "(?:year|yr)",
           "p\\." + _GAP + "a\\."),
    "ru": ("в" + _GAP1 + "год", "ежегодно", "/" + _GAP + "год", "за" + _GAP1 + "год",
           "в" + _GAP1 + "течение" + _GAP1 + "года"),
}
# "21.2 million tons of cargo per year", "5 млн тонн нефти в год"
_PER_YEAR_GAP = {"en": rf"(?:{_GAP1}of(?:{_GAP1}[^\W\d_]+){{1,2}}?)?",
                 "ru": rf"(?:{_GAP1}[^\W\d_]{{4,}})?"}
_PERCENT = {"en": ("%", "percent(?!age)", "per" + _GAP + "cent", "pct"),
            "ru": ("%", "процентов", "процента", "процент", "проц\\.")}
_RANGE_WORDS = {"en": ("to", "and"), "ru": ("до", "и")}
_RANGE_WORDS_ALONE = {"en": ("to",), "ru": ()}       # "5 to 7 million"; others need an opener
# range openers -> the range word they pair with: "between 5 and 7", "от 5 до 7"
_RANGE_OPENERS = {"en": {"from": "to", "between": "and"},
                  "ru": {"от": "до", "с": "до", "со": "до", "между": "и"}}
# "с 8 до 12 млн тонн" reports a change, not a range; "from 8 to 12" does after a verb of change
_CHANGE_OPENERS = {"en": (), "ru": ("с", "со")}
_CHANGE_OPENERS_AFTER_A_VERB = {"en": ("from",), "ru": ("от",)}

_UP = {  # words of growth; stems end in \w*
    "en": ("increas\\w*", "grow\\w*", "grew", "rise", "rises", "rising", "risen", "rose",
           "raise", "raises", "raised", "raising",
           "surg\\w*", "jump\\w*", "climb\\w*", "gain\\w*", "soar\\w*", "expand\\w*", "boost\\w*",
           "rebound\\w*", "up", "upturn", "higher"),
    "ru": ("вырос\\w*", "выраст\\w*", "возрос\\w*", "подрос\\w*", "увелич\\w*", "рост(?:а|у|ом|е)?",
           "прирост(?:а|у|ом|е)?", "повыс\\w*", "повыш\\w*", "нараст\\w*", "нарастил\\w*",
           "прибав\\w*", "больше", "выше", "плюс"),
}
_DOWN = {
    "en": ("decreas\\w*", "declin\\w*", "fall", "falls", "falling", "fallen", "fell", "drop\\w*",
           "down", "shrank", "shrunk", "shrink\\w*", "contracted", "contraction", "reduc\\w*",
           "slump\\w*", "plung\\w*", "plummet\\w*", "dip", "dips", "dipped", "slid", "slide\\w*",
           "lower", "cut", "cuts", "lost", "lose", "loses", "losing", "loss"),
    "ru": ("сниз\\w*", "сниж\\w*", "сократ\\w*", "сокращ\\w*", "уменьш\\w*", "упал\\w*",
           "упад\\w*", "паден\\w*", "спад\\w*", "просел\\w*", "просад\\w*", "обвал\\w*",
           "меньше", "ниже", "минус"),
}
# words right after a figure that give its direction: "an 11% increase", "в 2 раза больше"
_UP_AFTER = {"en": ("increase", "increases", "growth", "rise", "jump", "gain", "surge", "upturn",
                    "higher", "more", "larger", "greater", "bigger", "up",
                    "as" + _GAP1 + "(?:much|many|high|large)"),
             "ru": ("больше", "выше", "рост", "прирост", "увеличение")}
_DOWN_AFTER = {"en": ("decrease", "decreases", "decline", "drop", "fall", "reduction",
                      "contraction", "cut", "lower", "less", "fewer", "smaller", "down"),
               "ru": ("меньше", "ниже", "снижение", "сокращение", "падение", "спад")}
_YEAR_ON_YEAR = ("year" + _DASH + "?" + _GAP + "on" + _DASH + "?" + _GAP + "year", "y/y", "yoy",
                 "y-o-y", "year-over-year", "annual", "on-year")
_NOT_PER_YEAR = ("ago", "earlier", "before", "later")     # "5 million tons a year ago"
_FACTOR_WORDS = {
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10},
    "ru": {"два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
           "восемь": 8, "девять": 9, "десять": 10, "полтора": 1.5, "полторы": 1.5},
}
# one-word factors: "twice", "вдвое", "двукратный"
_FACTOR_ADVERBS = {"en": {"twice": 2},
                   "ru": {"вдвое": 2, "втрое": 3, "вчетверо": 4, "впятеро": 5,
                          "двукратн\\w*": 2, "тр[её]хкратн\\w*": 3, "полуторакратн\\w*": 1.5}}
# factor phrasings that mean growth when nothing says otherwise: "a 2.5-fold", "в 2,5 раза"
_GROWING_FACTORS = {"en": ("fold",), "ru": ("раза?", "кратн\\w*")}
_BY = {"en": "by", "ru": "на"}              # "grew by 11%", "вырос на 11%"
# verbs that carry their own change: "doubled" = +100 %
_MULTIPLYING_VERBS = {
    "en": {"doubl(?:ed|ing|es)": 100.0, "tripl(?:ed|ing|es)": 200.0,
           "quadrupl(?:ed|ing|es)": 300.0, "halv(?:ed|ing|es)": -50.0},
    "ru": {"удво(?:ил|ен|ит)\\w*": 100.0, "утро(?:ил|ен|ит)\\w*": 200.0,
           "учетвер(?:ил|ен|ит)\\w*": 300.0},
}

_MONTHS = {  # month number - 1 -> words (English: capitalised only, so "may" stays a verb)
    "en": (("January", "Jan\\.?"), ("February", "Feb\\.?"), ("March", "Mar\\.?"),
           ("April", "Apr\\.?"), ("May",), ("June", "Jun\\.?"), ("July", "Jul\\.?"),
           ("August", "Aug\\.?"), ("September", "Sept?\\.?"), ("October", "Oct\\.?"),
           ("November", "Nov\\.?"), ("December", "Dec\\.?")),
    "ru": tuple((stem + ending,) for stem, ending in (
        ("январ", "(?:ь|я|е|ю|ём|ем)"), ("феврал", "(?:ь|я|е|ю|ём|ем)"), ("март", "(?:а|е|у|ом)?"),
        ("апрел", "(?:ь|я|е|ю|ем)"), ("ма", "(?:й|я|е|ю|ем)"), ("июн", "(?:ь|я|е|ю|ем)"),
        ("июл", "(?:ь|я|е|ю|ем)"), ("август", "(?:а|е|у|ом)?"), ("сентябр", "(?:ь|я|е|ю|ём|ем)"),
        ("октябр", "(?:ь|я|е|ю|ём|ем)"), ("ноябр", "(?:ь|я|е|ю|ём|ем)"),
        ("декабр", "(?:ь|я|е|ю|ём|ем)"))),
}
_ORDINALS = {  # of quarters and halves
    "en": {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
           "4th": 4},
    "ru": {"перв[а-яё]*": 1, "втор[а-яё]*": 2, "трет[а-яё]*": 3, "четв[её]рт[а-яё]*": 4,
           "i": 1, "ii": 2, "iii": 3, "iv": 4},
}
_ORDINAL_DIGITS = {"en": (), "ru": ("[1-4](?:" + _DASH + "?(?:й|м|го|ом|е|ый|ое))?",)}  # "3-м"
_MONTH_COUNTS = {
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12},
    "ru": {"два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
           "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12},
}
# year-relative words -> offset from the publication year ("last year" = -1)
_RELATIVE_YEARS = {
    "en": {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "following": 1,
           "coming": 1},
    "ru": {"текущ": 0, "эт": 0, "нынешн": 0, "сего": 0, "прошл": -1, "минувш": -1,
           "предыдущ": -1, "позапрошл": -2, "следующ": 1, "будущ": 1},
}
_PERIOD_OPENERS = {"en": ("from", "between"), "ru": ("с", "от")}
_PERIOD_JOINERS = {"en": ("to", "through", "thru", "till", "until", "and"), "ru": ("по", "до")}
# a relative year is <before> adjective <after>: "the previous year", "прошлого года"
_RELATIVE_YEAR_FRAME = {"en": ("(?:the" + _GAP1 + ")?", _GAP1 + "year\\b"),
                        "ru": ("", "[а-яё]*" + _GAP1 + "год[а-яё]*")}
# "the year" alone, which means this year only after "since the beginning of", "by the end of"
_THE_YEAR = {"en": "the" + _GAP1 + "year\\b", "ru": "год[ау](?![а-яё])"}
_DEADLINES = {"en": ("by", "until", "till", "up" + _GAP1 + "to", "no" + _GAP1 + "later"
                     + _GAP1 + "than", "before" + _GAP1 + "the" + _GAP1 + "end" + _GAP1 + "of"),
              "ru": ("до", "к", "не" + _GAP1 + "позднее", "не" + _GAP1 + "позже")}

_YEAR = "(?:19[5-9][0-9]|20[0-9]{2})"
_YEAR_NUMBER = rf"(?<![\w.,]){_YEAR}(?![0-9])"
_YEAR_SUFFIX = {"en": "", "ru": (rf"(?:{_GAP}(?:-?го{_GAP1})?"
                                  r"(?:годах|годом|годы|года|году|год|гг\.|г\.|гг|г)(?![а-яё]))?")}
_CLAUSE_REACH = 80       # how far back a verb may govern a figure ("exports grew ... by 11%")
_CLAUSE_BREAK = re.compile(r"[.!?;](?=\s)|\n")
_YEAR_TOKEN = re.compile(rf"\b{_YEAR}\b")


# --------------------------------------------------------------------------------------------------
# Building the expressions

def _alternatives(words) -> str:
    """``("ton", "tons")`` -> ``"(?:tons|ton)"``: one group, longest fragment first."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


def _word(words) -> str:
    """An alternation of whole words, which neither start nor end inside another word."""
    return _WORD_START + _alternatives(words) + _WORD_END


def _is_one_of(word: str, words) -> bool:
    """Does ``word`` match one of the expressions ``words`` entirely, ignoring case?"""
    return any(re.fullmatch(pattern, word, re.IGNORECASE) for pattern in words)


def _lookup(table: dict, word: str):
    """The value of the first key (an expression) matching all of ``word``, ignoring case."""
    return next((value for key, value in table.items()
                 if re.fullmatch(key, word, re.IGNORECASE)), None)


def _named(table: dict, prefix: str = "") -> str:
    """``{"USD": ("\\$",)}`` -> ``"(?:(?P<USD>\\$))"``: which group matched tells the key."""
    return "(?:" + "|".join(f"(?P<{prefix}{key}>{_alternatives(words)})"
                            for key, words in table.items()) + ")"


@dataclass(frozen=True)
class _Grammar:
    """The compiled expressions of one language."""

    lang: str
    # quantities
    scale: re.Pattern             # a scale word after a number: group s<power>
    weak_scale: re.Pattern        # a one-letter scale glued to a number: group w<power>
    compound: re.Pattern          # "... 650 thousand" after "1 million"
    unit: re.Pattern              # a unit word after the amount: one group per unit
    currency_at: re.Pattern       # "$ " where a number's currency starts
    currency_before: re.Pattern   # the same, right before a number
    range_sep: re.Pattern
    range_opener: re.Pattern
    percent_after: re.Pattern
    per_year: re.Pattern
    # changes
    percent: re.Pattern
    factors: tuple                # group "number": the multiplier
    growing_factor: re.Pattern
    multiplying_verb: re.Pattern
    direction_before: re.Pattern  # groups "up"/"down": a verb or noun of change
    direction_after: re.Pattern
    # periods
    periods: tuple                # most specific first; groups as read by _period_from_match
    dates: re.Pattern             # day-precise dates, which are not reporting periods


def _build_grammar(lang: str) -> _Grammar:
    units = {**_UNIT_WORDS[lang]}
    for code, symbols in _CURRENCY_SYMBOLS.items():
        units[code] = units.get(code, ()) + symbols
    scales = {f"s{power}": words for power, words in _SCALES[lang].items()}
    return _Grammar(lang=lang, **_quantity_expressions(lang, units, scales),
                    **_change_expressions(lang),
                    periods=_compile(_PERIOD_RULES[lang](_period_words(lang, units, scales))),
                    dates=re.compile(_dates(lang), re.IGNORECASE))


def _compile(patterns) -> tuple:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


def _quantity_expressions(lang: str, units: dict, scales: dict) -> dict:
    weak = {f"w{power}": words for power, words in _WEAK_SCALES[lang].items()} or {"w0": ("(?!)",)}
    scale = rf"(?:{_GAP}|-){_WORD_START}{_named(scales)}{_WORD_END}"
    modifier = _word(_UNIT_MODIFIERS[lang])
    currency = rf"(?<![A-Za-z]){_named(_CURRENCY_SYMBOLS)}{_GAP}"
    return {key: re.compile(pattern, re.IGNORECASE) for key, pattern in {
        "scale": scale,
        "weak_scale": _named(weak) + r"(?![^\W\d_])",
        "compound": rf"{_GAP1}(?P<number>{_NUMBER}){scale}",
        "unit": rf"(?P<sep>{_GAP}|-)(?:{modifier}{_GAP1}){{0,2}}?{_WORD_START}{_named(units)}"
                rf"{_WORD_END}",
        "currency_at": currency,
        "currency_before": currency + r"\Z",
        "range_sep": rf"{_GAP}{_DASH}{_GAP}|{_GAP1}(?P<word>{_alternatives(_RANGE_WORDS[lang])})"
                     rf"{_GAP1}",
        "range_opener": rf"{_WORD_START}(?P<opener>{_alternatives(_RANGE_OPENERS[lang])})"
                        rf"{_GAP1}\Z",
        "percent_after": _GAP + _alternatives(_PERCENT[lang]) + _WORD_END,
        "per_year": rf"{_PER_YEAR_GAP[lang]}{_GAP}{_word(_PER_YEAR[lang])}"
                    rf"(?!{_GAP1}{_word(_NOT_PER_YEAR)})",
    }.items()}


def _change_expressions(lang: str) -> dict:
    percent = (rf"(?:{_WORD_START}{_BY[lang]}{_GAP1})?(?:(?<![\w.,])(?P<sign>[+{_MINUS_SIGNS}]))?"
               rf"(?P<number>{_NUMBER}){_GAP}{_alternatives(_PERCENT[lang])}{_WORD_END}")
    after = (rf"{_GAP}(?:{_word(_YEAR_ON_YEAR)}{_GAP1})?(?:(?P<up>{_word(_UP_AFTER[lang])})"
             rf"|(?P<down>{_word(_DOWN_AFTER[lang])}))")
    expressions = {
        "percent": percent,
        "growing_factor": _word(_GROWING_FACTORS[lang]),
        "multiplying_verb": _word(_MULTIPLYING_VERBS[lang]),
        "direction_before": rf"(?P<up>{_word(_UP[lang])})|(?P<down>{_word(_DOWN[lang])})",
        "direction_after": after,
    }
    multiplier = rf"{_NUMBER}|{_word(_FACTOR_WORDS[lang])}"
    return {key: re.compile(pattern, re.IGNORECASE) for key, pattern in expressions.items()} \
        | {"factors": _compile(_FACTOR_RULES[lang](multiplier))}


def _english_factors(multiplier: str) -> tuple[str, ...]:
    """ "(by) 2.5 times", "2.5-fold", "two-fold", "twice"."""
    return (rf"(?:{_WORD_START}by{_GAP1})?(?P<number>{multiplier})(?:{_GAP}|-)"
            rf"{_word(('times', 'fold'))}",
            rf"(?P<number>{_word(_FACTOR_ADVERBS['en'])})")


def _russian_factors(multiplier: str) -> tuple[str, ...]:
    """ "в 2,5 раза", "в два раза", "2,5-кратный", "вдвое"."""
    return (rf"{_WORD_START}в{_GAP1}(?P<number>{multiplier}){_GAP1}{_word(('раза', 'раз'))}",
            rf"(?P<number>{_NUMBER}){_GAP}-?{_GAP}кратн\w*",
            rf"(?P<number>{_word(_FACTOR_ADVERBS['ru'])})")


_FACTOR_RULES = {"en": _english_factors, "ru": _russian_factors}


@dataclass(frozen=True)
class _PeriodWords:
    """The pieces one language's period rules are written with (regular-expression sources)."""

    month: str
    ordinal: str            # of a quarter or half
    count: str              # of months
    deadline: str           # group tgt
    joiner: str             # between the two ends of a span
    opener: str             # before a span: "from", "с"
    relative: str           # "last year", "прошлого года"
    the_year: str
    year_suffix: str        # "года", "г."
    not_a_year: str         # what may not follow a bare year: "2023 tons" is a quantity

    def year(self, name: str, *, or_the_year: bool = False) -> str:
        """A written or relative year in group ``name``."""
        bare = f"|{self.the_year}" if or_the_year else ""
        return rf"(?P<{name}>{_YEAR_NUMBER}{self.year_suffix}|{self.relative}{bare})"


def _period_words(lang: str, units: dict, scales: dict) -> _PeriodWords:
    before, after = _RELATIVE_YEAR_FRAME[lang]
    figure = (rf"{_alternatives(_PERCENT[lang])}|{_named(scales, 'x')}{_WORD_END}"
              rf"|{_named(units, 'u')}{_WORD_END}")
    return _PeriodWords(
        month=_month_words(lang),
        ordinal=_word((*_ORDINALS[lang], *_ORDINAL_DIGITS[lang])),
        count=_alternatives([*_MONTH_COUNTS[lang], "1[0-2]", "[1-9]"]),
        deadline=rf"(?P<tgt>{_word(_DEADLINES[lang])}){_GAP1}",
        joiner=rf"{_GAP}{_DASH}{_GAP}|{_GAP1}{_alternatives(_PERIOD_JOINERS[lang])}{_GAP1}",
        opener=rf"(?:{_word(_PERIOD_OPENERS[lang])}{_GAP1})?",
        relative=rf"{_WORD_START}{before}{_alternatives(_RELATIVE_YEARS[lang])}{after}",
        the_year=_WORD_START + _THE_YEAR[lang],
        year_suffix=_YEAR_SUFFIX[lang],
        not_a_year=rf"(?!{_DASH}[0-9]|[./][0-9])(?!{_GAP}(?:{figure}))",
    )


def _shared_periods(w: _PeriodWords) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Rules both languages share: those tried before the specific ones, and those after."""
    no_day_before = r"(?<![0-9][ \u00a0])(?<![0-9])"     # "15 January 2018" is a date
    first = (
        rf"{w.opener}(?P<mon1>{w.month}){_GAP1}{w.year('yr1')}(?:{w.joiner})(?P<mon2>{w.month}),?"
        rf"{_GAP1}{w.year('yr2')}",
        rf"{w.opener}(?P<mon1>{w.month})(?:{w.joiner})(?P<mon2>{w.month})"
        rf"(?:,?{_GAP1}(?:of{_GAP1})?{w.year('yr1')})?",
        rf"{w.opener}(?P<yr1>{_YEAR_NUMBER})(?:{w.joiner}|/)(?P<yr2>{_YEAR_NUMBER}){w.year_suffix}",
    )
    last = (
        rf"{w.deadline}{w.year('yr1')}",
        rf"{no_day_before}(?P<mon1>{w.month}),?{_GAP1}(?:of{_GAP1})?{w.year('yr1')}",
        rf"(?P<yr1>{_YEAR_NUMBER}){w.not_a_year}{w.year_suffix}",
        rf"(?P<yr1>{w.relative})",
    )
    return first, last


def _english_periods(w: _PeriodWords) -> tuple[str, ...]:
    """ "the first quarter of 2024", "Q1 2024", "H1 2022", "the first nine months of 2022", ..."""
    first, last = _shared_periods(w)
    year_or_not_of = rf"(?:(?:{_GAP1}of)?{_GAP1}{w.year('yr1')}|(?!{_GAP1}of\b))"
    return (*first,
            rf"(?:the{_GAP1})?(?:first{_GAP1})?\b(?P<nq>two|three|2|3)(?:{_GAP1}|-)quarters{_GAP1}of{_GAP1}{w.year('yr1')}",
            rf"(?:the{_GAP1})?(?P<q>{w.ordinal}){_GAP1}quarter{year_or_not_of}",
            rf"\bQ(?P<q>[1-4]){_GAP}(?:of{_GAP1})?{w.year('yr1')}",
            rf"\b(?P<q>[1-4])Q{_GAP}{w.year('yr1')}",
            rf"(?:the{_GAP1})?(?P<h>{w.ordinal}){_GAP1}half{year_or_not_of}",
            rf"\b(?:H(?P<h>[12])|(?P<h2>[12])H){_GAP}(?:of{_GAP1})?{w.year('yr1')}",
            rf"(?:the{_GAP1})?(?:first{_GAP1})?\b(?P<n>{w.count})(?:{_GAP1}|-)months?"
            rf"(?:{_GAP1}period)?{_GAP1}of{_GAP1}{w.year('yr1', or_the_year=True)}",
            rf"(?:the{_GAP1})?first{_GAP1}(?P<n>{w.count})(?:{_GAP1}|-)months?\b(?!{_GAP1}of\b)",
            rf"\bsince{_GAP1}the{_GAP1}(?:beginning|start){_GAP1}of{_GAP1}"
            rf"{w.year('yr1', or_the_year=True)}",
            rf"\b(?P<yr1>year{_DASH}to{_DASH}date|YTD)\b",
            rf"{w.deadline}the{_GAP1}year{_GAP1}{w.year('yr1')}",
            rf"{w.deadline}(?:the{_GAP1})?end(?:{_GAP1}of|-){_GAP}"
            rf"{w.year('yr1', or_the_year=True)}",
            rf"\b(?:in|since|during|for|from){_GAP1}(?P<mon1>{w.month})(?!{_GAP}[0-9])",
            *last)


def _russian_periods(w: _PeriodWords) -> tuple[str, ...]:
    """ "в первом квартале 2024 года", "за 9 месяцев", "с начала года", "к концу 2025 года", ..."""
    first, last = _shared_periods(w)
    months = rf"{_GAP1}месяц(?:а|ев)(?![а-яё])"
    return (*first,
            rf"{_WORD_START}(?P<nq>два|три|2|3){_GAP1}квартал[а-яё]*{_GAP1}{w.year('yr1')}",
            rf"(?P<q>{w.ordinal}){_GAP1}(?:квартал[а-яё]*|кв\.)(?:{_GAP1}{w.year('yr1')})?",
            rf"(?P<h>{w.ordinal}){_GAP1}полугоди[а-яё]*(?:{_GAP1}{w.year('yr1')})?",
            rf"(?:(?:за|первые){_GAP1})*\b(?P<n>{w.count}){months}{_GAP1}{w.year('yr1')}",
            rf"\b(?:за{_GAP1}(?:первые{_GAP1})?|первые{_GAP1})(?P<n>{w.count}){months}",
            rf"{_WORD_START}с{_GAP1}начала{_GAP1}{w.year('yr1', or_the_year=True)}",
            rf"{w.deadline}конц[аеу]{_GAP1}{w.year('yr1', or_the_year=True)}",
            rf"{_WORD_START}(?:в|во|за){_GAP1}(?P<mon1>{w.month})(?!{_GAP}[0-9])",
            *last)


_PERIOD_RULES = {"en": _english_periods, "ru": _russian_periods}


def _month_words(lang: str) -> str:
    """Any month name; English ones capitalised, so that "may" stays a verb."""
    months = _alternatives(word for words in _MONTHS[lang] for word in words)
    return _WORD_START + (f"(?-i:{months})" if lang == "en" else months) + _WORD_END


def _dates(lang: str) -> str:
    """Day-precise dates: "15 January 2018", "January 15, 2018", "15.01.2018", "2018-01-15"."""
    day = r"(?<![0-9])[0-9]{1,2}(?:st|nd|rd|th)?(?![0-9])"
    month = _month_words(lang)
    return "|".join((
        rf"{day}{_GAP1}(?:of{_GAP1})?{month}(?:,?{_GAP1}{_YEAR_NUMBER})?",
        rf"{month}{_GAP1}{day}(?:,?{_GAP1}{_YEAR_NUMBER})?",
        rf"{day}[./][0-9]{{1,2}}[./]{_YEAR}(?![0-9])",
        rf"{_YEAR_NUMBER}-[0-9]{{2}}-[0-9]{{2}}(?![0-9])",
    ))


_NUMBER_PATTERN = re.compile(_NUMBER)
_GRAMMARS = {lang: _build_grammar(lang) for lang in _LANGS}


def _grammar(lang: str) -> _Grammar:
    try:
        return _GRAMMARS[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; expected one of: "
                         f"{', '.join(_LANGS)}") from None


# --------------------------------------------------------------------------------------------------
# Numbers

_NUMBER_SHAPE = re.compile(_NUMBER_BODY)
_THOUSANDS_COMMAS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_SPACES = re.compile(_SPACE)


def parse_number(text: str, lang: str = "en") -> float:
    """Read one number written in English or Russian style.

    Spaces (also no-break and thin ones) group thousands. When both a comma and a point occur,
    the last one is the decimal mark. A lone comma is a decimal comma in Russian, and in English
    too unless three digits follow it. A lone point is a decimal point; repeated ones group.

    Raises:
        ValueError: ``text`` is not a number, or ``lang`` is not supported.

    >>> parse_number("1,234.5"), parse_number("1 234,5", "ru"), parse_number("162,9", "ru")
    (1234.5, 1234.5, 162.9)
    >>> parse_number("1,500"), parse_number("1,500", "ru"), parse_number("3.785")
    (1500.0, 1.5, 3.785)
    """
    return float(_canonical_number(text, lang))


def _canonical_number(text: str, lang: str) -> str:
    """The number as Python writes it: ``"1 234,5"`` -> ``"1234.5"``."""
    _grammar(lang)
    body = text.strip()
    if not _NUMBER_SHAPE.fullmatch(body):
        raise ValueError(f"{text!r} is not a number: expected digits with optional thousands "
                         "separators and one decimal mark, e.g. '1,234.5' or '1 234,5'")
    digits = _SPACES.sub("", body)
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif digits.count(",") == 1:
        decimal = None if lang == "en" and _THOUSANDS_COMMAS.fullmatch(digits) else ","
    elif digits.count(".") == 1:
        decimal = "."
    else:
        decimal = None
    for separator in {",", "."} - {decimal}:
        digits = digits.replace(separator, "")
    return digits.replace(",", ".")


def _scaled(number: str, power: int) -> float:
    """``("223.6", 6)`` -> ``223600000.0``, rounded once rather than after a multiplication."""
    return float(f"{number}e{power}")


# --------------------------------------------------------------------------------------------------
# Quantities

@dataclass(frozen=True)
class _Amount:
    """A number with its scale words: "1 million 650 thousand" = 1e6 + 650e3."""

    start: int
    end: int
    number: str                 # canonical digits, "223.6"
    power: int | None = None    # 6 for "million"; None without a scale word
    weak: bool = False          # a one-letter scale ("$5m") that must be confirmed
    extra: float = 0.0          # the smaller parts of a compound amount

    def value(self) -> float:
        return _scaled(self.number, self.power or 0) + self.extra


def find_quantities(text: str, lang: str = "en") -> list[Quantity]:
    """Find amounts of money, cargo, containers and vehicles, in base units.

    A number counts when a unit word or a scale word (million, млн, тыс., ...) follows it, so years,
    dates, ordinals, percentages and plain counts ("128 of the 176 companies") are left out. "Mt"
    is million tonnes unless the number is already 10 000 or more ("500,000 mt" is metric tons).
    "from 5 to 7 million tons" after a verb of change ("rose from ...", Russian "с ... до") is two
    figures, not a range.

    Raises:
        ValueError: ``lang`` is not supported.

    >>> [(q.value, q.value_max, q.unit, q.per_year) for q in find_quantities(
    ...     "a capacity of 1.5–2 million tons per year and KZT 5 billion")]
    [(1500000.0, 2000000.0, 't', True), (5000000000.0, None, 'KZT', False)]
    >>> [(q.value, q.unit) for q in find_quantities("162,9 тыс. тонн и 1 млн 650 тыс. тонн", "ru")]
    [(162900.0, 't'), (1650000.0, 't')]
    """
    grammar = _grammar(lang)
    quantities: list[Quantity] = []
    for match in _NUMBER_PATTERN.finditer(text):
        if quantities and match.start() < quantities[-1].end:
            continue
        quantities.extend(_read_quantity(text, match, grammar))
    spelled = [q for q in _spelled_quantities(text, grammar)
               if not any(q.start < other.end and other.start < q.end for other in quantities)]
    return sorted(quantities + spelled, key=lambda q: q.start)


_NUMBER_WORDS = {  # a number written as a word before a scale word: "the first million tons"
    "en": {"one": 1, "a": 1, "first": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10},
    "ru": {"один": 1, "одного": 1, "одном": 1, "первый": 1, "первого": 1, "первую": 1,
           "первым": 1, "полтора": 1.5, "полторы": 1.5, "два": 2, "две": 2, "двух": 2, "три": 3,
           "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5,
           "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8,
           "девять": 9, "девяти": 9, "десять": 10, "десяти": 10},
}


@lru_cache(maxsize=None)
def _number_word_pattern(lang: str) -> re.Pattern:
    return re.compile(rf"{_WORD_START}(?P<word>{_alternatives(_NUMBER_WORDS[lang])}){_WORD_END}",
                      re.IGNORECASE)


def _spelled_quantities(text: str, grammar: _Grammar) -> list[Quantity]:
    """Amounts whose number is a word: "the first million tons", "полтора миллиона тонн".

    Only with a scale word and a unit word, so "a million reasons" or "one of five" give nothing.
    """
    found = []
    for match in _number_word_pattern(grammar.lang).finditer(text):
        scale = grammar.scale.match(text, match.end())
        if scale is None:
            continue
        number = str(_NUMBER_WORDS[grammar.lang][match.group("word").lower()])
        amount = _Amount(match.start(), scale.end(), number, power=int(scale.lastgroup[1:]))
        unit, end, _, per_year = _read_unit(text, amount, None, grammar)
        if not unit:
            continue
        tail = grammar.per_year.match(text, end)
        if tail:
            end, per_year = tail.end(), True
        found.append(_quantity(text, match.start(), end, amount.value(), None, unit, per_year))
    return found


def _read_quantity(text: str, match: re.Match, grammar: _Grammar) -> list[Quantity]:
    """The quantity that starts with this number, as one figure or a split "from ... to" pair."""
    currency, start = _currency_before(text, match.start(), grammar)
    opener = grammar.range_opener.search(text, max(0, start - 12), start)
    is_change = _is_change(opener, text, grammar)
    bounds = _read_bounds(text, _read_amount(text, match, grammar), opener, is_change, grammar)
    if bounds is None:
        return []
    first, second = bounds
    unit, end, megatonnes, per_year = _read_unit(text, second or first, currency, grammar)
    if megatonnes:
        first = replace(first, power=6, weak=False)
        second = second and replace(second, power=6, weak=False)
    if not unit and (first.power is None or first.weak):
        return []
    tail = grammar.per_year.match(text, end)
    if tail:
        end, per_year = tail.end(), True
    if second is None:
        return [_quantity(text, start, end, first.value(), None, unit, per_year)]
    if is_change:
        second_start = _currency_before(text, second.start, grammar)[1]
        return [_quantity(text, start, first.end, first.value(), None, unit, per_year),
                _quantity(text, second_start, end, second.value(), None, unit, per_year)]
    begin = opener.start("opener") if opener else start
    return [_quantity(text, begin, end, first.value(), second.value(), unit, per_year)]


def _read_bounds(text: str, first: _Amount, opener: re.Match | None, is_change: bool,
                 grammar: _Grammar) -> tuple[_Amount, _Amount | None] | None:
    """The amount and the upper bound of its range, if any; None when it is a percentage."""
    if grammar.percent_after.match(text, first.end):
        return None
    second = _read_range_end(text, first.end, opener, grammar)
    if second is None:
        return first, None
    if grammar.percent_after.match(text, second.end):
        return None             # "5-7%"
    low, high = _share_scale(first, second)
    if low.value() < high.value() or is_change:
        return low, high
    return first, None          # "10-5 million" is no range; "5 million" is found on its own


def _quantity(text, start, end, value, value_max, unit, per_year) -> Quantity:
    return Quantity(value=value, value_max=value_max, unit=unit, start=start, end=end,
                    text=text[start:end], per_year=per_year)


def _read_amount(text: str, match: re.Match, grammar: _Grammar) -> _Amount:
    """A number, its scale word if any, and the smaller parts of a compound amount."""
    amount = _Amount(match.start(), match.end(), _canonical_number(match.group(), grammar.lang))
    scale = grammar.scale.match(text, amount.end)
    if scale is None:
        weak = grammar.weak_scale.match(text, amount.end)
        if weak is None:
            return amount
        return replace(amount, end=weak.end(), power=int(weak.lastgroup[1:]), weak=True)
    amount = replace(amount, end=scale.end(), power=int(scale.lastgroup[1:]))
    smallest = amount.power
    while part := grammar.compound.match(text, amount.end):
        power = int(part.lastgroup[1:])
        if power >= smallest:
            break
        number = _canonical_number(part.group("number"), grammar.lang)
        amount = replace(amount, end=part.end(), extra=amount.extra + _scaled(number, power))
        smallest = power
    return amount


def _currency_before(text: str, start: int, grammar: _Grammar) -> tuple[str | None, int]:
    """The currency written before a number ("$", "US$ ", "KZT ") and where it starts."""
    found = grammar.currency_before.search(text, max(0, start - 12), start)
    return (found.lastgroup, found.start()) if found else (None, start)


def _read_range_end(text: str, pos: int, opener: re.Match | None,
                    grammar: _Grammar) -> _Amount | None:
    """The upper bound after "-", "to", "до" (this last only after "от"/"с"), with its currency."""
    sep = grammar.range_sep.match(text, pos)
    if sep is None:
        return None
    word = sep.group("word")
    if word and not _is_one_of(word, _RANGE_WORDS_ALONE[grammar.lang]):
        pair = _lookup(_RANGE_OPENERS[grammar.lang], opener.group("opener")) if opener else None
        if pair is None or not _is_one_of(word, (pair,)):
            return None
    at = sep.end()
    currency = grammar.currency_at.match(text, at)
    number = _NUMBER_PATTERN.match(text, currency.end() if currency else at)
    return _read_amount(text, number, grammar) if number else None


def _share_scale(first: _Amount, second: _Amount) -> tuple[_Amount, _Amount]:
    """ "1.5–2 million": a scale word written once applies to both bounds."""
    if first.power is None and second.power is not None:
        first = replace(first, power=second.power, weak=second.weak)
    elif second.power is None and first.power is not None:
        second = replace(second, power=first.power, weak=first.weak)
    return first, second


def _is_change(opener: re.Match | None, text: str, grammar: _Grammar) -> bool:
    """Does "from/с X to/до Y" report a change ("rose from 5 to 7") rather than a range?"""
    if opener is None:
        return False
    word = opener.group("opener")
    if _is_one_of(word, _CHANGE_OPENERS[grammar.lang]):
        return True
    return (_is_one_of(word, _CHANGE_OPENERS_AFTER_A_VERB[grammar.lang])
            and _direction_before(text, opener.start(), grammar) != 0)


def _read_unit(text: str, last: _Amount, currency: str | None,
               grammar: _Grammar) -> tuple[str, int, bool, bool]:
    """The unit after an amount: (unit, its end, counts in million tonnes, per year).

    "2.1 Mt" counts in million tonnes; "5 million mt" and "500,000 mt" are plain metric tons.
    """
    if currency:
        return currency, last.end, False, False
    found = grammar.unit.match(text, last.end)
    if found is None or ("-" in found.group("sep") and last.power is None):
        return "", last.end, False, False       # "a 40-ton truck" is no amount of cargo
    unit = found.lastgroup
    if unit not in _MEGATONNE_UNITS:
        return unit, found.end(), False, False
    megatonnes = last.power is None and last.value() < 1e4
    return "t", found.end(), megatonnes, _MEGATONNE_UNITS[unit]


# --------------------------------------------------------------------------------------------------
# Changes

def find_changes(text: str, lang: str = "en") -> list[Change]:
    """Find relative changes: percentages with a direction, factors, and "doubled"-like verbs.

    The direction comes from a sign ("+11%"), a word right after the figure ("an 11% increase",
    "в 2 раза больше") or the nearest verb before it in the same clause ("exports fell ... by 5%"),
    with no other figure in between. A percentage with no direction ("an 11% share") is not a
    change. A factor f is +(f-1)*100 when growing and (1/f-1)*100 when shrinking.

    Raises:
        ValueError: ``lang`` is not supported.

    >>> [(c.pct, c.text) for c in find_changes("Trade grew by 11%; exports rose 2.5 times.")]
    [(11.0, 'by 11%'), (150.0, '2.5 times')]
    >>> [(c.pct, c.text) for c in find_changes("Transit doubled.")]
    [(100.0, 'doubled')]
    >>> [c.pct for c in find_changes("объём сократился в 2 раза, а транзит вырос на 5,3%", "ru")]
    [-50.0, 5.3]
    """
    grammar = _grammar(lang)
    changes = [*_percent_changes(text, grammar), *_factor_changes(text, grammar),
               *_verb_changes(text, grammar)]
    return sorted(changes, key=lambda change: change.start)


def _percent_changes(text: str, grammar: _Grammar):
    for match in grammar.percent.finditer(text):
        sign = match.group("sign")
        if sign:
            direction = -1 if sign in _MINUS_SIGNS else 1
        else:
            direction = _direction(text, match.start(), match.end(), grammar)
        if direction:
            pct = direction * parse_number(match.group("number"), grammar.lang)
            yield _change(text, match, pct, is_factor=False)


def _factor_changes(text: str, grammar: _Grammar):
    for match in (match for rule in grammar.factors for match in rule.finditer(text)):
        factor = _factor_value(match.group("number"), grammar.lang)
        direction = _direction(text, match.start(), match.end(), grammar)
        if not direction and grammar.growing_factor.search(match.group()):
            direction = 1
        if direction and factor > 1:
            pct = (factor - 1) * 100 if direction > 0 else (1 / factor - 1) * 100
            pct = round(pct, 9)         # 2.3 times is +130 %, not +129.99999999999997 %
            yield _change(text, match, pct, is_factor=True)


def _verb_changes(text: str, grammar: _Grammar):
    for match in grammar.multiplying_verb.finditer(text):
        pct = _lookup(_MULTIPLYING_VERBS[grammar.lang], match.group())
        yield _change(text, match, pct, is_factor=True)


def _change(text: str, match: re.Match, pct: float, *, is_factor: bool) -> Change:
    return Change(pct=pct, start=match.start(), end=match.end(), text=match.group(),
                  is_factor=is_factor)


def _factor_value(token: str, lang: str) -> float:
    """The multiplier a factor expression names: "2,5" -> 2.5, "two" -> 2, "вдвое" -> 2."""
    value = _lookup({**_FACTOR_WORDS[lang], **_FACTOR_ADVERBS[lang]}, token)
    return parse_number(token, lang) if value is None else float(value)


def _direction(text: str, start: int, end: int, grammar: _Grammar) -> int:
    """+1 for growth, -1 for decline, 0 when the text does not say."""
    after = grammar.direction_after.match(text, end)
    if after:
        return 1 if after.group("up") else -1
    return _direction_before(text, start, grammar)


def _direction_before(text: str, start: int, grammar: _Grammar) -> int:
    """The direction of the last verb of change before ``start`` in the same clause."""
    window = max(0, start - _CLAUSE_REACH)
    breaks = list(_CLAUSE_BREAK.finditer(text, window, start))
    clause_start = breaks[-1].end() if breaks else window
    words = list(grammar.direction_before.finditer(text, clause_start, start))
    if not words:
        return 0
    last = words[-1]
    between = _YEAR_TOKEN.sub("", text[last.end():start])
    if any(character.isdigit() for character in between):
        return 0        # "fell to $5 million, or 11% of ...": the verb governs another figure
    return 1 if last.group("up") else -1


# --------------------------------------------------------------------------------------------------
# Periods

def find_periods(text: str, lang: str = "en", *,
                 publication_date: datetime.date | None = None) -> list[Period]:
    """Find reporting periods, as ISO 8601 years, months and intervals.

    Relative years ("last year", "с начала года") and periods without a year ("в первом
    полугодии") are resolved against ``publication_date`` and skipped without it; a period without
    a year is the latest one that has ended by the publication month ("in December" in a January
    article is last December). Overlapping readings keep the longest, so "the first quarter of
    2024" is one period, not also "2024". Day-precise dates ("15 January 2018") are not periods.

    Raises:
        ValueError: ``lang`` is not supported.

    >>> [p.iso for p in find_periods("in January-October 2023, up from 2017-2020 levels")]
    ['2023-01/2023-10', '2017/2020']
    >>> published = datetime.date(2024, 5, 2)
    >>> text = "к 2030 году, как и в прошлом году"
    >>> [(p.iso, p.is_target_year) for p in find_periods(text, "ru", publication_date=published)]
    [('2030', True), ('2023', False)]
    """
    grammar = _grammar(lang)
    dates = [(date.start(), date.end()) for date in grammar.dates.finditer(text)]
    found = [period for rule in grammar.periods for match in rule.finditer(text)
             if (period := _period_from_match(match, lang, publication_date))
             and not any(period.begin < end and start < period.end_offset for start, end in dates)]
    chosen: list[Period] = []
    for period in sorted(found, key=lambda p: p.begin - p.end_offset):   # longest first (stable)
        if all(period.end_offset <= other.begin or other.end_offset <= period.begin
               for other in chosen):
            chosen.append(period)
    return sorted(chosen, key=lambda p: p.begin)


def _period_from_match(match: re.Match, lang: str,
                       publication_date: datetime.date | None) -> Period | None:
    """Read the groups of any period rule (see :class:`_PeriodWords`) into a Period."""
    groups = match.groupdict()
    months = _months_of(groups, lang)
    if months is None:
        return None
    first_month, last_month = months
    written = groups.get("yr2") or groups.get("yr1")
    if written is None:     # no year: the latest such period ended by the publication month
        if publication_date is None:
            return None
        end_year = publication_date.year - (last_month > publication_date.month)
    else:
        end_year = _resolve_year(written, lang, publication_date)
    start_year = _resolve_year(groups["yr1"], lang, publication_date) \
        if groups.get("yr2") else end_year
    if end_year is None or start_year is None:
        return None
    if start_year == end_year and first_month > last_month:
        start_year -= 1                 # "October–March 2023"
    if (start_year, first_month) > (end_year, last_month):
        return None
    if not 1000 <= start_year <= end_year <= 9999:
        return None                     # no four-digit ISO year
    return Period(iso=_iso_interval(start_year, first_month, end_year, last_month),
                  start=datetime.date(start_year, first_month, 1),
                  end=_last_day(end_year, last_month), begin=match.start(),
                  end_offset=match.end(), text=match.group(),
                  is_target_year=bool(groups.get("tgt")))


_QUARTER_COUNTS = {"two": 2, "three": 3, "2": 2, "3": 3, "два": 2, "три": 3}


def _months_of(groups: dict, lang: str) -> tuple[int, int] | None:
    """The first and last month a rule's groups describe; the whole year by default."""
    if groups.get("nq"):      # "three quarters of 2017": from January
        return 1, 3 * _QUARTER_COUNTS[groups["nq"].lower()]
    if groups.get("q"):
        quarter = _ordinal_value(groups["q"], lang)
        return (3 * quarter - 2, 3 * quarter) if 1 <= quarter <= 4 else None
    half = groups.get("h") or groups.get("h2")
    if half:
        number = _ordinal_value(half, lang)
        return (6 * number - 5, 6 * number) if number in (1, 2) else None
    if groups.get("n"):
        count = _ordinal_value(groups["n"], lang, _MONTH_COUNTS)
        return (1, count) if 1 <= count <= 12 else None
    if groups.get("mon1"):
        first = _month_number(groups["mon1"], lang)
        return first, _month_number(groups["mon2"], lang) if groups.get("mon2") else first
    return 1, 12


def _month_number(word: str, lang: str) -> int:
    """ "Sept." -> 9, "январе" -> 1."""
    for number, words in enumerate(_MONTHS[lang], start=1):
        if re.fullmatch(_alternatives(words), word, re.IGNORECASE):
            return number
    raise ValueError(f"not a month name: {word!r}")


def _ordinal_value(word: str, lang: str, table: dict = _ORDINALS) -> int:
    """ "first"/"1st"/"I"/"первом"/"3-м" -> its number; 0 when unknown."""
    if word[0] in "0123456789":
        return int(re.match("[0-9]+", word).group())
    return _lookup(table[lang], word) or 0


def _resolve_year(token: str, lang: str, publication_date: datetime.date | None) -> int | None:
    """ "2023 года" -> 2023; "last year" -> the year before publication; "the year" -> its year."""
    written = re.search(_YEAR, token)
    if written:
        return int(written.group())
    if publication_date is None:
        return None
    for stem, offset in sorted(_RELATIVE_YEARS[lang].items(), key=lambda item: -len(item[0])):
        if re.search(_WORD_START + stem, token, re.IGNORECASE):     # "позапрошл" before "прошл"
            return publication_date.year + offset
    return publication_date.year            # "since the beginning of the year", "с начала года"


def _iso_interval(start_year: int, first_month: int, end_year: int, last_month: int) -> str:
    """ISO 8601 at the coarsest exact grain: "2023", "2017/2020", "2023-06", "2022-01/2022-09"."""
    if first_month == 1 and last_month == 12:
        return str(start_year) if start_year == end_year else f"{start_year}/{end_year}"
    if (start_year, first_month) == (end_year, last_month):
        return f"{start_year}-{first_month:02d}"
    return f"{start_year}-{first_month:02d}/{end_year}-{last_month:02d}"


def _last_day(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
