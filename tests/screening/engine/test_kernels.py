"""The merges in C (screening/engine/_kernels.pyx) give exactly what their numpy twins give."""

from __future__ import annotations

import numpy as np
import pytest

from screening.engine import ENGINE_BUILD
from screening.engine import index as engine_index

if ENGINE_BUILD != "compiled":
    pytest.skip(f"the engine runs as Python here ({ENGINE_BUILD})", allow_module_level=True)

from screening.engine import _kernels  # noqa: E402 (present in every compiled build)


def _postings(rng: np.random.Generator, k: int, least: int = 0) -> list[np.ndarray]:
    return [
        np.sort(rng.choice(500, int(rng.integers(least, 150)), replace=False)).astype(np.int32)
        for _ in range(k)
    ]


def test_the_compiled_engine_merges_in_c() -> None:
    assert engine_index._MERGE_IN_C


def _same(a: tuple[np.ndarray, ...], b: tuple[np.ndarray, ...]) -> None:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.dtype == y.dtype
        assert x.tobytes() == y.tobytes()  # to the last bit, not approximately


def test_accumulate_matches_numpy_to_the_bit() -> None:
    rng = np.random.default_rng(11)
    for _ in range(400):
        k = int(rng.integers(1, 12)) if rng.random() < 0.8 else int(rng.integers(12, 200))
        arrays = _postings(rng, k)
        vals = [float(v) for v in rng.random(k)]
        gains = [rng.random(len(a)) for a in arrays]
        cvals = [rng.random(len(a)) * 3 for a in arrays]
        want = engine_index._accumulate_numpy(arrays, vals, gains, cvals)
        _same(_kernels.accumulate(arrays, vals, gains, cvals), want)


def test_union_max_matches_numpy() -> None:
    rng = np.random.default_rng(12)
    for _ in range(400):
        k = int(rng.integers(1, 12)) if rng.random() < 0.8 else int(rng.integers(12, 200))
        arrays = _postings(rng, k)
        gains = [float(v) for v in rng.random(k)]
        list_w = [float(v) for v in rng.random(k) * 4]
        _same(
            _kernels.union_max(arrays, gains, list_w),
            engine_index._union_max_numpy(arrays, gains, list_w),
        )


def test_merges_through_the_scratch_match_numpy_on_ids_far_apart() -> None:
    # several arrays with ids up to 200,000 (the scratch grows), dense and sparse in turn, so
    # that merges through the scratch and through the heap alternate on the same scratch
    rng = np.random.default_rng(14)
    for _ in range(60):
        k = int(rng.integers(2, 9))
        top = int(rng.choice([600, 20_000, 200_000]))
        arrays = [
            np.sort(rng.choice(top, int(rng.integers(1, min(top, 2000))), replace=False)).astype(
                np.int32
            )
            for _ in range(k)
        ]
        vals = [float(v) for v in rng.random(k)]
        gains = [rng.random(len(a)) for a in arrays]
        cvals = [rng.random(len(a)) * 3 for a in arrays]
        _same(
            _kernels.accumulate(arrays, vals, gains, cvals),
            engine_index._accumulate_numpy(arrays, vals, gains, cvals),
        )
        _same(
            _kernels.union_max(arrays, vals, [v * 4 for v in vals]),
            engine_index._union_max_numpy(arrays, vals, [v * 4 for v in vals]),
        )


def test_add_found_matches_numpy_for_any_order_of_ids() -> None:
    rng = np.random.default_rng(13)
    for _ in range(400):
        (arr,) = _postings(rng, 1, least=1)  # (a posting is never empty)
        gains, cvals = rng.random(len(arr)), rng.random(len(arr))
        ids = rng.permutation(rng.choice(500, int(rng.integers(0, 200)), replace=False))
        ids = ids.astype(np.int32)
        sums = [rng.random(len(ids)) for _ in range(3)]
        mine = [s.copy() for s in sums]
        theirs = [s.copy() for s in sums]
        _kernels.add_found(arr, 0.7, gains, cvals, ids, *mine)
        engine_index._add_found_numpy(arr, 0.7, gains, cvals, ids, *theirs)
        _same(tuple(mine), tuple(theirs))


