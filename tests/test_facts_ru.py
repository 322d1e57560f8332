"""Russian fact patterns, on sentences written for these tests (not taken from any sample)."""
from __future__ import annotations

import datetime as dt

import pytest

from corridorkg.documents import Document
from corridorkg.facts import CorridorLink, Measurement, Meeting, Position
from corridorkg.pipeline import extract_document
from corridorkg.vocab import ID

from .conftest import first_label, labels_of

KZ, AZ, GE, UZ, TM, LT = (str(ID[f"country/{c}"]) for c in ("KZ", "AZ", "GE", "UZ", "TM", "LT"))


@pytest.fixture
def extract_ru(extract):
    def run(text: str, **options):
        return extract(text, lang="ru", **options)
    return run


def facts(extraction, kind):
    return [f for f in extraction.facts if isinstance(f, kind)]


def posts(extraction):
    return {(first_label(extraction, p.person), p.role, p.of) for p in facts(extraction, Position)}


def person(extraction, name):
    return next(iri for iri, e in extraction.entities.items()
                if e.table_type == "Person" and name in {label for label, _ in e.labels})


# --- posts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, name, role, of", [
    ("Президент Грузии Давид Гелашвили прибыл в Астану.", "Давид Гелашвили", "president", GE),
    ("Премьер-министр Узбекистана Абдулла Рахимов открыл терминал.", "Абдулла Рахимов",
     "prime_minister", UZ),
    ("Вице-премьер Туркменистана Мерген Овезов посетил порт.", "Мерген Овезов",
     "deputy_prime_minister", TM),
    ("Глава Азербайджана Рашад Алиев выступил на форуме.", "Рашад Алиев", "president", AZ),
])
def test_title_before_name_belongs_to_the_country(extract_ru, sentence, name, role, of):
    assert (name, role, of) in posts(extract_ru(sentence))


def test_akim_of_a_region_is_its_governor(extract_ru):
    x = extract_ru("Аким Мангистауской области Нурлан Абенов осмотрел новый причал.")
    [post] = facts(x, Position)
    assert post.role == "governor"
    assert first_label(x, post.person) == "Нурлан Абенов"
    assert x.entities[post.of].table_type == "Region"


def test_ambassador_belongs_to_the_sending_country_and_is_accredited_to_the_host(extract_ru):
    x = extract_ru("Посол Грузии в Казахстане Георгий Зурабов посетил Актау.")
    [post] = facts(x, Position)
    assert (post.role, post.of, post.to) == ("ambassador", GE, KZ)


def test_minister_title_names_the_ministry_in_english_and_russian(extract_ru):
    x = extract_ru("Министр транспорта Грузии Леван Кварацхелия встретился с журналистами.")
    [post] = facts(x, Position)
    assert post.role == "minister"
    labels = labels_of(x, post.of)
    assert "Ministry of Transport of Georgia" in labels
    assert "Министерство транспорта Грузии" in labels
    assert post.of == str(ID["org/ministry-of-transport-of-georgia"])


@pytest.mark.parametrize("title, english", [
    ("Заместитель министра торговли и интеграции", "Ministry of Trade and Integration of Georgia"),
    ("Вице-министр национальной экономики", "Ministry of National Economy of Georgia"),
    ("Замминистра сельского хозяйства", "Ministry of Agriculture of Georgia"),
])
def test_vice_minister_titles_give_the_ministry_of_their_portfolio(extract_ru, title, english):
    x = extract_ru(f"{title} Грузии Леван Кварацхелия прибыл в Баку.")
    [post] = facts(x, Position)
    assert post.role == "vice_minister"
    assert first_label(x, post.of) == english


def test_ministry_of_the_reference_data_is_reused(extract_ru):
    x = extract_ru("Вице-министр иностранных дел Республики Казахстан Арман Сейткали "
                   "принял делегацию.")
    [post] = facts(x, Position)
    assert x.entities[post.of].reference
    assert "Ministry of Foreign Affairs of Kazakhstan" in labels_of(x, post.of)


def test_apposition_after_the_name(extract_ru):
    x = extract_ru("Ерлан Бекбосынов, вице-министр национальной экономики Казахстана, отметил "
                   "рост перевозок.")
    [post] = facts(x, Position)
    assert first_label(x, post.person) == "Ерлан Бекбосынов"
    assert post.role == "vice_minister"
    assert first_label(x, post.of) == "Ministry of National Economy of Kazakhstan"


def test_two_titles_joined_by_and_both_belong_to_the_person(extract_ru):
    x = extract_ru("Министр транспорта Грузии Леван Кварацхелия встретился с президентом "
                   "ассоциации перевозчиков Азербайджана и председателем правления "
                   "АО «Каспийская логистика» Тимуром Бекмагамбетовым.")
    found = {(role, first_label(x, of)) for name, role, of in posts(x)
             if name == "Тимур Бекмагамбетов"}
    assert found == {("president", "Ассоциация перевозчиков Азербайджана"),
                     ("chairman", "Каспийская логистика")}


