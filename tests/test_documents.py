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
    (tmp_path / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 text".encode("latin-1"))
    errors: list[InputError] = []
    documents = list(read_documents([tmp_path], errors=errors))
    assert [d.id for d in documents] == ["good", "latin1"]      # decodable text is decoded
    assert documents[1].text == "Caf\xe9 text" and documents[1].encoding == "cp1252"
    assert sorted(e.path.rsplit("/", 1)[-1] for e in errors) == ["empty.txt", "png.txt"]
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


# --- encodings, HTML, names: what decode_text, html_to_text and make_document guess or repair ---

RUSSIAN = "Министр транспорта Казахстана встретился с послом Литвы в порту Актау."


def test_cp1251_koi8r_and_cp866_are_told_apart_by_letter_statistics():
    from corridorkg.documents import decode_text
    for codec in ("cp1251", "koi8-r", "cp866"):
        for text in (RUSSIAN, RUSSIAN.upper()):
            decoded, encoding, [warning] = decode_text(text.encode(codec), path="a.txt")
            assert (decoded, encoding) == (text, codec)
            assert warning == (f"a.txt: not UTF-8 (first non-UTF-8 byte at line 1): decoded as "
                               f"{codec}, a guess from the letters; convert the file to UTF-8 if "
                               "the text looks wrong")


def test_latin1_text_is_not_taken_for_cyrillic():
    from corridorkg.documents import decode_text
    text = "Le café de la gare à Gdynia: Straße, Übergang, déclaré."
    assert decode_text(text.encode("latin-1"))[:2] == (text, "cp1252")


def test_utf16_without_a_byte_order_mark_is_found_by_its_nul_bytes():
    from corridorkg.documents import decode_text
    assert decode_text(RUSSIAN.encode("utf-16-le"))[:2] == (RUSSIAN, "utf-16-le")
    assert decode_text(RUSSIAN.encode("utf-16-be"))[:2] == (RUSSIAN, "utf-16-be")


def test_binary_files_are_named_and_nul_padding_is_dropped():
    from corridorkg.documents import decode_text
    try:
        decode_text(b"PK\x03\x04\x14\x00\x06\x00", path="report.txt")
    except InputError as err:
        assert str(err) == ("report.txt: a ZIP archive (or a .docx/.odt/.xlsx document), not text; "
                            "unpack it, or save the document as plain text")
    else:
        raise AssertionError("a ZIP archive was read as text")
    text, _, [warning] = decode_text(b"Trade grew." + b"\x00" * 100)
    assert text == "Trade grew." and "100 NUL byte(s) removed" in warning


def test_html_page_is_reduced_to_its_article_text_with_a_warning():
    from corridorkg.documents import make_document
    page = ("<html><head><title>Port news</title><style>p {}</style></head><body>"
            "<nav>Home | World</nav><article><h1>Aktau</h1><p>Cargo grew 5%.</p></article>"
            "<footer>(c) 2024</footer></body></html>")
    document = make_document("p", page, source="p.txt")
    assert document.text == "Aktau\n\nCargo grew 5%." and document.title == "Port news"
    assert document.warnings[0].startswith("p.txt:1: an HTML page, not plain text")


def test_a_file_name_that_cannot_be_part_of_an_iri_is_made_into_one(tmp_path):
    path = tmp_path / "Port news (2024) <draft>.txt"
    path.write_text("Trade grew.", encoding="utf-8")
    [document] = read_documents([path])
    assert document.id == "Port_news_(2024)__draft_"
    assert document.warnings == (
        f"{path}: document id 'Port news (2024) <draft>' cannot be part of an IRI: stored as "
        "'Port_news_(2024)__draft_'; rename it without spaces, control characters or "
        "<>\"{}|\\^`[] to keep its name",)


def test_jsonl_in_utf16_is_read_and_a_file_that_is_not_jsonl_is_given_up_on(tmp_path):
    utf16 = tmp_path / "feed.jsonl"
    utf16.write_text(json.dumps({"id": "a", "text": RUSSIAN}, ensure_ascii=False) + "\n",
                     encoding="utf-16")
    [document] = read_documents([utf16])
    assert (document.text, document.encoding) == (RUSSIAN, "utf-16")
    csv = tmp_path / "table.jsonl"
    csv.write_text("".join(f"{i},port,{i * 7}\n" for i in range(1000)), encoding="utf-8")
    errors: list[InputError] = []
    assert list(read_documents([csv], errors=errors)) == []
    assert len(errors) == 21 and str(errors[-1]) == (
        f"{csv}: the first 20 lines are all unusable; stopped reading the file; check that it is "
        "JSON Lines: one JSON object per line")
