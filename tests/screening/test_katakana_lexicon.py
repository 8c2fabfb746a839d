"""The generator of the engine's English-katakana table (screening/katakana_lexicon.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from screening import katakana_lexicon


def test_the_word_list_is_read_as_lower_case_words_of_letters_from_three_letters(
    tmp_path: Path,
) -> None:
    words = tmp_path / "words"
    words.write_text("Safety\nsafety\nAB\nABC's\nHouston\nco-op\n  technique \nIBM\n", "utf-8")
    assert katakana_lexicon.words_of(words) == ["houston", "ibm", "safety", "technique"]


def test_pronunciations_keep_each_words_first_and_its_stress(tmp_path: Path) -> None:
    cmu = tmp_path / "cmudict.dict"
    cmu.write_text(
        "technique T EH0 K N IY1 K\ntechnique(2) T EH0 K N IY0 K\nmark M AA1 R K # name\n",
        "latin-1",
    )
    assert katakana_lexicon.pronunciations(cmu) == {
        "technique": ["T", "EH0", "K", "N", "IY1", "K"],
        "mark": ["M", "AA1", "R", "K"],
    }


@pytest.mark.skipif(importlib.util.find_spec("e2k") is not None, reason="e2k is installed")
def test_without_e2k_the_generator_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    words = tmp_path / "words"
    words.write_text("safety\n", "utf-8")
    out = tmp_path / "table.txt"
    assert katakana_lexicon.main([str(words), str(out)]) == 2
    assert "pip install e2k" in capsys.readouterr().err
    assert not out.exists()


def test_the_shipped_table_says_how_it_was_made_and_holds_a_word_per_line() -> None:
    path = Path(katakana_lexicon.__file__).parent / "engine" / "english_katakana.txt"
    lines = path.read_text("utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    assert any("python -m screening.katakana_lexicon" in line for line in header)
    assert any("Carnegie Mellon" in line for line in header)
    words = [line.split("\t")[0] for line in body]
    assert words == sorted(set(words))
    assert all(2 <= len(line.split("\t")) <= 3 for line in body)
    assert f"{len(body)} words" in " ".join(header)
