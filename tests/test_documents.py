"""Reading articles: formats, headers, repairs and clear errors for bad input."""
from __future__ import annotations

import datetime as dt
import json


from corridorkg.documents import (detect_language, find_date_line, read_documents,
                                  restore_lost_letters)
from corridorkg.errors import InputError


def test_seed_format_date_header_is_read_and_removed(tmp_path):
    path = tmp_path / "a1.txt"
    path.write_text(" date 2024-06-03 The port handled 3 million tons.", encoding="utf-8")
    [document] = read_documents([path])
    assert document.id == "a1"
    assert document.date == dt.date(2024, 6, 3)
    assert document.text == "The port handled 3 million tons."
    assert document.lang == "en"


def test_impossible_date_header_names_file_line_and_fix(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(" date 2024-13-01 Text.", encoding="utf-8")
    errors: list[InputError] = []
    assert list(read_documents([path], errors=errors)) == []
    [error] = errors
    assert str(error) == f"{path}:1: date header '2024-13-01' is not a valid calendar date; fix or remove it"


def test_one_bad_document_does_not_stop_the_others(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("Trade grew.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 text".encode("latin-1"))
    errors: list[InputError] = []
    documents = list(read_documents([tmp_path], errors=errors))
    assert [d.id for d in documents] == ["good"]
    assert sorted(e.path.rsplit("/", 1)[-1] for e in errors) == ["empty.txt", "latin1.txt"]
    assert all("; " in str(e) for e in errors)  # every message says what to do


def test_jsonl_reads_fields_and_reports_a_malformed_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": "x1", "text": "Товарооборот вырос.", "date": "2023-10-10",
                         "url": "https://example.org/x1", "title": "T"}),
             "{not json",
             json.dumps({"id": "x2", "text": "Second article."})]
    path.write_text("\n".join(lines), encoding="utf-8")
    errors: list[InputError] = []
    documents = list(read_documents([path], errors=errors))
    assert [(d.id, d.lang, d.date, d.url) for d in documents] == [
        ("x1", "ru", dt.date(2023, 10, 10), "https://example.org/x1"), ("x2", "en", None, None)]
    [error] = errors
    assert error.line == 2 and "not valid JSON" in str(error)


def test_duplicate_ids_are_reported_and_the_first_kept(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "b" / "same.txt").write_text("Second.", encoding="utf-8")
    errors: list[InputError] = []
    documents = list(read_documents([tmp_path], errors=errors))
    assert [d.text for d in documents] == ["First."]
    assert "duplicate document id 'same'" in str(errors[0])


def test_mojibake_is_repaired(tmp_path):
    path = tmp_path / "m.txt"
    path.write_text("GdaÅ„sk port", encoding="utf-8")
    [document] = read_documents([path])
    assert document.text == "Gdańsk port"


def test_lost_letters_restored_from_known_words_without_moving_offsets():
    text = "cargo through the Gda sk seaport and Gda sk again"
    fixed = restore_lost_letters(text, ["Gdańsk"])
    assert fixed == "cargo through the Gdańsk seaport and Gdańsk again"
    assert len(fixed) == len(text)
    assert restore_lost_letters("the big da day", ["Gdańsk"]) == "the big da day"


def test_language_detection_by_script():
    assert detect_language("Kazakhstan and Lithuania") == "en"
    assert detect_language("Казахстан и Литва обсудили транзит") == "ru"
    assert detect_language("Қазақстан мен Литва транзитті талқылады") == "kk"


def test_date_line_at_the_top_of_a_page_gives_the_publication_date():
    assert find_date_line("Title\n\n8 Декабря 2022, 09:11 881\n\nText") == dt.date(2022, 12, 8)
    assert find_date_line("Title\nJune 7, 2024\nText") == dt.date(2024, 6, 7)
    assert find_date_line("Trade reached 5 million in 2022.") is None


def test_look_alike_letters_of_the_other_script_are_made_whole():
    from corridorkg.documents import fix_mixed_scripts
    assert fix_mixed_scripts("Vice Minister оf the Republic") == "Vice Minister of the Republic"
    assert fix_mixed_scripts("пoрт Актау") == "порт Актау"          # a Latin o in a Russian word
    assert fix_mixed_scripts("Kazakhstan Казахстан") == "Kazakhstan Казахстан"
