"""What validation found: :class:`Problem`, :class:`ValidationReport`, and the report as text,
JSON and JUnit XML (docs/validation.md shows each)."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import cached_property

from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from ..errors import ShapeViolation
from ..vocab import PREFIXES, SHAPE

__all__ = ["SEVERITIES", "Problem", "ValidationReport"]

SEVERITIES = ("Violation", "Warning", "Info")
SENTENCE_PREVIEW = 200  # characters of an evidence sentence quoted in the text report
CROSS_GRAPH_SUITE = "across graphs"  # the JUnit suite of problems no single graph holds


@dataclass(frozen=True)
class Problem:
    """One SHACL result: what is wrong with which node, and where the node came from.

    ``focus`` is the node's IRI (``_:id`` for a blank node); ``path`` the property (a SPARQL
    property path for complex paths); ``value`` the offending value, literals in Turtle form
    (``"0.9"^^xsd:double``) so that a wrong datatype shows. ``shape`` is the named shape that
    failed and ``constraint`` the SHACL constraint component (``sh:MinCountConstraintComponent``
    as a full IRI). ``graphs`` are the named graphs holding the node's offending triples (empty
    when a single graph was validated). For facts, sentences, mentions and documents,
    ``source_document`` is the document's ``ckg:identifier`` and ``source_sentence`` the text of
    the sentence that states it.
    """

    focus: str
    focus_label: str | None
    path: str | None
    value: str | None
    message: str
    severity: str  # "Violation" | "Warning" | "Info"
    shape: str
    constraint: str = ""
    graphs: tuple[str, ...] = ()
    source_document: str | None = None
    source_sentence: str | None = None

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity), self.graphs, self.focus, self.path or "",
                self.message, self.value or "")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of a validation; ``conforms`` is False only when there is a Violation.

    ``graphs`` lists the named graphs that were validated one by one (empty when one graph was
    validated as a whole); ``seconds`` is how long it took.
    """

    problems: tuple[Problem, ...]
    graphs: tuple[str, ...] = ()
    seconds: float = field(default=0.0, compare=False)

    @property
    def conforms(self) -> bool:
        return not any(problem.severity == "Violation" for problem in self.problems)

    def counts(self) -> dict[str, int]:
        """Number of problems per severity, e.g. ``{"Violation": 1, "Warning": 2, "Info": 0}``."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for problem in self.problems:
            counts[problem.severity] = counts.get(problem.severity, 0) + 1
        return counts

    def raise_for_violations(self) -> None:
        """Raise :class:`~corridorkg.errors.ShapeViolation` (carrying this report) unless the graph conforms."""
        if not self.conforms:
            raise ShapeViolation(self.text, report=self)

    @cached_property
    def summary(self) -> str:
        """One line: ``SHACL validation: does not conform (2 violations, 21 warnings, 0 infos)``."""
        counts = self.counts()
        found = ", ".join(f"{counts[name]} {name.lower()}{'' if counts[name] == 1 else 's'}"
                          for name in SEVERITIES)
        where = f" in {len(self.graphs)} graph{'' if len(self.graphs) == 1 else 's'}" if self.graphs else ""
        return (f"SHACL validation: {'conforms' if self.conforms else 'does not conform'} "
                f"({found}){where}")

    @cached_property
    def text(self) -> str:
        """The readable report: the summary line, one block per problem, then counts per shape."""
        lines = [self.summary]
        for problem in self.problems:
            lines += ["", *problem_block(problem)]
        if self.problems:
            lines += ["", "By shape:"]
            by_shape = Counter((problem.shape, problem.severity) for problem in self.problems)
            for (shape, severity), count in sorted(by_shape.items(), key=lambda item: (
                    SEVERITIES.index(item[0][1]), -item[1], item[0][0])):
                lines.append(f"  {count:4d} {severity.lower()}{'' if count == 1 else 's'}  "
                             f"{shorten(shape)}")
            lines += ["", self.summary]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The report as JSON: ``conforms``, ``counts``, ``graphs`` and every problem's fields."""
        document = {"conforms": self.conforms, "counts": self.counts(),
                    "graphs": list(self.graphs), "seconds": round(self.seconds, 3),
                    "problems": [asdict(problem) | {"graphs": list(problem.graphs)}
                                 for problem in self.problems]}
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"

    def to_junit(self) -> str:
        """The report as JUnit XML, as CI systems read test results.

        One ``<testsuite>`` per validated graph (one for a single graph). Each Violation is a
        failed ``<testcase>``; each Warning or Info a skipped one, so that CI lists it without
        failing; a graph without violations also gets a passing ``conforms`` test case.
        """
        suites: dict[str, list[Problem]] = {name: [] for name in self.graphs or ("graph",)}
        for problem in self.problems:
            suites.setdefault(_suite_of(problem, self.graphs), []).append(problem)
        root = ET.Element("testsuites", name="corridorkg validate")
        totals = Counter()
        for name, problems in suites.items():
            suite = ET.SubElement(root, "testsuite", name=shorten(name))
            counts = Counter(problem.severity for problem in problems)
            cases = [(problem, _case_name(problem)) for problem in problems]
            if not counts["Violation"]:
                ET.SubElement(suite, "testcase", classname=shorten(name), name="conforms", time="0")
            for problem, case_name in cases:
                case = ET.SubElement(suite, "testcase", classname=shorten(name), name=case_name,
                                     time="0")
                body = "\n".join(problem_block(problem))
                if problem.severity == "Violation":
                    failure = ET.SubElement(case, "failure", message=problem.message,
                                            type=f"sh:{problem.severity}")
                    failure.text = body
                else:
                    ET.SubElement(case, "skipped", message=f"{problem.severity}: {problem.message}")
                    ET.SubElement(case, "system-out").text = body
            tests = len(cases) + (0 if counts["Violation"] else 1)
            skipped = len(problems) - counts["Violation"]
            suite.set("tests", str(tests))
            suite.set("failures", str(counts["Violation"]))
            suite.set("errors", "0")
            suite.set("skipped", str(skipped))
            suite.set("time", "0")
            totals.update(tests=tests, failures=counts["Violation"], skipped=skipped)
        root.set("tests", str(totals["tests"]))
        root.set("failures", str(totals["failures"]))
        root.set("errors", "0")
        root.set("skipped", str(totals["skipped"]))
        root.set("time", f"{self.seconds:.3f}")
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def problem_block(problem: Problem) -> list[str]:
    """The lines that describe one problem in the text report (and in a JUnit failure)."""
    focus = problem.focus if problem.focus.startswith("_:") else f"<{problem.focus}>"
    if problem.focus_label:
        focus = f'{focus} "{problem.focus_label}"'
    lines = [f"{problem.severity}: {problem.message}", f"  focus:    {focus}"]
    if problem.path:
        lines.append(f"  path:     {shorten(problem.path)}")
    if problem.value is not None:
        lines.append(f"  value:    {problem.value}")
    lines.append(f"  shape:    {shorten(problem.shape)}")
    if problem.graphs:
        label = "graph:   " if len(problem.graphs) == 1 else "graphs:  "
        lines.append(f"  {label} {', '.join(shorten(graph) for graph in problem.graphs)}")
    if problem.source_document:
        lines.append(f"  document: {problem.source_document}")
    if problem.source_sentence:
        sentence = problem.source_sentence
        if len(sentence) > SENTENCE_PREVIEW:
            sentence = sentence[:SENTENCE_PREVIEW - 1] + "…"
        lines.append(f'  sentence: "{sentence}"')
    return lines


