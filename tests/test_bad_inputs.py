"""Bad input: each case is read or reported clearly, and the rest of the corpus is still read.

The small cases are files in tests/data/bad_inputs/ (its README.md lists them) and are checked
against ``CASES`` by one parametrized test. The big ones (a 50 MB file, a line of a million
characters), links, unreadable files and named pipes are made in tmp_path by the tests below.
A build over all of them stores every readable document and names every failed one; property
tests (hypothesis) feed the readers and parsers arbitrary bytes and text.
"""
from __future__ import annotations

import json
import os
import pwd
import shutil
import tempfile
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridorkg.documents import (MAX_FILE_BYTES, MAX_TEXT_CHARS, Document, decode_text,
                                  detect_language, find_date_line, html_to_text, make_document,
                                  read_documents, read_jsonl_file, read_text_file, repair_text,
                                  restore_lost_letters)
from corridorkg.errors import InputError

DATA = Path(__file__).parent / "data" / "bad_inputs"

EN = ("The port of Aktau handled 7.1 million tons of cargo in 2023, up 12% from a year earlier, "
      "the press service of the Ministry of Transport of Kazakhstan reported.")
RU = ("Министр транспорта Казахстана встретился с послом Литвы. В 2023 году через порт Актау "
      "было перевалено 7,1 млн тонн грузов.")


@dataclass(frozen=True)
class Read:
    """The document is read: its id, encoding, a piece of its text, a piece of a warning."""

    contains: str
    encoding: str = "utf-8"
    warns: str | None = None          # None: no warning at all
    id: str | None = None             # default: the file stem
    lang: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Fails:
    """The document is reported: a piece of the message, and the line it names."""

    says: str
    line: int | None = None