def test_director_general_of_an_agency_under_a_cabinet(extract_ru):
    x = extract_ru("Генеральный директор Агентства автомобильных дорог при Кабмине Узбекистана "
                   "Шухрат Каримов провел совещание.")
    [post] = facts(x, Position)
    assert post.role == "director_general"
    assert first_label(x, post.of) == "Агентство автомобильных дорог при Кабмине Узбекистана"


def test_chairman_of_a_named_company(extract_ru):
    x = extract_ru("Председатель АО «Каспийская логистика» Айдар Нурланов подписал договор.")
    [post] = facts(x, Position)
    assert (post.role, first_label(x, post.of)) == ("chairman", "Каспийская логистика")


def test_title_word_alone_is_not_an_organisation(extract_ru):
    x = extract_ru("Вице-министром иностранных дел Грузии Ниной Кварацхелия подписан меморандум.")
    assert not [e for e in x.entities.values() if e.table_type == "Organization"
                and not e.labels[0][0].startswith("Ministry")]


def test_ministry_acronym_refers_to_the_ministry_of_the_title(extract_ru):
    x = extract_ru("Вице-министр цифрового развития Грузии Нино Абашидзе прибыла в Астану. "
                   "По информации МЦР, стороны подписали соглашение.")
    [post] = facts(x, Position)
    acronym = next(m for m in x.mentions if m.text == "МЦР")
    assert acronym.entity_iri == post.of
    assert [e.iri for e in x.entities.values() if e.table_type == "Organization"] == [post.of]


# --- meetings --------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "Министр транспорта Грузии Леван Кварацхелия встретился с послом Узбекистана Шухратом Каримовым.",
    "Министр транспорта Грузии Леван Кварацхелия провел встречу с послом Узбекистана Шухратом Каримовым.",
    "Министр транспорта Грузии Леван Кварацхелия и посол Узбекистана Шухрат Каримов провели переговоры.",
    "Министр транспорта Грузии Леван Кварацхелия принял посла Узбекистана Шухрата Каримова.",
    "В ходе встречи Леван Кварацхелия и Шухрат Каримов обсудили транзит грузов.",
    "Состоялась встреча Левана Кварацхелия с Шухратом Каримовым.",
    "Переговоры Левана Кварацхелия и Шухрата Каримова прошли в Ташкенте.",
])
def test_meeting_verbs_give_a_meeting_of_both_persons(extract_ru, sentence):
    x = extract_ru(sentence)
    [meeting] = facts(x, Meeting)
    names = {first_label(x, p) for p in meeting.participants}
    assert names == {"Леван Кварацхелия", "Шухрат Каримов"}


def test_taking_part_is_not_a_meeting(extract_ru):
    x = extract_ru("Президент Грузии Давид Гелашвили принял участие в форуме, где выступил "
                   "Шухрат Каримов.")
    assert facts(x, Meeting) == []


def test_meeting_date_from_the_text_else_the_publication_date(extract_ru):
    x = extract_ru("Леван Кварацхелия встретился 3 апреля с Шухратом Каримовым.",
                   date=dt.date(2024, 4, 5))
    assert facts(x, Meeting)[0].date == dt.date(2024, 4, 3)
    x = extract_ru("Леван Кварацхелия встретился с Шухратом Каримовым.", date=dt.date(2024, 4, 5))
    assert facts(x, Meeting)[0].date == dt.date(2024, 4, 5)


def test_initial_form_refers_to_the_full_name(extract_ru):
    x = extract_ru("Министр транспорта Грузии Леван Кварацхелия прибыл в Астану. "
                   "Л.Кварацхелия встретился с Шухратом Каримовым.")
    [meeting] = facts(x, Meeting)
    assert {first_label(x, p) for p in meeting.participants} == {"Леван Кварацхелия",
                                                                 "Шухрат Каримов"}


# --- measurements ----------------------------------------------------------------------------

def measurement(extraction) -> Measurement:
    [m] = facts(extraction, Measurement)
    return m


def test_trade_turnover_in_million_dollars_with_a_decimal_comma(extract_ru):
    m = measurement(extract_ru("По итогам 2021 года товарооборот между Грузией и Казахстаном "
                               "составил 412,7 млн долл."))
    assert (m.metric, m.value, m.unit, m.period, m.status) == ("trade_turnover", 412_700_000, "USD",
                                                              "2021", "actual")
    assert set(m.subjects) == {GE, KZ}


def test_thousand_tonnes_for_nine_months_with_a_percent_change(extract_ru):
    m = measurement(extract_ru("За 9 месяцев 2021 года объем перевозок грузов между Грузией и "
                               "Казахстаном увеличился на 12% и составил 210,4 тыс. тонн."))
    assert (m.metric, m.value, m.unit) == ("cargo_volume", 210_400, "t")
    assert m.period == "2021-01/2021-09"
    assert m.change_pct == 12.0


