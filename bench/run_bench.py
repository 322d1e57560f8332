"""Run the corridorkg benchmark suite and write bench/RESULTS.md.

    .venv/bin/python bench/run_bench.py [--work DIR] [--jobs N] [--steps STEP,...]

Every measurement runs in a fresh process (bench/measure.py) while this one samples the memory
of that process and its children; results accumulate in WORK/results.json, so a step can be run
again alone (``--steps query``) and the report re-written from what is there. See
bench/README.md for what each step measures and how long it takes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import psutil

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
STEPS = ("corpus", "profile", "spacy", "build", "bulk", "incremental", "load", "validate",
         "distributed", "query")
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
NOTE_MARKER = "## Closing note"


class Bench:
    def __init__(self, work: Path, jobs: int, results: Path, scale: float = 1.0):
        self.work = work
        self.jobs = jobs
        self.scale = scale
        self.results_path = results
        self.results: dict = json.loads(results.read_text()) if results.exists() else {}

    # --- running one measurement ------------------------------------------------------------

    def measure(self, key: str, step: str, **arguments) -> dict:
        """Run bench/measure.py STEP in a fresh process; record its result and peak memory."""
        command = [sys.executable, str(BENCH / "measure.py"), step, json.dumps(arguments)]
        print(f"[{time.strftime('%H:%M:%S')}] {key}: {step} {json.dumps(arguments)}", flush=True)
        # the library's queries are measured by the query step only
        at = commit(("src", "ontology", "queries") if step == "query" else ("src", "ontology"))
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=PROJECT)
        peak = _sample_memory(process.pid, lambda: process.poll() is not None)
        output, _ = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"{key} failed (exit {process.returncode})")
        result = json.loads(output.strip().splitlines()[-1])
        result["peak_rss_mb"] = peak
        result["process_seconds"] = time.perf_counter() - started
        result["commit"] = at
        self.results[key] = result
        self.save()
        return result

    def save(self) -> None:
        self.results_path.write_text(json.dumps(self.results, indent=1))

    def path(self, name: str) -> str:
        return str(self.work / name)

    # --- the steps ------------------------------------------------------------------------------

    def corpus(self, sizes: list[str]) -> None:
        sys.path.insert(0, str(BENCH))
        from generate_corpus import write_corpus
        for size in sizes:
            started = time.perf_counter()
            articles = max(1, round(SIZES[size] * self.scale))
            words = write_corpus(Path(self.path(f"corpus-{size}.jsonl")), articles)
            self.results[f"corpus-{size}"] = {"articles": articles, "words": words,
                                              "seconds": time.perf_counter() - started}
            print(f"corpus-{size}: {words} words", flush=True)
        self.save()

    def profile(self) -> None:
        self.measure("profile", "profile", corpus=self.path("corpus-1k.jsonl"),
                     store=self.path("store-profile"), limit=300)
        shutil.rmtree(self.path("store-profile"), ignore_errors=True)

    def spacy(self) -> None:
        self.measure("spacy", "spacy", corpus=self.path("corpus-1k.jsonl"), limit=300)

    def build(self, sizes: list[str]) -> None:
        if "1k" in sizes and self.jobs > 1:   # the per-core overhead, without a pool
            self.measure("build-1k-j1", "build", corpus=self.path("corpus-1k.jsonl"),
                         store=self.path("store-1k"), jobs=1)
            self.measure("nlp-1k-j1", "nlp", corpus=self.path("corpus-1k.jsonl"), jobs=1)
        for size in sizes:
            if size == "100k":
                continue   # extraction of 100k articles is extrapolated (RESULTS.md says so)
            self.measure(f"build-{size}", "build", corpus=self.path(f"corpus-{size}.jsonl"),
                         store=self.path(f"store-{size}"), jobs=self.jobs)
            self.measure(f"nlp-{size}", "nlp", corpus=self.path(f"corpus-{size}.jsonl"),
                         jobs=self.jobs)

    def bulk(self) -> None:
        """The 10k build again with --bulk (the bulk loader for new documents)."""
        self.measure("build-10k-bulk", "build", corpus=self.path("corpus-10k.jsonl"),
                     store=self.path("store-10k-bulk"), jobs=self.jobs, bulk=True)
        shutil.rmtree(self.path("store-10k-bulk"), ignore_errors=True)

    def incremental(self) -> None:
        corpus = self.path("corpus-10k.jsonl")
        copy = self.path("store-10k-incremental")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(self.path("store-10k"), copy)
        self.measure("rebuild-10k-unchanged", "build", corpus=corpus, store=copy,
                     jobs=self.jobs, fresh=False)
        changed = self.path("corpus-10k-changed.jsonl")
        with open(corpus, encoding="utf-8") as source, open(changed, "w", encoding="utf-8") as out:
            for number, line in enumerate(source):
                if number % 100 == 7:       # 1 % of the articles get a new last sentence
                    record = json.loads(line)
                    record["text"] += "\n\nTrade turnover between Kazakhstan and Georgia " \
                                      f"reached ${number % 90 + 10} million in 2023."
                    line = json.dumps(record, ensure_ascii=False) + "\n"
                out.write(line)
        self.measure("rebuild-10k-1pct-changed", "build", corpus=changed, store=copy,
                     jobs=self.jobs, fresh=False)
        fewer = self.path("corpus-10k-fewer.jsonl")
        with open(corpus, encoding="utf-8") as source, open(fewer, "w", encoding="utf-8") as out:
            out.writelines(line for number, line in enumerate(source) if number % 100 != 11)
        self.measure("remove-10k-1pct-missing", "remove", corpus=fewer, store=copy)
        shutil.rmtree(copy, ignore_errors=True)

    def load(self, sizes: list[str]) -> None:
        docs10k, curated = self.path("docs-10k.nq"), self.path("curated.nq")
        self.measure("export-10k", "export", store=self.path("store-10k"), out=docs10k,
                     curated_out=curated)
        for mode in ("bulk", "writer", "writer-bulk", "transactional"):
            self.measure(f"load-10k-{mode}", "load", nquads=docs10k, mode=mode,
                         store=self.path("store-load"))
        if "100k" in sizes:
            docs100k = self.path("docs-100k.nq")
            self.measure("replicate-100k", "replicate", source=docs10k, out=docs100k, copies=10,
                         corpus=self.path("corpus-100k.jsonl"))
            self.measure("load-100k-bulk", "load", nquads=docs100k, mode="bulk",
                         store=self.path("store-load"))
            self.measure("load-100k-writer-bulk", "load", nquads=docs100k, mode="writer-bulk",
                         store=self.path("store-load"))
            self.measure("load-100k-writer", "load", nquads=docs100k, mode="writer",
                         store=self.path("store-100k"), curated=curated, keep=True)
            # the 100k store holds the corpus's content hashes: an unchanged re-build skips all
            self.measure("rebuild-100k-unchanged", "build",
                         corpus=self.path("corpus-100k.jsonl"), store=self.path("store-100k"),
                         jobs=self.jobs, fresh=False)

    def query(self, sizes: list[str]) -> None:
        docs10k, curated = self.path("docs-10k.nq"), self.path("curated.nq")
        curated_triples = sum(1 for _ in open(curated, encoding="utf-8"))
        subset, triples, documents = self.path("docs-1m.nq"), curated_triples, 0
        with open(docs10k, encoding="utf-8") as source, open(subset, "w", encoding="utf-8") as out:
            last_graph = None
            for line in source:
                graph = line[line.rindex(" <", 0, len(line) - 3):]
                if graph != last_graph:
                    if triples >= 1_000_000:
                        break
                    last_graph, documents = graph, documents + 1
                out.write(line)
                triples += 1
        self.results["subset-1m"] = {"documents": documents, "triples": triples}
        self.measure("load-1m", "load", nquads=subset, mode="bulk", store=self.path("store-1m"),
                     curated=curated, keep=True)
        self.measure("query-1m-oxigraph", "query", engine="oxigraph", store=self.path("store-1m"),
                     cap=30.0, budget=5.0)
        self.measure("query-1m-rdflib", "query", engine="rdflib", nquads=[subset, curated],
                     cases_from=self.path("store-1m"), cap=30.0, budget=3.0)
        if "10k" in sizes:
            self.measure("query-10k-oxigraph", "query", engine="oxigraph",
                         store=self.path("store-10k"), cap=60.0, budget=5.0)
        if "100k" in sizes and Path(self.path("store-100k")).exists():
            self.measure("query-100k-oxigraph", "query", engine="oxigraph",
                         store=self.path("store-100k"), cap=30.0, budget=5.0)

    def validate(self, sizes: list[str]) -> None:
        docs10k, curated = self.path("docs-10k.nq"), self.path("curated.nq")
        articles_1k = self.results["corpus-1k"]["articles"]
        self.measure("validate-1k-whole", "validate", nquads=docs10k, curated=curated,
                     documents=articles_1k)
        self.measure("validate-1k-store", "validate", store=self.path("store-1k"), jobs=self.jobs)
        self.measure("validate-10k-store", "validate", store=self.path("store-10k"),
                     jobs=self.jobs)
        if "100k" in sizes and Path(self.path("store-100k")).exists():
            self.measure("validate-100k-sample", "validate", store=self.path("store-100k"),
                         documents=articles_1k, jobs=self.jobs)

    def distributed(self) -> None:
        self.measure("distributed-1k", "distributed", corpus=self.path("corpus-1k.jsonl"),
                     store=self.path("store-distributed"), workers=self.jobs)
        shutil.rmtree(self.path("store-distributed"), ignore_errors=True)


def _sample_memory(pid: int, finished, interval: float = 0.5) -> dict:
    """Peak resident memory (MB) of a process and of its process tree, sampled until it ends;
    the CPU time the tree used; and the share of the machine's CPU that other processes took
    meanwhile (the machine may be shared: wall-clock times under load are longer, CPU times
    hardly change)."""
    peak = {"process": 0.0, "tree": 0.0}
    cpu: dict[int, float] = {}
    started, busy_before = time.perf_counter(), _busy_cpu()
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return peak
    while not finished():
        try:
            processes = [root] + root.children(recursive=True)
        except psutil.NoSuchProcess:
            break
        own = tree = 0
        for process in processes:
            try:
                with process.oneshot():
                    rss = process.memory_info().rss
                    times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            cpu[process.pid] = times.user + times.system
            tree += rss
            if process.pid == pid:
                own = rss
        peak["process"] = max(peak["process"], own / 2**20)
        peak["tree"] = max(peak["tree"], tree / 2**20)
        time.sleep(interval)
    wall = time.perf_counter() - started
    peak["cpu_seconds"] = sum(cpu.values())         # of this process and all its children
    others = _busy_cpu() - busy_before - peak["cpu_seconds"]
    peak["other_cpu_share"] = max(0.0, others / (wall * psutil.cpu_count())) if wall else 0.0
    return peak


def _busy_cpu() -> float:
    times = psutil.cpu_times()
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


def commit(measured: tuple[str, ...] = ("src", "ontology", "queries")) -> str:
    """The project's git commit a measurement starts on ("+": the ``measured`` folders had changes
    not committed)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True,
                              check=False).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--untracked-files=no", "--", *measured)
    return head + ("+" if changed else "")


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    packages = {name: version(name) for name in
                ("spacy", "natasha", "pyoxigraph", "rdflib", "pyshacl", "dask", "distributed")}
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "packages": packages}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/corridorkg-bench"),
                        help="where corpora, stores and N-Quads go [default: %(default)s]")
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                        help="extraction processes [default: the cores, %(default)s]")
    parser.add_argument("--sizes", default="1k,10k,100k", help="[default: %(default)s]")
    parser.add_argument("--steps", default=",".join(STEPS),
                        help=f"some of {','.join(STEPS)} [default: all]")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="corpus sizes times this, for a quick trial run (0.03: 30, 300 and "
                        "3000 articles) [default: 1]")
    parser.add_argument("--report", type=Path, default=BENCH / "RESULTS.md",
                        help="the report to write [default: bench/RESULTS.md]")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = args.sizes.split(",")
    steps = args.steps.split(",")
    bench = Bench(args.work, args.jobs, args.work / "results.json", args.scale)
    started = time.perf_counter()
    runs = bench.results.setdefault("_runs", [])
    runs.append({"command": "python bench/run_bench.py " + shlex.join(argv or sys.argv[1:]),
                 "started": dt.datetime.now().isoformat(timespec="seconds"), "steps": steps,
                 "commit": commit()})
    bench.results["_machine"] = machine()
    for name in STEPS:
        if name not in steps:
            continue
        method = getattr(bench, name)
        if name in ("corpus", "build", "load", "query", "validate"):
            method(sizes)
        else:
            method()
    runs[-1]["minutes"] = (time.perf_counter() - started) / 60
    bench.save()
    from report import write_report
    write_report(bench.results, args.report)
    print(f"wrote {args.report}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main()
