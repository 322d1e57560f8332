"""Reading articles: files and folders in, ``Document`` records out.

Two input formats:

* ``.txt`` — one article per file, as the seeds are. An optional header `` date YYYY-MM-DD``
  at the very start gives the publication date; the rest is the article. The document id is the
  file stem.
* ``.jsonl`` — one article per line: ``{"id", "text", "date", "url", "title", "lang"}``; only
  ``id`` and ``text`` are required.

Text is repaired on the way in: mojibake (UTF-8 read as cp1252/latin-1) is undone with ftfy, and
letters that a feed dropped to a space ("Gda sk" for "Gdańsk") are restored when the
repaired word is a known name of the reference data (``restore_lost_letters``). Both repairs keep
character offsets stable or are done before any offset is taken.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import ftfy

from .errors import InputError

DATE_HEADER = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\S+)[ \t]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
              "октябр", "ноябр", "декабр")
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
# "8 Декабря 2022, 09:11" or "June 7, 2024" alone on one of the first lines: a page's date line
_DATE_LINE_RU = re.compile(r"^\s*(\d{1,2})\s+([А-Яа-яЁё]+)\s+(\d{4})(?:\s*(?:г\.|года))?[,\s]*(?:\d{1,2}:\d{2})?[\s\d]*$")
_DATE_LINE_EN = re.compile(r"^\s*([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})(?:[,\s]+\d{1,2}:\d{2})?\s*$")

SUFFIXES = (".txt", ".jsonl")


@dataclass(frozen=True)
class Document:
    """One article, with its text already repaired.

    Offsets of mentions and sentences refer to ``text``.
    """

    id: str
    text: str
    lang: str                      # "en", "ru" or "kk"
    date: dt.date | None = None    # publication date
    url: str | None = None
    title: str | None = None
    source: str = ""               # file the document came from ("path" or "path:line" for jsonl)

    @property
    def content_hash(self) -> str:
        """sha256 of everything extraction depends on (text, language, date)."""
        key = "\x1f".join((self.text, self.lang, self.date.isoformat() if self.date else ""))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


def detect_language(text: str) -> str:
    """Guess "en", "ru" or "kk" from the script of the letters.

    >>> detect_language("Trade reached $1 billion")
    'en'
    >>> detect_language("Товарооборот вырос на 11%")
    'ru'
    """
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic <= latin:
        return "en"
    if len(_KAZAKH_LETTERS.findall(text)) > 0.02 * cyrillic:
        return "kk"
    return "ru"


_MOJIBAKE_MARKERS = ("Ã", "Ð", "Ñ", "â€", "Ä", "Å", "Ò", "Ó")
_NON_ASCII_RUN = re.compile(r"\S*[^\x00-\x7f]\S*")


def repair_text(text: str) -> str:
    """Undo mojibake and normalise Unicode (NFC), keeping the text otherwise as published.

    >>> repair_text("GdaÅ„sk seaport")
    'Gdańsk seaport'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(marker in text for marker in _MOJIBAKE_MARKERS):
        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
        text = _NON_ASCII_RUN.sub(lambda m: _undo_mojibake(m.group()), text)
    return fix_mixed_scripts(unicodedata.normalize("NFC", text))


# Cyrillic and Latin letters that look alike; scrapers and copy-paste mix them ("оf" with a
# Cyrillic о), which hides the word from every matcher
_CYRILLIC_LOOKALIKES = str.maketrans("аеорсхуАВЕКМНОРСТХ", "aeopcxyABEKMHOPCTX")
_LATIN_LOOKALIKES = str.maketrans("aeopcxyABEKMHOPCTX", "аеорсхуАВЕКМНОРСТХ")
_MIXED_WORD = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*[\u0400-\u04FF])\w+\b")


