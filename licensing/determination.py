"""Licence determination (DOMAIN-JAPAN.md §9.1): which rules fire for an application, and the outcome.

`determine()` is a pure function of a snapshot, so every rule is tested on its own; the snapshot
is built from the database as of the application date by `licensing.services`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

APPROVAL_REQUIRED = "approval_required"
LICENCE_REQUIRED = "licence_required"
INCOMPLETE = "incomplete"
NO_LICENCE_REQUIRED = "no_licence_required"

# The strictest outcome wins (§9.1 "Aggregation").
SEVERITY = {APPROVAL_REQUIRED: 3, LICENCE_REQUIRED: 2, INCOMPLETE: 1, NO_LICENCE_REQUIRED: 0}
WMD_ROWS = {"2", "3", "3-2", "4"}
WMD_CONCERNS = {"N", "M", "B", "C"}


@dataclass(frozen=True)
class GoodsFact:
    description: str
    control_code: str  # "" when not listed
    row: str  # "" when not listed
    hs_code: str


@dataclass(frozen=True)
class HitFact:
    hit_id: int
    party_name: str
    list_code: str
    list_kind: str  # "end_user" | "sanctions"
    source_id: str
    entry_name: str
    score: float
    alert: bool
    disposition: str  # effective: "pending" | "confirmed" | "false_positive"
    concern_types: tuple[str, ...] = ()
    conventional_weapons: bool = False


@dataclass(frozen=True)
class ApplicationFacts:
    on: dt.date
    destination: str
    destination_group: str
    destination_designations: frozenset[str]
    end_use_category: str
    goods: tuple[GoodsFact, ...]
    hits: tuple[HitFact, ...]
    # versions of the data used, for the trace
    reference: dict[str, Any] = field(default_factory=dict)
    # Parties that could not be screened, or "no list" problems: the case cannot be cleared.
    screening_problems: tuple[str, ...] = ()


def gettext_noop(message: str) -> str:
    """Marks a rule's text for the message catalogue: the record keeps the English text, and
    pages show the translation of `template` with `params` (licensing.templatetags.review)."""
    return message


@dataclass
class FiredRule:
    code: str
    outcome: str
    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    template: str = ""
    params: dict[str, str] = field(default_factory=dict)


def _rule(
    code: str, outcome: str, template: str, facts: dict[str, Any], **params: str
) -> FiredRule:
    return FiredRule(code, outcome, template % params, facts, template, params)


@dataclass
class Determination:
    outcome: str
    rules: list[FiredRule]
    evaluated_on: dt.date
    reference: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "evaluated_on": self.evaluated_on.isoformat(),
            "rules": [asdict(rule) for rule in self.rules],
            "reference": self.reference,
        }


def _hit_summary(hit: HitFact) -> dict[str, Any]:
    return {
        "hit_id": hit.hit_id,
        "party": hit.party_name,
        "list": hit.list_code,
        "source_id": hit.source_id,
        "entry": hit.entry_name,
        "score": round(hit.score, 3),
        "disposition": hit.disposition,
    }


def determine(facts: ApplicationFacts) -> Determination:
    rules: list[FiredRule] = []
    live_hits = [h for h in facts.hits if h.disposition != "false_positive"]
    matches = [h for h in live_hits if h.alert]  # strong enough to act on, confirmed or not
    fuzzy_pending = [h for h in live_hits if not h.alert and h.disposition == "pending"]
    listed = [g for g in facts.goods if g.row and g.row != "16"]
    catch_all = [g for g in facts.goods if not g.row or g.row == "16"]
    group_a = facts.destination_group == "A"

    if "nk_total_embargo" in facts.destination_designations:
        rules.append(
            _rule(
                "S1",
                APPROVAL_REQUIRED,
                gettext_noop(
                    "Destination is North Korea: total export ban; approval refused in principle."
                ),
                {"destination": facts.destination},
            )
        )
    if "ru_by_approval" in facts.destination_designations and listed:
        rules.append(
            _rule(
                "S2",
                APPROVAL_REQUIRED,
                gettext_noop(
                    "Russia/Belarus with list-controlled goods: export approval, refused in principle."
                ),
                {"destination": facts.destination, "goods": [g.control_code for g in listed]},
            )
        )
    sanctions = [h for h in matches if h.list_kind == "sanctions"]
    if sanctions:
        confirmed = any(h.disposition == "confirmed" for h in sanctions)
        rules.append(
            _rule(
                "S3",
                APPROVAL_REQUIRED if confirmed else INCOMPLETE,
                gettext_noop("A party matches a sanctions list (confirmed).")
                if confirmed
                else gettext_noop("A party matches a sanctions list (pending review)."),
                {"hits": [_hit_summary(h) for h in sanctions]},
            )
        )

    by_row: dict[str, list[str]] = {}
    for g in listed:
        by_row.setdefault(g.row, []).append(g.control_code)
    if any(row == "1" for row in by_row):
        rules.append(
            _rule(
                "L2",
                LICENCE_REQUIRED,
                gettext_noop(
                    "Arms (row 1): licence required for every destination; arms policy review."
                ),
                {"goods": by_row["1"]},
            )
        )
    wmd_rows = sorted(row for row in by_row if row in WMD_ROWS)
    if wmd_rows:
        rules.append(
            _rule(
                "L3",
                LICENCE_REQUIRED,
                gettext_noop(
                    "WMD-related list goods (rows 2-4): licence required for every destination."
                ),
                {"goods": [c for r in wmd_rows for c in by_row[r]]},
            )
        )
    other_rows = sorted(row for row in by_row if row != "1" and row not in WMD_ROWS)
    if other_rows:
        rules.append(
            _rule(
                "L1",
                LICENCE_REQUIRED,
                gettext_noop(
                    "List-controlled goods (rows 5-15): licence required for every destination."
                ),
                {"goods": [c for r in other_rows for c in by_row[r]]},
            )
        )

    if catch_all and not group_a:
        eul = [h for h in matches if h.list_kind == "end_user"]
        wmd = [h for h in eul if WMD_CONCERNS & set(h.concern_types)]
        if wmd:
            rules.append(
                _rule(
                    "C4",
                    LICENCE_REQUIRED,
                    gettext_noop(
                        "Catch-all: a party is on the End User List with concern type(s) "
                        "%(concerns)s and the destination is in Group %(group)s."
                    ),
                    {
                        "hits": [
                            _hit_summary(h) | {"concern_types": list(h.concern_types)} for h in wmd
                        ],
                        "destination_group": facts.destination_group,
                    },
                    concerns=", ".join(sorted({c for h in wmd for c in h.concern_types})),
                    group=facts.destination_group,
                )
            )
        cw = [h for h in eul if h.conventional_weapons]
        if cw:
            rules.append(
                _rule(
                    "C6",
                    LICENCE_REQUIRED,
                    gettext_noop(
                        "Catch-all: a party is on the End User List as a conventional-weapons "
                        "concern; destination in Group %(group)s."
                    ),
                    {
                        "hits": [_hit_summary(h) for h in cw],
                        "destination_group": facts.destination_group,
                    },
                    group=facts.destination_group,
                )
            )
        if facts.end_use_category in ("military", "military_related"):
            rules.append(
                _rule(
                    "C3",
                    LICENCE_REQUIRED,
                    gettext_noop(
                        "Catch-all: the declared end use is military and the destination is in "
                        "Group %(group)s."
                    )
                    if facts.end_use_category == "military"
                    else gettext_noop(
                        "Catch-all: the declared end use is military-related and the destination "
                        "is in Group %(group)s."
                    ),
                    {
                        "end_use_category": facts.end_use_category,
                        "destination_group": facts.destination_group,
                    },
                    group=facts.destination_group,
                )
            )

    if fuzzy_pending:
        rules.append(
            _rule(
                "U1",
                INCOMPLETE,
                gettext_noop(
                    "Incomplete: possible list matches below the alert threshold await review."
                ),
                {"hits": [_hit_summary(h) for h in fuzzy_pending]},
            )
        )
    if facts.screening_problems:
        rules.append(
            _rule(
                "U1",
                INCOMPLETE,
                gettext_noop("Incomplete: screening did not cover every party against every list."),
                {"problems": list(facts.screening_problems)},
            )
        )
    if facts.end_use_category == "unknown":
        rules.append(
            _rule(
                "U1",
                INCOMPLETE,
                gettext_noop("Incomplete: the end use has not been established."),
                {"end_use_category": "unknown"},
            )
        )

    if not rules:
        basis = (
            gettext_noop(
                "Group A destination, goods not on the control list, no list hits: no licence "
                "required (catch-all is inform-only for Group A)."
            )
            if group_a
            else gettext_noop(
                "Goods not on the control list to a Group %(group)s destination, no End User "
                "List or sanctions hit and a civil end use: the catch-all requirements are not met."
            )
        )
        rules.append(
            _rule(
                "N1",
                NO_LICENCE_REQUIRED,
                basis,
                {"destination_group": facts.destination_group},
                group=facts.destination_group,
            )
        )

    outcome = max((r.outcome for r in rules), key=lambda o: SEVERITY[o])
    return Determination(
        outcome=outcome, rules=rules, evaluated_on=facts.on, reference=facts.reference
    )
