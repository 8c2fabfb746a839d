"""Engine settings: thresholds, review band, candidate limits and scoring weights."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from .types import _rebuilt

# Bump whenever normalisation or scoring changes: stored results name the version that made them.
ENGINE_VERSION: Final = "2026.11.27.25"


@dataclass(frozen=True)
class EngineConfig:
    """Every knob the scorer and the candidate generator use; the defaults are the calibrated ones.

    alert_threshold: score at or above which a match alerts an officer.
    review_threshold: score at or above which a match is shown in the review band.
    """

    alert_threshold: float = 0.70
    review_threshold: float = 0.60
    # candidate generation
    candidate_limit: int = 20  # aliases re-scored per query reading
    common_token_share: float = 0.01  # tokens in more aliases than this share are "common"
    common_token_min: int = 100  # ... but never fewer aliases than this
    # scoring
    extra_query_weight: float = 0.8  # weight of a query token the list name lacks
    extra_list_weight: float = 0.2  # weight of a list token the query lacks
    conflict_weight: float = 0.8  # weight of a list token that replaces an unmatched query token
    number_mismatch_penalty: float = 0.3
    family_name_weight: float = 1.3  # the last name part of a person's name
    lineage_swap_penalty: float = 0.35  # "X bin Y" against "Y bin X"
    generic_only_cap: float = 0.5
    idf_floor: float = 0.2  # weight of the most common token in the lists, before kind weights
    idf_full_df: int = 3  # tokens in at most this many aliases weigh fully
    # qualifiers
    country_match_bonus: float = 0.03
    country_mismatch_penalty: float = 0.10
    kind_mismatch_penalty: float = 0.10

    def __reduce__(self) -> tuple[type[EngineConfig], tuple[Any, ...]]:
        return _rebuilt(self)

    def band(self, score: float) -> str:
        if score >= self.alert_threshold:
            return "alert"
        if score >= self.review_threshold:
            return "review"
        return "below"
