"""Generate a benchmark corpus: articles recombined from the dev and seed articles.

    python bench/generate_corpus.py --size 10000 --out /tmp/corridorkg-bench/corpus-10k.jsonl

Each article takes the language and length (in sentences) of a random source article and draws
that many sentences from the source sentences of the same language. In each sentence (as the pipeline splits them), names of
the reference data (countries, regions, settlements, ports, corridors, organisations, in the
sentence's language) are swapped, with probability ``--swap``, for another name of the same type
and language; English person names (as the pipeline's NER finds them in the sources) for a
first name and a surname drawn from all of them; and every number for a random one of the same
shape (years for years 2015-2025). The date is random in 2015-2025.

Article ``i`` depends only on the seed and ``i``, so the 1k corpus is the first thousand
articles of the 10k corpus, and every run with the same seed writes the same bytes. Output is
JSON Lines (``{"id", "text", "date", "lang"}``), which ``corridorkg build`` reads.

The sources are read from ``--sources`` (default: ``../shared/eval/dev/docs`` relative to the
project, and ``seeds/``); they are not copied into the repository.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = (PROJECT.parent / "shared" / "eval" / "dev" / "docs", PROJECT / "seeds")
SWAPPED_TYPES = ("Country", "Region", "Settlement", "Port", "Corridor", "Organization")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_YEAR = re.compile(r"(?:19[89]\d|20[0-3]\d)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Slot:
    start: int
    end: int
    kind: str        # a reference table type, "Person", or "number"


@dataclass(frozen=True)
class Sentence:
    text: str
    lang: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Source:
    lang: str
    sentences: int


class Generator:
    """Recombines source sentences into articles (see the module docstring)."""

    def __init__(self, sources: list[Path], *, seed: int, swap: float):
        from corridorkg.documents import read_documents
        from corridorkg.linking import load_gazetteer
        from corridorkg.mentions import analyse

        self.seed, self.swap = seed, swap
        gazetteer = load_gazetteer()
        self.names: dict[tuple[str, str], list[str]] = {}
        for entity in gazetteer.entities.values():
            if entity.table_type in SWAPPED_TYPES:
                for label, lang in entity.labels:
                    if len(label) > 2:
                        self.names.setdefault((lang, entity.table_type), []).append(label)
        for names in self.names.values():
            names.sort()
        kinds: dict[tuple[str, str], str] = {}
        for (lang, kind), names in self.names.items():
            for name in names:
                kinds.setdefault((lang, name), kind)
        patterns = {}
        for lang in {lang for lang, _ in self.names}:
            labels = sorted((name for (l, name) in kinds if l == lang), key=lambda n: (-len(n), n))
            patterns[lang] = re.compile(
                r"(?<!\w)(?:" + "|".join(map(re.escape, labels)) + r")(?!\w)")

        self.first_names: list[str] = []
        self.surnames: list[str] = []
        self.pools: dict[str, list[Sentence]] = {}
        self.sources: list[Source] = []
        documents = list(read_documents(sources, known_words=gazetteer.known_words))
        if not documents:
            raise SystemExit(f"no articles under {', '.join(map(str, sources))}")
        for document in documents:
            analysis = analyse(document)       # the pipeline's own sentences and names
            persons = []
            if document.lang == "en":
                for mention in analysis.mentions:
                    words = mention.text.split()
                    if mention.label == "PERSON" and len(words) == 2 and all(
                            w[:1].isupper() and w.isalpha() for w in words):
                        persons.append((mention.start, mention.end))
                        self.first_names.append(words[0])
                        self.surnames.append(words[1])
            count = 0
            for sentence in analysis.sentences:
                if len(_WORD.findall(sentence.text)) < 4:
                    continue
                slots = self._slots(sentence.text, sentence.start, document.lang, patterns,
                                    kinds, persons)
                self.pools.setdefault(document.lang, []).append(
                    Sentence(sentence.text, document.lang, slots))
                count += 1
            if count:
                self.sources.append(Source(document.lang, count))
        self.first_names = sorted(set(self.first_names))
        self.surnames = sorted(set(self.surnames))

    @staticmethod
    def _slots(text: str, offset: int, lang: str, patterns, kinds, persons) -> tuple[Slot, ...]:
        taken: list[Slot] = []
        for start, end in persons:
            if offset <= start and end <= offset + len(text):
                taken.append(Slot(start - offset, end - offset, "Person"))
        pattern = patterns.get(lang)
        if pattern is not None:
            for match in pattern.finditer(text):
                taken.append(Slot(match.start(), match.end(), kinds[(lang, match.group())]))
        for match in _NUMBER.finditer(text):
            taken.append(Slot(match.start(), match.end(), "number"))
        slots: list[Slot] = []
        for slot in sorted(taken, key=lambda s: (s.start, -(s.end - s.start))):
            if not slots or slot.start >= slots[-1].end:
                slots.append(slot)
        return tuple(slots)

    def article(self, index: int) -> dict:
        """The ``index``-th article of the corpus."""
        rng = random.Random(f"{self.seed}/{index}")
        source = rng.choice(self.sources)
        pool = self.pools[source.lang]
        sentences = [self._fill(rng.choice(pool), rng) for _ in range(source.sentences)]
        paragraphs, i = [], 0
        while i < len(sentences):
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(sentences[i:i + size]))
            i += size
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(11 * 365))
        return {"id": f"gen-{index:06d}", "text": "\n\n".join(paragraphs),
                "date": date.isoformat(), "lang": source.lang}

    def _fill(self, sentence: Sentence, rng: random.Random) -> str:
        out, cursor = [], 0
        for slot in sentence.slots:
            original = sentence.text[slot.start:slot.end]
            out.append(sentence.text[cursor:slot.start])
            out.append(self._replacement(original, slot.kind, sentence.lang, rng))
            cursor = slot.end
        out.append(sentence.text[cursor:])
        return "".join(out)

    def _replacement(self, original: str, kind: str, lang: str, rng: random.Random) -> str:
        if kind == "number":
            if _YEAR.fullmatch(original):
                return str(rng.randint(2015, 2025))
            digits = iter(str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in original))
            return "".join(next(digits) if char.isdigit() else char for char in original)
        if rng.random() >= self.swap:
            return original
        if kind == "Person":
            if not self.first_names:
                return original
            return f"{rng.choice(self.first_names)} {rng.choice(self.surnames)}"
        return rng.choice(self.names.get((lang, kind), [original]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="the JSON Lines file to write")
    parser.add_argument("--sources", type=Path, nargs="+", default=list(DEFAULT_SOURCES),
                        help="folders of source articles [default: %(default)s]")
    parser.add_argument("--seed", type=int, default=20240601, help="[default: %(default)s]")
    parser.add_argument("--swap", type=float, default=0.6,
                        help="chance that a name is swapped [default: %(default)s]")
    args = parser.parse_args(argv)
    words = write_corpus(args.out, args.size, sources=args.sources, seed=args.seed, swap=args.swap)
    print(f"wrote {args.size} articles ({words} words) to {args.out}", file=sys.stderr)


def write_corpus(out: Path, size: int, *, sources: tuple[Path, ...] | list[Path] = DEFAULT_SOURCES,
                 seed: int = 20240601, swap: float = 0.6) -> int:
    """Write a corpus of ``size`` articles to ``out``; returns the number of words."""
    missing = [str(path) for path in sources if not path.exists()]
    if missing:
        raise SystemExit(f"no such source folder: {', '.join(missing)}; give --sources")
    generator = Generator(list(sources), seed=seed, swap=swap)
    out.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    with open(out, "w", encoding="utf-8") as handle:
        for index in range(size):
            article = generator.article(index)
            words += len(_WORD.findall(article["text"]))
            handle.write(json.dumps(article, ensure_ascii=False) + "\n")
    return words


if __name__ == "__main__":
    main()
