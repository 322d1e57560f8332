"""Numbers, amounts, changes and periods as written in English and Russian news (quantities.py).

The sentences are made up for these tests; they imitate the phrasing of corridor news without
copying any article.
"""
import datetime
import math
import re

import pytest
from hypothesis import given, settings, strategies as st

from corridorkg.quantities import find_changes, find_periods, find_quantities, parse_number

PUBLISHED = datetime.date(2024, 5, 14)
ISO_PERIOD = re.compile(r"^\d{4}(-\d{2})?(/\d{4}(-\d{2})?)?$")


def only_quantity(text, lang="en"):
    quantities = find_quantities(text, lang)
    assert len(quantities) == 1, quantities
    quantity = quantities[0]
    assert text[quantity.start:quantity.end] == quantity.text
    return quantity


def only_change(text, lang="en"):
    changes = find_changes(text, lang)
    assert len(changes) == 1, changes
    return changes[0]


def isos(text, lang="en", publication_date=PUBLISHED):
    return [period.iso for period in find_periods(text, lang, publication_date=publication_date)]


# --------------------------------------------------------------------------------------------------
# parse_number

@pytest.mark.parametrize("written, lang, value", [
    ("1,234.5", "en", 1234.5),
    ("1,234,567", "en", 1234567.0),
    ("3.785", "en", 3.785),
    ("1.45", "en", 1.45),
    ("162,9", "en", 162.9),            # a decimal comma in an English text from a Russian desk
    ("1,500", "en", 1500.0),
    ("1,500", "ru", 1.5),
    ("162,9", "ru", 162.9),
    ("1 234,5", "ru", 1234.5),
    ("1\u00a0234,5", "ru", 1234.5),
    ("1\u202f234\u2009567", "ru", 1234567.0),
    ("1.234.567,5", "ru", 1234567.5),
    ("1.234,5", "ru", 1234.5),
    (" 42 ", "en", 42.0),
])
def test_parse_number_reads_english_and_russian_styles(written, lang, value):
    assert parse_number(written, lang) == value


@pytest.mark.parametrize("written", ["", "abc", "1,2,3", "12 34", "1..2", "-", "5%", "١٢"])
def test_parse_number_rejects_what_is_not_a_number(written):
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(written)


def test_unsupported_language_is_a_clear_value_error():
    for call in (lambda: parse_number("1", "de"), lambda: find_quantities("5 t", "kk"),
                 lambda: find_changes("+5%", "fr"), lambda: find_periods("2023", "zh")):
        with pytest.raises(ValueError, match="unsupported language .*expected one of: en, ru"):
            call()


# --------------------------------------------------------------------------------------------------
# find_quantities, English

@pytest.mark.parametrize("text, value, unit, written", [
    ("Trade reached $223.6 million last year.", 223_600_000, "USD", "$223.6 million"),
    ("The loan of US$ 1.2 bn was signed.", 1_200_000_000, "USD", "US$ 1.2 bn"),
    ("Exports were worth USD 92.9 million.", 92_900_000, "USD", "USD 92.9 million"),
    ("Imports came to 92.9 million US dollars.", 92_900_000, "USD", "92.9 million US dollars"),
    ("Turnover stood at $73 million in May.", 73_000_000, "USD", "$73 million"),
    ("The fund adds $5m a month.", 5_000_000, "USD", "$5m"),
    ("The bank lent €5 million to the port.", 5_000_000, "EUR", "€5 million"),
    ("The grant is 5 million euros.", 5_000_000, "EUR", "5 million euros"),
    ("The budget is KZT 5 billion.", 5_000_000_000, "KZT", "KZT 5 billion"),
    ("Akimat spent 5 billion tenge on roads.", 5_000_000_000, "KZT", "5 billion tenge"),
    ("Sales of 40 million roubles were booked.", 40_000_000, "RUB", "40 million roubles"),
    ("A deal of 3 billion yuan was announced.", 3_000_000_000, "CNY", "3 billion yuan"),
])
def test_quantities_read_money_in_base_units(text, value, unit, written):
    quantity = only_quantity(text)
    assert (quantity.value, quantity.unit, quantity.text) == (value, unit, written)
    assert quantity.value_max is None and not quantity.per_year


