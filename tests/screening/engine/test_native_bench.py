"""The native-script benchmarks pair names in two scripts from the real lists and count each once."""

from __future__ import annotations

from dataclasses import replace

from screening.benchmarks.native import (
    bench_eul_native,
    bench_katakana,
    bench_un_native,
    katakana_pairs,
    render_eul_native,
    render_katakana,
    render_un_native,
    without_dots,
)
from screening.engine import EngineConfig, EngineEntry, build_index


def _entry(key: int, code: str, name: str, kind: str, *others: str) -> EngineEntry:
    return EngineEntry(
        key=key,
        list_code=code,
        source_id=f"{code}-{key}",
        name=name,
        aliases=tuple(others),
        native_names=(),
        country=None,
        kind=kind,
        list_version="v",
    )


ENTRIES = [
    _entry(1, "mof", "ウラジーミル・プーチン", "person", "Vladimir Putin"),
    _entry(2, "mof", "セナット・シッピング・リミテッド", "organisation", "Senat Shipping Limited"),
    _entry(3, "mof", "Latin Only Trading", "organisation"),
    _entry(4, "ofac-sdn", "PUTIN, Vladimir Vladimirovich", "person"),
    _entry(5, "ofac-sdn", "SENAT SHIPPING LTD", "organisation"),
    _entry(6, "mof", "ミハイル・ミシュスチン", "person", "Mikhail Mishustin"),
    _entry(7, "un", "Vladimir Ivanov", "person"),
]


def test_only_mof_entries_with_both_scripts_are_paired() -> None:
    pairs = katakana_pairs(ENTRIES)
    assert [(e.key, kana, latin) for e, kana, latin in pairs] == [
        (1, "ウラジーミル・プーチン", ["Vladimir Putin"]),
        (2, "セナット・シッピング・リミテッド", ["Senat Shipping Limited"]),
        (6, "ミハイル・ミシュスチン", ["Mikhail Mishustin"]),
    ]


def test_the_figures_count_each_pair_and_find_entries_through_the_other_lists() -> None:
    figures = bench_katakana(ENTRIES, build_index(ENTRIES))
    people, orgs = figures["person"], figures["organisation"]
    assert people["pairs"] == 2 and orgs["pairs"] == 1
    assert people["pair_alerts"] == 2 and orgs["pair_alerts"] == 1
    # Putin and Senat Shipping are listed elsewhere too; Mishustin is not
    assert people["listed_elsewhere"] == 1 and people["found_elsewhere"] == 1
    assert orgs["listed_elsewhere"] == 1 and orgs["found_elsewhere"] == 1
    text = "\n".join(render_katakana(figures))
    assert "person" in text and "2/2" in text


def test_katakana_written_without_dots_is_measured_apart() -> None:
    entries = [
        *ENTRIES,
        _entry(
            8, "mof", "ナジール・モハンマド・アブドゥル・バシール", "person", "Nazir Mohammad Basir"
        ),
        _entry(9, "un", "NAZIR MOHAMMAD ABDUL BASIR", "person"),
    ]
    undotted = without_dots(entries)
    names = {e.key: e.name for e in undotted}
    assert names[1] == "ウラジーミルプーチン" and names[8] == "ナジールモハンマドアブドゥルバシール"
    assert names[4] == "PUTIN, Vladimir Vladimirovich"  # only MOF's names change
    figures = bench_katakana(undotted, build_index(undotted))
    # the run is read as the four words the lists know, and finds the UN entry
    assert figures["person"]["listed_elsewhere"] == 2
    assert figures["person"]["found_elsewhere"] >= 1
    text = "\n".join(render_katakana(figures, "the same written without dots"))
    assert text.startswith("the same written without dots")


def test_eul_native_names_are_scored_against_their_own_latin_names_by_country() -> None:
    entries = [
        replace(_entry(1, "meti-eul", name, "organisation"), native_names=native, country=country)
        for name, native, country in [
            ("Korea Ryonbong General Corporation", ("朝鮮連峰総会社",), "KP"),
            ("Tanchon Commercial Bank", ("端川商業銀行",), "KP"),
            ("Kalaye Electric Company", (), "IR"),
        ]
    ]
    figures = bench_eul_native(entries, EngineConfig())
    assert figures == {"KP": {"names": 2, "alerts": 2}}
    assert render_eul_native(figures) == [
        "METI EUL native names vs their own Latin names: 2/2 alert (KP 2/2)"
    ]


def test_un_names_in_their_own_script_are_scored_against_their_latin_names_by_script() -> None:
    entries = [
        _entry(1, "un", "DJAMEL LOUNICI", "person"),
        _entry(2, "un", "Ivan Ivanov", "person"),
        _entry(3, "un", "NO NATIVE NAME", "person"),
    ]
    entries[0] = replace(entries[0], native_names=("جمال لونيسي",))
    entries[1] = replace(entries[1], native_names=("Иван Иванов",))
    figures = bench_un_native(entries, build_index(entries))
    assert figures == {
        "abjad": {"names": 1, "alerts": 1},
        "cyrillic": {"names": 1, "alerts": 1},
    }
    assert render_un_native(figures)[0].startswith(
        "UN names in their own script vs their Latin names: 2/2 alert"
    )
