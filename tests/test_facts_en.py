"""English fact patterns, on sentences written for these tests (not taken from any sample)."""
from __future__ import annotations

import datetime as dt


from corridorkg.facts import CorridorLink, Measurement, Meeting, Position
from corridorkg.vocab import ID

from .conftest import first_label

KZ, AZ, GE, LT, TR = (str(ID[f"country/{c}"]) for c in ("KZ", "AZ", "GE", "LT", "TR"))


def facts(extraction, kind):
    return [f for f in extraction.facts if isinstance(f, kind)]


def posts(extraction):
    return {(first_label(extraction, p.person), p.role, first_label(extraction, p.of) if p.of in extraction.entities
             else p.of) for p in facts(extraction, Position)}


# --- posts -----------------------------------------------------------------------------------

def test_title_before_name_with_country(extract):
    x = extract("President of Georgia Tamar Beridze arrived in Astana on Monday.")
    assert ("Tamar Beridze", "president", "Georgia") in posts(x)


def test_apposition_with_akim_means_governor_of_the_region(extract):
    x = extract("Marat Dzhumabayev, the akim of the Atyrau region, opened a new terminal.")
    [post] = facts(x, Position)
    assert post.role == "governor"
    assert first_label(x, post.person) == "Marat Dzhumabayev"
    assert x.entities[post.of].table_type == "Region"


def test_ambassador_of_sending_country_to_host_country(extract):
    x = extract("Georgian Ambassador to Kazakhstan Levan Gogoladze visited the port.")
    [post] = facts(x, Position)
    assert (post.role, post.of, post.to) == ("ambassador", GE, KZ)


def test_minister_title_implies_the_ministry(extract):
    x = extract("Minister of Digital Development and Transport of Azerbaijan Rashad Nabiyev "
                "spoke at the forum.")
    [post] = facts(x, Position)
    assert post.role == "minister"
    assert first_label(x, post.of) == "Ministry of Digital Development and Transport of Azerbaijan"


def test_director_general_of_a_named_company(extract):
    x = extract("Aidos Serikbayev, Director General of the Caspian Freight Alliance, "
                "presented the plan.")
    [post] = facts(x, Position)
    assert post.role == "director_general"
    assert first_label(x, post.of) == "Caspian Freight Alliance"


def test_post_date_is_the_publication_date(extract):
    x = extract("President of Georgia Tamar Beridze arrived.", date=dt.date(2021, 3, 2))
    assert facts(x, Position)[0].date == dt.date(2021, 3, 2)


# --- meetings --------------------------------------------------------------------------------

def test_met_with_gives_a_meeting_of_both_persons(extract):
    x = extract("Prime Minister of Kazakhstan Daniyar Omarov met with President of Georgia "
                "Tamar Beridze in Tbilisi.")
    [meeting] = facts(x, Meeting)
    names = {first_label(x, p) for p in meeting.participants}
    assert names == {"Daniyar Omarov", "Tamar Beridze"}
    assert meeting.date == dt.date(2024, 5, 14)


def test_surname_in_a_later_meeting_sentence_joins_the_first_person(extract):
    x = extract("Foreign Minister of Lithuania Jonas Kairys arrived in Astana. "
                "During the meeting with Serik Nurlanov, Kairys discussed transit.")
    [meeting] = facts(x, Meeting)
    assert {first_label(x, p) for p in meeting.participants} == {"Jonas Kairys", "Serik Nurlanov"}


def test_no_meeting_without_a_meeting_verb(extract):
    x = extract("Tamar Beridze and Daniyar Omarov both spoke about freight rates.")
    assert facts(x, Meeting) == []


# --- measurements ----------------------------------------------------------------------------

def test_trade_turnover_with_period_and_country_pair(extract):
    x = extract("In 2022, trade turnover between Georgia and Turkey reached $4.1 billion.")
    [m] = facts(x, Measurement)
    assert (m.metric, m.value, m.unit, m.period, m.status) == ("trade_turnover", 4.1e9, "USD", "2022", "actual")
    assert set(m.subjects) == {GE, TR}