@pytest.mark.parametrize("text, value, written", [
    ("The port handled 3.785 million tons of cargo.", 3_785_000, "3.785 million tons"),
    ("Loading reached 3.8 mln tonnes.", 3_800_000, "3.8 mln tonnes"),
    ("Shipments hit 1 million 650 thousand tons.", 1_650_000, "1 million 650 thousand tons"),
    ("The ferry took 162.9 thousand tons.", 162_900, "162.9 thousand tons"),
    ("Some 500 metric tons of wheat left.", 500, "500 metric tons"),
    ("Some 500 metric tonnes of wheat left.", 500, "500 metric tonnes"),
    ("A barge carries 1,500 t of oil.", 1_500, "1,500 t"),
    ("Transit rose to 2.1 Mt.", 2_100_000, "2.1 Mt"),
    ("Coal exports of 500,000 mt were shipped.", 500_000, "500,000 mt"),     # metric tons
    ("Grain of 5 million mt was shipped.", 5_000_000, "5 million mt"),
    ("Volumes reached 5m tonnes.", 5_000_000, "5m tonnes"),
])
def test_quantities_read_tonnage_in_tonnes(text, value, written):
    quantity = only_quantity(text)
    assert (quantity.value, quantity.unit, quantity.text) == (value, "t", written)


@pytest.mark.parametrize("text, value, unit", [
    ("The terminal handled 300 thousand TEU.", 300_000, "TEU"),
    ("The terminal handled 300,000 TEU.", 300_000, "TEU"),
    ("Throughput was 102,200 TEU.", 102_200, "TEU"),
    ("Throughput was 45,800 TEUs.", 45_800, "TEU"),
    ("Up to 20k TEU can be stored.", 20_000, "TEU"),
    ("It moved 1,000 containers.", 1_000, "containers"),
    ("Some 15,000 trucks crossed the border.", 15_000, "vehicles"),
    ("Some 15,000 heavy trucks crossed the border.", 15_000, "vehicles"),
    ("Operators ran 500 trains.", 500, "trains"),
    ("Operators ran 500 container trains.", 500, "trains"),
    ("The yard holds 2,300 wagons.", 2_300, "wagons"),
    ("The yard holds 2,300 freight wagons.", 2_300, "wagons"),
    ("The yard holds 100 freight cars.", 100, "wagons"),
])
def test_quantities_count_containers_and_rolling_stock(text, value, unit):
    quantity = only_quantity(text)
    assert (quantity.value, quantity.unit) == (value, unit)


def test_quantities_leave_the_unit_empty_for_a_scaled_bare_number():
    quantity = only_quantity("The project is worth 1.45 billion, the ministry said.")
    assert (quantity.value, quantity.unit, quantity.text) == (1_450_000_000, "", "1.45 billion")