def fix_mixed_scripts(text: str) -> str:
    """A word written mostly in one script with look-alike letters of the other is made whole.

    >>> fix_mixed_scripts("Minister оf Foreign Affairs")
    'Minister of Foreign Affairs'
    """
    def fix(match: re.Match) -> str:
        word = match.group()
        latin = len(re.findall(r"[A-Za-z]", word))
        cyrillic = len(_CYRILLIC.findall(word))
        table = _CYRILLIC_LOOKALIKES if latin >= cyrillic else _LATIN_LOOKALIKES
        fixed = word.translate(table)
        mixed = re.search(r"[A-Za-z]", fixed) and _CYRILLIC.search(fixed)
        return word if mixed else fixed

    return _MIXED_WORD.sub(fix, text)


def _undo_mojibake(word: str) -> str:
    """UTF-8 bytes that were decoded as cp1252 or latin-1, decoded again, if that is clean UTF-8."""
    if not any(marker in word for marker in _MOJIBAKE_MARKERS):
        return word
    for codec in ("cp1252", "latin-1"):
        try:
            return word.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
    return word


def restore_lost_letters(text: str, known_words: Iterable[str]) -> str:
    """Restore single letters that a feed turned into a space, when the result is a known word.

    ``known_words`` are words of the reference data that contain a non-ASCII letter
    ("Gdańsk"); a pair of fragments "Gda sk" whose join with one letter gives such a word is
    replaced by it. The replacement has the same length, so offsets do not move.

    >>> restore_lost_letters("through the Gda sk seaport", ["Gdańsk"])
    'through the Gdańsk seaport'
    """
    by_fragments: dict[tuple[str, str], str] = {}
    for word in known_words:
        for i, char in enumerate(word):
            if ord(char) > 127 and char.isalpha() and 0 < i < len(word) - 1:
                by_fragments.setdefault((word[:i].casefold(), word[i + 1:].casefold()), word)
    if not by_fragments:
        return text

    words = list(re.finditer(r"\w+", text))
    out, cursor = [], 0
    for left, right in zip(words, words[1:]):
        if right.start() != left.end() + 1 or text[left.end()] != " " or left.start() < cursor:
            continue
        word = by_fragments.get((left.group().casefold(), right.group().casefold()))
        if word is not None:
            out.append(text[cursor:left.end()])
            out.append(word[len(left.group())])
            cursor = left.end() + 1
    out.append(text[cursor:])
    return "".join(out)


def _parse_iso_date(value: str, *, path: Path | str, line: int, what: str) -> dt.date:
    if not _ISO_DATE.fullmatch(value):
        raise InputError(f"{what} {value!r} is not a date (YYYY-MM-DD)", path=path, line=line,
                         hint="fix or remove it")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{what} {value!r} is not a valid calendar date", path=path, line=line,
                         hint="fix or remove it") from None


def find_date_line(text: str) -> dt.date | None:
    """The publication date from a date line among the first lines of a page ("8 Декабря 2022, 09:11")."""
    for line in text.split("\n")[:5]:
        match = _DATE_LINE_RU.match(line)
        if match:
            month = _month_number(match.group(2), _RU_MONTHS)
            day, year = int(match.group(1)), int(match.group(3))
        else:
            match = _DATE_LINE_EN.match(line)
            if not match:
                continue
            month = _month_number(match.group(1), _EN_MONTHS)
            day, year = int(match.group(2)), int(match.group(3))
        if month:
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _month_number(word: str, stems: tuple[str, ...]) -> int | None:
    word = word.casefold()
    for number, stem in enumerate(stems, start=1):
        if word.startswith(stem) and (len(stem) > 2 or word in ("мая", "май", "мае")):
            return number
    return None


def make_document(doc_id: str, raw_text: str, *, source: str, date: dt.date | None = None,
                  url: str | None = None, title: str | None = None, lang: str | None = None,
                  line: int = 1) -> Document:
    """Build a Document from raw text: strip the date header, repair, detect the language."""
    text = repair_text(raw_text)
    header = DATE_HEADER.match(text)
    if header:
        header_date = _parse_iso_date(header.group(1), path=source, line=line, what="date header")
        date = date or header_date
        text = text[header.end():]
    text = text.strip()
    if not text:
        raise InputError("the document has no text", path=source, line=line,
                         hint="remove the file or give it the article's text")
    if date is None:
        date = find_date_line(text)
    return Document(id=doc_id, text=text, lang=lang or detect_language(text), date=date, url=url,
                    title=title, source=source)


