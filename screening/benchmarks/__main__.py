"""Quality and speed figures of the matching engine, in one run: `python -m screening.benchmarks`.

Reads the public benchmarks and real lists from $SCREENING_DATA (default ../shared/data) and
prints one table; `--json PATH` writes the same figures; `--quick` samples the large sets.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import json
import os
import random
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process, utils

from screening.engine import (
    ENGINE_BUILD,
    ENGINE_VERSION,
    EmptyNameError,
    EngineConfig,
    EngineEntry,
    Index,
    build_index,
    clear_word_caches,
    score_pair,
)
from screening.engine.index import join_ended_processes

from .lists import data_dir, load_real_lists
from .memory import index_memory
from .native import (
    bench_eul_native,
    bench_katakana,
    bench_un_native,
    render_eul_native,
    render_katakana,
    render_un_native,
    without_dots,
)
from .perturbations import bench_perturbations

FILE_BATCH = 5000  # names per batch of a file, as `screen_names` reads it (its BATCH)

SCHEMA_KIND = {"Person": "person", "Company": "organisation", "Organization": "organisation"}
SCHEMA_KIND["LegalEntity"] = "organisation"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _rates(items: list[tuple[bool, bool]]) -> dict[str, float]:
    """items: (is_match, predicted) -> recall, false-positive rate, F1."""
    tp = sum(1 for m, p in items if m and p)
    fn = sum(1 for m, p in items if m and not p)
    fp = sum(1 for m, p in items if not m and p)
    tn = sum(1 for m, p in items if not m and not p)
    return {
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "fp_rate": fp / (fp + tn) if fp + tn else 0.0,
        "f1": _f1(tp, fp, fn),
        "pairs": float(len(items)),
    }


def bench_name_bench(base: Path, cfg: EngineConfig, index: Index | None) -> dict[str, Any]:
    rows = _csv(base / "benchmarks" / "name_bench_cases.csv")
    ours: list[tuple[bool, bool, str]] = []
    for r in rows:
        kind = SCHEMA_KIND.get(r["schema"])
        try:
            s, _ = score_pair(
                r["name1"], r["name2"], query_kind=kind, candidate_kind=kind, config=cfg
            )
        except EmptyNameError:
            s = 0.0
        ours.append((r["is_match"] == "true", s >= cfg.alert_threshold, r["quality"]))
    out: dict[str, Any] = {"engine": _rates([(m, p) for m, p, _ in ours])}
    for tier in ("STRONG", "MEDIUM", "WEAK"):
        out[f"engine_{tier}"] = _rates([(m, p) for m, p, q in ours if q == tier])
    anchor_path = base / "benchmarks" / "name_bench_logicv2_scores.csv"
    if anchor_path.exists():
        anc = _csv(anchor_path)
        out["logic_v2"] = _rates(
            [(r["is_match"] == "true", float(r["score"]) >= 0.70) for r in anc]
        )
        for tier in ("STRONG", "MEDIUM", "WEAK"):
            out[f"logic_v2_{tier}"] = _rates(
                [
                    (r["is_match"] == "true", float(r["score"]) >= 0.70)
                    for r in anc
                    if r["quality"] == tier
                ]
            )
    return out


def bench_cross_script(base: Path, cfg: EngineConfig) -> dict[str, Any]:
    path = base / "benchmarks" / "cross_script_pairs.csv"
    passed = at_min = total = 0
    failures: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, target, min_score, _desc = line.split(",", 3)
        total += 1
        s, _ = score_pair(query, target, config=cfg)
        passed += s >= cfg.alert_threshold
        at_min += s >= float(min_score)
        if s < cfg.alert_threshold:
            failures.append(f"{query}->{target} {s:.2f}")
    return {"passed": passed, "total": total, "passed_at_min_score": at_min, "failures": failures}


def bench_un(base: Path, index: Index) -> dict[str, Any]:
    treated = [r["full_name"] for r in _csv(base / "benchmarks" / "yente_positives_un_treated.csv")]
    listed = [
        r["full_name"] for r in _csv(base / "benchmarks" / "yente_positives_un_untreated.csv")
    ]
    found = absent = 0
    ranks: list[int] = []
    misses: list[str] = []
    for q, u in zip(treated, listed, strict=True):
        # the correct entries: every loaded entry that lists the untreated name itself
        targets = index.entries_named(u)
        if not targets:
            absent += 1
            continue
        matches = index.screen(q, limit=20)
        hit = [i for i, m in enumerate(matches) if m.entry.key in targets and m.alert]
        if hit:
            found += 1
            ranks.append(hit[0] + 1)
        else:
            misses.append(q)
    n = len(treated) - absent
    return {
        "recall": found / n if n else 0.0,
        "found": found,
        "queries": n,
        "target_not_in_lists": absent,
        "rank1": sum(1 for r in ranks if r == 1),
        "rank2_5": sum(1 for r in ranks if 2 <= r <= 5),
        "rank_over_5": sum(1 for r in ranks if r > 5),
        "misses": misses,
    }


def bench_negatives(base: Path, index: Index, sample: int | None) -> dict[str, Any]:
    names = [r["full_name"] for r in _csv(base / "benchmarks" / "yente_negatives_global.csv")]
    if sample:
        names = random.Random(7).sample(names, sample)
    results = index.screen_many(names, limit=3, workers=2)
    alerts = [
        (q, r[0].matched_name, r[0].score)
        for q, r in zip(names, results, strict=True)
        if r and r[0].alert
    ]
    return {
        "queries": len(names),
        "alerting": len(alerts),
        "rate": len(alerts) / len(names) if names else 0.0,
        "examples": [f"{q} -> {m} {s:.2f}" for q, m, s in alerts[:10]],
    }


def _perturb(name: str, rnd: random.Random) -> str:
    words = name.split()
    if not words:
        return name
    i = rnd.randrange(len(words))
    w = words[i]
    op = rnd.randrange(4)
    if op == 0 and len(w) > 3:
        j = rnd.randrange(len(w) - 1)
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif op == 1 and len(w) > 4:
        j = rnd.randrange(len(w))
        w = w[:j] + w[j + 1 :]
    elif op == 2:
        w = w + rnd.choice("aeiouns")
    else:
        words.append(rnd.choice(["Trading", "Group", "Holdings", "Ltd", "Ali", "Ivanov", "Lee"]))
    words[i] = w
    return " ".join(words)


def synthesise(entries: list[EngineEntry], target_aliases: int) -> list[EngineEntry]:
    """Real entries plus perturbed copies until there are about `target_aliases` aliases."""
    rnd = random.Random(42)
    out = list(entries)
    count = sum(1 + len(e.aliases) + len(e.native_names) for e in entries)
    key = max((e.key for e in entries), default=0) + 1
    while count < target_aliases:
        src = rnd.choice(entries)
        name = _perturb(src.name, rnd)
        aliases = tuple(_perturb(a, rnd) for a in src.aliases[:3])
        out.append(
            replace(
                src, key=key, name=name, aliases=aliases, native_names=(), source_id=f"synth-{key}"
            )
        )
        key += 1
        count += 1 + len(aliases)
    return out


def bench_speed(
    entries: list[EngineEntry],
    queries: list[str],
    batch_queries: list[str],
    warmup: list[str],
    cfg: EngineConfig,
    whole_file: list[str] | None = None,
) -> dict[str, Any]:
    """Index build, one name at a time, and batches on both cores, beside a full cdist scan.

    A worker screens many names over its life and warms a new index before it swaps it in
    (Index.warm: the reading dictionaries and the katakana sound table), so that is done before
    timing, and timed apart; then some names not timed are screened. The batch is a different
    set of names from the one-at-a-time run, so it gains nothing from that run's caches.
    """
    clear_word_caches()  # as in a new worker process
    gc.collect()
    t = time.perf_counter()
    index = build_index(entries, cfg)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    index.warm()  # as a worker does before it screens with a new index
    warm_s = time.perf_counter() - t
    for q in warmup:
        with contextlib.suppress(EmptyNameError):
            index.screen(q)

    # single-name latency (one process)
    lat: list[float] = []
    cpu0 = time.process_time()
    for q in queries:
        t0 = time.perf_counter()
        with contextlib.suppress(EmptyNameError):
            index.screen(q)
        lat.append(time.perf_counter() - t0)
    single_qps = len(queries) / sum(lat)
    # CPU time per name does not depend on what else the machine is running
    single_cpu_qps = len(queries) / (time.process_time() - cpu0)
    # batch throughput on both cores
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    t = time.perf_counter()
    index.screen_many(batch_queries, workers=2)
    batch_qps = len(batch_queries) / (time.perf_counter() - t)
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    join_ended_processes()  # the child leaves in the background: not beside the baseline
    # memory pages each process wrote for the first time in the batch: after the fork, a write
    # to any page the two share costs the writer a fault and a copy of the page (what the
    # second process adds beyond its share of the names)
    batch_faults = {
        "this process": own_after.ru_minflt - own.ru_minflt,
        "child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - children.ru_minflt,
    }

    # baseline: a full rapidfuzz cdist(token_sort_ratio) scan over the same aliases for the same
    # batch, on both cores, with rapidfuzz's own preprocessing done once beforehand (not timed),
    # no score cutoff
    choices = [utils.default_process(a) for a in index.alias_texts()]
    qs = [utils.default_process(q) for q in batch_queries]
    t = time.perf_counter()
    for start in range(0, len(qs), 256):
        process.cdist(qs[start : start + 256], choices, scorer=fuzz.token_sort_ratio, workers=-1)
    base_qps = len(qs) / (time.perf_counter() - t)
    aliases, size = index.alias_count, index.size
    whole: dict[str, Any] = {}
    if whole_file:
        # a whole input file on both cores, as `screen_names` screens it (batches of FILE_BATCH names
        # on processes forked once for the file), from a new index and empty caches: a long run
        # reuses what it worked out for the words its earlier names shared (given names, family
        # names, "trading")
        del index
        clear_word_caches()
        gc.collect()
        fresh = build_index(entries, cfg)
        fresh.warm()
        t = time.perf_counter()
        with fresh.processes(2) as processes:
            for start in range(0, len(whole_file), FILE_BATCH):
                fresh.screen_many(whole_file[start : start + FILE_BATCH], processes=processes)
        qps = len(whole_file) / (time.perf_counter() - t)
        processes.join()
        whole = {"names": len(whole_file), "qps": qps, "ratio_vs_cdist": qps / base_qps}
        del fresh
    return {
        "aliases": aliases,
        "entries": size,
        "build_s": build_s,
        "warm_s": warm_s,
        # this process holds other indexes and lists: memory is measured in a new one
        "fresh_process": index_memory(entries, cfg),
        "single_qps": single_qps,
        "single_cpu_qps": single_cpu_qps,
        "batch_qps_2_workers": batch_qps,
        "batch_page_faults": batch_faults,
        "p50_ms": float(np.percentile(lat, 50) * 1e3),
        "p95_ms": float(np.percentile(lat, 95) * 1e3),
        "cdist_baseline_qps": base_qps,
        "ratio_vs_cdist": max(single_qps, batch_qps) / base_qps,
        "load_average": os.getloadavg()[0],
        "whole_file": whole,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m screening.benchmarks", description=__doc__)
    ap.add_argument(
        "--quick", action="store_true", help="sample 5,000 negatives and 1,000 speed queries"
    )
    ap.add_argument("--json", metavar="PATH", help="write the figures as JSON")
    args = ap.parse_args(argv)
    base = data_dir()
    cfg = EngineConfig()
    figures: dict[str, Any] = {
        "engine_version": ENGINE_VERSION,
        "engine_build": ENGINE_BUILD,
        "data": str(base),
    }
    if not (base / "benchmarks").is_dir():
        print(f"benchmark data not found at {base} (set SCREENING_DATA); nothing to measure")
        return 2

    figures["name_bench"] = bench_name_bench(base, cfg, None)
    figures["cross_script"] = bench_cross_script(base, cfg)

    if (base / "lists").is_dir():
        entries, notes = load_real_lists(base)
        figures["lists"] = notes
        index = build_index(entries, cfg)
        figures["un_treated"] = bench_un(base, index)
        figures["negatives"] = bench_negatives(base, index, 5000 if args.quick else None)
        figures["perturbations"] = bench_perturbations(entries, index, 100 if args.quick else 400)
        figures["un_native"] = bench_un_native(entries, index)
        figures["katakana"] = bench_katakana(entries, index)
        del index
        undotted = without_dots(entries)
        figures["katakana_without_dots"] = bench_katakana(undotted, build_index(undotted, cfg))
        figures["eul_native"] = bench_eul_native(entries, cfg)
        negs = [r["full_name"] for r in _csv(base / "benchmarks" / "yente_negatives_global.csv")]
        bench = base / "benchmarks"
        treated = [r["full_name"] for r in _csv(bench / "yente_positives_un_treated.csv")]
        untreated = [r["full_name"] for r in _csv(bench / "yente_positives_un_untreated.csv")]
        rnd = random.Random(3)
        nq = 1000 if args.quick else 4000
        n_pos = min(nq // 5, len(treated))
        clean = rnd.sample(negs, 2 * (nq - n_pos) + 200)
        # one set of names one at a time (clean names and perturbed UN names), another as a
        # batch (other clean names and the UN names as listed), and names to warm up on
        queries = clean[: nq - n_pos] + rnd.sample(treated, n_pos)
        batch = clean[nq - n_pos : 2 * (nq - n_pos)] + rnd.sample(untreated, n_pos)
        rnd.shuffle(queries)
        rnd.shuffle(batch)
        warmup = clean[2 * (nq - n_pos) :]
        # the whole file: every clean name and every treated UN name, in one order
        whole = negs + treated
        rnd.shuffle(whole)
        whole = whole[: len(whole) // 10] if args.quick else whole
        figures["speed_batch"] = {
            "names": len(batch),
            "listed": n_pos,
            "whole_file": len(whole),
            "whole_file_listed": len(set(whole) & set(treated)),
        }
        figures["speed_real"] = bench_speed(entries, queries, batch, warmup, cfg, whole)
        figures["speed_100k"] = bench_speed(
            synthesise(entries, 100_000), queries, batch, warmup, cfg, whole
        )
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    else:
        figures["lists"] = [f"real lists not found at {base / 'lists'}: list figures skipped"]

    print(render(figures))
    if args.json:
        Path(args.json).write_text(
            json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8"
        )
    return 0


def render(f: dict[str, Any]) -> str:
    lines = [
        f"Screening engine {f['engine_version']} ({f.get('engine_build', '?')}) - data {f['data']}",
        "",
    ]
    nb = f["name_bench"]
    lines.append("name_bench (826 pairs) at alert threshold 0.70   recall  FP rate  F1")
    for label, key in (("  engine", "engine"), ("  logic-v2 anchor", "logic_v2")):
        if key in nb:
            r = nb[key]
            lines.append(f"{label:<48}{r['recall']:6.3f}  {r['fp_rate']:7.3f}  {r['f1']:5.3f}")
    for tier in ("STRONG", "MEDIUM", "WEAK"):
        e, a = nb.get(f"engine_{tier}"), nb.get(f"logic_v2_{tier}")
        if e:
            anchor = (
                f"   (logic-v2 {a['recall']:.3f} / {a['fp_rate']:.3f} / {a['f1']:.3f})" if a else ""
            )
            lines.append(
                f"    {tier:<44}{e['recall']:6.3f}  {e['fp_rate']:7.3f}  {e['f1']:5.3f}{anchor}"
            )
    cs = f["cross_script"]
    lines.append(
        f"cross-script pairs passed at 0.70: {cs['passed']}/{cs['total']} "
        f"(at each pair's min score: {cs['passed_at_min_score']}/{cs['total']}; logic-v2 12/22)"
    )
    lines.append("lists loaded: " + "; ".join(f["lists"]))
    if "un_treated" in f:
        u = f["un_treated"]
        lines.append(
            f"UN treated names found among all lists: {u['found']}/{u['queries']} = {u['recall']:.4f} "
            f"(rank 1: {u['rank1']}, rank 2-5: {u['rank2_5']}, >5: {u['rank_over_5']}; "
            f"target absent from lists: {u['target_not_in_lists']})"
        )
        n = f["negatives"]
        lines.append(
            f"clean names alerting (yente negatives vs all lists): {n['alerting']}/{n['queries']} = {n['rate']:.4f}"
        )
        lines.append("real list names changed as exporters write them (alerting on the entry):")
        for label, p in f["perturbations"].items():
            lines.append(f"  {label:<30}{p['found']:>5}/{p['cases']:<5} = {p['recall']:.3f}")
        if f.get("katakana"):
            lines.extend(render_katakana(f["katakana"]))
        if f.get("katakana_without_dots"):
            lines.extend(
                render_katakana(f["katakana_without_dots"], "the same written without dots")
            )
        if f.get("eul_native"):
            lines.extend(render_eul_native(f["eul_native"]))
        if f.get("un_native"):
            lines.extend(render_un_native(f["un_native"]))
        lines.append("")
        lines.append(
            "speed          aliases  build s  index MB  names/s 1 proc  names/s 2 proc  cdist q/s  ratio  p50 ms  p95 ms"
        )
        for label, key in (("real lists", "speed_real"), ("100k", "speed_100k")):
            s = f[key]
            lines.append(
                f"{label:<14}{s['aliases']:>8}  {s['build_s']:7.2f}  {s['fresh_process']['index_mb']:8.0f}  "
                f"{s['single_qps']:14.0f}  {s['batch_qps_2_workers']:14.0f}  {s['cdist_baseline_qps']:9.0f}  "
                f"{s['ratio_vs_cdist']:5.2f}  {s['p50_ms']:6.2f}  {s['p95_ms']:6.2f}"
            )
        sb = f.get("speed_batch")
        if sb:
            lines.append(
                f"names/s 2 proc: one batch of {sb['names']} names new to the process, "
                f"{sb['listed']} of them UN names as listed (each costs several clean names: many "
                f"strong candidates to score, matches to explain); the whole file: "
                f"{sb['whole_file']} names, {sb['whole_file_listed']} of them perturbed UN names"
            )
        lines.append(
            "names/s 2 proc, the batch's memory pages written for the first time (after the fork "
            "each costs a fault and, on a page the processes share, a copy): "
            + ", ".join(
                f"{label} {f[k]['batch_page_faults']['this process']} here + "
                f"{f[k]['batch_page_faults']['child']} in the child"
                for label, k in (("real lists", "speed_real"), ("100k", "speed_100k"))
                if "batch_page_faults" in f[k]
            )
        )
        for label, key in (("real lists", "speed_real"), ("100k", "speed_100k")):
            w = f[key].get("whole_file")
            if w:
                lines.append(
                    f"whole file ({w['names']} names, 2 proc, from a new index), {label}: "
                    f"{w['qps']:.0f} names/s = {w['ratio_vs_cdist']:.2f}x cdist"
                )
        lines.append(
            "warming a new index (reading dictionaries, katakana sound table), after its build: "
            + ", ".join(
                f"{label} {f[k]['warm_s']:.2f} s"
                for label, k in (("real lists", "speed_real"), ("100k", "speed_100k"))
            )
        )
        lines.append(
            "names per CPU-second, 1 proc (unaffected by other load): "
            + ", ".join(
                f"{label} {f[k]['single_cpu_qps']:.0f}"
                for label, k in (("real lists", "speed_real"), ("100k", "speed_100k"))
            )
        )
        lines.append(
            "index MB: what building and warming it adds to a new process (the reading "
            "dictionaries included); that process then holds "
            + ", ".join(
                f"{f[k]['fresh_process']['rss_mb']:.0f} MB ({label})"
                for label, k in (("real lists", "speed_real"), ("100k", "speed_100k"))
            )
        )
        lines.append(
            f"peak RSS of the benchmark process (lists, indexes, cdist matrices): {f['peak_rss_mb']:.0f} MB"
        )
        lines.append(
            "1-minute load average at the end of each speed run (other work on the machine): "
            + ", ".join(f"{f[k]['load_average']:.2f}" for k in ("speed_real", "speed_100k"))
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