@pytest.mark.parametrize("text", [
    "In 2023 the route opened.",
    "Some 128 of the 176 companies replied.",
    "Trade grew by 11% and 7.5 percent.",
    "It was the 5th meeting, held on 12 March 2024.",
    "The bridge is 500 m long and 12.5 km wide.",
    "A 40-ton truck overturned.",
    "The years 2017-2020 were hard.",
    "Growth of 5-7% is expected.",
    "Covid-19 slowed the 3rd line.",
])
def test_quantities_skip_years_percentages_ordinals_and_plain_counts(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize("text, low, high, written", [
    ("Capacity will be 7-8 million tons.", 7e6, 8e6, "7-8 million tons"),
    ("Capacity will be 1.5–2 million tons.", 1.5e6, 2e6, "1.5–2 million tons"),
    ("Capacity will be from 1.5 to 2 million tons.", 1.5e6, 2e6, "from 1.5 to 2 million tons"),
    ("Capacity will be between 5 and 7 million tons.", 5e6, 7e6, "between 5 and 7 million tons"),
    ("It costs $5 million to $7 million.", 5e6, 7e6, "$5 million to $7 million"),
    ("It holds 300-350 thousand TEU.", 3e5, 3.5e5, "300-350 thousand TEU"),
    ("It needs 6\u201410 million tons.", 6e6, 10e6, "6\u201410 million tons"),
])
def test_quantities_read_ranges_as_lower_and_upper_bound(text, low, high, written):
    quantity = only_quantity(text)
    assert (quantity.value, quantity.value_max, quantity.text) == (low, high, written)


def test_from_to_after_a_verb_of_change_is_two_figures_not_a_range():
    old, new = find_quantities("Capacity rose from 5 to 7 million tons.")
    assert (old.value, old.value_max, old.unit, old.text) == (5e6, None, "t", "5")
    assert (new.value, new.value_max, new.unit, new.text) == (7e6, None, "t", "7 million tons")


def test_a_descending_dash_is_not_a_range():
    assert [(q.value, q.text) for q in find_quantities("from 10-5 million tons")] == \
        [(5e6, "5 million tons")]


@pytest.mark.parametrize("text, written", [
    ("The route can take 21.2 million tons per year.", "21.2 million tons per year"),
    ("The route can take 21.2 million tons a year.", "21.2 million tons a year"),
    ("The route can take 21.2 million tons annually.", "21.2 million tons annually"),
    ("The route can take 21.2 million tons of cargo per year.",
     "21.2 million tons of cargo per year"),
])
def test_quantities_mark_figures_per_year(text, written):
    quantity = only_quantity(text)
    assert (quantity.per_year, quantity.text) == (True, written)


def test_a_year_ago_is_not_per_year():
    assert not only_quantity("It handled 5 million tons a year ago.").per_year


def test_quantities_in_a_sentence_keep_their_offsets():
    text = "In 2023 the port handled 12.4 mln t and $98 million of goods, and 37 trains left."
    quantities = find_quantities(text)
    assert [(q.value, q.unit) for q in quantities] == [(12.4e6, "t"), (98e6, "USD"), (37, "trains")]
    assert all(text[q.start:q.end] == q.text for q in quantities)


# --------------------------------------------------------------------------------------------------
# find_quantities, Russian

@pytest.mark.parametrize("text, value, unit, written", [
    ("Перевалка составила 162,9 тыс. тонн.", 162_900, "t", "162,9 тыс. тонн"),
    ("Перевезено 1,5 млн тонн грузов.", 1_500_000, "t", "1,5 млн тонн"),
    ("Перевезено 1 млн 650 тыс. тонн грузов.", 1_650_000, "t", "1 млн 650 тыс. тонн"),
    ("Перевезено 25,1 млн т.", 25_100_000, "t", "25,1 млн т"),
    ("Перевезено 800 тн зерна.", 800, "t", "800 тн"),
    ("Перевезено 2 тонны груза.", 2, "t", "2 тонны"),
    ("Товарооборот составил 584,3 млн долл.", 584_300_000, "USD", "584,3 млн долл."),
    ("Товарооборот составил 584,3 млн долларов США.", 584_300_000, "USD",
     "584,3 млн долларов США"),
    ("Товарооборот составил $584,3 млн, сообщили в ведомстве.", 584_300_000, "USD",
     "$584,3 млн"),
    ("Экспорт превысил 2 млрд долларов.", 2_000_000_000, "USD", "2 млрд долларов"),
    ("Выделено 1,2 млрд тенге.", 1_200_000_000, "KZT", "1,2 млрд тенге"),
    ("Выделено 5 млн евро.", 5_000_000, "EUR", "5 млн евро"),
    ("Обработано 300 тыс. ДФЭ.", 300_000, "TEU", "300 тыс. ДФЭ"),
    ("Обработано 300 тыс. TEU.", 300_000, "TEU", "300 тыс. TEU"),
    ("Обработано 300 тыс. контейнеров в двадцатифутовом эквиваленте.", 300_000, "TEU",
     "300 тыс. контейнеров в двадцатифутовом эквиваленте"),
    ("Отправлено 12 тысяч контейнеров.", 12_000, "containers", "12 тысяч контейнеров"),
    ("Прошло 1 250 контейнерных поездов.", 1_250, "trains", "1 250 контейнерных поездов"),
    ("Прошло 2\u00a0300 грузовых вагонов.", 2_300, "wagons", "2\u00a0300 грузовых вагонов"),
    ("Границу пересекли 15 тыс. грузовиков.", 15_000, "vehicles", "15 тыс. грузовиков"),
])
def test_quantities_read_russian_figures(text, value, unit, written):
    quantity = only_quantity(text, "ru")
    assert (quantity.value, quantity.unit, quantity.text) == (value, unit, written)


@pytest.mark.parametrize("text, written", [
    ("Мощность — 5 млн тонн в год.", "5 млн тонн в год"),
    ("Мощность — 5 млн тонн ежегодно.", "5 млн тонн ежегодно"),
    ("Мощность — 5 млн тонн нефти в год.", "5 млн тонн нефти в год"),
])
def test_russian_per_year(text, written):
    quantity = only_quantity(text, "ru")
    assert (quantity.per_year, quantity.text) == (True, written)


def test_russian_ranges_and_changes_of_a_figure():
    quantity = only_quantity("Мощность составит от 1,5 до 2 млн тонн.", "ru")
    assert (quantity.value, quantity.value_max) == (1.5e6, 2e6)
    quantity = only_quantity("Мощность составит 1,5–2 млн тонн.", "ru")
    assert (quantity.value, quantity.value_max) == (1.5e6, 2e6)
    old, new = find_quantities("Мощность увеличат с 8 до 12 млн тонн в год.", "ru")
    assert (old.value, old.value_max, new.value, new.value_max) == (8e6, None, 12e6, None)
    assert old.per_year and new.per_year


def test_russian_years_and_percentages_are_not_quantities():
    assert find_quantities("В 2023 году рост составил 12,5%, а доля — 30 процентов.", "ru") == []


# --------------------------------------------------------------------------------------------------
# find_changes

@pytest.mark.parametrize("text, pct, written, is_factor", [
    ("Trade rose +11% in 2023.", 11.0, "+11%", False),
    ("Trade increased by 11%.", 11.0, "by 11%", False),
    ("Trade grew by more than 11 percent compared to 2022.", 11.0, "11 percent", False),
    ("Exports were up 11% year-on-year.", 11.0, "11%", False),
    ("It was an 11% year-on-year increase.", 11.0, "11%", False),
    ("Exports posted a decline of 17.3 percent.", -17.3, "17.3 percent", False),
    ("Exports posted a 17.3% decline.", -17.3, "17.3%", False),
    ("Turnover: -5.2% y/y.", -5.2, "-5.2%", False),
    ("Imports fell in January-June 2023 by 4.1%.", -4.1, "by 4.1%", False),
    ("Exports increased 2.5 times.", 150.0, "2.5 times", True),
    ("It posted a 2.5-fold increase.", 150.0, "2.5-fold", True),
    ("It was 2.5 times less than planned.", -60.0, "2.5 times", True),
    ("The flow grew twice as much.", 100.0, "twice", True),
    ("Container traffic doubled.", 100.0, "doubled", True),
    ("Container traffic tripled.", 200.0, "tripled", True),
    ("Transit volume halved.", -50.0, "halved", True),
])
def test_changes_in_english(text, pct, written, is_factor):
    change = only_change(text)
    assert (change.pct, change.text, change.is_factor) == (pct, written, is_factor)
    assert text[change.start:change.end] == change.text


@pytest.mark.parametrize("text, pct, written, is_factor", [
    ("Товарооборот снизился на 5%.", -5.0, "на 5%", False),
    ("Товарооборот увеличился на 11,2%.", 11.2, "на 11,2%", False),
    ("Отмечен рост на 11%.", 11.0, "на 11%", False),
    ("Отмечено снижение на 5,3 процента.", -5.3, "на 5,3 процента", False),
    ("Экспорт сократился на 17,3%.", -17.3, "на 17,3%", False),
    ("Импорт уменьшился на 2%.", -2.0, "на 2%", False),
    ("Это на 12,1% больше, чем годом ранее.", 12.1, "на 12,1%", False),
    ("Транзит: +7,4%.", 7.4, "+7,4%", False),
    ("Перевозки выросли в 2,5 раза.", 150.0, "в 2,5 раза", True),
    ("Перевозки — в 2,5 раза.", 150.0, "в 2,5 раза", True),
    ("Перевозки выросли в 2,3 раза.", 130.0, "в 2,3 раза", True),
    ("Объём сократился в 2 раза.", -50.0, "в 2 раза", True),
    ("Объём вырос в два раза.", 100.0, "в два раза", True),
    ("Это в 3 раза больше.", 200.0, "в 3 раза", True),
    ("Отмечен 2,5-кратный рост.", 150.0, "2,5-кратный", True),
    ("Объём вырос вдвое.", 100.0, "вдвое", True),
    ("Объём сократился вдвое.", -50.0, "вдвое", True),
    ("Товарооборот удвоился.", 100.0, "удвоился", True),
])
def test_changes_in_russian(text, pct, written, is_factor):
    change = only_change(text, "ru")
    assert (change.pct, change.text, change.is_factor) == (pct, written, is_factor)


@pytest.mark.parametrize("text, lang", [
    ("Kazakhstan's share was 11%.", "en"),
    ("Exports fell to $5 million, or 11% of the total.", "en"),
    ("The gap is 11 percentage points.", "en"),
    ("Trains run three times a week.", "en"),
    ("Доля составила 11%.", "ru"),
    ("Поезда ходят через 9 месяцев.", "ru"),
])
def test_percentages_without_a_direction_are_not_changes(text, lang):
    assert find_changes(text, lang) == []


def test_changes_in_one_sentence_each_take_their_own_direction():
    text = "Exports grew by 11%, while imports fell by 5.5% and transit doubled."
    assert [(c.pct, c.text) for c in find_changes(text)] == \
        [(11.0, "by 11%"), (-5.5, "by 5.5%"), (100.0, "doubled")]


# --------------------------------------------------------------------------------------------------
# find_periods, English

@pytest.mark.parametrize("text, iso", [
    ("Trade grew in 2023.", "2023"),
    ("The figures for 2022 are final.", "2022"),
    ("2022 was a record year.", "2022"),
    ("Trade in January–October 2023 rose.", "2023-01/2023-10"),
    ("Trade in January-October 2023 rose.", "2023-01/2023-10"),
    ("Trade in January through October 2023 rose.", "2023-01/2023-10"),
    ("Trade from January through December 2023 rose.", "2023"),
    ("Trade in Jan.-Sept. 2023 rose.", "2023-01/2023-09"),
    ("Trade in the first quarter of 2024 rose.", "2024-01/2024-03"),
    ("Trade in Q1 2024 rose.", "2024-01/2024-03"),
    ("Trade in Q3 2023 rose.", "2023-07/2023-09"),
    ("Trade in the first half of 2022 rose.", "2022-01/2022-06"),
    ("Trade in H2 2022 rose.", "2022-07/2022-12"),
    ("Trade in 9 months of 2022 rose.", "2022-01/2022-09"),
    ("Trade in the first nine months of 2022 rose.", "2022-01/2022-09"),
    ("Trade over the 10 months of 2017 rose.", "2017-01/2017-10"),
    ("Trade in January 2018 rose.", "2018-01"),
    ("Trade in June 2023 rose.", "2023-06"),
    ("Trade from October 2022 to March 2023 rose.", "2022-10/2023-03"),
    ("The plan covers 2017-2020.", "2017/2020"),
    ("The plan covers 2021–2025.", "2021/2025"),
    ("The plan runs between 2017 and 2020.", "2017/2020"),
])
def test_periods_in_english(text, iso):
    assert isos(text) == [iso]


@pytest.mark.parametrize("text, iso", [
    ("Trade grew last year.", "2023"),
    ("It was higher than the previous year.", "2023"),
    ("Trade grows this year.", "2024"),
    ("Trade grew since the beginning of the year.", "2024"),
    ("Trade grew in the first half of this year.", "2024-01/2024-06"),
    ("Trade grew in the first quarter of last year.", "2023-01/2023-03"),
    ("Trade grew in the fourth quarter.", "2023-10/2023-12"),     # not yet reached in May 2024
    ("Trade grew in March.", "2024-03"),
    ("Year-to-date trade grew.", "2024"),
])
def test_relative_english_periods_use_the_publication_date(text, iso):
    assert isos(text) == [iso]
    assert find_periods(text) == []        # unresolvable without it


@pytest.mark.parametrize("text, iso", [
    ("Capacity will double by 2028.", "2028"),
    ("Capacity will double by the end of 2025.", "2025"),
    ("Capacity will double by the year 2030.", "2030"),
    ("Capacity will double until 2030.", "2030"),
    ("Capacity will double by the end of the year.", "2024"),
])
def test_deadlines_are_target_years(text, iso):
    (period,) = find_periods(text, publication_date=PUBLISHED)
    assert (period.iso, period.is_target_year) == (iso, True)


def test_a_plain_year_is_not_a_target():
    (period,) = find_periods("in 2023")
    assert not period.is_target_year


@pytest.mark.parametrize("text", [
    "They met on 15 January 2018.",
    "They met on January 15, 2018.",
    "They met on 15.01.2018.",
    "They met on 2018-01-15.",
    "The first half of the century.",
    "Traffic reached 2023 tons.",
    "The port may grow.",
])
def test_dates_and_non_periods_are_not_periods(text):
    assert find_periods(text, publication_date=PUBLISHED) == []


def test_longest_period_wins_and_offsets_match():
    text = "In the first quarter of 2024, up from 2023, by 2030."
    periods = find_periods(text)
    assert [(p.iso, p.text, p.is_target_year) for p in periods] == [
        ("2024-01/2024-03", "the first quarter of 2024", False), ("2023", "2023", False),
        ("2030", "by 2030", True)]
    assert all(text[p.begin:p.end_offset] == p.text for p in periods)
    assert (periods[0].start, periods[0].end) == (datetime.date(2024, 1, 1),
                                                  datetime.date(2024, 3, 31))


# --------------------------------------------------------------------------------------------------
# find_periods, Russian

@pytest.mark.parametrize("text, iso", [
    ("Рост зафиксирован в 2023 году.", "2023"),
    ("Данные за 2022 год уточнены.", "2022"),
    ("По итогам 2022 года рост составил 5%.", "2022"),
    ("За 9 месяцев 2022 года рост составил 5%.", "2022-01/2022-09"),
    ("За девять месяцев 2022 года рост составил 5%.", "2022-01/2022-09"),
    ("За первые десять месяцев 2021 г. рост составил 5%.", "2021-01/2021-10"),
    ("В январе–октябре 2022 года рост составил 5%.", "2022-01/2022-10"),
    ("В январе-июле 2020 года рост составил 5%.", "2020-01/2020-07"),
    ("За январь–август 2020 года рост составил 5%.", "2020-01/2020-08"),
    ("С января по октябрь 2022 года рост составил 5%.", "2022-01/2022-10"),
    ("В первом квартале 2024 года рост составил 5%.", "2024-01/2024-03"),
    ("За I квартал 2024 г. рост составил 5%.", "2024-01/2024-03"),
    ("В 3-м квартале 2023 года рост составил 5%.", "2023-07/2023-09"),
    ("Во втором полугодии 2022 года рост составил 5%.", "2022-07/2022-12"),
    ("В январе 2018 года рост составил 5%.", "2018-01"),
    ("В сентябре 2019 года рост составил 5%.", "2019-09"),
    ("В 2017–2020 гг. рост составил 5%.", "2017/2020"),
    ("С 2017 по 2020 год рост составил 5%.", "2017/2020"),
])
def test_periods_in_russian(text, iso):
    assert isos(text, "ru") == [iso]


@pytest.mark.parametrize("text, iso", [
    ("В первом полугодии рост составил 5%.", "2023-01/2023-06"),   # H1 2024 not over in May
    ("В первом квартале рост составил 5%.", "2024-01/2024-03"),
    ("С начала года рост составил 5%.", "2024"),
    ("С начала текущего года рост составил 5%.", "2024"),
    ("В прошлом году рост составил 5%.", "2023"),
    ("За прошлый год рост составил 5%.", "2023"),
    ("В позапрошлом году рост составил 5%.", "2022"),
    ("В текущем году рост составит 5%.", "2024"),
    ("За 9 месяцев рост составил 5%.", "2023-01/2023-09"),
    ("В январе–марте текущего года рост составил 5%.", "2024-01/2024-03"),
    ("Во втором полугодии прошлого года рост составил 5%.", "2023-07/2023-12"),
    ("В мае рост составил 5%.", "2024-05"),
    ("В декабре рост составил 5%.", "2023-12"),
])
def test_relative_russian_periods_use_the_publication_date(text, iso):
    assert isos(text, "ru") == [iso]
    assert find_periods(text, "ru") == []


@pytest.mark.parametrize("text, iso", [
    ("Мощность удвоят до 2028 года.", "2028"),
    ("Мощность удвоят к 2030 году.", "2030"),
    ("Мощность удвоят к концу 2025 года.", "2025"),
    ("Мощность удвоят до конца года.", "2024"),
])
def test_russian_deadlines_are_target_years(text, iso):
    (period,) = find_periods(text, "ru", publication_date=PUBLISHED)
    assert (period.iso, period.is_target_year) == (iso, True)


def test_russian_dates_are_not_periods():
    assert find_periods("Встреча прошла 15 января 2018 года.", "ru") == []


# --------------------------------------------------------------------------------------------------
# Properties

SPACES = [" ", "\u00a0", "\u202f", "\u2009"]
SCALES = {"en": {"thousand": 3, "million": 6, "mln": 6, "billion": 9, "bn": 9},
          "ru": {"тыс.": 3, "тысяч": 3, "млн": 6, "миллионов": 6, "млрд": 9}}
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
RU_MONTHS_IN = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                "сентябре", "октябре", "ноябре", "декабре"]
RU_MONTHS_NAMED = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                   "сентябрь", "октябрь", "ноябрь", "декабрь"]


