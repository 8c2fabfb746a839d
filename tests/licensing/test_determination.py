"""Each determination rule of DOMAIN-JAPAN.md §9.1, on its own."""

import datetime as dt

import pytest

from licensing.determination import ApplicationFacts, GoodsFact, HitFact, determine

ON = dt.date(2026, 11, 25)
PUMP = GoodsFact("Pump", "", "", "841370")
LATHE = GoodsFact("NC lathe", "6(1)", "6", "845811")
RIFLE_PARTS = GoodsFact("Rifle parts", "1(1)", "1", "930599")
CENTRIFUGE = GoodsFact("Centrifuge", "3-2(2)", "3-2", "842119")


def facts(destination="DE", group="A", designations=(), end_use="civil", goods=(PUMP,), hits=()):
    return ApplicationFacts(
        on=ON,
        destination=destination,
        destination_group=group,
        destination_designations=frozenset(designations),
        end_use_category=end_use,
        goods=tuple(goods),
        hits=tuple(hits),
    )


def hit(list_kind="end_user", alert=True, disposition="pending", concern=("M",), cw=False):
    return HitFact(
        hit_id=1,
        party_name="Candid General Trading",
        list_code="meti-eul" if list_kind == "end_user" else "un",
        list_kind=list_kind,
        source_id="4",
        entry_name="Candid General Trading LLC",
        score=0.97,
        alert=alert,
        disposition=disposition,
        concern_types=concern,
        conventional_weapons=cw,
    )


def codes(result):
    return [r.code for r in result.rules]


def test_north_korea_needs_approval_whatever_the_goods():
    result = determine(facts("KP", "D", {"nk_total_embargo", "concern", "un_arms_embargo"}))
    assert result.outcome == "approval_required"
    assert codes(result)[0] == "S1"


def test_russia_with_list_goods_needs_approval_but_not_with_catch_all_goods_alone():
    assert (
        determine(facts("RU", "C", {"ru_by_approval"}, goods=[LATHE])).outcome
        == "approval_required"
    )
    assert "S2" not in codes(determine(facts("RU", "C", {"ru_by_approval"}, goods=[PUMP])))


def test_a_pending_sanctions_hit_sends_the_case_to_sanctions_as_incomplete_and_a_confirmed_one_needs_approval():
    pending = determine(facts("AE", "C", hits=[hit("sanctions")]))
    assert "S3" in codes(pending)
    assert pending.outcome == "incomplete"
    confirmed = determine(facts("AE", "C", hits=[hit("sanctions", disposition="confirmed")]))
    assert confirmed.outcome == "approval_required"


@pytest.mark.parametrize(("good", "rule"), [(RIFLE_PARTS, "L2"), (CENTRIFUGE, "L3"), (LATHE, "L1")])
def test_list_controlled_goods_need_a_licence_even_to_group_a(good, rule):
    result = determine(facts(goods=[good]))
    assert result.outcome == "licence_required"
    assert codes(result) == [rule]


def test_catch_all_goods_to_a_non_group_a_country_with_an_eul_wmd_hit_need_a_licence():
    result = determine(facts("AE", "C", goods=[PUMP], hits=[hit(concern=("M",))]))
    assert result.outcome == "licence_required"
    assert codes(result) == ["C4"]
    assert "M" in result.rules[0].text


def test_an_eul_conventional_weapons_entity_fires_the_conventional_catch_all():
    result = determine(facts("AE", "C", goods=[PUMP], hits=[hit(concern=(), cw=True)]))
    assert codes(result) == ["C6"]


def test_an_eul_hit_does_not_trigger_the_catch_all_for_group_a():
    result = determine(facts("US", "A", goods=[PUMP], hits=[hit()]))
    assert result.outcome == "no_licence_required"


def test_a_cleared_hit_no_longer_counts():
    result = determine(facts("AE", "C", goods=[PUMP], hits=[hit(disposition="false_positive")]))
    assert result.outcome == "no_licence_required"


def test_a_pending_fuzzy_hit_or_unknown_end_use_makes_the_case_incomplete():
    assert determine(facts("AE", "C", hits=[hit(alert=False)])).outcome == "incomplete"
    assert determine(facts("AE", "C", end_use="unknown")).outcome == "incomplete"


def test_military_end_use_to_a_non_group_a_country_needs_a_licence():
    assert codes(determine(facts("AE", "C", end_use="military"))) == ["C3"]


def test_a_clean_application_to_group_a_needs_no_licence_and_records_its_basis():
    result = determine(facts("DE", "A"))
    assert result.outcome == "no_licence_required"
    assert codes(result) == ["N1"]
    assert "Group A" in result.rules[0].text


def test_the_strictest_outcome_wins():
    result = determine(
        facts("KP", "D", {"nk_total_embargo"}, goods=[LATHE], hits=[hit(alert=False)])
    )
    assert result.outcome == "approval_required"
    assert codes(result) == ["S1", "L1", "U1"]


def test_screening_that_did_not_cover_every_list_makes_the_case_incomplete():
    result = determine(
        ApplicationFacts(
            on=ON,
            destination="DE",
            destination_group="A",
            destination_designations=frozenset(),
            end_use_category="civil",
            goods=(PUMP,),
            hits=(),
            screening_problems=("all parties: no list has an active version",),
        )
    )
    assert result.outcome == "incomplete"
    assert codes(result) == ["U1"]
