"""Memory of an index measured in a new interpreter (the benchmark process holds much else)."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import time

import psutil

from screening.engine import EngineConfig, EngineEntry, build_index


def _build_in_fresh_process(entries: list[EngineEntry], cfg: EngineConfig) -> dict[str, float]:
    """Build and warm the index in a new interpreter and report what that process holds: the
    resident memory of a worker with this index and the reading dictionaries (interpreter and
    libraries included), before and after."""
    before = psutil.Process().memory_info().rss
    t = time.perf_counter()
    index = build_index(entries, cfg)
    build_s = time.perf_counter() - t
    index.warm()  # as a worker does before it screens with it
    gc.collect()
    after = psutil.Process().memory_info().rss
    del index
    return {"build_s": build_s, "rss_mb": after / 1e6, "index_mb": (after - before) / 1e6}


def index_memory(entries: list[EngineEntry], cfg: EngineConfig) -> dict[str, float]:
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        return pool.submit(_build_in_fresh_process, entries, cfg).result()