@st.composite
def written_numbers(draw, lang):
    """A number as a writer of ``lang`` might set it, with the value it stands for."""
    whole = draw(st.integers(0, 10**12))
    fraction = draw(st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=4)))
    if lang == "en":
        written = f"{whole:,}" if draw(st.booleans()) else str(whole)
        written += f".{fraction}" if fraction else ""
    else:
        space = draw(st.sampled_from(SPACES))
        written = f"{whole:,}".replace(",", space) if draw(st.booleans()) else str(whole)
        written += f",{fraction}" if fraction else ""
    value = float(f"{whole}.{fraction}") if fraction else float(whole)
    return written, value


@given(st.sampled_from(["en", "ru"]).flatmap(
    lambda lang: st.tuples(st.just(lang), written_numbers(lang))))
def test_parse_number_gives_back_the_written_value(case):
    lang, (written, value) = case
    assert math.isclose(parse_number(written, lang), value, rel_tol=1e-9)


@given(st.sampled_from(["en", "ru"]).flatmap(
    lambda lang: st.tuples(st.just(lang), written_numbers(lang),
                           st.sampled_from(sorted(SCALES[lang].items())))))
def test_scaled_amounts_are_found_with_their_value(case):
    lang, (written, value), (scale, power) = case
    unit = {"en": "tons", "ru": "тонн"}[lang]
    text = f"In 2023, {written} {scale} {unit} were moved."
    quantity = only_quantity(text, lang)
    assert quantity.unit == "t"
    assert math.isclose(quantity.value, value * 10**power, rel_tol=1e-9)