def test_figure_between_our_countries_is_about_the_two_countries_of_the_article(extract_ru):
    x = extract_ru("Казахстан и Грузия расширяют сотрудничество. Грузия остается важным "
                   "партнером Казахстана. В 2022 году взаимная торговля между нашими странами "
                   "выросла в 2,5 раза и составила 95 млн долларов США.")
    m = measurement(x)
    assert set(m.subjects) == {GE, KZ}
    assert (m.value, m.change_pct) == (95_000_000, 150.0)


def test_exports_run_from_the_exporter_to_the_destination(extract_ru):
    m = measurement(extract_ru("Экспорт казахстанского зерна в Азербайджан за январь-июнь "
                               "2022 года составил 310 тыс. тонн."))
    assert m.subjects == (KZ, AZ)
    assert m.cargo_type == "grain"


def test_planned_figure_by_a_year_is_a_target(extract_ru):
    m = measurement(extract_ru("К 2030 году объем перевозок по Транскаспийскому международному "
                               "транспортному маршруту планируется довести до 10 млн тонн."))
    assert (m.status, m.period, m.value) == ("target", "2030", 10_000_000)
    assert m.subjects == (str(ID["corridor/titr"]),)


def test_capacity_of_a_port(extract_ru):
    m = measurement(extract_ru("Пропускная способность порта Актау составляет 17 млн тонн в год."))
    assert (m.metric, m.value, m.subjects) == ("capacity", 17_000_000, (str(ID["port/aktau"]),))


def test_containers_in_teu_after_thousand_abbreviation(extract_ru):
    m = measurement(extract_ru("Через порт Курык за 2023 год перевалено 12,5 тыс. ДФЭ."))
    assert (m.metric, m.value, m.unit, m.period) == ("container_volume", 12_500, "TEU", "2023")


def test_investment_in_million_euros(extract_ru):
    m = measurement(extract_ru("Инвестиции Грузии в экономику Казахстана составили 45 млн евро "
                               "в 2022 году."))
    assert (m.metric, m.value, m.unit) == ("investment", 45_000_000, "EUR")


def test_the_name_of_georgia_is_not_a_cargo_word(extract_ru):
    m = measurement(extract_ru("Товарооборот Казахстана с Грузией в 2023 году составил 120 млн "
                               "долларов."))
    assert m.metric == "trade_turnover"


# --- corridor links --------------------------------------------------------------------------

def links(extraction):
    return {(first_label(extraction, link.place) if link.place in extraction.entities
             else link.place, link.corridor) for link in facts(extraction, CorridorLink)}


TITR = str(ID["corridor/titr"])


def test_ports_on_a_route_through_them(extract_ru):
    x = extract_ru("Грузы следуют по Транскаспийскому международному транспортному маршруту "
                   "через морские порты Актау и Курык.")
    assert {link.place for link in facts(x, CorridorLink)} == {str(ID["port/aktau"]),
                                                                str(ID["port/kuryk"])}


def test_country_stated_to_be_part_of_a_corridor(extract_ru):
    x = extract_ru("Грузия является важной частью Транскаспийского международного транспортного "
                   "маршрута.")
    assert [(link.place, link.corridor) for link in facts(x, CorridorLink)] == [(GE, TITR)]


def test_destination_of_transit_is_not_on_the_corridor(extract_ru):
    x = extract_ru("Транскаспийский международный транспортный маршрут, проходящий через "
                   "Казахстан и Азербайджан, обеспечивает транзит грузов в Турцию.")
    assert {link.place for link in facts(x, CorridorLink)} == {KZ, AZ}


def test_route_named_in_quotes_is_a_corridor(extract_ru):
    x = extract_ru("Стороны обсудили строительство ж/д маршрута «Мазари-Шариф – Кабул – Пешавар».")
    corridors = [e for e in x.entities.values() if e.table_type == "Corridor"]
    assert [c.labels[0][0] for c in corridors] == ["Мазари-Шариф – Кабул – Пешавар"]


# --- one person, two languages ---------------------------------------------------------------

def test_a_person_gets_the_same_iri_in_russian_and_english_articles():
    date = dt.date(2024, 2, 1)
    russian = extract_document(Document(
        "ru1", "Министр транспорта Грузии Леван Кварацхелия встретился с послом Узбекистана "
               "Шухратом Каримовым.", "ru", date))
    english = extract_document(Document(
        "en1", "Levan Kvaratskheliya, Georgia's Minister of Transport, met with Shukhrat Karimov, "
               "the Ambassador of Uzbekistan, in Tbilisi.", "en", date))
    assert person(russian, "Леван Кварацхелия") == person(english, "Levan Kvaratskheliya")
    assert person(russian, "Шухрат Каримов") == person(english, "Shukhrat Karimov")


def test_the_date_a_terminal_opened_is_not_the_period_of_a_figure(extract_ru):
    x = extract_ru("Перевалка 500 тыс. тонн грузов зафиксирована на запущенном в конце прошлого "
                   "года терминале порта Курык.")
    [m] = [f for f in x.facts if type(f).__name__ == "Measurement"]
    assert m.period is None