# file (or "feed.jsonl:line") -> what it gets
CASES: dict[str, Read | Fails] = {
    # empty
    "empty.txt": Fails("the document has no text"),
    "whitespace_only.txt": Fails("the document has no text"),
    "punctuation_only.txt": Fails("the document has no text"),
    "date_header_only.txt": Fails("the document has no text"),
    # binary, NUL and control bytes
    "binary_png.txt": Fails("a PNG image, not text"),
    "binary_pdf.txt": Fails("a PDF document, not text; extract its text first"),
    "binary_random.txt": Fails("binary data, not text"),
    "binary_gzip.jsonl": Fails("a gzip archive, not JSON Lines"),
    "nul_bytes.txt": Read("million tons of cargo", warns="NUL byte(s) removed", date="2024-06-03"),
    "control_chars.txt": Read("million tons of cargo", warns="2 control character(s) removed"),
    # encodings
    "cp1251.txt": Read("порт Актау", encoding="cp1251", warns="decoded as cp1251", lang="ru",
                       date="2023-10-10"),
    "koi8r.txt": Read("порт Актау", encoding="koi8-r", warns="decoded as koi8-r", lang="ru",
                      date="2023-10-11"),
    "cp866.txt": Read("порт Актау", encoding="cp866", warns="decoded as cp866", lang="ru"),
    "latin1.txt": Read("a traité 7,1 millions", encoding="cp1252", warns="decoded as cp1252"),
    "cp1252_quotes.txt": Read("\u201cThe Middle Corridor is our priority\u201d \u2013",
                              encoding="cp1252", warns="decoded as cp1252"),
    "utf8_bom.txt": Read("The port of Aktau", encoding="utf-8-sig", date="2024-06-03"),
    "utf8_broken_bytes.txt": Read("Карабаев", warns="1 byte sequence(s) that are not UTF-8",
                                   lang="ru"),
    "utf16le_bom.txt": Read("порт Актау", encoding="utf-16-le", lang="ru"),
    "utf16be_bom.txt": Read("The port of Aktau", encoding="utf-16-be"),
    "utf16le_nobom.txt": Read("порт Актау", encoding="utf-16-le", warns="without a byte-order mark",
                               lang="ru"),
    "utf16be_nobom.txt": Read("The port of Aktau", encoding="utf-16-be",
                              warns="without a byte-order mark"),
    "crlf_and_cr.txt": Read("of cargo in 2023"),
    # HTML pages
    "html_page.txt": Read("The port of Aktau handled 7.1 million tons", warns="an HTML page",
                          date="2024-06-03"),
    "html_cp1251.txt": Read("порт Актау", encoding="cp1251", warns="an HTML page", lang="ru"),
    # dates
    "date_broken.txt": Fails("date header '03/06/2024' is not a date (YYYY-MM-DD)", line=1),
    "date_impossible.txt": Fails("date header '2024-02-30' is not a valid calendar date", line=1),
    "date_future.txt": Read("The port of Aktau", warns="2999-01-01 is in the future",
                             date="2999-01-01"),
    # languages, names, duplicates
    "mixed_language.txt": Read("порт Актау", warns="mixed-language text", lang="en"),
    "name with spaces.txt": Read("The port of Aktau", id="name_with_spaces",
                                 warns="stored as 'name_with_spaces'"),
    "UPPER_SUFFIX.TXT": Read("The port of Kuryk"),
    "dup/a/same_id.txt": Read("7.1 million tons"),
    "dup/b/same_id.txt": Fails("duplicate document id 'same_id' (first read from"),
    # a JSON Lines feed with one bad line after another
    "feed_bad_lines.jsonl:1": Read("The port of Aktau", id="feed-en", date="2024-06-03"),
    "feed_bad_lines.jsonl:2": Fails("not valid JSON (Unterminated string", line=2),
    "feed_bad_lines.jsonl:3": Read("порт Актау", id="feed-ru", lang="ru", date="2023-10-10"),
    "feed_bad_lines.jsonl:4": Fails("a line must be a JSON object", line=4),
    "feed_bad_lines.jsonl:5": Fails("missing or empty field(s) text", line=5),
    "feed_bad_lines.jsonl:6": Fails("date '2024-13-01' is not a valid calendar date", line=6),
    "feed_bad_lines.jsonl:7": Fails("unsupported language 'de'", line=7),
    "feed_bad_lines.jsonl:8": Read("The port of Kuryk", id="17", warns='"url" is a list'),
    "feed_bad_lines.jsonl:11": Read("The port of Aktau", id="feed-surrogate",
                                    warns="lone surrogate"),
    "feed_bad_lines.jsonl:12": Read("6.9 million", id="feed_id_with_spaces", warns="stored as"),
    "feed_bad_lines.jsonl:13": Read("Second paragraph.", id="feed-html", warns="an HTML page"),
    "feed_bad_lines.jsonl:14": Fails("not valid JSON (a number too long to read)", line=14),
    "feed_bad_lines.jsonl:15": Fails("not valid JSON (nested too deeply)", line=15),
    "feed_bad_lines.jsonl:16": Fails("duplicate document id 'feed-en'", line=16),
    "feed_bad_lines.jsonl:17": Fails("duplicate document id 'same_id'", line=17),
    "feed_bad_lines.jsonl:18": Read("порт Актау", id="feed-cp1251", encoding="cp1251",
                                    warns="decoded as cp1251", lang="ru"),
    "feed_bad_lines.jsonl:19": Read("порт Курык", id="feed-last", lang="ru"),
}
# never read: hidden files (".git", macOS "._x.txt" resource forks) and other suffixes
NOT_READ = {".hidden.txt", "._mac_resource_fork.txt", "notes.md", "README.md", "make_files.py"}


def case_key(item: Document | InputError) -> str:
    """The CASES key of a read document or a reported error."""
    if isinstance(item, Document):
        return os.path.relpath(item.source, DATA)
    key = os.path.relpath(item.path, DATA)
    if key.endswith(".jsonl") and item.line is not None:
        key = f"{key}:{item.line}"
    return key


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Document | InputError]:
    errors: list[InputError] = []
    documents = list(read_documents([DATA], errors=errors))
    found: dict[str, Document | InputError] = {}
    for item in [*documents, *errors]:
        assert case_key(item) not in found, f"{case_key(item)} read or reported twice"
        found[case_key(item)] = item
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_case_of_the_corpus_is_read_or_reported_clearly(case, outcomes):
    expected, outcome = CASES[case], outcomes.get(case)
    assert outcome is not None, f"{case}: neither read nor reported"
    file = str(DATA / case.split(":")[0])
    if isinstance(expected, Fails):
        assert isinstance(outcome, InputError), f"{case}: read, but should fail: {outcome}"
        message = str(outcome)
        assert expected.says in message
        assert message.startswith(file + (f":{expected.line}: " if expected.line else ": "))
        assert outcome.hint, f"{case}: the message does not say what to do: {message}"
        assert outcome.line == expected.line
        return
    assert isinstance(outcome, Document), f"{case}: failed: {outcome}"
    assert expected.contains in outcome.text
    assert outcome.id == (expected.id or Path(file).stem)
    assert outcome.encoding == expected.encoding
    assert outcome.lang == (expected.lang or "en")
    assert (outcome.date.isoformat() if outcome.date else None) == expected.date
    if expected.warns is None:
        assert outcome.warnings == ()
    else:
        assert any(expected.warns in warning for warning in outcome.warnings), outcome.warnings
        assert all(warning.startswith(file) and "; " in warning for warning in outcome.warnings)


