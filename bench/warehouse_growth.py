"""Benchmark: a warehouse that lives for months. `newsmon run` on N generated files, then as the raw folder changes.

    uv run --frozen python bench/warehouse_growth.py --articles N [--seed S] [--keep] [--skip-baseline] [--json OUT]

In a temp dir, ``generate.py`` writes N article files (real news text recombined; 5 % exact duplicates, 5 % near-copies,
30 days of publication times, every metadata style the parser reads; JSON exports and JSON Lines hold several articles,
so there are about 1.2 N articles). Then the real CLI runs, as a user runs it, each time as a fresh process
(``newsmon run --raw-dir RAW --warehouse WH``, telemetry off, a Dagster home with the repository's dagster.yaml):

1. cold: a new warehouse;
2. no-op: the same again, nothing changed;
3. +100: the next 100 files of the stream added;
4. +100 -100: 100 more added and 100 old files moved out of the raw folder.

For each: the process's wall seconds and CPU seconds, the seconds of each stage (the ``  <stage>: ... [N s]`` lines
newsmon prints), the run's own seconds and counts (the run history, runs.jsonl), the peak memory of the process tree
(the sums of RSS and of PSS over the process and its children, sampled from /proc every 0.2 s, and the largest single
process from wait4; forked workers share pages, which RSS counts once per process and PSS divides among them), and
the size of the published, working and snapshot databases.

Baselines, over the same article bodies (the ones the generator wrote, duplicates included, as a script that runs
spaCy over every record would), each a fresh process: the pipeline's model with ``spacy.load`` and ``nlp.pipe(...,
n_process=2)``, (a) with the model's components the pipeline enables (read from its own ``load_pipeline``), and
(b) ``ner`` plus a ``sentencizer`` only. The report compares the cold run's articles/hour with the fastest baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

import generate

REPO_ROOT = generate.REPO_ROOT
from orchestration.lib.settings import snapshot_db_for, working_db_for  # noqa: E402

ADDED = 100
REMOVED = 100
BATCH_SIZE = 32
N_PROCESS = 2
SAMPLE_SECONDS = 0.2
# Goals of issue 11.
GOAL_COLD_RATIO = 0.8  # cold run's articles/hour against the fastest bare-spaCy baseline
GOAL_NOOP_SECONDS, GOAL_NOOP_AT = 5.0, 30_000
GOAL_INCREMENT_SECONDS = 30.0
GOAL_RSS_BYTES, GOAL_RSS_AT = 3 * 1024**3, 100_000
SCENARIOS = {
    "cold": "cold (new warehouse)",
    "noop": "no-op re-run",
    "add": f"+{ADDED} files",
    "add_remove": f"+{ADDED} files, -{REMOVED} old",
}
BASELINES = {
    "spacy_pipeline_components": "bare spaCy, the pipeline's components",
    "spacy_ner_sentencizer": "bare spaCy, ner + sentencizer",
}
# "  nlp: 5/5 bodies annotated, 221 mentions [1.4 s]"; "  publish: skipped, ..."; "  files_ledger: FAILED ..."
STAGE_LINE = re.compile(r"^\s+(?P<stage>[a-z_]+): (?P<text>.*?)(?: \[(?P<seconds>\d+(?:\.\d+)?) s\])?\s*$")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# ----------------------------------------------------------------------------------------- measuring one process


def _tree_memory(root: int) -> tuple[int, int]:
    """(RSS, PSS) summed over a process and all its descendants ((0, 0) where /proc is not there). Forked workers
    share the parent's pages (the spaCy model, the interpreter) until they write them: RSS counts a shared page once
    per process, PSS divides it among them, so the PSS sum is the memory the tree really holds."""
    children: dict[int, list[int]] = {}
    try:
        entries = [e.name for e in os.scandir("/proc") if e.name.isdigit()]
    except OSError:
        return 0, 0
    for name in entries:
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(name))
    rss, pss, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                rss += int(handle.read().split()[1]) * PAGE_BYTES
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                pss += next((int(line.split()[1]) * 1024 for line in handle if line.startswith(b"Pss:")), 0)
        except (OSError, ValueError, IndexError):
            continue
    return rss, pss


class _TreeMemory(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.peak_pss, self.done = pid, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            rss, pss = _tree_memory(self.pid)
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)


def measure(command: list[str], env: dict[str, str], cwd: Path, out: Path) -> dict:
    """Run a command to completion: wall and CPU seconds, peak memory, exit code; its output goes to out.*"""
    with open(out.with_suffix(".out"), "w") as stdout, open(out.with_suffix(".err"), "w") as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=stdout, stderr=stderr)
        sampler = _TreeMemory(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    largest = usage.ru_maxrss * 1024  # kilobytes on Linux: the largest single process of the tree
    return {
        "returncode": proc.returncode,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_tree_peak": max(sampler.peak, largest),
        "rss_largest_process": largest,
        "pss_tree_peak": sampler.peak_pss,
        "stdout": out.with_suffix(".out").read_text(errors="replace"),
        "stderr": out.with_suffix(".err").read_text(errors="replace"),
    }


# ----------------------------------------------------------------------------------------- pipeline runs


def parse_stage_lines(stdout: str) -> dict[str, float | str]:
    """Seconds per stage from newsmon's terminal lines; "skipped" or the line's text when it has no time."""
    stages: dict[str, float | str] = {}
    for line in stdout.splitlines():
        match = STAGE_LINE.match(line)
        if match is None:
            continue
        seconds = match.group("seconds")
        stages[match.group("stage")] = float(seconds) if seconds else match.group("text").split(",")[0]
    return stages


def _history(log_dir: Path) -> list[dict]:
    path = log_dir / "runs.jsonl"
    if not path.exists():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def _size(path: Path) -> int | None:
    return path.stat().st_size if path.exists() else None


def newsmon_command() -> list[str]:
    script = Path(sys.executable).parent / "newsmon"
    if script.exists():
        return [str(script)]
    found = shutil.which("newsmon")
    return [found] if found else [sys.executable, "-m", "orchestration.cli"]


def run_newsmon(name: str, raw_dir: Path, warehouse: Path, env: dict[str, str], work: Path) -> dict:
    log_dir = warehouse.with_name(f"{warehouse.stem}.logs")
    before = len(_history(log_dir))
    command = [*newsmon_command(), "run", "--raw-dir", str(raw_dir), "--warehouse", str(warehouse)]
    result = measure(command, env, work, work / f"run-{name}")
    history = _history(log_dir)
    record = history[-1] if len(history) > before else None
    result.update(
        files_in_raw=sum(1 for p in raw_dir.iterdir() if p.is_file()),
        stages=parse_stage_lines(result["stdout"]),
        record=record,
        success=result["returncode"] == 0 and bool(record and record.get("success")),
        sizes={
            "published": _size(warehouse),
            "working": _size(working_db_for(warehouse)),
            "snapshot": _size(snapshot_db_for(warehouse)),
        },
    )
    if not result["success"]:
        result["failure"] = _failure_report(result, record)
    return result


def _failure_report(result: dict, record: dict | None) -> str:
    lines = [f"exit code {result['returncode']}"]
    if record:
        lines.append(f"failed steps: {record.get('failed_steps')}, failed checks: {record.get('failed_checks')}")
        log = Path(record.get("log_file", ""))
        if log.is_file():
            text = log.read_text(errors="replace").splitlines()
            hits = [line for line in text if re.search(r"\b(ERROR|FAIL|Error|Traceback|failed)\b", line)]
            lines.append(f"log {log}:")
            lines += [f"    {line[:300]}" for line in (hits[:40] or text[-40:])]
    lines += [f"    {line}" for line in result["stderr"].splitlines()[-30:]]
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------- bare spaCy workers


def worker_components() -> dict:
    """The model and the components the pipeline enables, from its own loader; and what the model ships."""
    import spacy

    from orchestration.lib.nlp.mentions import MODEL_NAME, load_pipeline

    pipeline = load_pipeline()
    shipped = spacy.load(MODEL_NAME)
    return {
        "model": MODEL_NAME,
        "model_version": shipped.meta.get("version"),
        "pipeline": pipeline.pipe_names,
        "shipped": shipped.component_names,
    }


def worker_baseline(model: str, exclude: list[str], sentencizer: bool, bodies: Path) -> dict:
    times = {}
    start = time.perf_counter()
    import spacy

    times["import"] = time.perf_counter() - start
    start = time.perf_counter()
    nlp = spacy.load(model, exclude=exclude)
    for name in nlp.disabled:  # "senter" ships disabled: the pipeline enables it, so baseline (a) does too
        nlp.enable_pipe(name)
    if sentencizer:
        nlp.add_pipe("sentencizer")
    times["load"] = time.perf_counter() - start
    start = time.perf_counter()
    with open(bodies, encoding="utf-8") as handle:
        texts = [json.loads(line)["body"] for line in handle]
    times["read"] = time.perf_counter() - start
    start = time.perf_counter()
    entities = sentences = 0
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=N_PROCESS):
        entities += len(doc.ents)
        sentences += sum(1 for _ in doc.sents)
    times["pipe"] = time.perf_counter() - start
    return {"components": nlp.pipe_names, "docs": len(texts), "entities": entities, "sentences": sentences, **times}


def run_worker(kind: str, env: dict[str, str], work: Path, *args: str) -> dict:
    result_file = work / f"result-{kind}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--result", str(result_file), *args]
    result = measure(command, env, work, work / f"worker-{kind}")
    if result["returncode"] != 0 or not result_file.exists():
        sys.stderr.write(result["stdout"] + result["stderr"])
        raise SystemExit(f"bench: {kind} worker failed (exit code {result['returncode']})")
    result.update(json.loads(result_file.read_text()))
    return result


def run_baselines(env: dict[str, str], work: Path, bodies: Path) -> tuple[dict, dict]:
    print("bench: reading the pipeline's spaCy components ...", flush=True)
    components = run_worker("components", env, work)
    components = {k: components[k] for k in ("model", "model_version", "pipeline", "shipped")}
    used = [c for c in components["shipped"] if c in components["pipeline"]]
    plans = {
        "spacy_pipeline_components": ([c for c in components["shipped"] if c not in used], False),
        "spacy_ner_sentencizer": ([c for c in components["shipped"] if c != "ner"], True),
    }
    results = {}
    for name, (exclude, sentencizer) in plans.items():
        print(f"bench: {BASELINES[name]} (n_process={N_PROCESS}) ...", flush=True)
        args = [components["model"], json.dumps(exclude), "1" if sentencizer else "0", str(bodies)]
        result = run_worker(name, env, work, *args)
        results[name] = {k: v for k, v in result.items() if k not in ("stdout", "stderr")}
    return components, results


# ----------------------------------------------------------------------------------------- report


def _mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 1024**2:,.0f}"


def _per_hour(count: int, seconds: float) -> float:
    return count / seconds * 3600 if seconds > 0 else 0.0


def software() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("spacy", "dagster", "dagster-dbt", "dbt-core", "dbt-duckdb", "duckdb", "great-expectations"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "-"
    return versions


def machine() -> dict:
    memory = None
    try:
        with open("/proc/meminfo") as handle:
            memory = int(handle.readline().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    label = commit.stdout.strip() or None
    if label and changed.stdout.strip():
        label += " + uncommitted changes"
    return {
        "cpus": os.cpu_count(),
        "memory_bytes": memory,
        "platform": platform.platform(),
        "commit": label or "not a git checkout",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def goals(report: dict) -> list[tuple[str, str, str, str]]:
    files, runs, baselines = report["files"], report["runs"], report["baselines"]
    rows = []
    cold = runs.get("cold")
    if baselines and cold and cold["success"]:
        fastest = max(baselines.values(), key=lambda b: b["articles_per_hour"])
        ratio = cold["articles_per_hour"] / fastest["articles_per_hour"]
        report["cold_vs_fastest_baseline"] = ratio
        verdict = "met" if ratio >= GOAL_COLD_RATIO else "MISSED"
        rows.append(
            ("cold run vs fastest bare spaCy (articles/hour)", f"{ratio:.2f}x", f">= {GOAL_COLD_RATIO}x", verdict)
        )

    def at(scale: int) -> str:
        return "" if files == scale else f" (goal at {scale:,}; measured at {files:,})"

    if "noop" in runs:
        wall = runs["noop"]["wall"]
        verdict = ("met" if wall <= GOAL_NOOP_SECONDS else "MISSED") + at(GOAL_NOOP_AT)
        rows.append(("no-op re-run, whole process", f"{wall:.1f} s", f"<= {GOAL_NOOP_SECONDS:.0f} s", verdict))
    for key in ("add", "add_remove"):
        if key in runs:
            wall = runs[key]["wall"]
            verdict = "met" if wall <= GOAL_INCREMENT_SECONDS else "MISSED"
            rows.append(
                (f"{SCENARIOS[key]}, whole process", f"{wall:.1f} s", f"<= {GOAL_INCREMENT_SECONDS:.0f} s", verdict)
            )
    if runs:
        for key, what in (("rss_tree_peak", "RSS"), ("pss_tree_peak", "PSS")):
            peak = max(r.get(key, 0) for r in runs.values())
            verdict = ("met" if peak <= GOAL_RSS_BYTES else "MISSED") + at(GOAL_RSS_AT)
            rows.append(
                (f"peak {what} of a newsmon run (process tree)", f"{peak / 1024**3:.2f} GB", "<= 3 GB", verdict)
            )
    return rows


def print_report(report: dict) -> None:
    corpus, runs, baselines = report["corpus"], report["runs"], report["baselines"]
    m = report["machine"]
    print()
    print(
        f"## newsmon warehouse growth: {report['files']:,} files, {corpus['articles']:,} articles "
        f"({corpus['words_per_article']:.0f} words each on average), seed {report['seed']}"
    )
    print()
    print(
        f"{m['date']}; commit {m['commit']}; {m['cpus']} CPUs, {(m['memory_bytes'] or 0) / 1024**3:.0f} GiB; "
        f"load average {report['load_before'][0]:.1f} before, {report['load_after'][0]:.1f} after; "
        + ", ".join(f"{k} {v}" for k, v in report["software"].items())
    )
    if report.get("components"):
        c = report["components"]
        print(
            f"model {c['model']} {c['model_version']}; pipeline components {', '.join(c['pipeline'])}; "
            f"generated in {corpus['seconds']:.1f} s ({corpus['megabytes']:.0f} MB)"
        )
    roles = ", ".join(f"{k} {v:,}" for k, v in sorted(corpus["roles"].items()))
    print(f"files: {roles}; styles: " + ", ".join(f"{k} {v:,}" for k, v in sorted(corpus["styles"].items())))
    print()
    print(
        "| run | files in raw/ | wall (s) | `newsmon run` (s) | CPU (s) | articles/hour | peak RSS, tree (MB) "
        "| peak PSS, tree (MB) | largest process (MB) | published (MB) | working (MB) | snapshot (MB) | result |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for key, run in runs.items():
        record = run["record"] or {}
        rate = f"{run['articles_per_hour']:,.0f}" if key == "cold" else ""
        inner = f"{record['seconds']:.1f}" if "seconds" in record else "-"
        sizes = run["sizes"]
        result = "ok" if run["success"] else "**FAILED**"
        print(
            f"| {SCENARIOS[key]} | {run['files_in_raw']:,} | {run['wall']:.1f} | {inner} | {run['cpu']:.1f} | {rate} "
            f"| {_mb(run['rss_tree_peak'])} | {_mb(run.get('pss_tree_peak', 0))} | {_mb(run['rss_largest_process'])} "
            f"| {_mb(sizes['published'])} "
            f"| {_mb(sizes['working'])} | {_mb(sizes['snapshot'])} | {result} |"
        )
    for key, base in baselines.items():
        print(
            f"| {BASELINES[key]} (n_process={N_PROCESS}) | {report['files']:,} | {base['wall']:.1f} | - "
            f"| {base['cpu']:.1f} | {base['articles_per_hour']:,.0f} | {_mb(base['rss_tree_peak'])} "
            f"| {_mb(base.get('pss_tree_peak', 0))} | {_mb(base['rss_largest_process'])} | - | - | - | ok |"
        )

    stages: list[str] = []
    for run in runs.values():
        stages += [s for s in run["stages"] if s not in stages]
    if runs:
        print()
        print("Seconds per stage (newsmon's stage lines; the rest of the run is the checks and Dagster):")
        print()
        print("| stage | " + " | ".join(SCENARIOS[k] for k in runs) + " |")
        print("|---|" + "---:|" * len(runs))
        for stage in stages:
            cells = []
            for run in runs.values():
                value = run["stages"].get(stage)
                cells.append(f"{value:.1f}" if isinstance(value, float) else (value or "-"))
            print(f"| {stage} | " + " | ".join(cells) + " |")
        rest = []
        start = []
        for run in runs.values():
            inner = (run["record"] or {}).get("seconds")
            timed = sum(v for v in run["stages"].values() if isinstance(v, float))
            rest.append("-" if inner is None else f"{inner - timed:.1f}")
            start.append("-" if inner is None else f"{run['wall'] - inner:.1f}")
        print("| checks, Dagster, summary (run − stages) | " + " | ".join(rest) + " |")
        print("| start, imports, exit (wall − run) | " + " | ".join(start) + " |")

    if baselines:
        print()
        print("| baseline | components | import (s) | model load (s) | nlp.pipe (s) | docs | docs/hour in nlp.pipe |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for key, base in baselines.items():
            print(
                f"| {BASELINES[key]} | {', '.join(base['components'])} | {base['import']:.1f} | {base['load']:.1f} "
                f"| {base['pipe']:.1f} | {base['docs']:,} | {_per_hour(base['docs'], base['pipe']):,.0f} |"
            )

    print()
    print("| goal | measured | target | verdict |")
    print("|---|---:|---:|---|")
    for row in goals(report):
        print("| " + " | ".join(row) + " |")
    print()
    for key, run in runs.items():
        record = run["record"] or {}
        counts = ", ".join(f"{k}: {v:,}" for k, v in (record.get("summary") or {}).items())
        warnings = f"; warnings: {record['warnings']}" if record.get("warnings") else ""
        print(f"{SCENARIOS[key]}: {counts or 'no run record'}{warnings}")
        if not run["success"]:
            print(f"  FAILED: {run['failure']}")


# ----------------------------------------------------------------------------------------- main


def child_env(dagster_home: Path) -> dict[str, str]:
    """What `make` exports (telemetry off, a DAGSTER_HOME with the repository's dagster.yaml), in a temp home."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / ".dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = dict(os.environ)
    env.update(
        DAGSTER_HOME=str(dagster_home),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        GX_ANALYTICS_ENABLED="false",
        # This checkout's code, also when the benchmark runs from a copy of the repository.
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
    )
    return env


def remove_old_files(raw_dir: Path, removed_dir: Path, files: int, seed: int) -> list[str]:
    """Move REMOVED of the first ``files`` files out of the raw folder (the same ones for the same seed)."""
    old = sorted(p.name for p in raw_dir.iterdir() if p.name[:7].isdigit() and int(p.name[:7]) < files)
    chosen = random.Random(f"newsmon-bench-remove:{seed}").sample(old, min(REMOVED, len(old)))
    removed_dir.mkdir(parents=True, exist_ok=True)
    for name in chosen:
        shutil.move(raw_dir / name, removed_dir / name)
    return chosen


def bench(args: argparse.Namespace, work: Path) -> dict:
    raw_dir, warehouse = work / "raw", work / "warehouse" / "news.duckdb"
    bodies = work / "bodies.jsonl"
    report: dict = {"files": args.articles, "seed": args.seed, "machine": machine(), "software": software()}
    report["load_before"] = os.getloadavg()
    print(f"bench: writing {args.articles:,} files to {raw_dir} ...", flush=True)
    with open(bodies, "w", encoding="utf-8") as handle:
        summary = generate.write_files(raw_dir, 0, args.articles, seed=args.seed, bodies=handle)
    report["corpus"] = {
        "articles": summary.articles,
        "words_per_article": summary.words / max(summary.articles, 1),
        "megabytes": summary.bytes / 1e6,
        "seconds": summary.seconds,
        "roles": dict(summary.roles),
        "styles": dict(summary.styles),
    }
    env = child_env(work / "dagster_home")
    runs: dict[str, dict] = {}
    for key in SCENARIOS:
        if key == "add":
            generate.write_files(raw_dir, args.articles, ADDED, seed=args.seed)
        elif key == "add_remove":
            generate.write_files(raw_dir, args.articles + ADDED, ADDED, seed=args.seed)
            report["removed_files"] = remove_old_files(raw_dir, work / "removed", args.articles, args.seed)
        print(f"bench: newsmon run, {SCENARIOS[key]} ...", flush=True)
        run = run_newsmon(key, raw_dir, warehouse, env, work)
        run["articles_per_hour"] = _per_hour(summary.articles, run["wall"])
        runs[key] = {k: v for k, v in run.items() if k not in ("stdout", "stderr")}
        runs[key]["stdout_stage_lines"] = [line for line in run["stdout"].splitlines() if STAGE_LINE.match(line)]
        status = "ok" if run["success"] else "FAILED"
        print(
            f"bench:   {status}, {run['wall']:.1f} s, peak RSS {_mb(run['rss_tree_peak'])} MB, "
            f"PSS {_mb(run['pss_tree_peak'])} MB",
            flush=True,
        )
        if not run["success"]:
            print(run["failure"], flush=True)
    report["runs"] = runs
    report["baselines"] = {}
    if not args.skip_baseline:
        report["components"], report["baselines"] = run_baselines(env, work, bodies)
        for base in report["baselines"].values():
            base["articles_per_hour"] = _per_hour(base["docs"], base["wall"])
    report["load_after"] = os.getloadavg()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="article files to generate (default 3000)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (raw files, warehouse, logs)")
    parser.add_argument("--skip-baseline", action="store_true", help="no bare-spaCy baselines")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker == "components":
        args.result.write_text(json.dumps(worker_components()))
        return 0
    if args.worker in BASELINES:
        model, exclude, sentencizer, bodies = args.worker_args
        result = worker_baseline(model, json.loads(exclude), sentencizer == "1", Path(bodies))
        args.result.write_text(json.dumps(result))
        return 0
    if args.articles < REMOVED:
        parser.error(f"--articles must be at least {REMOVED}")

    work = Path(tempfile.mkdtemp(prefix="newsmon-growth-"))
    failed = True
    try:
        report = bench(args, work)
        failed = not all(run["success"] for run in report["runs"].values())
        print_report(report)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
            print(f"\nbench: figures written to {args.json}")
    finally:
        if args.keep or failed:
            print(f"bench: kept {work}" + (" (a run failed: its log is under warehouse/news.logs)" if failed else ""))
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
