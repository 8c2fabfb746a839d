"""The engine compiled with mypyc: built by `make install`, used only when current, and giving
exactly the answers of the same code run as Python."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

import screening.engine as engine
from screening.engine import compiled

REPO = Path(__file__).resolve().parents[3]


def answers(names_per_list: int = 60) -> str:
    """A digest of everything the engine says about names in every script the lists hold:
    listed names, their aliases and native names (katakana, Han, Arabic...), the same names
    misspelt, and clean names; in one process and forked, with explanations and normal forms."""
    from screening.benchmarks.lists import load_real_lists

    entries, _ = load_real_lists()
    index = engine.build_index(entries)
    rnd = random.Random(11)
    names: list[str] = []
    for code in sorted({e.list_code for e in entries}):
        listed = [e for e in entries if e.list_code == code]
        for e in rnd.sample(listed, min(names_per_list, len(listed))):
            names += [e.name, *e.aliases[:1], *e.native_names[:1]]
            cut = rnd.randrange(len(e.name))
            names.append(e.name[:cut] + e.name[cut + 1 :])  # a letter left out
    names += ["Ivan Petrovich Sidorov", "山田太郎", "محمد عبد الله", "Ким Чен Ын", "", "---"]
    digest = hashlib.sha256()
    for name in names:
        try:
            found = index.screen(name, limit=5)
            normal = repr(engine.normalise(name))
        except engine.EmptyNameError:
            digest.update(b"no letters\0")
            continue
        rows = [[m.entry.key, m.matched_name, m.score, m.band, m.explanation] for m in found]
        digest.update(json.dumps([rows, normal], ensure_ascii=False, default=str).encode())
    batch = index.screen_many(names * 2, workers=2)
    digest.update(json.dumps([[[m.entry.key, m.score] for m in r] for r in batch]).encode())
    return f"{len(names)} {digest.hexdigest()}"


def _answers_in(env_native: str) -> subprocess.Popen[str]:
    """A new process that prints which engine it ran and its answers."""
    env = {**os.environ, "SCREENING_ENGINE_NATIVE": env_native}
    code = "from tests.screening.engine.test_compiled import answers as a, engine as e; "
    code += "print(e.ENGINE_BUILD); print(a())"
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, env=env, stdout=subprocess.PIPE, text=True
    )


def _output(process: subprocess.Popen[str]) -> list[str]:
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0
    return out.splitlines()


def test_make_install_built_the_engine_that_runs() -> None:
    if os.environ.get("SCREENING_ENGINE_NATIVE") == "0":
        pytest.skip("the compiled engine is turned off (SCREENING_ENGINE_NATIVE=0)")
    assert engine.ENGINE_BUILD == "compiled", engine.ENGINE_BUILD
    for name in ("index", "normalise", "scoring", "scripts"):
        module = importlib.import_module(f"screening.engine.{name}")
        assert module.__file__ and module.__file__.startswith(str(compiled.build_dir()))
        assert not module.__file__.endswith(".py")


@pytest.mark.realdata
def test_compiled_and_python_engines_give_the_same_answers(shared_data: Path) -> None:
    if engine.ENGINE_BUILD != "compiled":
        pytest.skip(f"nothing to compare: {engine.ENGINE_BUILD}")
    runs = _answers_in("1"), _answers_in("0")  # side by side
    native, python = (_output(run) for run in runs)
    assert native[0] == "compiled"
    assert python[0] == "Python (SCREENING_ENGINE_NATIVE=0)"
    count, digest = native[1].split()
    assert int(count) > 500
    assert python[1] == f"{count} {digest}"


def test_a_build_is_used_only_when_made_from_these_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCREENING_ENGINE_BUILD", str(tmp_path))
    monkeypatch.delenv("SCREENING_ENGINE_NATIVE", raising=False)
    path: list[str] = ["/the/package"]
    assert compiled.activate(path).startswith("Python: compiled engine not built")
    (tmp_path / "SOURCE_DIGEST").write_text("0" * 64 + "\n", encoding="ascii")
    assert compiled.activate(path).startswith("Python: compiled engine out of date")
    (tmp_path / "SOURCE_DIGEST").write_text(compiled.source_digest() + "\n", encoding="ascii")
    assert compiled.activate(path).startswith("Python: compiled engine incomplete (no compiled")
    assert path == ["/the/package"]  # the Python modules stay the ones imported

    monkeypatch.setenv("SCREENING_ENGINE_NATIVE", "0")
    assert compiled.activate(path) == "Python (SCREENING_ENGINE_NATIVE=0)"


def test_the_digest_covers_every_compiled_module_and_nothing_that_chooses() -> None:
    names = {p.name for p in compiled.compiled_sources()}
    assert {"index.py", "normalise.py", "scoring.py", "scripts.py", "matcher.py"} <= names
    assert not names & {"__init__.py", "compiled.py"}


def test_what_crosses_processes_pickles_whole() -> None:
    """Entries and settings go to other processes (the memory bench spawns one), matches too."""
    entry = engine.EngineEntry(7, "un", "KPi.001", "Kim Jong Un", ("Kim Chong-un",), ("김정은",))
    config = engine.EngineConfig(alert_threshold=0.8)
    match = engine.build_index([entry], config).screen("Kim Jong Un")[0]
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert pickle.loads(pickle.dumps(config)) == config
    again = pickle.loads(pickle.dumps(match))
    assert (again.entry, again.score, again.explanation) == (entry, match.score, match.explanation)