def test_variant_owners_match_numpy_in_order() -> None:
    words = ["mohammed", "muhammad", "mohamed", "alexander", "aleksandr", "kowalczyk", "abcdef"]
    words += ["".join(w[::-1]) for w in words] + ["ünalkoç", "ивановна", "sarsenbayev"]
    tables = [
        engine_index._variant_table(words, lambda w: len(w) >= 8),
        engine_index._variant_table(words, lambda w: len(w) < 8),
    ]
    queries = ["muhamad", "mohammad", "alexandr", "kovalchyk", "ivanovna", "ивановнa", "x"]
    queries += ["unalkoc", "ünalkoç", "sarsenbaev", "", "a" * 40, "zzzzzzzz"]
    found = 0
    for q in queries + words:
        want = engine_index._variant_owners_numpy(q, tables)
        assert _kernels.variant_owners(q, tables, engine_index._B_INV) == want
        found += bool(want)
    assert found > len(words)  # the queries do find words (each word finds itself)
    # fewer letters taken out: the same words' tables, looked up with fewer spellings
    for deleted in (0, 1):
        near = [engine_index._variant_table(words, lambda w: True, deleted, 4)]
        found = 0
        for q in queries + words:
            want = engine_index._variant_owners_numpy(q, near, deleted)
            assert _kernels.variant_owners(q, near, engine_index._B_INV, deleted) == want
            found += bool(want)
        assert found >= len(words)


def test_arrays_of_other_types_are_refused_not_misread() -> None:
    ids = np.array([1, 2, 3], dtype=np.int64)
    with pytest.raises(TypeError):
        wrong: list = [ids, ids]  # int64, on purpose
        _kernels.accumulate(wrong, [1.0, 1.0], [np.zeros(3)] * 2, [np.zeros(3)] * 2)
    ok = np.array([1, 2, 3], dtype=np.int32)
    with pytest.raises(TypeError):  # weights not as long as their ids
        _kernels.accumulate([ok, ok], [1.0, 1.0], [np.zeros(2)] * 2, [np.zeros(3)] * 2)
    with pytest.raises(TypeError):
        _kernels.union_max([ok[::2], ok], [1.0, 1.0], [1.0, 1.0])  # not contiguous
    with pytest.raises(ValueError):  # a number for each array
        _kernels.union_max([ok, ok], [1.0], [1.0, 1.0])


def test_first_bound_matches_numpy_to_the_bit() -> None:
    rng = np.random.default_rng(14)
    free = rng.random(500) * 3
    kept = 0
    for _ in range(400):
        (ids,) = _postings(rng, 1)
        n = len(ids)
        pot, mpot, chit = rng.random(n) * 3, rng.random(n) * 3, rng.random(n) * 3
        need = float(rng.choice([-np.inf, 0.0, 0.5, 1.5]))
        args = (need, float(rng.random()), 3.0, 0.6, 0.3, 0.9, 0.05, float(rng.uniform(0.3, 1)))
        want = engine_index._first_bound_numpy(ids, pot, mpot, chit, free, *args)
        _same(_kernels.first_bound(ids, pot, mpot, chit, free, *args), want)
        kept += len(want[0])
    assert kept  # some aliases pass, some do not
    with pytest.raises(IndexError):
        beyond = np.array([600], dtype=np.int32)
        one = np.ones(1)
        _kernels.first_bound(beyond, one, one, one, free, 0.0, 0.0, 1, 1, 1, 1, 0, 0)


def test_common_word_lookups_match_numpy_to_the_bit() -> None:
    rng = np.random.default_rng(15)
    for _ in range(300):
        ids = _postings(rng, 1)[0]
        common_toks = []
        for _ in range(int(rng.integers(1, 4))):
            postings = tuple(
                (p, float(rng.random()), float(rng.random() * 2))
                for p in _postings(rng, int(rng.integers(1, 4)), least=1)
            )
            common_toks.append((float(rng.random()), postings))
        _same(
            _kernels.common_hits(ids, common_toks),
            engine_index._common_hits_numpy(ids, common_toks),
        )
        k = int(rng.integers(1, 6))
        arrays = _postings(rng, k, least=1)
        vals = [float(v) for v in rng.random(k)]
        cvals = [rng.random(len(a)) for a in arrays]
        _same(
            (_kernels.matched_weight(ids, arrays, vals, cvals),),
            (engine_index._matched_weight_numpy(ids, arrays, vals, cvals),),
        )
        a, b = _postings(rng, 2)
        _same((_kernels.intersect(a, b),), (np.intersect1d(a, b, assume_unique=True),))
