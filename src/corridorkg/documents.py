"""Reading articles: files and folders in, ``Document`` records out.

Two input formats:

* ``.txt`` — one article per file, as the seeds are. An optional header `` date YYYY-MM-DD``
  at the very start gives the publication date; the rest is the article. The document id is the
  file stem.
* ``.jsonl`` — one article per line: ``{"id", "text", "date", "url", "title", "lang"}``; only
  ``id`` and ``text`` are required. The file is read line by line, never whole.

Text is repaired on the way in: mojibake (UTF-8 read as cp1252/latin-1) is undone with ftfy, and
letters that a feed dropped to a space ("Gda sk" for "Gdańsk") are restored when the
repaired word is a known name of the reference data (``restore_lost_letters``). Both repairs keep
character offsets stable or are done before any offset is taken.

Bad input (docs/reliability.md has the whole table):

* what can be read is read, and the document says what was guessed or repaired in
  ``Document.warnings`` (``"path[:line]: what; what to do"``): text that is not UTF-8 is decoded
  (``decode_text``; ``Document.encoding`` names the encoding used), an HTML page is reduced to its
  text (``html_to_text``), NUL and control characters are removed, a file name that cannot be an
  IRI is made into one;
* what cannot be read raises :class:`~corridorkg.errors.InputError` (binary files, empty texts,
  texts over ``MAX_TEXT_CHARS``, dates that are not dates, unreadable files, broken links);
  ``read_documents`` reports it and goes on with the next document.
"""
from __future__ import annotations

import codecs
import datetime as dt
import errno
import hashlib
import io
import json
import math
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

import ftfy

from .errors import InputError

# One article's text may be at most this long. Real news articles stay well under 100 000
# characters; extraction takes about 1 s per 20 000 characters and grows faster than linearly,
# and spaCy refuses texts over 1 000 000. A longer text is nearly always several articles run
# together or a dump, so it is rejected (with the advice to split it) rather than truncated:
# a truncated article would be stored as if it were whole.
MAX_TEXT_CHARS = 200_000
# At most this many bytes are read for one .txt file or one .jsonl line; a bigger file or line is
# rejected without being read into memory. Generous next to MAX_TEXT_CHARS, because HTML pages
# and \\u-escaped JSON take several bytes per character of text.
MAX_FILE_BYTES = 8 * 1024 * 1024
# a .jsonl file whose first lines are all bad is probably not JSON Lines: stop reporting there
_MAX_BAD_LINES_AT_START = 20

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
_MAX_DATE_LINE = 80   # a date line is short; longer lines are not tried (the patterns backtrack)

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
    encoding: str = "utf-8"        # how the file's bytes were decoded (see decode_text)
    warnings: tuple[str, ...] = ()  # what was guessed or repaired: "source: what; what to do"

    @property
    def content_hash(self) -> str:
        """sha256 of everything extraction depends on (text, language, date)."""
        key = "\x1f".join((self.text, self.lang, self.date.isoformat() if self.date else ""))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _message(where: str | Path | None, line: int | None, what: str, hint: str | None) -> str:
    """A warning worded as InputError words its message: ``path:line: what; what to do``."""
    return str(InputError(what, path=where, line=line, hint=hint))


# --- bytes to text -------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
# (magic bytes, what the file is, what to do)
_BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document", "extract its text first (e.g. pdftotext) and give the .txt"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt/.xlsx document)",
     "unpack it, or save the document as plain text"),
    (b"\xd0\xcf\x11\xe0", "an MS Office document", "save it as plain text"),
    (b"{\\rtf", "an RTF document", "save it as plain text"),
    (b"\x1f\x8b", "a gzip archive", "unpack it (gunzip) and give the text inside"),
    (b"BZh", "a bzip2 archive", "unpack it (bunzip2) and give the text inside"),
    (b"\xfd7zXZ\x00", "an xz archive", "unpack it (unxz) and give the text inside"),
    (b"7z\xbc\xaf", "a 7-Zip archive", "unpack it and give the text inside"),
    (b"\x89PNG", "a PNG image", "give the article's text, not a picture of it"),
    (b"\xff\xd8\xff", "a JPEG image", "give the article's text, not a picture of it"),
    (b"GIF8", "a GIF image", "give the article's text, not a picture of it"),
    (b"\x7fELF", "a program (ELF executable)", "remove it from the corpus"),
)
# C0 controls that plain text does not hold (tab, newlines, form feed, ^Z and ESC are allowed)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1a\x1b") + b"\x7f"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})""",
                           re.IGNORECASE)