def test_the_case_table_covers_every_file_of_the_corpus(outcomes):
    files = {os.path.relpath(p, DATA) for p in DATA.rglob("*") if p.is_file()}
    cased = {case.split(":")[0] for case in CASES}
    assert files - NOT_READ == cased
    assert set(outcomes) == set(CASES)   # nothing read or reported that the table does not know


def test_html_page_keeps_the_article_and_drops_scripts_menus_and_footers(outcomes):
    document = outcomes["html_page.txt"]
    assert document.title == "Aktau port handled 7.1 million tons | Corridor News"
    for junk in ("dataLayer", "tracking", "Home", "font-family", "Ten recipes", "rights reserved"):
        assert junk not in document.text
    assert "Trans\u2011Caspian International Transport Route & its tariffs" in document.text


def test_every_decoded_text_equals_the_text_that_was_encoded(outcomes):
    utf8 = outcomes["feed_bad_lines.jsonl:3"].text      # the same Russian article, in UTF-8
    for case in ("cp1251.txt", "koi8r.txt", "cp866.txt", "utf16le_bom.txt", "utf16le_nobom.txt"):
        assert outcomes[case].text == utf8, case
    english = outcomes["feed_bad_lines.jsonl:1"].text
    for case in ("utf8_bom.txt", "utf16be_bom.txt", "utf16be_nobom.txt", "nul_bytes.txt"):
        assert outcomes[case].text == english, case


# --- big files, long lines ------------------------------------------------------------------------