NEWSY_TOKENS = [
    "5", "1,5", "1.5", "300 000", "2023", "2017-2020", "million", "млн", "тыс.", "m", "bn",
    "tons", "тонн", "TEU", "trains", "$", "US$", "€", "KZT", "-", "–", "to", "до", "от", "с",
    "from", "between", "and", "%", "percent", "by", "на", "в", "раза", "times", "fold", "rose",
    "fell", "вырос", "снизился", "doubled", "Q1", "H2", "first", "quarter", "квартале", "half",
    "полугодии", "9", "months", "месяцев", "of", "года", "году", "year", "last", "this", "прошлом",
    "January", "October", "января", "октябре", "May", "since", "the", "beginning", "начала",
    "end", "конца", "per", "a", "annually", "в год", "Mt", "mt", ",", ".", "\n", "15", "12.03.2024",
]


@settings(max_examples=150)
@given(text=st.one_of(st.text(),
                      st.lists(st.sampled_from(NEWSY_TOKENS), max_size=14).map(" ".join)),
       lang=st.sampled_from(["en", "ru"]),
       publication_date=st.one_of(st.none(), st.dates()))
def test_finders_never_fail_and_keep_their_promises(text, lang, publication_date):
    for quantity in find_quantities(text, lang):
        assert text[quantity.start:quantity.end] == quantity.text
        assert quantity.value >= 0
        assert quantity.value_max is None or quantity.value_max > quantity.value
        assert quantity.unit in {"USD", "EUR", "KZT", "RUB", "CNY", "t", "TEU", "containers",
                                 "vehicles", "trains", "wagons", ""}
    for change in find_changes(text, lang):
        assert text[change.start:change.end] == change.text
        assert change.pct > -100
    for period in find_periods(text, lang, publication_date=publication_date):
        assert text[period.begin:period.end_offset] == period.text
        assert period.start <= period.end
        assert ISO_PERIOD.match(period.iso), period.iso