def test_exports_to_a_country_are_directed(extract):
    x = extract("Georgian exports to Kazakhstan amounted to $35.2 million in 2021.")
    [m] = facts(x, Measurement)
    assert (m.metric, m.origin, m.destination, m.period) == ("exports", GE, KZ, "2021")


def test_comparison_period_belongs_to_the_figure_in_brackets(extract):
    x = extract("In 2020 the trade turnover between Kazakhstan and Georgia grew to $120.5 million "
                "compared to 2019 ($98.1 million).")
    periods = sorted((m.value, m.period) for m in facts(x, Measurement))
    assert periods == [(98.1e6, "2019"), (120.5e6, "2020")]


def test_port_capacity_target(extract):
    x = extract("The port of Aktau plans to raise its capacity to 25 million tons per year by 2030.")
    [m] = facts(x, Measurement)
    assert (m.metric, m.value, m.unit, m.status, m.per_year) == ("capacity", 25e6, "t", "target", True)
    assert [x.entities[s].table_type for s in m.subjects] == ["Port"]


def test_container_figure_with_change(extract):
    x = extract("In the first quarter of 2023 the port of Kuryk handled 12,400 TEU, up 18 percent.")
    [m] = facts(x, Measurement)
    assert (m.metric, m.value, m.unit, m.period, m.change_pct) == (
        "container_volume", 12400, "TEU", "2023-01/2023-03", 18.0)


def test_years_and_counts_are_not_figures(extract):
    x = extract("In 2019, 45 of the 120 companies in Kazakhstan and Georgia were small firms.")
    assert facts(x, Measurement) == []


# --- corridor links --------------------------------------------------------------------------

def test_port_on_a_named_corridor(extract):
    x = extract("The port of Kuryk is an integral part of the Trans-Caspian International "
                "Transport Route.")
    [link] = facts(x, CorridorLink)
    assert x.entities[link.place].table_type == "Port"
    assert x.entities[link.corridor].table_type == "Corridor"


def test_country_needs_a_route_word_to_be_on_a_corridor(extract):
    routed = extract("The Middle Corridor runs through Georgia and Azerbaijan.")
    assert {link.place for link in facts(routed, CorridorLink)} == {GE, AZ}
    mentioned = extract("Georgia welcomed investors interested in the Middle Corridor.")
    assert facts(mentioned, CorridorLink) == []


def test_plural_title_assigns_posts_respectively(extract):
    x = extract("Prime Ministers of Georgia and Armenia Levan Kobalia and Aram Sargsyan held talks.")
    assert posts(x) == {("Levan Kobalia", "prime_minister", "Georgia"),
                        ("Aram Sargsyan", "prime_minister", "Armenia")}
    [meeting] = facts(x, Meeting)
    assert len(meeting.participants) == 2


def test_a_reported_meeting_is_between_the_officials_named_with_posts(extract):
    x = extract("At a meeting in Tbilisi, the sides discussed rail tariffs. "
                "Chairman of Georgian Railway Davit Peradze noted the growth of transit. "
                "Head of Kazakhstan Temir Zholy Nurlan Sauranbayev, in turn, proposed a joint venture.")
    [meeting] = facts(x, Meeting)
    assert {first_label(x, p) for p in meeting.participants} == {"Davit Peradze", "Nurlan Sauranbayev"}


def test_deputy_portfolio_minister_is_a_vice_minister_of_the_ministry(extract):
    x = extract("The Georgian delegation was led by Deputy Foreign Minister Nika Abashidze.")
    [post] = facts(x, Position)
    assert post.role == "vice_minister"
    assert first_label(x, post.of) == "Ministry of Foreign Affairs of Georgia"


