"""Linking names to entities: reference data first, context for ports, one node per person."""
from __future__ import annotations

from corridorkg.linking import slugify, transliterate
from corridorkg.vocab import ID

from .conftest import first_label


def _types(extraction):
    return {(first_label(extraction, m.entity_iri), m.table_type) for m in extraction.mentions}


def test_reference_names_link_to_reference_iris(extract):
    extraction = extract("Kazakhstan and Lithuania discussed transit through the Middle Corridor.")
    iris = {m.entity_iri for m in extraction.mentions}
    assert str(ID["country/KZ"]) in iris and str(ID["country/LT"]) in iris
    assert any(m.table_type == "Corridor" for m in extraction.mentions)


def test_adjectives_name_countries(extract):
    extraction = extract("Lithuanian exports grew, and the Kazakh side welcomed it.")
    iris = {m.entity_iri for m in extraction.mentions if m.method == "demonym"}
    assert iris == {str(ID["country/LT"]), str(ID["country/KZ"])}


def test_city_after_port_of_is_the_port(extract):
    extraction = extract("Ships called at the ports of Aktau and Kuryk last week. Aktau hosted a forum.")
    kinds = [(m.text, m.table_type) for m in extraction.mentions if m.text in ("Aktau", "Kuryk")]
    assert kinds == [("Aktau", "Port"), ("Kuryk", "Port"), ("Aktau", "Settlement")]


def test_surname_refers_back_to_the_full_name(extract):
    extraction = extract("Ambassador Tomas Petraitis met officials in Astana. "
                         "Petraitis said cooperation was growing.")
    persons = {m.entity_iri for m in extraction.mentions if m.table_type == "Person"}
    assert persons == {str(ID["person/tomas-petraitis"])}


def test_person_iri_is_the_same_across_documents(extract):
    a = extract("Ambassador Tomas Petraitis visited Baku.", doc_id="a")
    b = extract("In Vilnius, Ambassador Tomas Petraitis spoke about freight.", doc_id="b")
    person = lambda x: {m.entity_iri for m in x.mentions if m.table_type == "Person"}
    assert person(a) == person(b) == {str(ID["person/tomas-petraitis"])}


def test_slugs_are_ascii_and_stable():
    assert slugify("Nurlan Äbdi-Ūly") == "nurlan-abdi-uly"
    assert slugify("Вайдас Петраускас") == slugify("Вайдас  Петраускас")
    assert transliterate("Шарипов") == "Sharipov"


def test_a_place_in_a_list_after_ports_of_is_the_port_named_after_it(extract):
    extraction = extract("Trade goes through the ports of Aktau, Kuryk and Alyat every week.")
    assert [m.table_type for m in extraction.mentions if m.text in ("Aktau", "Kuryk", "Alyat")] == \
        ["Port", "Port", "Port"]


def test_a_name_after_a_title_ending_in_republic_is_a_person(extract):
    extraction = extract("Vice Minister of Foreign Affairs of the Lithuanian Republic Rokas Petrauskas "
                         "arrived.")
    assert [m.text for m in extraction.mentions if m.table_type == "Person"] == ["Rokas Petrauskas"]


def test_a_name_that_ends_a_sentence_is_labelled_without_the_full_stop(extract):
    # spaCy reads "Jun." as one token (June): the stop must not reach the label
    extraction = extract("The delegation was headed by Vice Minister Zhu Jun. "
                         "The talks covered rail freight.")
    iri = str(ID["person/zhu-jun"])
    assert first_label(extraction, iri) == "Zhu Jun"
    assert [m.text for m in extraction.mentions if m.entity_iri == iri] == ["Zhu Jun"]
