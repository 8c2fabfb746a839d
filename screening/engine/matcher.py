"""Compare two normalised names over all their readings, apply qualifiers, explain the result."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .config import ENGINE_VERSION, EngineConfig
from .normalise import GUESSED, KIND_WEIGHT, NormalisedName, Reading, Token, distinctive_native
from .scoring import Alignment, align, native_sim

# 10 ** digits, for rounded()
_SCALES = (1.0, 10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0)


def rounded(x: float, digits: int) -> float:
    """round(x, digits): the same float, at a fraction of its cost.

    The builtin rounds through a correctly rounded decimal conversion (a few thousand machine
    instructions; an explanation rounds a dozen scores). Here x is scaled and the nearer whole
    number taken; dividing it back gives the double nearest to that decimal, as round() does.
    Where the scaled value lies within a millionth of a half (the product's own rounding could
    then pick the wrong side), or is huge or not a number, the builtin decides."""
    if not 0 <= digits < len(_SCALES):
        return round(x, digits)
    scale = _SCALES[digits]
    y = x * scale
    if not abs(y) < 1e15:
        return round(x, digits)
    whole = float(math.floor(y))
    rest = y - whole
    if abs(rest - 0.5) < 1e-6:
        return round(x, digits)
    out = (whole + 1.0 if rest > 0.5 else whole) / scale
    return out if out != 0.0 else math.copysign(0.0, x)


class Weights:
    """Token weights: kind weight times a document-frequency weight from the loaded lists.

    A token found in at most `idf_full_df` aliases weighs fully; the most common token weighs
    `idf_floor`; in between the weight falls with the logarithm of the frequency (an IDF).
    """

    def __init__(
        self,
        df: Mapping[str, int] | None,
        n_aliases: int,
        cfg: EngineConfig,
        skeleton_df: Mapping[str, int] | None = None,
    ):
        self.df: Mapping[str, int] = df or {}
        # consonant skeletons are weighted by how many list words share them ("mhmd" is common)
        self.skeleton_df: Mapping[str, int] = skeleton_df or {}
        self.cfg = cfg
        self._span = math.log(max(n_aliases, cfg.idf_full_df + 1) / cfg.idf_full_df)

    def idf(self, text: str, df: int | None = None) -> float:
        if df is None:
            df = self.df.get(text, 0)
        if df <= self.cfg.idf_full_df:
            return 1.0
        frac = math.log(df / self.cfg.idf_full_df) / self._span
        return 1.0 - min(frac, 1.0) * (1.0 - self.cfg.idf_floor)

    def skeleton(self, skel: str) -> float:
        """Weight of a consonant-skeleton token with this skeleton."""
        return KIND_WEIGHT["skeleton"] * self.idf(skel, self.skeleton_df.get(skel, 0))

    def token(self, t: Token) -> float:
        if t.kind == "skeleton":
            return self.skeleton(t.skel)
        return KIND_WEIGHT.get(t.kind, 1.0) * self.idf(t.text)

    def reading(self, r: Reading) -> tuple[float, ...]:
        return tuple(self.token(t) for t in r.tokens)


@dataclass(init=False)  # its own __init__: one @dataclass makes runs as interpreted Python
class Comparison:
    name_score: float
    path: str  # "latin" or "native"
    q_reading: Reading | None
    c_reading: Reading | None
    alignment: Alignment | None

    def __init__(
        self,
        name_score: float,
        path: str,
        q_reading: Reading | None = None,
        c_reading: Reading | None = None,
        alignment: Alignment | None = None,
    ) -> None:
        self.name_score = name_score
        self.path = path
        self.q_reading = q_reading
        self.c_reading = c_reading
        self.alignment = alignment


def compare(
    qn: NormalisedName,
    qw: Sequence[tuple[float, ...]],
    c_readings: Sequence[Reading],
    cw: Sequence[tuple[float, ...]],
    c_native: str,
    c_native_legal: str | None,
    cfg: EngineConfig,
    memo: dict[tuple[int, int, bool], tuple[float, str]] | None = None,
) -> Comparison:
    """Best comparison over every pair of readings, and native key against native key."""
    best = Comparison(0.0, "none")
    for qi, qr in enumerate(qn.readings):
        for ci, cr in enumerate(c_readings):
            strict = qr.label in GUESSED or cr.label in GUESSED
            al = align(
                qr.tokens,
                qw[qi],
                cr.tokens,
                cw[ci],
                cfg,
                strict,
                memo,
                q_parts=qr.parts,
                c_parts=cr.parts,
            )
            s = al.score * qr.confidence * cr.confidence
            if s > best.name_score or best.path == "none":
                best = Comparison(s, "latin", qr, cr, al)
    if qn.native_key and c_native:
        s = native_sim(qn.native_key, qn.native_legal, c_native, c_native_legal)
        if s > best.name_score:
            best = Comparison(s, "native")
    return best


def qualify(
    score: float,
    q_country: str | None,
    c_country: str | None,
    q_kind: str | None,
    c_kind: str | None,
    cfg: EngineConfig,
) -> tuple[float, list[dict[str, Any]]]:
    """Country and kind as qualifiers: they move a name score a little, never make one."""
    effects: list[dict[str, Any]] = []
    if q_country and c_country:
        a, b = q_country.strip().upper(), c_country.strip().upper()
        if a == b:
            new = min(1.0, score + cfg.country_match_bonus)
            effects.append(
                {"factor": "country", "query": a, "list": b, "effect": rounded(new - score, 4)}
            )
            score = new
        else:
            effects.append(
                {
                    "factor": "country",
                    "query": a,
                    "list": b,
                    "effect": -cfg.country_mismatch_penalty,
                }
            )
            score = max(0.0, score - cfg.country_mismatch_penalty)
    else:
        effects.append(
            {
                "factor": "country",
                "query": q_country,
                "list": c_country,
                "effect": 0.0,
                "note": "unknown",
            }
        )
    qk = q_kind if q_kind in ("person", "organisation") else None
    ck = c_kind if c_kind in ("person", "organisation") else None
    if qk and ck and qk != ck:
        effects.append(
            {"factor": "kind", "query": qk, "list": ck, "effect": -cfg.kind_mismatch_penalty}
        )
        score = max(0.0, score - cfg.kind_mismatch_penalty)
    return score, effects


def _shown(t: Token) -> str:
    """A word as the explanation shows it: an Arabic-script word as written, its consonant
    skeleton (what was compared) after it: "الستار (str)"."""
    if t.kind == "skeleton" and t.source and t.source != t.text:
        return f"{t.source} ({t.text})"
    return t.text


def _shown_pair(q: Token, c: Token) -> tuple[str, str]:
    """Two words paired: a word read several ways (局 bureau or directorate, a Korean given
    name's spellings) is shown by the reading the other word has, where one of them is it."""
    if q.kind != "skeleton" and c.kind != "skeleton" and (len(q.forms) > 1 or len(c.forms) > 1):
        theirs = c.forms or (c.text,)
        for form in q.forms or (q.text,):
            if form in theirs:
                return form, form
    return _shown(q), _shown(c)


def explain(
    *,
    qn: NormalisedName,
    cn: NormalisedName | None,
    alias: str,
    comparison: Comparison,
    score: float,
    qualifiers: list[dict[str, Any]],
    cfg: EngineConfig,
    list_version: str = "",
    entry: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The officer-facing account of one score, JSON-serialisable."""
    band = cfg.band(score)
    alignment: list[dict[str, Any]] = []
    unmatched_q: list[dict[str, Any]] = []
    unmatched_c: list[dict[str, Any]] = []
    notes: list[str] = []
    al = comparison.alignment
    if (
        comparison.path == "latin"
        and al is not None
        and comparison.q_reading
        and comparison.c_reading
    ):
        qt, ct = comparison.q_reading.tokens, comparison.c_reading.tokens
        for p in al.pairs:
            if len(p.q) == 1 and len(p.c) == 1:
                shown_q, shown_c = _shown_pair(qt[p.q[0]], ct[p.c[0]])
            else:
                shown_q = " ".join(_shown(qt[i]) for i in p.q)
                shown_c = " ".join(_shown(ct[j]) for j in p.c)
                if len(p.q) == 1 and qt[p.q[0]].kind != "skeleton":
                    # one word read several ways, written apart on the list (songhun, Song Hun)
                    joined = "".join(ct[j].text for j in p.c)
                    if joined in qt[p.q[0]].forms:
                        shown_q = joined
            alignment.append(
                {
                    "query": shown_q,
                    "list": shown_c,
                    "how": p.how,
                    "score": rounded(p.score, 3),
                    "weight": rounded(p.weight, 3),
                }
            )
        unmatched_q = [{"token": _shown(qt[i]), "kind": qt[i].kind} for i in al.q_unmatched]
        unmatched_c = [{"token": _shown(ct[j]), "kind": ct[j].kind} for j in al.c_unmatched]
        notes = list(al.notes)
    readings = None
    if comparison.q_reading and comparison.c_reading:
        readings = {
            "query": comparison.q_reading.label,
            "list": comparison.c_reading.label,
            "confidence": rounded(
                comparison.q_reading.confidence * comparison.c_reading.confidence, 3
            ),
        }
    country_effect = sum(q["effect"] for q in qualifiers if q["factor"] == "country")
    parts = ", ".join(f"{a['query']}~{a['list']} {a['score']:.2f}" for a in alignment[:6])
    if comparison.path == "native":
        parts = f"native {qn.native_key}~{cn.native_key if cn else ''}"
    summary = (
        f"'{qn.original}' vs '{alias}': {score:.2f} ({band}); {parts or 'no tokens aligned'}"
        + (f"; country {country_effect:+.2f}" if country_effect else "")
        + (f"; {'; '.join(notes)}" if notes else "")
    )
    native = None
    if comparison.path == "native" and cn is not None:
        # the keys compared, and what tells firms apart in them (business words left out)
        native = {
            "query": qn.native_key,
            "list": cn.native_key,
            "query_distinctive": distinctive_native(qn.native_key),
            "list_distinctive": distinctive_native(cn.native_key),
        }
    return {
        "summary": summary,
        "matched_alias": alias,
        "native": native,
        "entry": dict(entry) if entry else None,
        "path": comparison.path,
        "readings": readings,
        "alignment": alignment,
        "unmatched_query_tokens": unmatched_q,
        "unmatched_list_tokens": unmatched_c,
        "penalties": notes,
        "name_score": rounded(comparison.name_score, 4),
        "qualifiers": qualifiers,
        "country_effect": rounded(country_effect, 4),
        "score": rounded(score, 4),
        "band": band,
        "alert_threshold": cfg.alert_threshold,
        "review_threshold": cfg.review_threshold,
        "normalisation": {"query": qn.describe(), "list": cn.describe() if cn else None},
        "list_version": list_version,
        "engine_version": ENGINE_VERSION,
    }