def read_text_file(path: Path) -> Document:
    """Read one ``.txt`` article (UTF-8; a BOM is dropped)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror})", path=path,
                         hint="check that it exists and is readable") from err
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file, not text", path=path, hint="give a UTF-8 text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (byte {raw[err.start]:#04x} at offset {err.start})",
                         path=path, line=line, hint="convert the file to UTF-8") from err
    return make_document(path.stem, text, source=str(path))


def read_jsonl_file(path: Path, *, errors: list[InputError] | None = None) -> Iterator[Document]:
    """Read a ``.jsonl`` file of articles; a bad line is reported (or raised) and skipped."""
    try:
        handle = path.open("r", encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"cannot read the file ({err.strerror})", path=path,
                         hint="check that it exists and is readable") from err
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield _jsonl_document(path, number, line)
            except InputError as err:
                if errors is None:
                    raise
                errors.append(err)


def _jsonl_document(path: Path, number: int, line: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON ({err.msg} at column {err.colno})", path=path,
                         line=number, hint="fix the line or remove it") from err
    if not isinstance(record, dict):
        raise InputError("a line must be a JSON object", path=path, line=number,
                         hint='write {"id": ..., "text": ...}')
    missing = [key for key in ("id", "text") if not isinstance(record.get(key), str) or not record[key]]
    if missing:
        raise InputError(f"missing or empty field(s) {', '.join(missing)}", path=path, line=number,
                         hint='every line needs "id" and "text" strings')
    date = record.get("date")
    if date:
        date = _parse_iso_date(str(date)[:10], path=path, line=number, what="date")
    lang = record.get("lang") or None
    if lang is not None and lang not in ("en", "ru", "kk"):
        raise InputError(f"unsupported language {lang!r}", path=path, line=number,
                         hint='use "en", "ru" or "kk", or leave "lang" out to detect it')
    return make_document(record["id"], record["text"], source=f"{path}:{number}", date=date or None,
                         url=record.get("url") or None, title=record.get("title") or None,
                         lang=lang, line=number)


def list_input_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand folders into their ``.txt``/``.jsonl`` files, in a stable (sorted) order."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or folder", path=path, hint="check the path")
    return files


def read_documents(paths: Iterable[Path | str], *, errors: list[InputError] | None = None,
                   known_words: Iterable[str] = ()) -> Iterator[Document]:
    """Read every article under ``paths``.

    Args:
        paths: files and folders (folders are searched for ``.txt`` and ``.jsonl`` files).
        errors: when given, a bad document is appended here and skipped, and reading goes on;
            when None, the first bad document raises ``InputError``.
        known_words: words of the reference data used to restore letters lost in transit.

    Duplicate document ids are reported as errors; the first one read is kept.
    """
    known = list(known_words)
    seen: dict[str, str] = {}
    for path in list_input_files(paths):
        try:
            if path.suffix == ".jsonl":
                documents = read_jsonl_file(path, errors=errors)
            else:
                documents = iter([read_text_file(path)])
            for document in documents:
                if document.id in seen:
                    _report(InputError(f"duplicate document id {document.id!r} (first read from "
                                       f"{seen[document.id]})", path=document.source,
                                       hint="give every document a unique id"), errors)
                    continue
                seen[document.id] = document.source
                if known:
                    document = replace(document, text=restore_lost_letters(document.text, known))
                yield document
        except InputError as err:
            _report(err, errors)


def _report(error: InputError, errors: list[InputError] | None) -> None:
    if errors is None:
        raise error
    errors.append(error)
