"""Write bench/RESULTS.md from the results run_bench.py collected (WORK/results.json).

    python bench/report.py WORK/results.json bench/RESULTS.md

A section of the old report that starts with "## Closing note" is kept: it is written by hand
after a run, from the figures above it.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

NOTE_MARKER = "## Closing note"
OVERHEAD_TARGET, LOAD_TARGET, REBUILD_TARGET = 1.3, 0.8, 0.05


def write_report(results: dict, path: Path) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    note = old[old.index(NOTE_MARKER):] if NOTE_MARKER in old else (
        f"{NOTE_MARKER}\n\n(to be written from the figures above)\n")
    text = "\n".join(Report(results).sections()) + "\n" + note
    path.write_text(text, encoding="utf-8")
    (path.parent / "results.json").write_text(json.dumps(results, indent=1) + "\n",
                                              encoding="utf-8")


def _n(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _mb(result: dict, which: str = "tree") -> str:
    return _n(result.get("peak_rss_mb", {}).get(which, 0)) + " MB"


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


class Report:
    def __init__(self, results: dict):
        self.r = results

    def get(self, key: str) -> dict | None:
        return self.r.get(key)

    def sections(self) -> list[str]:
        out: list[str] = []
        for section in (self.header, self.headline, self.corpora, self.throughput,
                        self.incremental, self.store_load, self.queries, self.validation,
                        self.memory, self.profile, self.spacy):
            out += section()
            out.append("")
        return out

    # --- sections -------------------------------------------------------------------------------

    def header(self) -> list[str]:
        machine = self.r["_machine"]
        packages = ", ".join(f"{name} {v}" for name, v in machine["packages"].items())
        lines = ["# corridorkg benchmark results", "",
                 f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gb']} GiB "
                 f"RAM, {machine['system']}, Python {machine['python']}; {packages}.", "",
                 "Produced by (from the project folder):", ""]
        for run in self.r.get("_runs", []):
            minutes = f", {run['minutes']:.0f} min" if "minutes" in run else " (interrupted)"
            note = f"; {run['note']}" if run.get("note") else ""
            at = f", at commit {run['commit']}" if run.get("commit") else ""
            lines.append(f"    .venv/bin/{run['command']}    # {run['started']}{minutes}{at}{note}")
        commits = sorted({result["commit"] for key, result in self.r.items()
                          if not key.startswith("_") and isinstance(result, dict)
                          and result.get("commit")})
        if len(commits) > 1:
            steps = {c: [key for key, result in self.r.items() if not key.startswith("_")
                         and isinstance(result, dict) and result.get("commit") == c]
                     for c in commits}
            lines += ["", "The steps ran on more than one commit (changes landed during the run): "
                      + "; ".join(f"{c}: {', '.join(keys)}" for c, keys in steps.items()) + "."]
        lines += ["", "Every figure comes from these runs; the raw numbers are in "
                  "bench/results.json. bench/README.md says what each step measures. "
                  "\"Measured\" means measured; \"extrapolated\" is said where it applies."]
        return lines

    def headline(self) -> list[str]:
        lines = ["## Headline figures", "", "| | measured | target | |", "|---|---|---|---|"]
        build, nlp = self.get("build-10k"), self.get("nlp-10k")
        if build and nlp:
            ratio = build["seconds"] / nlp["seconds"]
            lines.append(f"| build throughput, 10k articles, {build['jobs']} processes | "
                         f"{build['built'] / build['seconds']:.1f} articles/s, "
                         f"{_n(build['words'] / build['seconds'])} words/s | | |")
            lines.append(f"| overhead: build ÷ bare NLP models, same texts, same pool "
                         f"(wall-clock) | {ratio:.2f} | ≤ {OVERHEAD_TARGET} | "
                         f"{_met(ratio <= OVERHEAD_TARGET)} |")
            if "cpu_seconds" in build and "cpu_seconds" in nlp:
                cpu = build["cpu_seconds"] / nlp["cpu_seconds"]
                lines.append(f"| the same in CPU time (insensitive to other load) | {cpu:.2f} | "
                             f"≤ {OVERHEAD_TARGET} | {_met(cpu <= OVERHEAD_TARGET)} |")
        for key, nlp_key, label in (("build-10k-bulk", "nlp-10k", "10k articles, `--bulk`"),
                                    ("build-1k-j1", "nlp-1k-j1", "1k articles, one process")):
            build, nlp = self.get(key), self.get(nlp_key)
            if build and nlp:
                ratio = build["seconds"] / nlp["seconds"]
                cpu = build["cpu_seconds"] / nlp["cpu_seconds"]
                lines.append(f"| overhead, {label}: wall-clock / CPU time | {ratio:.2f} / "
                             f"{cpu:.2f} | ≤ {OVERHEAD_TARGET} | "
                             f"{_met(ratio <= OVERHEAD_TARGET)} (wall-clock) |")
        for size in ("10k", "100k"):
            bulk = self.get(f"load-{size}-bulk")
            for mode, label in (("writer", "build's writer (default: a transaction per batch)"),
                                ("writer-bulk", "build's writer with --bulk")):
                writer = self.get(f"load-{size}-{mode}")
                if not (bulk and writer):
                    continue
                ratio = writer["triples_per_second"] / bulk["triples_per_second"]
                lines.append(f"| store load, {size} articles' graphs ({_n(writer['triples'])} "
                             f"triples): {label} ÷ pyoxigraph bulk_load | {ratio:.2f} "
                             f"({_n(writer['triples_per_second'])} vs "
                             f"{_n(bulk['triples_per_second'])} triples/s) | ≥ {LOAD_TARGET} | "
                             f"{_met(ratio >= LOAD_TARGET)} |")
        rebuild, full = self.get("rebuild-10k-unchanged"), self.get("build-10k")
        if rebuild and full:
            share = rebuild["seconds"] / full["seconds"]
            lines.append(f"| re-build of the unchanged 10k corpus ÷ full build | {share:.1%} "
                         f"({rebuild['seconds']:.1f} s vs {full['seconds']:.0f} s) | "
                         f"< {REBUILD_TARGET:.0%} | {_met(share < REBUILD_TARGET)} |")
        query = self.get("query-1m-oxigraph")
        rdflib = self.get("query-1m-rdflib")
        if query:
            worst = max((q for q in query["results"] if "p95" in q), key=lambda q: q["p95"])
            unbound = [q for q in query["results"] if not q["bound"] and "median" in q]
            line = (f"| queries on {_n(query['triples'])} triples: median of the library's "
                    f"{len(unbound)} queries (unbound) | "
                    f"{_ms(sorted(q['median'] for q in unbound)[len(unbound) // 2])}; slowest "
                    f"p95 {_ms(worst['p95'])} ({worst['query']})")
            if rdflib:
                done = [q for q in rdflib["results"] if not q["bound"] and "median" in q]
                line += (f"; rdflib: {len(done)} of {len(unbound)} finish within "
                         f"{self._cap(rdflib)}")
            lines.append(line + " | | |")
        b1, b10 = self.get("build-1k"), self.get("build-10k")
        if b1 and b10:
            lines.append(f"| peak memory of a build, 1k → 10k articles (all processes) | "
                         f"{_mb(b1)} → {_mb(b10)} | flat | "
                         f"{_met(b10['peak_rss_mb']['tree'] < 1.2 * b1['peak_rss_mb']['tree'])} |")
        return lines

    def corpora(self) -> list[str]:
        lines = ["## 1. Corpora", "",
                 "Generated by bench/generate_corpus.py from the 22 dev and 5 seed articles "
                 "(sentences recombined; reference-data names, English person names and numbers "
                 "substituted; fixed seed). Article *i* is the same in every corpus.", "",
                 "| corpus | articles | words | words/article | generated in |",
                 "|---|---|---|---|---|"]
        for size in ("1k", "10k", "100k"):
            corpus = self.get(f"corpus-{size}")
            if corpus:
                lines.append(f"| {size} | {_n(corpus['articles'])} | {_n(corpus['words'])} | "
                             f"{corpus['words'] / corpus['articles']:.0f} | "
                             f"{corpus['seconds']:.1f} s |")
        return lines

    def throughput(self) -> list[str]:
        lines = ["## 2. Build throughput and overhead against the bare NLP models", "",
                 "`build` is `corridorkg.pipeline.build()` end to end into a fresh embedded "
                 "store (reading, extraction, serialising, writing; starting the workers and "
                 "loading the curated data included). `NLP alone` runs only the models, as "
                 "mentions.py calls them (spaCy `nlp(text)` per English article, natasha "
                 "segment + morph + NER per Russian one), on the same texts, in the same pool "
                 "shape (same processes, chunks and in-flight bound), starting and loading the "
                 "models included. The ratio of the two is the overhead of everything but the "
                 "models. The machine is shared: the share of its CPU that other processes took "
                 "during each run is given, and the ratio of the CPU times the two runs used, "
                 "which other load hardly moves.", "",
                 "| run | processes | articles | words | build | articles/s | words/s | "
                 "NLP alone | overhead | CPU time: build / NLP alone (ratio) | "
                 "others' CPU (build / NLP) | peak memory (all processes) |",
                 "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for label, build_key, nlp_key in (("1k, one process", "build-1k-j1", "nlp-1k-j1"),
                                          ("1k", "build-1k", "nlp-1k"),
                                          ("10k", "build-10k", "nlp-10k"),
                                          ("10k, `--bulk`", "build-10k-bulk", "nlp-10k")):
            build, nlp = self.get(build_key), self.get(nlp_key)
            if not build:
                continue
            ratio = f"{build['seconds'] / nlp['seconds']:.2f}" if nlp else "–"
            nlp_time = f"{nlp['seconds']:.1f} s" if nlp else "–"
            cpu = "–"
            if nlp and "cpu_seconds" in build and "cpu_seconds" in nlp:
                cpu = (f"{build['cpu_seconds']:.0f} s / {nlp['cpu_seconds']:.0f} s "
                       f"({build['cpu_seconds'] / nlp['cpu_seconds']:.2f})")
            others = " / ".join(f"{r['peak_rss_mb'].get('other_cpu_share', 0):.0%}"
                                for r in (build, nlp) if r and "peak_rss_mb" in r)
            lines.append(f"| {label} | {build['jobs']} | {_n(build['built'])} | "
                         f"{_n(build['words'])} | {build['seconds']:.1f} s | "
                         f"{build['built'] / build['seconds']:.1f} | "
                         f"{_n(build['words'] / build['seconds'])} | {nlp_time} | {ratio} | "
                         f"{cpu} | {others} | {_mb(build)} |")
        build = self.get("build-10k")
        if build:
            rate = build["built"] / build["seconds"]
            lines.append(f"| 100k (extrapolated from 10k, not run) | {build['jobs']} | 100,000 | "
                         f"~{_n(build['words'] * 10)} | ~{100_000 / rate / 60:.0f} min | "
                         f"{rate:.1f} | {_n(build['words'] / build['seconds'])} | | | | | |")
        cluster = self.get("distributed-1k")
        if cluster:
            lines += ["", f"Dask engine (`build_on_cluster`, a LocalCluster of {cluster['workers']} "
                      f"worker processes, 1 thread each, on this machine): 1k articles in "
                      f"{cluster['seconds']:.1f} s ({cluster['built'] / cluster['seconds']:.1f} "
                      f"articles/s, {_n(cluster['words'] / cluster['seconds'])} words/s), after "
                      f"{cluster['cluster_start']:.1f} s to start the cluster; peak memory "
                      f"{_mb(cluster)}."]
        build = self.get("build-10k")
        if build:
            lines += ["", "Facts in the 10k build: "
                      + ", ".join(f"{_n(n)} {kind}" for kind, n in sorted(build["facts"].items()))
                      + f"; {_n(build['triples_written'])} triples in document graphs, "
                      f"{_n(build['store_triples'])} in the store with the curated graphs."]
        return lines

    def incremental(self) -> list[str]:
        lines = ["## 3. Incremental builds", "",
                 "On a copy of the 10k store; the 100k store is the 10k graphs replicated "
                 "(section 4) with the 100k corpus's content hashes, so that the 100k corpus "
                 "re-builds as unchanged.", "",
                 "| run | what happened | time | share of a full build |", "|---|---|---|---|"]
        full = self.get("build-10k")
        for key, label in (("rebuild-10k-unchanged", "re-build, 10k unchanged"),
                           ("rebuild-10k-1pct-changed", "re-build, 1 % of 10k changed"),
                           ("rebuild-100k-unchanged", "re-build, 100k unchanged")):
            result = self.get(key)
            if not result:
                continue
            if key.startswith("rebuild-100k") and full:
                articles = (self.get("corpus-100k") or {}).get("articles", 100_000)
                full_time = articles / (full["built"] / full["seconds"])
                share = f"{result['seconds'] / full_time:.2%} (of ~{full_time / 60:.0f} min, " \
                        "extrapolated)"
            else:
                share = f"{result['seconds'] / full['seconds']:.2%}" if full else ""
            lines.append(f"| {label} | {_n(result['built'])} built, {_n(result['unchanged'])} "
                         f"unchanged | {result['seconds']:.1f} s | {share} |")
        removed = self.get("remove-10k-1pct-missing")
        if removed:
            lines.append(f"| `remove --missing`, 1 % of 10k gone | {removed['removed']} removed "
                         f"| {removed['seconds']:.1f} s (finding them: "
                         f"{removed['find_seconds']:.1f} s) | |")
        return lines

    def store_load(self) -> list[str]:
        lines = ["## 4. Store load", "",
                 "The document graphs of the 10k build, exported as N-Quads (grouped by graph), "
                 "loaded into a fresh store four ways: pyoxigraph's own `Store.bulk_load` of "
                 "the file; the build's `GraphWriter` fed one document at a time as the workers "
                 "feed it (only time inside the writer counts), by default (each 16 MB batch in "
                 "one transaction, so a killed build leaves every document whole or absent) and "
                 "with `--bulk` (the bulk loader per batch, then the batch's content hashes in "
                 "one transaction); and `Store.load` of the whole file in one transaction. "
                 "The 100k graphs are the 10k ones copied ten times "
                 "under new ids (measured, not extrapolated).", "",
                 "| graphs | triples | method | time | triples/s | ÷ bulk_load | peak memory |",
                 "|---|---|---|---|---|---|---|"]
        for size in ("10k", "100k"):
            bulk = self.get(f"load-{size}-bulk")
            for mode, label in (("bulk", "pyoxigraph bulk_load"),
                                ("writer", "corridorkg GraphWriter, default (a transaction per "
                                 "16 MB batch)"),
                                ("writer-bulk", "corridorkg GraphWriter, --bulk (bulk loader per "
                                 "batch, then the hashes)"),
                                ("transactional", "pyoxigraph Store.load, one transaction")):
                result = self.get(f"load-{size}-{mode}")
                if not result:
                    continue
                ratio = f"{result['triples_per_second'] / bulk['triples_per_second']:.2f}" \
                    if bulk else ""
                lines.append(f"| {size} | {_n(result['triples'])} | {label} | "
                             f"{result['seconds']:.1f} s | {_n(result['triples_per_second'])} | "
                             f"{ratio} | {_mb(result)} |")
        return lines

    @staticmethod
    def _cap(result: dict) -> str:
        return f"{result.get('cap', 60):g} s"

    @staticmethod
    def _loaded(result: dict | None) -> str:
        seconds = (result or {}).get("load_seconds")
        return f" (loaded in {seconds:.0f} s)" if seconds is not None else ""

    def queries(self) -> list[str]:
        ox1m, rd1m = self.get("query-1m-oxigraph"), self.get("query-1m-rdflib")
        ox10k, ox100k = self.get("query-10k-oxigraph"), self.get("query-100k-oxigraph")
        if not ox1m:
            return []
        subset = self.get("subset-1m") or {}
        lines = ["## 5. Query latency", "",
                 f"Every library query (queries/*.rq, queries/tables/*.rq) as "
                 f"`corridorkg query NAME` runs it without parameters (its declared defaults "
                 f"bound, \"(default)\"; a typical value for a required parameter), then with "
                 f"typical parameters bound, through "
                 f"`EmbeddedStore.query` (results converted to rdflib terms, as the library "
                 f"returns them). The ≥ 1M-triple store holds the first "
                 f"{_n(subset.get('documents', 0))} articles of the 10k build and the curated "
                 f"graphs; rdflib gets the same quads in an in-memory `Dataset` with the union "
                 f"as default graph{self._loaded(rd1m)}, each query stopped after "
                 f"{self._cap(rd1m or {})}. Oxigraph queries run in a worker process that is "
                 f"killed at the cap ({self._cap(ox1m)} on the 1M store). Median and p95 over "
                 f"up to 20 runs (fewer for slow queries: at least 3, or 1 when a run takes "
                 f"over a third of the cap).", ""]
        if any(q["bound"] == "?doc" and q["rows"] == 0 for q in ox1m["results"]):
            lines += ["The `?doc` cases name an article that the 1M store does not hold (0 rows): "
                      "they time a look-up that finds nothing.", ""]
        if rd1m and rd1m.get("partial"):
            lines += [f"rdflib: {rd1m['partial']}.", ""]
        head = f"| query | bound | rows | oxigraph {_n(ox1m['triples'])} triples: median / p95 |"
        rule = "|---|---|---|---|"
        if rd1m:
            head += " rdflib, same data: median / p95 |"
            rule += "---|"
        for extra in (ox10k, ox100k):
            if extra:
                head += f" oxigraph {_n(extra['triples'])} triples (rows): median / p95 |"
                rule += "---|"
        lines += [head, rule]

        def index(result):
            return {(q["query"], q["bound"]): q for q in result["results"]} if result else {}

        rd, o10, o100 = index(rd1m), index(ox10k), index(ox100k)
        for q in ox1m["results"]:
            key = (q["query"], q["bound"])
            row = f"| {q['query']} | {q['bound'] or '–'} | {q['rows']} | {self._cell(q)} |"
            if rd1m:
                other = rd.get(key)
                rows = (f" ({_n(other['rows'])} rows)" if other and other.get("rows") is not None
                        and other["rows"] != q["rows"] else "")
                row += f" {self._cell(other)}{rows} |"
            for extra, found in ((ox10k, o10), (ox100k, o100)):
                if extra:
                    cell = found.get(key)
                    rows = f" ({_n(cell['rows'])})" if cell and cell.get("rows") is not None else ""
                    row += f" {self._cell(cell)}{rows} |"
            lines.append(row)
        return lines

    @staticmethod
    def _cell(q: dict | None) -> str:
        if not q:
            return "–"
        if "median" not in q:
            return q.get("error") or "–"
        return f"{_ms(q['median'])} / {_ms(q['p95'])}"

    def validation(self) -> list[str]:
        lines = ["## 6. Validation", "",
                 "SHACL validation (pySHACL) of the document graphs with the ontology and the "
                 "reference data: `validate_graph` on all of them merged into one in-memory "
                 "graph, and `validate_store` (corridorkg.validation), which validates the store "
                 "graph by graph in worker processes and then runs the cross-graph shapes.", "",
                 "| graphs | documents | how | processes | time | peak memory (all processes) | "
                 "violations / warnings |", "|---|---|---|---|---|---|---|"]
        for key, label in (("validate-1k-whole", "`validate_graph`, one merged graph"),
                           ("validate-1k-store", "`validate_store`"),
                           ("validate-10k-store", "`validate_store`"),
                           ("validate-100k-sample", "`validate_store`, its first documents")):
            result = self.get(key)
            if not result:
                continue
            counts = result["counts"]
            lines.append(f"| {key.split('-')[1]} | {_n(result['documents'])} | {label} | "
                         f"{result['jobs']} | {result['validate_seconds']:.0f} s | {_mb(result)} | "
                         f"{_n(counts.get('Violation', 0))} / {_n(counts.get('Warning', 0))} |")
        sample, full = self.get("validate-100k-sample"), self.get("validate-10k-store")
        if sample and full:
            articles = (self.get("corpus-100k") or {}).get("articles", 100_000)
            per_doc = full["validate_seconds"] / full["documents"]
            lines += ["", f"100k, extrapolated (not run): ~{articles * per_doc / 60:.0f} min at "
                      f"the 10k rate of {1000 * per_doc:.0f} ms per document; the sample of "
                      f"{_n(sample['documents'])} documents in the 100k store took "
                      f"{1000 * sample['validate_seconds'] / sample['documents']:.0f} ms per "
                      "document."]
        return lines

    def memory(self) -> list[str]:
        lines = ["## 7. Peak memory", "",
                 "Resident memory sampled every 0.5 s: the measuring process, and the process "
                 "tree (with the extraction workers).", "",
                 "| run | this process | all processes | CPU taken by other processes meanwhile |",
                 "|---|---|---|---|"]
        for key in ("build-1k-j1", "nlp-1k-j1", "build-1k", "nlp-1k", "build-10k", "nlp-10k",
                    "rebuild-10k-unchanged", "load-10k-writer-bulk", "load-100k-writer-bulk",
                    "rebuild-100k-unchanged", "load-10k-writer", "load-100k-writer",
                    "load-10k-bulk", "load-100k-bulk", "distributed-1k"):
            result = self.get(key)
            if result and "peak_rss_mb" in result:
                others = result["peak_rss_mb"].get("other_cpu_share")
                lines.append(f"| {key} | {_mb(result, 'process')} | {_mb(result)} | "
                             f"{'' if others is None else f'{others:.0%}'} |")
        return lines

    def profile(self) -> list[str]:
        result = self.get("profile")
        if not result:
            return []
        lines = ["## 8. Where the time goes", ""]
        timed = result.get("timed")
        if timed:
            lines += [f"Wall-clock time by stage of an in-process build of the first "
                      f"{timed['documents']} articles of the 1k corpus, models already loaded "
                      f"(a clock around each stage, no profiler): {timed['seconds']:.1f} s, of "
                      f"which the models {timed['models']:.1f} s — in-process overhead "
                      f"{timed['seconds'] / timed['models']:.2f}.", "",
                      "| stage | time | share | ms/article |", "|---|---|---|---|"]
            for stage in sorted(timed["stages"], key=lambda s: -s["seconds"]):
                lines.append(f"| {stage['stage']} | {stage['seconds']:.2f} s | "
                             f"{stage['share']:.1%} | {stage['ms_per_doc']:.1f} |")
            lines.append("")
        lines += [f"cProfile of an in-process build of the first {result['documents']} articles "
                 f"of the 1k corpus, models already loaded ({result['seconds_profiled']:.1f} s "
                 f"under the profiler, which inflates Python code against the models' compiled "
                 f"code).", "", "| stage | time | share | ms/article |", "|---|---|---|---|"]
        for stage in result["stages"]:
            lines.append(f"| {stage['stage']} | {stage['seconds']:.2f} s | {stage['share']:.1%} "
                         f"| {stage['ms_per_doc']:.1f} |")
        lines += ["", "corridorkg functions with the most time of their own:", "",
                  "| function | calls | own time | share | cumulative |", "|---|---|---|---|---|"]
        for function in result["top_own"][:15]:
            lines.append(f"| `{function['function']}` | {_n(function['calls'])} | "
                         f"{function['own']:.2f} s | {function['own_share']:.1%} | "
                         f"{function['cumulative']:.2f} s |")
        return lines

    def spacy(self) -> list[str]:
        result = self.get("spacy")
        if not result:
            return []
        lines = ["## 9. spaCy: batching and unused components", "",
                 f"{result['documents']} English articles of the 1k corpus "
                 f"({_n(result['words'])} words), one process; \"same output\" compares the "
                 "sentence boundaries and entities (all that mentions.py reads) with the full "
                 "pipeline's per-document `nlp(text)`.", "",
                 "| how | time | words/s | same output |", "|---|---|---|---|"]
        for name, seconds in result["seconds"].items():
            lines.append(f"| {name} | {seconds:.1f} s | {_n(result['words'] / seconds)} | "
                         f"{'yes' if result['same_output'][name] else 'no'} |")
        return lines


if __name__ == "__main__":
    write_report(json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2]))