def test_ministry_title_variants_find_the_reference_ministry():
    from corridorkg.facts.common import canonical_name
    assert canonical_name("Ministry for Investments and Development of the Republic of Kazakhstan") == \
        canonical_name("Ministry of Investments and Development of Kazakhstan")


def test_a_later_sentence_about_the_corridor_continues_it(extract):
    x = extract("The Middle Corridor carries more cargo every year. "
                "The corridor's northern branch passes through Georgia.")
    assert {(link.place, link.corridor) for link in facts(x, CorridorLink)} == {
        (GE, str(ID["corridor/titr"]))}


def test_a_place_where_a_meeting_was_held_is_not_on_the_corridor(extract):
    x = extract("At a meeting in Tbilisi, the sides discussed routes through Azerbaijan, "
                "including the Middle Corridor.")
    assert {link.place for link in facts(x, CorridorLink)} == {AZ}


def test_the_same_period_of_an_earlier_year_keeps_the_months(extract):
    x = extract("In March 2021 the port of Aktau handled 410,000 tons, up from "
                "the same period in 2020 (350,000 tons).")
    assert sorted((m.value, m.period) for m in facts(x, Measurement)) == [
        (350000, "2020-03"), (410000, "2021-03")]


def test_an_undated_article_reads_the_year_from_the_years_it_names(extract):
    x = extract("Since the start of 2020 the port of Kuryk has been busy. In the first three months "
                "of the year the port handled 90,000 tons.", date=None)
    [m] = facts(x, Measurement)
    assert m.period == "2020-01/2020-03"


def test_negotiations_with_two_guests_include_the_host_named_before(extract):
    x = extract("Chairman of Kazakhstan Temir Zholy Daulet Serikov held a meeting in Beijing with "
                "railway officials. During the negotiations with Wang Lei, Director General of "
                "China Railway, and Chen Bo, President of the Lianyungang port, the sides discussed "
                "container trains.")
    [meeting] = [m for m in facts(x, Meeting) if len(m.participants) == 3]
    assert {first_label(x, p) for p in meeting.participants} == {"Daulet Serikov", "Wang Lei", "Chen Bo"}


def test_meetings_with_several_officials_are_one_meeting_each(extract):
    x = extract("Chairman of Kazakhstan Temir Zholy Daulet Serikov met railway officials in China. "
                "Freight rates were discussed at meetings with the Vice Mayor of Xi'an city Li Ming, "
                "Vice Governor of Hunan province He Tao, and other officials.")
    pairs = {frozenset(first_label(x, p) for p in m.participants) for m in facts(x, Meeting)}
    assert pairs == {frozenset({"Daulet Serikov", "Li Ming"}), frozenset({"Daulet Serikov", "He Tao"})}
    assert posts(x) >= {("Daulet Serikov", "chairman", "Kazakhstan Temir Zholy")}
    assert not any(p.role in ("mayor", "governor") for p in facts(x, Position))  # deputies' posts


def test_discussed_with_a_named_official_is_a_meeting(extract):
    x = extract("Minister of Trade and Integration of Kazakhstan Aibek Sultanov discussed grain "
                "exports with Iranian Minister of Agriculture Reza Karimi.")
    [meeting] = facts(x, Meeting)
    assert {first_label(x, p) for p in meeting.participants} == {"Aibek Sultanov", "Reza Karimi"}


def test_the_date_an_installation_opened_is_not_the_period_of_a_figure(extract):
    x = extract("The ferry terminal of the port of Kuryk, launched at the end of 2021, has handled "
                "500,000 tons of cargo.",
                date=dt.date(2022, 6, 1))
    [m] = facts(x, Measurement)
    assert m.period is None


def test_a_figure_that_beat_its_target_is_actual(extract):
    x = extract("The port of Aktau exceeded its target for the first quarter of 2021, shipping "
                "610,000 tons of oil.")
    [m] = facts(x, Measurement)
    assert (m.status, m.cargo_type) == ("actual", "oil")