@contextmanager
def peak_memory():
    """The peak of Python allocations in the block, in bytes: ``with peak_memory() as peak``."""
    tracemalloc.start()
    peak = [0]
    try:
        yield peak
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def test_a_50_mb_file_is_rejected_without_being_read(tmp_path):
    path = tmp_path / "dump.txt"
    with path.open("wb") as handle:
        for _ in range(50):
            handle.write((EN + "\n").encode() * (1024 * 1024 // (len(EN) + 1) + 1))
    errors: list[InputError] = []
    with peak_memory() as peak:
        assert list(read_documents([path], errors=errors)) == []
    assert peak[0] < 1024 * 1024
    [error] = errors
    assert str(error).startswith(f"{path}: the file is {path.stat().st_size:,} bytes; one article "
                                 f"may be at most {MAX_TEXT_CHARS:,} characters")
    assert "split it into one document per article" in str(error)


def test_a_50_mb_feed_is_streamed_and_its_giant_line_skipped_unread(tmp_path):
    path = tmp_path / "feed.jsonl"
    giant = 48 * 1024 * 1024
    with path.open("wb") as handle:
        handle.write(json.dumps({"id": "before", "text": EN}).encode() + b"\n")
        handle.write(b'{"id": "giant", "text": "')
        for _ in range(giant // (1024 * 1024)):
            handle.write(b"cargo " * (1024 * 1024 // 6) + b"tons")
        handle.write(b'"}\n')
        handle.write(json.dumps({"id": "after", "text": RU}).encode() + b"\n")
    assert path.stat().st_size > 48 * 1024 * 1024
    errors: list[InputError] = []
    with peak_memory() as peak:
        documents = list(read_documents([path], errors=errors))
    assert peak[0] < 3 * MAX_FILE_BYTES        # one line at most, never the file
    assert [d.id for d in documents] == ["before", "after"]
    [error] = errors
    assert error.line == 2 and f"{path}:2: the line is " in str(error)


def test_a_line_of_a_million_characters_is_reported_and_the_next_line_read(tmp_path):
    text = ("Kazakhstan " * 100_000)[:1_000_000]
    (tmp_path / "one_line.txt").write_text(text, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "huge", "text": text}) + "\n" + json.dumps({"id": "ok", "text": EN}),
        encoding="utf-8")
    errors: list[InputError] = []
    documents = list(read_documents([tmp_path], errors=errors))
    assert [d.id for d in documents] == ["ok"]
    assert sorted(str(e).split(": ", 1)[0] for e in errors) == [
        f"{tmp_path}/feed.jsonl:1", f"{tmp_path}/one_line.txt"]
    assert all("the text is 1,000,000 characters long; one article may be at most "
               f"{MAX_TEXT_CHARS:,}" in str(e) for e in errors)


def test_a_long_line_under_the_limit_is_read_whole(tmp_path):
    text = " ".join(["Aktau"] * (MAX_TEXT_CHARS // 6))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    document = read_text_file(path)
    assert document.text == text and "\n" not in document.text


# --- links, permissions, special files ------------------------------------------------------------

def test_links_are_followed_and_each_file_is_read_once_under_its_own_name(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (corpus / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (corpus / "real.txt").write_text(EN, encoding="utf-8")
    (elsewhere / "outside.txt").write_text(RU, encoding="utf-8")
    (corpus / "alias.txt").symlink_to("real.txt")                   # the same file again
    (corpus / "linked.txt").symlink_to(elsewhere / "outside.txt")   # a file outside the corpus
    (corpus / "sub" / "loop").symlink_to("..")                      # a folder link loop
    errors: list[InputError] = []
    documents = list(read_documents([corpus, corpus / "real.txt"], errors=errors))
    assert errors == []
    assert sorted((d.id, d.source) for d in documents) == [
        ("linked", str(corpus / "linked.txt")), ("real", str(corpus / "real.txt"))]


def test_broken_links_and_link_loops_are_reported(tmp_path):
    (tmp_path / "good.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "broken.txt").symlink_to("gone.txt")
    (tmp_path / "loop_a.txt").symlink_to("loop_b.txt")
    (tmp_path / "loop_b.txt").symlink_to("loop_a.txt")
    errors: list[InputError] = []
    assert [d.id for d in read_documents([tmp_path], errors=errors)] == ["good"]
    messages = sorted(map(str, errors))
    assert messages[0] == (f"{tmp_path}/broken.txt: broken symbolic link (it points to "
                           "'gone.txt', which does not exist); fix the link or remove it")
    assert [m.split(": ", 1)[1] for m in messages[1:]] == [
        "symbolic link loop; fix the link or remove it"] * 2


@contextmanager
def unprivileged():
    """Run the block as a user that file permissions apply to: root reads files mode 000 too.

    As root, the effective uid becomes "nobody" for the block only (the saved uid stays root,
    so it can be given back); anyone else is unprivileged already.
    """
    if os.geteuid() != 0:
        yield
        return
    try:
        nobody = pwd.getpwnam("nobody").pw_uid
    except KeyError:
        nobody = 65534
    try:
        os.seteuid(nobody)
    except OSError as err:
        pytest.skip(f"cannot drop root privileges to test permissions: {err}")
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def open_tmp():
    """A temporary folder every user may enter (pytest's tmp_path is private to its owner)."""
    path = Path(tempfile.mkdtemp(prefix="corridorkg-"))
    path.chmod(0o755)
    yield path
    for sub in path.rglob("*"):
        if not sub.is_symlink():
            sub.chmod(0o755 if sub.is_dir() else 0o644)
    shutil.rmtree(path)


def test_unreadable_file_and_folder_are_reported_and_the_rest_read(open_tmp):
    (open_tmp / "good.txt").write_text(EN, encoding="utf-8")
    (open_tmp / "secret.txt").write_text(EN, encoding="utf-8")
    (open_tmp / "secret.txt").chmod(0o000)
    (open_tmp / "locked").mkdir()
    (open_tmp / "locked" / "inside.txt").write_text(EN, encoding="utf-8")
    (open_tmp / "locked").chmod(0o000)
    errors: list[InputError] = []
    with unprivileged():
        documents = list(read_documents([open_tmp], errors=errors))
    assert [d.id for d in documents] == ["good"]
    assert sorted(map(str, errors)) == [
        f"{open_tmp}/locked: cannot list the folder (Permission denied); check its permissions",
        (f"{open_tmp}/secret.txt: cannot read the file (permission denied); give the user running "
         "corridorkg read access (chmod a+r), or remove the file")]


def test_a_named_pipe_is_reported_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text(EN, encoding="utf-8")
    errors: list[InputError] = []
    assert [d.id for d in read_documents([tmp_path], errors=errors)] == ["good"]
    assert [str(e) for e in errors] == [
        (f"{tmp_path}/pipe.txt: not a regular file (a named pipe, device or socket); give a text "
         "file, or remove it from the corpus")]
    with pytest.raises(InputError, match="not a regular file"):
        read_text_file(tmp_path / "pipe.txt")     # opened without blocking


def test_a_path_that_does_not_exist_stops_the_build_before_it_starts(tmp_path):
    with pytest.raises(InputError, match="no such file or folder; check the path"):
        list(read_documents([tmp_path / "nowhere"], errors=[]))


# --- the whole corpus through `corridorkg build` -----------------------------------------------

def test_a_build_over_every_bad_input_stores_each_readable_one_and_names_each_failure(
        tmp_path, monkeypatch):
    from corridorkg.cli import build as build_command
    from corridorkg.cli import main
    from corridorkg.store import open_store

    corpus = tmp_path / "corpus"
    shutil.copytree(DATA, corpus)
    (corpus / "million.txt").write_text("Aktau " * 200_000, encoding="utf-8")
    (corpus / "big.txt").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    (corpus / "broken_link.txt").symlink_to("nowhere.txt")
    (corpus / "link_to_cp1251.txt").symlink_to("cp1251.txt")      # read once, as cp1251
    os.mkfifo(corpus / "pipe.txt")
    expected_read = {case.id or Path(name.split(":")[0]).stem
                     for name, case in CASES.items() if isinstance(case, Read)}
    failing = [name + (f":{case.line}" if case.line and ":" not in name else "")
               for name, case in CASES.items() if isinstance(case, Fails)]
    failing += ["million.txt", "big.txt", "broken_link.txt", "pipe.txt"]

    monkeypatch.setattr(build_command, "MAX_WARNINGS", 5)   # the rest are counted, not printed
    result = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "store"),
                                       "-q"])
    assert result.exit_code == 1, result.output                  # some documents failed
    assert (f"built {len(expected_read)} document(s)" in result.stdout
            and f"{len(failing)} failed" in result.stdout), result.stdout
    failed_lines = [line for line in result.stderr.splitlines() if line.startswith("  failed: ")]
    assert sorted(line.split(": ")[1].removeprefix(f"{corpus}/") for line in failed_lines) == \
        sorted(failing)
    with open_store(tmp_path / "store", read_only=True) as store:
        assert set(store.document_hashes()) == expected_read     # every readable one, none lost

    # what was guessed or repaired is said too: counted on the summary line, the first printed
    from corridorkg.linking import load_gazetteer
    warned = [warning for document in read_documents(
        [corpus], errors=[], known_words=load_gazetteer().known_words)
        for warning in document.warnings]
    assert f"failed, {len(warned)} warning(s) in " in result.stdout
    printed = [line.removeprefix("  warning: ") for line in result.stderr.splitlines()
               if line.startswith("  warning: ")]
    assert printed == warned[:5]
    assert f"  ... and {len(warned) - 5} more warning(s)" in result.stderr


# --- fuzzing -----------------------------------------------------------------------------------

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
RUSSIAN_WORDS = RU.replace(".", "").replace(",", "").split() + [
    "Казахстан", "Азербайджан", "транзит", "железная", "дорога", "контейнеров", "Каспийское",
    "море", "паром", "грузооборот", "увеличился", "процентов", "соглашение", "подписали"]


def no_crash(call, *args, **kwargs):
    """The call returns, or raises InputError; anything else is a bug."""
    try:
        return call(*args, **kwargs)
    except InputError as err:
        assert str(err) and err.hint
        return None


@FUZZ
@given(st.binary(max_size=3000))
def test_decoding_any_bytes_gives_text_or_a_clear_error(raw):
    decoded = no_crash(decode_text, raw, path="x.txt")
    if decoded:
        text, encoding, warnings = decoded
        text.encode("utf-8")            # no lone surrogates
        assert "\x00" not in text or encoding.startswith(("utf-16", "utf-32"))
        assert all(w.startswith("x.txt: ") for w in warnings)


@FUZZ
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")))
def test_utf8_text_decodes_to_itself(text):
    assert decode_text(text.encode("utf-8")) == (text, "utf-8", ())


@FUZZ
@given(st.text(st.characters(blacklist_categories=("Cs",))),
       st.sampled_from(["utf-8-sig", "utf-16", "utf-32"]))
def test_text_with_a_byte_order_mark_decodes_to_itself(text, codec):
    assert decode_text(text.encode(codec))[0] == text


@FUZZ
@given(st.lists(st.sampled_from([w for w in RUSSIAN_WORDS if len(w) > 1 and any("а" <= c.lower() <= "я" for c in w)]), min_size=6,
                max_size=40),
       st.sampled_from(["cp1251", "koi8-r", "cp866", "utf-16-le", "utf-16-be"]))
def test_russian_text_in_any_of_its_encodings_is_recognised(words, codec):
    text = " ".join(words).capitalize() + "."
    assert decode_text(text.encode(codec))[:2] == (text, codec)


@FUZZ
@given(st.binary(max_size=3000))
def test_reading_any_file_gives_a_document_or_a_clear_error(tmp_path, raw):
    path = tmp_path / "any.txt"
    path.write_bytes(raw)
    document = no_crash(read_text_file, path)
    if document:
        assert document.text.strip() and document.content_hash
        ox.NamedNode(f"https://w3id.org/corridorkg/doc/{document.id}/s/0-1")


@FUZZ
@given(st.lists(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
                max_size=30))
def test_reading_any_feed_reports_bad_lines_and_never_crashes(tmp_path, lines):
    path = tmp_path / "any.jsonl"
    path.write_bytes(b"\n".join(lines))
    errors: list[InputError] = []
    documents = no_crash(lambda: list(read_jsonl_file(path, errors=errors))) or []
    assert all(isinstance(d, Document) for d in documents)
    assert all(e.hint for e in errors)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children,
                                                                        max_size=4),
    max_leaves=10)
RECORDS = st.fixed_dictionaries(
    {}, optional={"id": st.one_of(st.text(), st.integers(), JSON_VALUES),
                  "text": st.one_of(st.text(), st.sampled_from([EN, RU]), JSON_VALUES),
                  "date": st.one_of(st.dates().map(str), st.text(), JSON_VALUES),
                  "lang": st.one_of(st.sampled_from(["en", "ru", "kk"]), JSON_VALUES),
                  "url": st.one_of(st.text(), JSON_VALUES), "title": JSON_VALUES})


@FUZZ
@given(st.one_of(RECORDS, JSON_VALUES))
def test_any_json_line_gives_a_document_or_a_clear_error(tmp_path, record):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    errors: list[InputError] = []
    documents = list(read_jsonl_file(path, errors=errors))
    assert len(documents) + len(errors) == 1
    for document in documents:
        assert document.content_hash     # the text can be written as UTF-8
        assert all(isinstance(value, str) for value in (document.url or "", document.title or ""))


@FUZZ
@given(st.text(max_size=300), st.text(max_size=2000), st.sampled_from([None, "en", "ru", "kk"]))
def test_any_text_and_id_give_a_document_with_a_valid_iri_or_a_clear_error(doc_id, text, lang):
    document = no_crash(make_document, doc_id, text, source="x.jsonl:1", lang=lang)
    if document:
        assert document.text and document.text == document.text.strip()
        assert document.content_hash
        for base in ("graph", "doc"):
            ox.NamedNode(f"https://w3id.org/corridorkg/{base}/{document.id}/m/0-1")


HTML_PIECES = st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<br/>",
                               "<style>", "</style>", "<title>", "</title>", "<article>",
                               "</article>", "<head>", "</head>", "<body>", "<!--", "-->",
                               "&amp;", "&#8209;", "&#xZZ;", "<a href='x'>", "</a>", "<", ">",
                               "<pre>", "</pre>", "<![CDATA[", "<!DOCTYPE html>", "Aktau ",
                               "порт ", "\n", " "])


@FUZZ
@given(st.lists(st.one_of(HTML_PIECES, st.text(max_size=20)), max_size=60).map("".join))
def test_any_html_gives_text(html):
    text, title = html_to_text(html)
    assert isinstance(text, str) and (title is None or title.strip() == title)


@FUZZ
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=2000))
def test_text_repairs_and_readers_of_dates_and_language_never_crash(text):
    repair_text(text)
    find_date_line(text)
    assert detect_language(text) in ("en", "ru", "kk")
    assert len(restore_lost_letters(text, ["Gdańsk", "Şımkent"])) == len(text)


@FUZZ
@given(st.text(max_size=40), st.sampled_from(["en", "ru"]))
def test_number_parser_reads_a_number_or_says_why_not(text, lang):
    from corridorkg.quantities import parse_number
    try:
        parse_number(text, lang)
    except ValueError as err:
        assert str(err)


@FUZZ
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=500),
       st.sampled_from(["en", "ru"]))
def test_quantity_finder_never_crashes(text, lang):
    from corridorkg.quantities import find_quantities
    find_quantities(text, lang)