_SINGLE_BYTE_CYRILLIC = ("cp1251", "koi8-r", "cp866")
# Russian letter frequencies per 1000 letters; the logarithm scores a decoding (_russian_score)
_RUSSIAN_LETTERS = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё",
    (109.7, 84.5, 80.1, 73.5, 67.0, 62.6, 54.7, 47.3, 45.4, 44.0, 34.9, 32.1, 29.8, 28.1, 26.2,
     20.1, 19.0, 17.4, 17.0, 16.5, 15.9, 14.4, 12.1, 9.7, 9.4, 7.3, 6.4, 4.8, 3.6, 3.2, 2.6, 0.4,
     0.4)))
_LETTER_SCORE = {letter: math.log(per_mille) for letter, per_mille in _RUSSIAN_LETTERS.items()}
_SAMPLE_BYTES = 65_536        # the encoding guess looks at the start of the file only


def decode_text(raw: bytes, *, path: str | Path | None = None,
                line: int | None = None) -> tuple[str, str, tuple[str, ...]]:
    """Decode the bytes of an article, working out the encoding when it is not UTF-8.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a mark, from its pattern
    of NUL bytes; UTF-8; the ``<meta charset>`` of an HTML page; UTF-8 with a few broken bytes
    (replaced by U+FFFD); a Cyrillic single-byte encoding (cp1251, KOI8-R or cp866, told apart by
    Russian letter frequencies) when the text is mostly Cyrillic words; cp1252, or latin-1, last.
    Stray NUL bytes are removed.

    Args:
        raw: the bytes of one .txt file or one .jsonl line.
        path, line: where they come from, for the messages.

    Returns:
        ``(text, encoding, warnings)``; a warning says what was guessed or repaired.

    Raises:
        InputError: the bytes are not text (a known binary format, or too many control bytes).

    >>> decode_text("Порт Актау".encode("cp1251"))[:2]
    ('Порт Актау', 'cp1251')
    """
    warnings: list[str] = []

    def warn(what: str, hint: str) -> None:
        warnings.append(_message(path, line, what, hint))

    for bom, codec in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return body.decode(codec.replace("-sig", "")), codec, ()
            except UnicodeDecodeError:
                if bom != codecs.BOM_UTF32_LE:   # FF FE 00 00 may also be UTF-16 with a NUL
                    text = body.decode(codec.replace("-sig", ""), errors="replace")
                    warn(f"{codec} text with {text.count(chr(0xFFFD))} broken character(s), "
                         "replaced by '\ufffd'", "check the file; it may be cut short")
                    return text, codec, tuple(warnings)
    for signature, what, hint in _BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise InputError(f"{what}, not text", path=path, line=line, hint=hint)

    if b"\x00" in raw:
        codec = _utf16_by_nul_pattern(raw)
        if codec:
            try:
                text = raw[:len(raw) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                if _control_share(text) <= 0.01:
                    warn(f"UTF-16 text without a byte-order mark: read as {codec}",
                         "save the file as UTF-8 to be sure")
                    return text, codec, tuple(warnings)
        raw = _strip_nul_bytes(raw, path=path, line=line, warn=warn)
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if controls > 1 and controls * 100 > len(raw):
        raise InputError(f"binary data, not text ({controls:,} control byte(s) in {len(raw):,})",
                         path=path, line=line, hint="give a text file (UTF-8 preferred)")

    try:
        return raw.decode("utf-8"), "utf-8", tuple(warnings)
    except UnicodeDecodeError as err:
        first_bad = err.start
    bad_line = raw[:first_bad].count(b"\n") + 1
    where = f"line {bad_line}" if line is None else f"byte {first_bad:,}"

    declared = _declared_charset(raw)
    if declared:
        try:
            return raw.decode(declared), declared, tuple(warnings)
        except UnicodeDecodeError:
            pass
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore")) - broken
    if broken * 20 <= non_ascii:
        warn(f"{broken} byte sequence(s) that are not UTF-8 (first at {where}) replaced by "
             "'\ufffd'", "check the file; it may have been cut or mixed with another encoding")
        return text, "utf-8", tuple(warnings)

    codec = _guess_single_byte(raw)
    text = raw.decode(codec, errors="replace")
    warn(f"not UTF-8 (first non-UTF-8 byte at {where}): decoded as {codec}, a guess from the "
         "letters", "convert the file to UTF-8 if the text looks wrong")
    return text, codec, tuple(warnings)


def _utf16_by_nul_pattern(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NUL bytes fall on one side of the byte pairs, as in UTF-16."""
    sample = raw[:_SAMPLE_BYTES]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.05 * pairs and even <= 0.05 * odd:
        return "utf-16-le"
    if even >= 0.05 * pairs and odd <= 0.05 * even:
        return "utf-16-be"
    return None


def _strip_nul_bytes(raw: bytes, *, path, line, warn) -> bytes:
    """Text with a few NUL bytes (or NUL padding at the end) loses them; more is binary data."""
    body = raw.rstrip(b"\x00")
    inside = body.count(0)
    if inside * 20 > len(body):
        raise InputError(f"binary data, not text ({inside:,} NUL byte(s) in {len(body):,})",
                         path=path, line=line, hint="give a text file (UTF-8 preferred)")
    warn(f"{raw.count(0):,} NUL byte(s) removed", "check how the file was written; it may be "
         "damaged")
    return body.replace(b"\x00", b"")


def _control_share(text: str) -> float:
    controls = sum(1 for char in text if char < " " and char not in "\t\n\x0b\x0c\r\x1a\x1b")
    return controls / max(len(text), 1)


def _declared_charset(raw: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta charset>``, if Python knows it."""
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return None if name.startswith("utf-8") else name


def _guess_single_byte(raw: bytes) -> str:
    """cp1251, KOI8-R or cp866 for Russian text (whichever letter statistics favour), else
    cp1252, or latin-1 for bytes cp1252 leaves undefined."""
    sample = raw[:_SAMPLE_BYTES]
    codec = max(_SINGLE_BYTE_CYRILLIC,
                key=lambda name: _russian_score(sample.decode(name, errors="replace")))
    if _mostly_cyrillic_words(sample.decode(codec, errors="replace")):
        return codec
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"
    return "cp1252"


def _russian_score(text: str) -> float:
    """How much ``text`` looks like Russian: frequent letters score; a capital after a small
    letter ("пОРТ") and non-letters (box drawing from the wrong code page) cost."""
    score = 0.0
    previous = " "
    for char in text:
        if char > "\x7f":
            lower = char.lower()
            letter = _LETTER_SCORE.get(lower)
            if letter is None:
                score -= 5.0
            else:
                score += letter
                if char != lower and previous.islower():
                    score -= 3.0
        previous = char
    return score


def _mostly_cyrillic_words(text: str) -> bool:
    """Words written wholly in Cyrillic outnumber words mixing Latin and Cyrillic letters
    (what latin-1 text looks like when decoded as cp1251: "Cafй", "StraЯe")."""
    whole = mixed = 0
    for match in re.finditer(r"[^\W\d_]{2,}", text):
        word = match.group()
        cyrillic = len(_CYRILLIC.findall(word))
        if cyrillic == len(word):
            whole += 1
        elif cyrillic:
            mixed += 1
    return whole > 0 and whole >= 2 * mixed


# --- HTML pages ----------------------------------------------------------------------------------

_HTML_START = re.compile(r"\A[\s\ufeff]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         r"<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</?(?:html|head|body|p|div|br|span|a|li|ul|ol|table|tr|td|h[1-6]|script|"
                       r"style|meta|link|img|strong|em|b|i|article|section|header|footer|nav)\b"
                       r"[^<>]{0,500}>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """An HTML page or fragment rather than plain text: it starts like a page, or tags abound.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Port</p></body></html>")
    True
    >>> looks_like_html("Volumes grew 5% (<10% forecast).")
    False
    """
    head = text[:20_000]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


class _TextOfHTML(HTMLParser):
    """Collects the readable text of a page: no scripts, styles, menus or footers; a paragraph
    break at each block element; the text of <article> elements when there are any."""

    SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "nav", "footer",
                      "aside", "form", "button", "select", "iframe", "object", "head"})
    BLOCK = frozenset({"p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
                       "td", "th", "section", "article", "header", "main", "blockquote", "pre",
                       "table", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "address"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.title_parts: list[str] = []
        self.skipping: dict[str, int] = {}
        self.in_article = self.in_pre = self.in_title = 0
        self.tags = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags += 1
        if tag == "body":
            self.skipping.pop("head", None)   # a page that never closes its <head>
        if tag == "title":
            self.in_title += 1
        elif tag in self.SKIP and tag not in self.VOID:
            self.skipping[tag] = self.skipping.get(tag, 0) + 1
        if tag in self.BLOCK:
            self._break()
        if tag == "article":
            self.in_article += 1
        elif tag == "pre":
            self.in_pre += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.tags += 1
        if tag in self.BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = max(0, self.in_title - 1)
        elif self.skipping.get(tag):
            self.skipping[tag] -= 1
            if not self.skipping[tag]:
                del self.skipping[tag]
        if tag in self.BLOCK:
            self._break()
        if tag == "article":
            self.in_article = max(0, self.in_article - 1)
        elif tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skipping:
            return
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
        self.parts.append(data)
        if self.in_article:
            self.article_parts.append(data)

    def _break(self) -> None:
        self.parts.append("\n\n")
        if self.in_article:
            self.article_parts.append("\n\n")


def html_to_text(html: str) -> tuple[str, str | None]:
    """The readable text of an HTML page, and its <title>.

    Scripts, styles, navigation, forms and footers are dropped; block elements become paragraph
    breaks; entities are decoded. When the page has <article> elements, their text is the text.

    >>> html_to_text("<html><head><title>T</title><script>x()</script></head>"
    ...              "<body><nav>Menu</nav><p>Aktau port &amp; Baku.</p></body></html>")
    ('Aktau port & Baku.', 'T')
    """
    parser = _TextOfHTML()
    parser.feed(html)
    parser.close()
    text = "".join(parser.article_parts if "".join(parser.article_parts).strip() else parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title_parts)).strip() or None
    return text, title


# --- text repairs --------------------------------------------------------------------------------

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
_NON_SPACE_RUN = re.compile(r"\S+")


def repair_text(text: str) -> str:
    """Undo mojibake and normalise Unicode (NFC), keeping the text otherwise as published.

    >>> repair_text("GdaÅ„sk seaport")
    'Gdańsk seaport'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(marker in text for marker in _MOJIBAKE_MARKERS):
        text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_line_breaks=False)
        # word by word: a pattern like \S*[^\x00-\x7f]\S* backtracks quadratically on long runs
        text = _NON_SPACE_RUN.sub(lambda m: _undo_mojibake(m.group()), text)
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


# control characters that are not text; vertical tab, form feed and NEL become line breaks
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
_BREAK_CHARS = re.compile(r"[\x0b\x0c\x85]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_WORD_CHAR = re.compile(r"[^\W_]")


def _clean_characters(text: str, warn) -> str:
    """Text without lone surrogates (they cannot be written as UTF-8) and control characters."""
    surrogates = len(_SURROGATES.findall(text))
    if surrogates:
        text = _SURROGATES.sub("\ufffd", text)
        warn(f"{surrogates} lone surrogate code point(s) replaced by '\ufffd'",
             "check how the text was escaped")
    text = _BREAK_CHARS.sub("\n", text)
    controls = len(_CONTROL_CHARS.findall(text))
    if controls:
        text = _CONTROL_CHARS.sub("", text)
        warn(f"{controls:,} control character(s) removed",
             "check how the text was written; it may be damaged")
    return text


# ASCII that may stand in an IRI path ("#" once, "%" only before two hex digits; see _iri_safe_id)
_IRI_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                       "-._~!$&'()*+,;=:@/?#%")
_IRI_RANGES = ((0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF)) + tuple(
    (plane, plane + 0xFFFD) for plane in range(0x10000, 0xE0000, 0x10000)) + ((0xE1000, 0xEFFFD),)
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
MAX_ID_CHARS = 200


def _iri_safe_id(doc_id: str) -> str:
    """``doc_id`` with every character that cannot stand in an IRI path replaced by "_"."""
    chars = []
    seen_hash = False
    for i, char in enumerate(doc_id):
        if char < "\x80":
            ok = char in _IRI_ASCII
            if char == "#":
                ok, seen_hash = not seen_hash, True
            elif char == "%":
                ok = bool(_HEX2.match(doc_id, i + 1, i + 3))
        else:
            code = ord(char)
            ok = any(low <= code <= high for low, high in _IRI_RANGES) and not char.isspace()
        chars.append(char if ok else "_")
    return "".join(chars)


def _parse_iso_date(value: str, *, path: Path | str, line: int | None, what: str) -> dt.date:
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
    for line in text.split("\n", 5)[:5]:
        if len(line) > _MAX_DATE_LINE:
            continue
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


# --- documents -----------------------------------------------------------------------------------

_LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "kk": "Kazakh"}


def make_document(doc_id: str, raw_text: str, *, source: str, date: dt.date | None = None,
                  url: str | None = None, title: str | None = None, lang: str | None = None,
                  line: int | None = 1, encoding: str = "utf-8",
                  warnings: Iterable[str] = ()) -> Document:
    """Build a Document from raw text: clean, strip the date header, repair, detect the language.

    An HTML page is reduced to its text; an id that cannot be part of an IRI has the offending
    characters replaced by "_". Both are said in ``Document.warnings``, after ``warnings``.

    Raises:
        InputError: no text, a text over ``MAX_TEXT_CHARS``, a date header that is not a date,
            or an unusable id.
    """
    return _make_document(doc_id, raw_text, source=source, where=source, line=line, date=date,
                          url=url, title=title, lang=lang, encoding=encoding, warnings=warnings)


def _make_document(doc_id: str, raw_text: str, *, source: str, where: str | Path,
                   line: int | None, date: dt.date | None, url: str | None, title: str | None,
                   lang: str | None, encoding: str, warnings: Iterable[str]) -> Document:
    notes = list(warnings)

    def warn(what: str, hint: str) -> None:
        notes.append(_message(where, line, what, hint))

    doc_id = _checked_id(doc_id, where=where, line=line, warn=warn)
    text = _clean_characters(raw_text, warn)
    html = looks_like_html(text)
    if not html:
        _check_length(text, where=where, line=line)
    else:
        text, page_title = html_to_text(text)
        title = title or page_title
        warn("an HTML page, not plain text: read its text only (scripts, menus and footers "
             "dropped)", "give the article's plain text to be sure nothing else is read with it")
        _check_length(text, where=where, line=line)
    text = repair_text(text)
    header = DATE_HEADER.match(text)
    if header:
        header_date = _parse_iso_date(header.group(1), path=where, line=line or 1,
                                      what="date header")
        date = date or header_date
        text = text[header.end():]
    text = text.strip()
    if not _WORD_CHAR.search(text):
        raise InputError("the document has no text" + (" (only markup)" if html else ""),
                         path=where, line=line, hint="remove it or give it the article's text")
    if date is None:
        date = find_date_line(text)
    if date is not None and date > dt.date.today() + dt.timedelta(days=1):
        warn(f"publication date {date.isoformat()} is in the future", "check the date")
    lang = lang or detect_language(text)
    _warn_mixed_languages(text, lang, warn)
    return Document(id=doc_id, text=text, lang=lang, date=date, url=url, title=title,
                    source=source, encoding=encoding, warnings=tuple(notes))


def _checked_id(doc_id: str, *, where, line, warn) -> str:
    if not doc_id.strip():
        raise InputError("the document id is empty", path=where, line=line,
                         hint="give the document a name or an id")
    if len(doc_id) > MAX_ID_CHARS:
        raise InputError(f"the document id is {len(doc_id):,} characters long; at most "
                         f"{MAX_ID_CHARS} are allowed", path=where, line=line,
                         hint="use a shorter file name or id")
    safe = _iri_safe_id(doc_id)
    if safe != doc_id:
        warn(f"document id {doc_id!r} cannot be part of an IRI: stored as {safe!r}",
             "rename it without spaces, control characters or <>\"{}|\\^`[] to keep its name")
    return safe


def _check_length(text: str, *, where, line) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the text is {len(text):,} characters long; one article may be at most "
                         f"{MAX_TEXT_CHARS:,}", path=where, line=line,
                         hint="split it into one document per article (a .jsonl feed takes one "
                              "article per line)")


def _warn_mixed_languages(text: str, lang: str, warn) -> None:
    """Extraction reads one language per document: say so when a large part is in another."""
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    other = latin if lang in ("ru", "kk") else cyrillic
    if other >= 200 and other >= 0.25 * (cyrillic + latin):
        script = "Latin" if lang in ("ru", "kk") else "Cyrillic"
        warn(f"mixed-language text ({100 * other // (cyrillic + latin)}% {script} letters) read "
             f"as {_LANGUAGE_NAMES.get(lang, lang)}: facts written in the other language may be "
             "missed", "split it into one document per language")


# --- files ---------------------------------------------------------------------------------------

def read_text_file(path: Path | str) -> Document:
    """Read one ``.txt`` article, in any encoding ``decode_text`` reads.

    Raises:
        InputError: the file cannot be read, is over ``MAX_FILE_BYTES``, is binary, or its
            text is unusable (see ``make_document``).
    """
    path = Path(path)
    with _open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise _too_big(path, None, f"the file is {size:,} bytes")
        try:
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as err:
            raise _unreadable(path, err) from err
    if len(raw) > MAX_FILE_BYTES:
        raise _too_big(path, None, f"the file is over {MAX_FILE_BYTES:,} bytes")
    text, encoding, warnings = decode_text(raw, path=path)
    return _make_document(path.stem, text, source=str(path), where=path, line=None, date=None,
                          url=None, title=None, lang=None, encoding=encoding, warnings=warnings)


def read_jsonl_file(path: Path | str, *,
                    errors: list[InputError] | None = None) -> Iterator[Document]:
    """Read a ``.jsonl`` file of articles line by line; a bad line is reported (or raised), skipped.

    Lines are UTF-8 (another encoding of a line is guessed as ``decode_text`` does), or the whole
    file is UTF-16 with a byte-order mark. A line over ``MAX_FILE_BYTES`` is skipped unread.
    """
    path = Path(path)
    with _open_regular(path) as handle:
        try:
            head = handle.read(_SAMPLE_BYTES)
            handle.seek(0)
        except OSError as err:
            raise _unreadable(path, err) from err
        for signature, what, hint in _BINARY_SIGNATURES:
            if head.startswith(signature):
                raise InputError(f"{what}, not JSON Lines", path=path, hint=hint)
        codec = _utf16_codec(head)
        good = bad = 0
        lines = _text_lines(handle, path, codec) if codec else _byte_lines(handle, path)
        for number, line in lines:
            try:
                document = _jsonl_line_document(path, number, line, codec)
            except InputError as err:
                _report(err, errors)
                bad += 1
                if not good and bad >= _MAX_BAD_LINES_AT_START:
                    _report(InputError(f"the first {bad} lines are all unusable; stopped reading "
                                       "the file", path=path,
                                       hint="check that it is JSON Lines: one JSON object per "
                                            "line"), errors)
                    return
                continue
            if document is not None:
                good += 1
                yield document


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return _utf16_by_nul_pattern(head) if b"\x00" in head else None


def _byte_lines(handle, path: Path) -> Iterator[tuple[int, bytes | InputError]]:
    """Numbered lines, each read up to MAX_FILE_BYTES; a longer line is skipped unread."""
    number = 0
    while True:
        try:
            line = handle.readline(MAX_FILE_BYTES + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_FILE_BYTES and not line.endswith(b"\n"):
                size = len(line)
                while not line.endswith(b"\n"):
                    line = handle.readline(1 << 20)
                    if not line:
                        break
                    size += len(line)
                yield number, _too_big(path, number, f"the line is {size:,} bytes")
                continue
        except OSError as err:
            yield number + 1, _unreadable(path, err)
            return
        yield number, line


def _text_lines(handle, path: Path, codec: str) -> Iterator[tuple[int, str | InputError]]:
    """Numbered lines of a UTF-16 file (broken characters become U+FFFD)."""
    text = io.TextIOWrapper(handle, encoding=codec, errors="replace", newline=None)
    limit = MAX_FILE_BYTES // 2
    number = 0
    while True:
        line = text.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith("\n"):
            size = len(line)
            while line and not line.endswith("\n"):
                line = text.readline(1 << 20)
                size += len(line)
            yield number, _too_big(path, number, f"the line is {size:,} characters")
            continue
        yield number, line


def _jsonl_line_document(path: Path, number: int, line: bytes | str | InputError,
                         codec: str | None) -> Document | None:
    if isinstance(line, InputError):
        raise line
    if not line.strip():
        return None
    if isinstance(line, bytes):
        text, encoding, warnings = decode_text(line, path=path, line=number)
        if encoding == "utf-8-sig":
            encoding = "utf-8"
    else:
        text, encoding, warnings = line, codec or "utf-8", ()
    return _jsonl_document(path, number, text, encoding=encoding, warnings=warnings)


def _jsonl_document(path: Path, number: int, line: str, *, encoding: str = "utf-8",
                    warnings: Iterable[str] = ()) -> Document:
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as err:
        what = err.msg.removesuffix(" at")
        raise InputError(f"not valid JSON ({what} at column {err.colno})", path=path,
                         line=number, hint="fix the line or remove it") from err
    except RecursionError as err:
        raise InputError("not valid JSON (nested too deeply)", path=path, line=number,
                         hint="fix the line or remove it") from err
    except ValueError as err:   # Python refuses integers of more than 4300 digits
        raise InputError("not valid JSON (a number too long to read)", path=path, line=number,
                         hint="fix the line or remove it") from err
    if not isinstance(record, dict):
        raise InputError("a line must be a JSON object", path=path, line=number,
                         hint='write {"id": ..., "text": ...}')
    doc_id, text = record.get("id"), record.get("text")
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    missing = [key for key, value in (("id", doc_id), ("text", text))
               if not isinstance(value, str) or not value.strip()]
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
    notes = list(warnings)
    url, title = (_optional_text(record, key, path=path, line=number, notes=notes)
                  for key in ("url", "title"))
    return _make_document(doc_id, text, source=f"{path}:{number}", where=path, line=number,
                          date=date or None, url=url, title=title, lang=lang, encoding=encoding,
                          warnings=notes)


def _optional_text(record: dict, key: str, *, path: Path, line: int,
                   notes: list[str]) -> str | None:
    """An optional string field of a JSON line; anything else is ignored with a warning."""
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        notes.append(_message(path, line, f'"{key}" is a {type(value).__name__}, not a string: '
                              "ignored", f'write "{key}" as a string'))
        return None

    def warn(what: str, hint: str) -> None:
        notes.append(_message(path, line, f'"{key}": {what}', hint))

    if not value:
        return None
    return _clean_characters(value, warn).strip() or None


def _open_regular(path: Path):
    """``path`` opened for binary reading; it must be a regular file (never blocks on a FIFO)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise _unreadable(path, err) from err
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_regular(path)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _unreadable(path: Path, err: OSError) -> InputError:
    if isinstance(err, FileNotFoundError) and os.path.islink(path):
        return _broken_link(path)
    if isinstance(err, PermissionError):
        return InputError("cannot read the file (permission denied)", path=path,
                          hint="give the user running corridorkg read access (chmod a+r), or "
                               "remove the file")
    if err.errno == errno.ELOOP:
        return InputError("symbolic link loop", path=path, hint="fix the link or remove it")
    return InputError(f"cannot read the file ({err.strerror or err})", path=path,
                      hint="check that it exists and is readable")


def _broken_link(path: Path) -> InputError:
    return InputError(f"broken symbolic link (it points to {os.readlink(path)!r}, which does "
                      "not exist)", path=path, hint="fix the link or remove it")


def _not_regular(path: Path) -> InputError:
    return InputError("not a regular file (a named pipe, device or socket)", path=path,
                      hint="give a text file, or remove it from the corpus")


def _too_big(path, line: int | None, size: str) -> InputError:
    return InputError(f"{size}; one article may be at most {MAX_TEXT_CHARS:,} characters of "
                      f"text and {MAX_FILE_BYTES:,} bytes", path=path, line=line,
                      hint="split it into one document per article (a .jsonl feed takes one "
                           "article per line)")


def list_input_files(paths: Iterable[Path | str], *,
                     errors: list[InputError] | None = None) -> list[Path]:
    """The ``.txt``/``.jsonl`` files under ``paths``, in a stable (sorted) order, each file once.

    Folders are searched recursively, following links to folders (each folder once, so a link
    loop ends), skipping hidden names (".git", "._x.txt"); the suffix may be in capitals. A file
    reached twice — given twice, or also through a link — is listed once, under its own path if
    that is one of them. Broken links, unreadable folders and files that are not regular files
    are reported in ``errors`` (or raised when ``errors`` is None).

    Raises:
        InputError: a path that does not exist.
    """
    files = []
    for item in _input_files(paths):
        if isinstance(item, InputError):
            _report(item, errors)
        else:
            files.append(item)
    return files


def _input_files(paths: Iterable[Path | str]) -> Iterator[Path | InputError]:
    listed: list[Path | InputError] = []
    for path in map(Path, paths):
        if path.is_dir():
            listed.extend(_walk_folder(path))
        elif os.path.lexists(path):
            listed.append(path)
        else:
            raise InputError("no such file or folder", path=path, hint="check the path")
    chosen: dict[str, Path] = {}
    for item in listed:
        if isinstance(item, Path):
            real = os.path.realpath(item)
            if real not in chosen or (not _direct(chosen[real], real) and _direct(item, real)):
                chosen[real] = item
    for item in listed:
        if isinstance(item, Path):
            if chosen.get(os.path.realpath(item)) is not item:
                continue
            item = _file_problem(item) or item
        yield item


def _direct(path: Path, real: str) -> bool:
    """``path`` is the file itself, not a way to it through a link."""
    return os.path.abspath(path) == real


def _walk_folder(root: Path) -> list[Path | InputError]:
    found: list[Path] = []
    problems: list[Path | InputError] = []
    visited: set[str] = set()

    def unreadable(err: OSError) -> None:
        problems.append(InputError(f"cannot list the folder ({err.strerror or err})",
                                   path=err.filename or root, hint="check its permissions"))

    for folder, subfolders, names in os.walk(root, onerror=unreadable, followlinks=True):
        real = os.path.realpath(folder)
        if real in visited:        # a link back to a folder already read
            subfolders[:] = []
            continue
        visited.add(real)
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found.extend(Path(folder, name) for name in names
                     if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES)
    return sorted(found) + problems


def _file_problem(path: Path) -> InputError | None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return _broken_link(path)
        return InputError("the file disappeared while the corpus was read", path=path,
                          hint="run the build again")
    except OSError as err:
        return _unreadable(path, err)
    return None if stat.S_ISREG(mode) else _not_regular(path)


def read_documents(paths: Iterable[Path | str], *, errors: list[InputError] | None = None,
                   known_words: Iterable[str] = ()) -> Iterator[Document]:
    """Read every article under ``paths``.

    Args:
        paths: files and folders (folders are searched for ``.txt`` and ``.jsonl`` files; see
            ``list_input_files``).
        errors: when given, a bad document is appended here and skipped, and reading goes on;
            when None, the first bad document raises ``InputError``.
        known_words: words of the reference data used to restore letters lost in transit.

    Duplicate document ids are reported as errors; the first one read is kept. What was guessed
    or repaired in a document that was read is in its ``warnings``.

    Raises:
        InputError: a path that does not exist (always), or the first bad document when
            ``errors`` is None.
    """
    known = list(known_words)
    seen: dict[str, str] = {}
    for item in _input_files(paths):
        if isinstance(item, InputError):
            _report(item, errors)
            continue
        path = item
        try:
            if path.suffix.lower() == ".jsonl":
                documents = read_jsonl_file(path, errors=errors)
            else:
                documents = iter([read_text_file(path)])
            for document in documents:
                if document.id in seen:
                    where, line = _location(document.source)
                    _report(InputError(f"duplicate document id {document.id!r} (first read from "
                                       f"{seen[document.id]})", path=where, line=line,
                                       hint="give every document a unique id"), errors)
                    continue
                seen[document.id] = document.source
                if known:
                    document = replace(document, text=restore_lost_letters(document.text, known))
                yield document
        except InputError as err:
            _report(err, errors)


def _location(source: str) -> tuple[str, int | None]:
    """``"feed.jsonl:12"`` -> ``("feed.jsonl", 12)``; a file's path stays whole."""
    path, _, line = source.rpartition(":")
    if path.lower().endswith(".jsonl") and line.isdigit():
        return path, int(line)
    return source, None


def _report(error: InputError, errors: list[InputError] | None) -> None:
    if errors is None:
        raise error
    errors.append(error)
