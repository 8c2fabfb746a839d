import datetime as dt

import pytest

from licensing.models import ControlListEntry, Country
from licensing.selectors import control_entry_for_code, country_group

pytestmark = pytest.mark.django_db


def test_every_iso_country_is_loaded_with_english_and_japanese_names():
    assert Country.objects.count() >= 249
    japan = Country.objects.get(iso2="JP")
    assert japan.name_en == "Japan"
    assert japan.name_ja == "日本"
    assert Country.objects.exclude(name_ja="").count() > 240


@pytest.mark.parametrize(
    ("day", "group"),
    [
        (dt.date(2019, 8, 27), "A"),
        (dt.date(2019, 8, 28), "B"),
        (dt.date(2023, 7, 20), "B"),
        (dt.date(2023, 7, 21), "A"),
        (dt.date(2026, 11, 25), "A"),
    ],
)
def test_korea_moves_between_groups_on_the_dates_of_the_cabinet_orders(day, group):
    assert country_group("KR", day) == group


def test_group_a_has_27_countries_today():
    today = dt.date(2026, 11, 25)
    group_a = [c.iso2 for c in Country.objects.all() if country_group(c.iso2, today) == "A"]
    assert len(group_a) == 27
    assert {"US", "GB", "DE", "KR"} <= set(group_a)


def test_countries_of_concern_and_arms_embargoes_are_group_d_and_others_group_c():
    today = dt.date(2026, 11, 25)
    assert country_group("IR", today) == "D"
    assert country_group("KP", today) == "D"
    assert country_group("SO", today) == "D"
    assert country_group("CN", today) == "C"
    assert country_group("ae", today) == "C"


def test_control_list_holds_rows_1_to_16_and_items_in_the_official_notation():
    rows = set(ControlListEntry.objects.values_list("row", flat=True))
    assert rows == {str(n) for n in range(1, 17)} | {"3-2"}
    today = dt.date(2026, 11, 25)
    for code in ["1(1)", "2(12)", "3-2(1)", "7(1)", "16(1)", "16(2)", "15"]:
        assert control_entry_for_code(code, today) is not None, code


def test_row_16_split_does_not_exist_before_it_came_into_force():
    assert control_entry_for_code("16(1)", dt.date(2025, 10, 8)) is None
    assert control_entry_for_code("16(1)", dt.date(2025, 10, 9)) is not None
