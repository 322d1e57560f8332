"""Write ontology/reference/countries.ttl: every ISO 3166-1 country, with names and demonyms.

    python scripts/make_countries.py > ontology/reference/countries.ttl

The codes and the English, Russian and Kazakh names come from pycountry (the Debian iso-codes
data and its gettext catalogues). The tables below add what those catalogues lack: the short
names the news uses ("Russia", "Turkey", "USA"), abbreviations ("РФ", "КНР", "ҚР"), fixes for a
few wrong or clumsy translations, and the adjectives that name a country ("Lithuanian",
"литовский"). tests/test_reference_data.py checks that the committed file is this script's output.
"""
from __future__ import annotations

import gettext
import sys
import unicodedata
from importlib.metadata import version

import pycountry

LANGS = ("en", "ru", "kk")

# --- preferred names (where pycountry's common_name/name is not the one the news uses) ----------
PREF = {
    "en": {
        "BN": "Brunei", "CD": "Democratic Republic of the Congo", "FK": "Falkland Islands",
        "FM": "Micronesia", "PS": "Palestine", "RU": "Russia", "TR": "Turkey",
        "VA": "Vatican City", "VG": "British Virgin Islands", "VI": "United States Virgin Islands",
    },
    "ru": {
        "BN": "Бруней", "CF": "Центральноафриканская Республика", "DO": "Доминиканская Республика",
        "FM": "Микронезия", "GB": "Великобритания", "KG": "Кыргызстан", "MD": "Молдова",
        "RU": "Россия", "US": "США", "VA": "Ватикан",
    },
    "kk": {"LA": "Лаос", "SY": "Сирия"},
}

# --- further names: official and colloquial forms, abbreviations, former names ------------------
ALT = {
    "en": {
        "AE": ["UAE"],
        "CD": ["DR Congo", "DRC"],
        "CI": ["Ivory Coast"],
        "CN": ["PRC"],
        "CV": ["Cape Verde"],
        "GB": ["UK", "U.K.", "Great Britain", "Britain"],
        "KP": ["DPRK"],
        "KR": ["Republic of Korea"],
        "MM": ["Burma"],
        "NL": ["Holland"],
        "SZ": ["Swaziland"],
        "TL": ["East Timor"],
        "TR": ["Türkiye", "Turkiye", "Republic of Turkey"],
        "US": ["USA", "US", "U.S.", "U.S.A.", "United States of America"],
        "VA": ["Holy See", "Vatican"],
    },
    "ru": {
        "AE": ["ОАЭ"],
        "AZ": ["Азербайджанская Республика"],
        "BY": ["Белоруссия"],
        "CN": ["КНР"],
        "GB": ["Соединённое Королевство"],
        "KG": ["Киргизия", "Кыргызская Республика", "Киргизская Республика"],
        "KP": ["КНДР"],
        "KZ": ["РК"],
        "MD": ["Молдавия"],
        "NL": ["Голландия"],
        "RU": ["Российская Федерация", "РФ"],
        "US": ["Соединённые Штаты Америки", "Соединённые Штаты"],
    },
    "kk": {
        "CN": ["ҚХР"],
        "KZ": ["ҚР"],
        "RU": ["Ресей Федерациясы"],
    },
}

# --- names from the catalogues that are wrong or malformed ---------------------------------------
DROP = {
    "ru": {
        "CF": ["Центрально-африканская республика"],
        "DO": ["Доминиканская республика"],
        "US": ["Соединённые штаты"],
    },
    "kk": {
        "NP": ["Орталық Африка Республикасы"],     # the Central African Republic's name
        "TF": ["Францияның Солтүстік Аймақтары"],  # "northern" for Southern
        "YT": ["Мариотт"],                         # not Mayotte
    },
}