@st.composite
def month_ranges(draw):
    first = draw(st.integers(1, 11))
    last = draw(st.integers(first + 1, 12))
    year = draw(st.integers(1990, 2035))
    expected = str(year) if (first, last) == (1, 12) else f"{year}-{first:02d}/{year}-{last:02d}"
    return first, last, year, expected


@given(month_ranges(), st.sampled_from(["-", "–", "—", " - ", " to ", " through "]))
def test_english_month_ranges_map_to_iso_intervals(case, joiner):
    first, last, year, expected = case
    text = f"Exports in {EN_MONTHS[first - 1]}{joiner}{EN_MONTHS[last - 1]} {year} grew."
    assert isos(text, publication_date=None) == [expected]


@given(month_ranges(), st.sampled_from(["-", "–", "—"]),
       st.sampled_from([("в", RU_MONTHS_IN), ("за", RU_MONTHS_NAMED)]),
       st.sampled_from(["года", "г.", "год"]))
def test_russian_month_ranges_map_to_iso_intervals(case, dash, form, year_word):
    first, last, year, expected = case
    preposition, months = form
    span = f"{months[first - 1]}{dash}{months[last - 1]}"
    text = f"Экспорт {preposition} {span} {year} {year_word} вырос."
    assert isos(text, "ru", publication_date=None) == [expected]


@pytest.mark.parametrize("text, lang, value", [
    ("the new terminal shipped its first million tons", "en", 1e6),
    ("two million tons of grain", "en", 2e6),
    ("отгружен первый миллион тонн", "ru", 1e6),
    ("около полутора", "ru", None),
    ("полтора миллиона тонн угля", "ru", 1.5e6),
])
def test_numbers_written_as_words_before_a_scale_word(text, lang, value):
    found = [q.value for q in find_quantities(text, lang)]
    assert found == ([] if value is None else [value])


def test_a_number_word_without_a_unit_is_not_a_figure():
    assert find_quantities("a million reasons to visit", "en") == []
