"""The perturbation benchmark's changes do what their names say, and its figures add up."""

from __future__ import annotations

import random

from screening.benchmarks.perturbations import (
    abbreviate,
    ampersand,
    bench_perturbations,
    drop_legal_form,
    family_name_first,
    run_together,
    typo,
)
from screening.engine import EngineEntry, build_index


def test_each_change_changes_the_name_as_named() -> None:
    rnd = random.Random(1)
    assert abbreviate("Tabriz International Trading Company", rnd) == "Tabriz Intl Trading Co"
    assert (
        drop_legal_form("Falcon Ridge General Trading LLC", rnd) == "Falcon Ridge General Trading"
    )
    assert family_name_first("Abdul Basir Noorzai", rnd) == "Noorzai Abdul Basir"
    assert ampersand("Talib & Sons", rnd) == "Talib and Sons"
    joined = run_together("Al Aqsa Sea Co", random.Random(3))
    assert joined is not None and len(joined.split()) == 3
    changed = typo("Kalaye Electric", rnd)
    assert changed is not None and changed != "Kalaye Electric" and changed.startswith("K")


def test_the_figures_count_every_case_once() -> None:
    entries = [
        EngineEntry(
            key=i,
            list_code="meti-eul",
            source_id=str(i),
            name=name,
            aliases=(),
            native_names=(),
            country=None,
            kind=kind,
            list_version="v",
        )
        for i, (name, kind) in enumerate(
            [
                ("Kalaye Electric Company", "organisation"),
                ("Tabriz International Trading LLC", "organisation"),
                ("Abdul Basir Noorzai", "person"),
                ("Mohammad Barzan Ibrahim Hasan", "person"),
            ]
        )
    ]
    figures = bench_perturbations(entries, build_index(entries), per_change=10)
    cases = sum(v["cases"] for k, v in figures.items() if k != "all")
    assert figures["all"]["cases"] == cases > 0
    assert 0.0 <= figures["all"]["recall"] <= 1.0
    assert figures["family name first"]["cases"] == 2