# --- adjectives that name a country ("Lithuanian exports", "литовский экспорт") ------------------
# English adjectives; Russian adjectives as lemmas (masculine nominative); a few Kazakh ones.
DEMONYMS = {
    "AD": (["Andorran"], ["андоррский"], []),
    "AE": (["Emirati"], ["эмиратский"], []),
    "AF": (["Afghan"], ["афганский"], []),
    "AL": (["Albanian"], ["албанский"], []),
    "AM": (["Armenian"], ["армянский"], []),
    "AT": (["Austrian"], ["австрийский"], []),
    "AU": (["Australian"], ["австралийский"], []),
    "AZ": (["Azerbaijani", "Azeri"], ["азербайджанский"], ["әзірбайжандық"]),
    "BA": (["Bosnian"], ["боснийский"], []),
    "BD": (["Bangladeshi"], ["бангладешский"], []),
    "BE": (["Belgian"], ["бельгийский"], []),
    "BG": (["Bulgarian"], ["болгарский"], []),
    "BH": (["Bahraini"], ["бахрейнский"], []),
    "BY": (["Belarusian"], ["белорусский"], []),
    "CA": (["Canadian"], ["канадский"], []),
    "CH": (["Swiss"], ["швейцарский"], []),
    "CN": (["Chinese"], ["китайский"], ["қытайлық"]),
    "CY": (["Cypriot"], ["кипрский"], []),
    "CZ": (["Czech"], ["чешский"], []),
    "DE": (["German"], ["немецкий", "германский"], []),
    "DK": (["Danish"], ["датский"], []),
    "EE": (["Estonian"], ["эстонский"], []),
    "EG": (["Egyptian"], ["египетский"], []),
    "ES": (["Spanish"], ["испанский"], []),
    "FI": (["Finnish"], ["финский", "финляндский"], []),
    "FR": (["French"], ["французский"], []),
    "GB": (["British"], ["британский"], []),
    "GE": (["Georgian"], ["грузинский"], []),
    "GR": (["Greek"], ["греческий"], []),
    "HR": (["Croatian"], ["хорватский"], []),
    "HU": (["Hungarian"], ["венгерский"], []),
    "ID": (["Indonesian"], ["индонезийский"], []),
    "IE": (["Irish"], ["ирландский"], []),
    "IL": (["Israeli"], ["израильский"], []),
    "IN": (["Indian"], ["индийский"], []),
    "IQ": (["Iraqi"], ["иракский"], []),
    "IR": (["Iranian"], ["иранский"], []),
    "IS": (["Icelandic"], ["исландский"], []),
    "IT": (["Italian"], ["итальянский"], []),
    "JO": (["Jordanian"], ["иорданский"], []),
    "JP": (["Japanese"], ["японский"], []),
    "KG": (["Kyrgyz", "Kyrgyzstani"], ["кыргызстанский", "кыргызский", "киргизский"], []),
    "KP": (["North Korean"], ["северокорейский"], []),
    "KR": (["South Korean"], ["южнокорейский"], []),
    "KW": (["Kuwaiti"], ["кувейтский"], []),
    "KZ": (["Kazakh", "Kazakhstani"], ["казахстанский", "казахский"], ["қазақстандық"]),
    "LB": (["Lebanese"], ["ливанский"], []),
    "LT": (["Lithuanian"], ["литовский"], []),
    "LU": (["Luxembourgish"], ["люксембургский"], []),
    "LV": (["Latvian"], ["латвийский", "латышский"], []),
    "MD": (["Moldovan"], ["молдавский", "молдовский"], []),
    "ME": (["Montenegrin"], ["черногорский"], []),
    "MK": (["North Macedonian"], ["северомакедонский"], []),
    "MN": (["Mongolian"], ["монгольский"], []),
    "MT": (["Maltese"], ["мальтийский"], []),
    "MY": (["Malaysian"], ["малайзийский"], []),
    "NL": (["Dutch"], ["нидерландский", "голландский"], []),
    "NO": (["Norwegian"], ["норвежский"], []),
    "OM": (["Omani"], ["оманский"], []),
    "PK": (["Pakistani"], ["пакистанский"], []),
    "PL": (["Polish"], ["польский"], []),
    "PT": (["Portuguese"], ["португальский"], []),
    "QA": (["Qatari"], ["катарский"], []),
    "RO": (["Romanian"], ["румынский"], []),
    "RS": (["Serbian"], ["сербский"], []),
    "RU": (["Russian"], ["российский"], ["ресейлік"]),
    "SA": (["Saudi"], ["саудовский"], []),
    "SE": (["Swedish"], ["шведский"], []),
    "SG": (["Singaporean"], ["сингапурский"], []),
    "SI": (["Slovenian"], ["словенский"], []),
    "SK": (["Slovak"], ["словацкий"], []),
    "SY": (["Syrian"], ["сирийский"], []),
    "TH": (["Thai"], ["таиландский", "тайский"], []),
    "TJ": (["Tajik", "Tajikistani"], ["таджикистанский", "таджикский"], []),
    "TM": (["Turkmen"], ["туркменский", "туркменистанский"], []),
    "TR": (["Turkish"], ["турецкий"], []),
    "UA": (["Ukrainian"], ["украинский"], []),
    "US": (["American"], ["американский"], []),
    "UZ": (["Uzbek", "Uzbekistani"], ["узбекистанский", "узбекский"], ["өзбекстандық"]),
    "VN": (["Vietnamese"], ["вьетнамский"], []),
}


