"""Country names as lists print them resolve to ISO 3166-1 alpha-2."""

from __future__ import annotations

import pytest

from screening.importers import countries


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("イラン\nIran", "IR"),
        ("イラン\nIslamic Republic of Iran", "IR"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Korea, North", "KP"),
        ("North Korea", "KP"),
        ("北朝鮮", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Korea, South", "KR"),
        ("韓国", "KR"),
        ("Hong Kong", "HK"),
        ("香港\nHong Kong", "HK"),
        ("China, Hong Kong Special Administrative Region", "HK"),
        ("Taiwan", "TW"),
        ("台湾\nTaiwan", "TW"),
        ("UAE", "AE"),
        ("United Arab Emirates", "AE"),
        ("アラブ首長国連邦\nUnited Arab Emirates", "AE"),
        ("Russia", "RU"),
        ("ロシア\nRussian Federation", "RU"),
        ("中国\nPeople's Republic of China", "CN"),
        ("Republic of Lebanon", "LB"),
        ("Burma", "MM"),
        ("Cote d Ivoire", "CI"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Bahamas, The", "BS"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Region: Crimea", "UA"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("エジプトEgypt", "EG"),
        ("(a)アルジェリア (b)パレスチナ", "DZ"),
        ("インドネシア（2003年12月時点）", "ID"),
        ("スーダン人（生まれ）", "SD"),
        ("クウェイト", "KW"),
        ("RU", "RU"),
    ],
)
def test_it_resolves_country_names_as_lists_print_them(printed: str, code: str) -> None:
    assert countries.resolve(printed) == code


@pytest.mark.parametrize("printed", ["", None, "不明", "undetermined", "Kosovo", "Atlantis", "XX"])
def test_it_returns_none_for_countries_it_cannot_resolve(printed: str | None) -> None:
    assert countries.resolve(printed) is None


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("北朝鮮平壌特別市普通江区域", "KP"),
        ("200083中華人民共和国上海市虹口区", "CN"),
        ("12 Neglinnaya Str., Moscow, 107016, Russia", "RU"),
        ("Room 5, 8 Harbour Road, Wan Chai, HK", "HK"),
        ("(a)Karachi, Pakistan(リスト掲載時点) (b)Kabul, Afghanistan", "PK"),
        ("Road Town, Tortola, Virgin Islands, British", "VG"),
        ("Shcheglovskaya zaseka Str. 33, Tula, 300004 Russian Federation", "RU"),
    ],
)
def test_it_finds_the_country_of_an_address(address: str, code: str) -> None:
    assert countries.resolve_address(address) == code


def test_it_does_not_read_a_us_state_code_as_a_country() -> None:
    # "CA" is California here, not Canada; "PA" would be Panama.
    assert countries.resolve_address("120 Sample Street, Springfield, CA, 90210") == "US"
    assert countries.resolve_address("1 Main St, Erie, PA, 16501") == "US"