# --- prefixed names --------------------------------------------------------------------

# longest namespace first, so that id: wins over a shorter namespace it shares a beginning with
_PREFIXES = sorted({**{name: str(namespace) for name, namespace in PREFIXES.items()},
                    "shape": str(SHAPE._NS), "sh": str(SH), "rdf": str(RDF), "rdfs": str(RDFS),
                    "owl": str(OWL), "xsd": str(XSD), "skos": str(SKOS), "prov": str(PROV)}.items(),
                   key=lambda item: -len(item[1]))
_IRI_IN_PATH = re.compile(r"<([^<>\s]+)>")


def shorten(text: str) -> str:
    """An IRI as a prefixed name (``ckg:heldBy``, ``fact:d1/post-3f1a``), a SPARQL path with its
    IRIs shortened (``ckg:evidence/ckg:inDocument``); anything else as it is."""
    if "<" in text:
        return _IRI_IN_PATH.sub(lambda match: shorten(match.group(1)), text)
    for prefix, namespace in _PREFIXES:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text


def _suite_of(problem: Problem, graphs: tuple[str, ...]) -> str:
    if not graphs:
        return "graph"
    if len(problem.graphs) == 1:
        return problem.graphs[0]
    return CROSS_GRAPH_SUITE


def _case_name(problem: Problem) -> str:
    parts = [shorten(problem.shape), shorten(problem.focus)]
    if problem.path:
        parts.append(shorten(problem.path))
    if problem.value is not None:
        parts.append(problem.value)
    return " ".join(parts)