def _clean(name: str) -> str:
    """Drop stress marks (Респу́блика) and the article of "the State of Palestine"."""
    name = "".join(c for c in unicodedata.normalize("NFD", name) if c != "\u0301")
    name = unicodedata.normalize("NFC", name)
    return name[4:] if name.startswith("the ") else name


def _translator(lang: str):
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])

    def translate(name: str | None) -> str | None:
        if not name:
            return None
        text = catalogue.gettext(name)
        # an untranslated entry comes back as the English (Latin) name: no name in this language
        if text == name or any("a" <= c.lower() <= "z" for c in text):
            return None
        return _clean(text)

    return translate


def country_names(country, translate) -> dict[str, list[str]]:
    """Names of one country by language, the preferred name first."""
    a2 = country.alpha_2
    common = getattr(country, "common_name", None)
    official = getattr(country, "official_name", None)
    names: dict[str, list[str]] = {}
    for lang in LANGS:
        if lang == "en":
            found = [common, country.name, official]
        else:
            found = [translate[lang](common), translate[lang](country.name),
                     translate[lang](official)]
        found = [_clean(n) for n in found if n]
        pref = PREF[lang].get(a2)
        ordered = ([pref] if pref else []) + found + ALT[lang].get(a2, [])
        dropped = set(DROP.get(lang, {}).get(a2, []))
        unique: list[str] = []
        for name in ordered:
            if name not in unique and name not in dropped:
                unique.append(name)
        if unique:
            names[lang] = unique
    return names


def _literal(text: str, lang: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}'


def _objects(predicate: str, objects: list[str], end: str) -> list[str]:
    """`    predicate o1, o2, ... ;` wrapped at 100 columns."""
    lines, line = [], f"    {predicate} "
    for i, obj in enumerate(objects):
        piece = obj + (", " if i < len(objects) - 1 else f" {end}")
        if len(line) + len(piece.rstrip()) > 100 and line.strip() != predicate:
            lines.append(line.rstrip())
            line = "        "
        line += piece
    lines.append(line.rstrip())
    return lines


def country_block(country, translate) -> str:
    names = country_names(country, translate)
    pref = [_literal(names[lang][0], lang) for lang in LANGS if lang in names]
    alt = [_literal(n, lang) for lang in LANGS if lang in names for n in names[lang][1:]]
    demonyms = [_literal(d, lang) for lang, ds in zip(LANGS, DEMONYMS.get(country.alpha_2, ()))
                for d in ds]
    lines = [f"# {country.alpha_2} {names['en'][0]}", f"<country/{country.alpha_2}> a ckg:Country ;"]
    lines += _objects("skos:prefLabel", pref, ";")
    if alt:
        lines += _objects("skos:altLabel", alt, ";")
    if demonyms:
        lines += _objects("ckg:demonym", demonyms, ";")
    lines.append(f'    ckg:isoAlpha2 "{country.alpha_2}" ; ckg:isoAlpha3 "{country.alpha_3}" ; '
                 f'ckg:isoNumeric "{country.numeric}" .')
    return "\n".join(lines)


def render() -> str:
    """The whole countries.ttl as text."""
    translate = {lang: _translator(lang) for lang in ("ru", "kk")}
    header = [
        f"# Countries (ISO 3166-1), generated by scripts/make_countries.py from pycountry "
        f"{version('pycountry')}.",
        "# Do not edit by hand: change the tables in the script and run",
        "#     python scripts/make_countries.py > ontology/reference/countries.ttl",
        "",
        "# Entity IRIs are relative to the base: <country/KZ> is id:country/KZ of docs/MODEL.md.",
        "@base <https://w3id.org/corridorkg/id/> .",
        "@prefix ckg:  <https://w3id.org/corridorkg/ontology#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "",
    ]
    blocks = [country_block(c, translate)
              for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)]
    return "\n".join(header) + "\n" + "\n\n".join(blocks) + "\n"


def main() -> None:
    unknown = set(DEMONYMS) | {a2 for table in (PREF, ALT, DROP) for by in table.values() for a2 in by}
    missing = sorted(a2 for a2 in unknown if pycountry.countries.get(alpha_2=a2) is None)
    if missing:
        raise SystemExit(f"make_countries.py: unknown ISO 3166-1 codes in the tables: {missing}")
    sys.stdout.buffer.write(render().encode("utf-8"))


if __name__ == "__main__":
    main()
