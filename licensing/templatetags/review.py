"""Template helpers for the officer pages: token highlighting, SVG bar charts, labels."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from screening.engine.index import KATAKANA_SPLIT_STEP
from screening.engine.normalise import COUNTRY_STEP, SHORT_FORM_READING, SHORT_FORM_STEP

register = template.Library()

WORD = re.compile(r"\w+")


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def aligned_tokens(explanation: Mapping[str, Any] | None, side: str) -> dict[str, dict[str, Any]]:
    """The words of one side ("query" or "list") the engine aligned, keyed by folded word.

    Legal-form classes ("~LLC") are mapped back to the words written in the name ("llc").
    """
    if not isinstance(explanation, Mapping):
        return {}
    other = "list" if side == "query" else "query"
    normalisation = (explanation.get("normalisation") or {}).get(side) or {}
    legal: dict[str, list[str]] = {}
    for form in normalisation.get("legal_forms") or []:
        if isinstance(form, Mapping) and form.get("class") and form.get("written"):
            legal.setdefault(_key(f"~{form['class']}"), []).extend(
                WORD.findall(_key(str(form["written"])))
            )
    marks: dict[str, dict[str, Any]] = {}
    for pair in explanation.get("alignment") or []:
        if not isinstance(pair, Mapping):
            continue
        info = {
            "how": str(pair.get("how") or ""),
            "score": pair.get("score"),
            "other": str(pair.get(other) or ""),
        }
        for token in str(pair.get(side) or "").split():
            key = _key(token)
            for word in legal.get(key, []) if key.startswith("~") else WORD.findall(key):
                marks.setdefault(word, info)
    return marks


def name_segments(
    text: str, explanation: Mapping[str, Any] | None, side: str
) -> list[tuple[str, dict[str, Any] | None]]:
    """Splits a name into runs of plain text and aligned words (with how they aligned)."""
    marks = aligned_tokens(explanation, side)
    segments: list[tuple[str, dict[str, Any] | None]] = []
    position = 0
    for match in WORD.finditer(text or ""):
        info = marks.get(_key(match.group()))
        if info is None:
            continue
        if match.start() > position:
            segments.append((text[position : match.start()], None))
        segments.append((match.group(), info))
        position = match.end()
    if position < len(text or ""):
        segments.append((text[position:], None))
    return segments


@register.simple_tag
def highlight_tokens(text: str, explanation: Any, side: str) -> SafeString:
    """The name with each word the engine aligned wrapped in <mark>, titled with its partner."""
    parts = []
    for chunk, info in name_segments(str(text or ""), explanation, side):
        if info is None:
            parts.append(format_html("{}", chunk))
            continue
        how = info["how"] or "match"
        score = info["score"]
        title = _("matches “%(other)s”: %(how)s%(score)s") % {
            "how": how_label(how),
            "other": token_text(info["other"]),
            "score": f" ({float(score):.2f})" if isinstance(score, int | float) else "",
        }
        parts.append(
            format_html(
                '<mark class="tok tok-{}" title="{}">{}</mark>',
                re.sub(r"[^a-z0-9-]", "", how.lower()),
                title,
                chunk,
            )
        )
    return SafeString("".join(parts))


@register.filter
def token_text(token: Any) -> str:
    """The engine writes legal-form classes as "~LLC"; officers read "LLC (legal form)"."""
    text = str(token or "")
    if text.startswith("~"):
        return _("%(form)s (legal form)") % {"form": text[1:]}
    return text


@register.filter
def how_class(how: Any) -> str:
    return re.sub(r"[^a-z0-9-]", "", str(how or "").lower())


# The engine's kinds of evidence for an aligned pair of words (scoring.token_sim and align).
HOW = {
    "exact": gettext_lazy("same word"),
    "fuzzy": gettext_lazy("spelt nearly the same"),
    "spelling-variant": gettext_lazy("spelling variant"),
    "legal-class": gettext_lazy("same kind of legal form"),
    "initial": gettext_lazy("initial"),
    "initials": gettext_lazy("initials of the words"),
    "skeleton": gettext_lazy("same consonants"),
    "joined": gettext_lazy("written as one word"),
    "split-elsewhere": gettext_lazy("the same letters, split elsewhere"),
    "skeleton-joined": gettext_lazy("same consonants, written as one word"),
    "katakana": gettext_lazy("sounds as katakana writes it"),
}
BANDS = {
    "alert": gettext_lazy("alert"),
    "review": gettext_lazy("review band"),
    "below": gettext_lazy("below the review band"),
}
# Notes the engine adds when it lowers a score, as it words them, and how officers read them.
_PENALTY_NOTES: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(r"^numbers differ: x(?P<f>[\d.]+)$"), gettext_lazy("numbers differ: ×%(f)s")),
    (
        re.compile(r"^own name and father's name swapped around 'bin': x(?P<f>[\d.]+)$"),
        gettext_lazy("own name and father's name swapped around “bin”: ×%(f)s"),
    ),
    (
        re.compile(r"^only generic words or legal forms matched: capped at (?P<f>[\d.]+)$"),
        gettext_lazy("only generic words or legal forms matched: capped at %(f)s"),
    ),
    (
        re.compile(r"^a whole name read from its own script: each list word it lacks counts$"),
        gettext_lazy(
            "the party’s name, read from its own script, is the whole name: each word of the "
            "listed name it lacks counts against the match"
        ),
    ),
)


@register.filter
def how_label(how: Any) -> str:
    return _label(HOW, how)


def _penalty(note: str) -> str:
    for pattern, text in _PENALTY_NOTES:
        m = pattern.match(note)
        if m:
            return str(text) % m.groupdict()
    return note


# readings of a name the engine guesses (the party's name is written in another script)
READINGS = {
    "pinyin": gettext_lazy("Chinese (pinyin)"),
    "wade-giles": gettext_lazy("Chinese (Wade–Giles)"),
    "japanese": gettext_lazy("Japanese (romaji)"),
    "hangul": gettext_lazy("Korean (Hangul romanised)"),
    "hanja": gettext_lazy("Korean (Han characters read in Korean)"),
    "katakana": gettext_lazy("a foreign name written in katakana"),
}
BRACKETED_STEP = "bracketed spellings read in place of the word before them"
_LEGAL_WORD_STEP = re.compile(r"legal-form word '(?P<written>[^']+)' read as '(?P<word>[^']+)'$")


@register.filter
def name_reading_notes(explanation: Any) -> list[str]:
    """What the engine assumed in reading the party's name: the script's reading it compared,
    and misspelt legal-form words it read as the form."""
    if not isinstance(explanation, Mapping):
        return []
    notes: list[str] = []
    readings = explanation.get("readings") or {}
    label = READINGS.get(str(readings.get("query") or ""))
    if label:
        notes.append(
            _("The party’s name was read as %(reading)s (confidence %(confidence)s).")
            % {"reading": label, "confidence": f"{float(readings.get('confidence') or 0):.2f}"}
        )
    normalisation = (explanation.get("normalisation") or {}).get("query") or {}
    steps = [str(step) for step in normalisation.get("steps") or []]
    if any(step.startswith("consonant skeleton taken") for step in steps):
        notes.append(
            _(
                "Words in Arabic or Hebrew script were compared by their consonants, and by the "
                "long vowels Arabic script writes."
            )
        )
    for step in steps:
        if step.startswith(KATAKANA_SPLIT_STEP):
            notes.append(
                _(
                    "The katakana in the party’s name has no dots between its words; it was "
                    "also read as %(words)s, the words the lists’ names sound like."
                )
                % {"words": step[len(KATAKANA_SPLIT_STEP) :]}
            )
        m = _LEGAL_WORD_STEP.match(str(step))
        if m:
            notes.append(
                _("“%(written)s” was read as the legal-form word “%(word)s”.") % m.groupdict()
            )
    listed = (explanation.get("normalisation") or {}).get("list") or {}
    listed_steps = [str(step) for step in listed.get("steps") or []]
    countries = dict.fromkeys(
        pair
        for step in (*steps, *listed_steps)
        if step.startswith(COUNTRY_STEP)
        for pair in step[len(COUNTRY_STEP) :].split(", ")
    )
    for pair in countries:
        written, _arrow, word = pair.partition("->")
        notes.append(
            _(
                "“%(written)s” was also read as “%(word)s”: a country’s name is read as one word, "
                "whether written in full, as an acronym or as it is commonly called."
            )
            % {"written": written, "word": word}
        )
    # a given name in a short form read as the full name, where that reading is the one matched
    short_forms = [
        pair
        for side, side_steps in (("query", steps), ("list", listed_steps))
        if readings.get(side) == SHORT_FORM_READING
        for step in side_steps
        if step.startswith(SHORT_FORM_STEP)
        for pair in step[len(SHORT_FORM_STEP) :].split(", ")
    ]
    for pair in short_forms:
        short, _arrow, full = pair.partition("->")
        names = _(" or ").join(_("“%(name)s”") % {"name": name} for name in full.split("/"))
        notes.append(
            _(
                "“%(short)s” was also read as %(full)s: a given name written in a short form is "
                "compared with the full name as well."
            )
            % {"short": short, "full": names}
        )
    if "Latin initials among the native script left aside" in steps:
        notes.append(
            _(
                "Latin initials or a legal form written beside the name in its own script were "
                "left aside in reading it."
            )
        )
    if any(BRACKETED_STEP in step for step in (*steps, *listed_steps)):
        notes.append(
            _(
                "A name that gives other spellings of a word in brackets was compared with each "
                "spelling in place of that word."
            )
        )
    return notes


@register.filter
def match_summary(explanation: Any) -> str:
    """One line on why a name matched, in the page's language, from the engine's explanation
    (the stored explanation keeps the engine's own English summary for the record and the API)."""
    if not isinstance(explanation, Mapping):
        return ""
    score = explanation.get("score")
    if score is None:
        return str(explanation.get("summary") or "")
    parts = [
        _("%(score)s (%(band)s)")
        % {"score": f"{float(score):.2f}", "band": _label(BANDS, explanation.get("band"))}
    ]
    if explanation.get("path") == "native":
        native = explanation.get("native")
        if isinstance(native, Mapping) and native.get("query") and native.get("list"):
            parts.append(
                _("the names compared in their own script: %(query)s ~ %(list)s")
                % {"query": native["query"], "list": native["list"]}
            )
        else:
            parts.append(_("the names compared in their own script"))
    else:
        pairs = [
            f"{token_text(a.get('query'))}~{token_text(a.get('list'))} {float(a.get('score', 0)):.2f}"
            for a in (explanation.get("alignment") or [])[:6]
            if isinstance(a, Mapping)
        ]
        parts.append(", ".join(pairs) if pairs else str(_("no words aligned")))
    effect = float(explanation.get("country_effect") or 0)
    if effect:
        parts.append(_("country %(effect)s") % {"effect": f"{effect:+.2f}"})
    parts.extend(_penalty(str(n)) for n in explanation.get("penalties") or [])
    # Translators: between the parts of a one-line account of a match
    return _("; ").join(str(p) for p in parts)


# --- charts ----------------------------------------------------------------------------------------

CHART_WIDTH = 500
LABEL_WIDTH = 96
BAR_AREA = 360
ROW_HEIGHT = 26
BAR_HEIGHT = 17


@register.inclusion_tag("licensing/review/_bar_chart.html")
def bar_chart(
    rows: Sequence[Mapping[str, Any]],
    title: str,
    chart_id: str,
    series: str = "value:bar-main",
    *labels: str,
) -> dict[str, Any]:
    """A horizontal (stacked) bar chart as inline SVG, with a data table for screen readers.

    series is "key:css-class,key:css-class"; labels name the series in the same order (translated
    in the template). Each row maps those keys to numbers and has a "label".
    """
    keys = []
    for index, spec in enumerate(series.split(",")):
        key, _sep, css = spec.partition(":")
        label = labels[index] if index < len(labels) else key
        keys.append({"key": key, "label": label, "css": css or "bar-main"})
    totals = [sum(int(row.get(k["key"]) or 0) for k in keys) for row in rows]
    top = max(totals, default=0) or 1
    scale = BAR_AREA / top
    bars = []
    for index, (row, total) in enumerate(zip(rows, totals, strict=True)):
        y = index * ROW_HEIGHT + 4
        x = float(LABEL_WIDTH)
        segments = []
        for k in keys:
            value = int(row.get(k["key"]) or 0)
            width = value * scale
            if value:
                segments.append(
                    {
                        "x": round(x, 1),
                        "width": round(max(width, 1.5), 1),
                        "css": k["css"],
                        "label": k["label"],
                        "value": value,
                    }
                )
            x += width
        bars.append(
            {
                "label": row.get("label", ""),
                "total": total,
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "value_x": round(x + 6, 1),
                "segments": segments,
                "values": [int(row.get(k["key"]) or 0) for k in keys],
            }
        )
    return {
        "chart_id": chart_id,
        "title": title,
        "bars": bars,
        "keys": keys,
        "width": CHART_WIDTH,
        "height": max(len(bars), 1) * ROW_HEIGHT + 8,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "axis_x": LABEL_WIDTH,
    }


# --- labels ----------------------------------------------------------------------------------------

OUTCOMES = {
    "approval_required": gettext_lazy("Export approval required (refused in principle)"),
    "licence_required": gettext_lazy("Licence required"),
    "incomplete": gettext_lazy("Incomplete: awaiting review"),
    "no_licence_required": gettext_lazy("No licence required"),
}

CONCERNS = {
    "N": gettext_lazy("Nuclear"),
    "M": gettext_lazy("Missile"),
    "B": gettext_lazy("Biological"),
    "C": gettext_lazy("Chemical"),
}

HIT_STATES = {
    "pending": gettext_lazy("Pending"),
    "awaiting_countersignature": gettext_lazy("Awaiting countersignature"),
    "confirmed": gettext_lazy("Confirmed"),
    "false_positive": gettext_lazy("False positive"),
    "cleared_before": gettext_lazy("Cleared before"),
}

DECISIONS = {
    "approve": gettext_lazy("Approved"),
    "refuse": gettext_lazy("Refused"),
    "request_information": gettext_lazy("Information requested"),
    "no_licence_required": gettext_lazy("No licence required"),
}

VERBS = {
    "application_created": gettext_lazy("Application created"),
    "application_updated": gettext_lazy("Draft edited"),
    "status_changed": gettext_lazy("Status changed"),
    "document_added": gettext_lazy("Document added"),
    "document_removed": gettext_lazy("Document removed"),
    "screening_completed": gettext_lazy("Screening completed"),
    "case_routed": gettext_lazy("Case routed to a queue"),
    "case_redetermined": gettext_lazy("Determination changed"),
    "case_assigned": gettext_lazy("Case assigned"),
    "hit_disposition_set": gettext_lazy("Hit disposition set"),
    "hit_clearance_countersigned": gettext_lazy("Clearance countersigned"),
    "decision_approve": gettext_lazy("Decision: approved"),
    "decision_refuse": gettext_lazy("Decision: refused"),
    "decision_request_information": gettext_lazy("Decision: information requested"),
    "decision_no_licence_required": gettext_lazy("Decision: no licence required"),
    "information_provided": gettext_lazy("Exporter answered"),
}


def _label(table: Mapping[str, Any], code: Any) -> str:
    code = str(code or "")
    return str(table.get(code, code.replace("_", " ")))


@register.filter
def outcome_label(code: Any) -> str:
    return _label(OUTCOMES, code)


@register.filter
def concern_label(code: Any) -> str:
    return _label(CONCERNS, code)


@register.filter
def hit_state_label(code: Any) -> str:
    return _label(HIT_STATES, code)


@register.filter
def decision_label(code: Any) -> str:
    return _label(DECISIONS, code)


@register.filter
def verb_label(code: Any) -> str:
    return _label(VERBS, code)


@register.filter
def queue_label(code: Any, names: Mapping[str, str]) -> str:
    """A review queue's name from the code an audit event keeps (`names`: selectors.queue_names),
    the code itself for a queue that is gone."""
    return names.get(str(code or ""), str(code or ""))


# Reasons the system writes into status changes and routing events (officers' own words are
# shown as written).
SYSTEM_REASONS = {
    "submitted by exporter": gettext_lazy("submitted by exporter"),
    "screening started": gettext_lazy("screening started"),
    "screening completed": gettext_lazy("screening completed"),
    "information provided": gettext_lazy("information provided"),
    "hit disposition": gettext_lazy("hit disposition"),
    "hit cleared": gettext_lazy("hit cleared"),
    "approved": gettext_lazy("approved"),
    "no licence required": gettext_lazy("no licence required"),
}


@register.filter
def reason_label(reason: Any) -> str:
    return str(SYSTEM_REASONS.get(reason, reason or ""))


@register.filter
def rule_text(rule: Any) -> str:
    """A fired rule's text in the page's language (the record keeps the English)."""
    from licensing.selectors import rule_text as text_of

    return text_of(rule) if isinstance(rule, Mapping) else ""


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)


# The names of the facts a rule records and of the reference data a determination used, in the
# order they are shown (a database may keep a record's keys in an order of its own)
FACT_LABELS: dict[str, Any] = {
    "destination": gettext_lazy("Destination"),
    "destination_group": gettext_lazy("Destination group"),
    "goods": gettext_lazy("Goods"),
    "control_list_codes": gettext_lazy("Control-list codes"),
    "designations": gettext_lazy("Designations"),
    "end_use_category": gettext_lazy("End use"),
    "hits": gettext_lazy("Screening hits"),
    "problems": gettext_lazy("Screening problems"),
    "country": gettext_lazy("Country"),
    "group": gettext_lazy("Group"),
    "on": gettext_lazy("As of"),
    "hit_id": gettext_lazy("Hit"),
    "party": gettext_lazy("Party"),
    "entry": gettext_lazy("Entry"),
    "list": gettext_lazy("List"),
    "source_id": gettext_lazy("List identifier"),
    "score": gettext_lazy("Score"),
    "disposition": gettext_lazy("Disposition"),
    "concern_types": gettext_lazy("Concern types"),
}


_FACT_ORDER = {key: n for n, key in enumerate(FACT_LABELS)}


def _fact_label(key: Any) -> str:
    label = FACT_LABELS.get(key)
    return str(label) if label is not None else str(key).replace("_", " ").capitalize()


_BLOCK = mark_safe(' class="block"')  # a constant: nothing in it comes from a record


def _is_record(value: Any) -> bool:
    """A record, or a list holding records: shown below its label rather than beside it."""
    if isinstance(value, Mapping):
        return bool(value)
    return isinstance(value, list | tuple) and any(
        isinstance(v, Mapping | list | tuple) for v in value
    )


def _fact_row(key: Any, value: Any) -> tuple[str, str, str, SafeString]:
    block = _BLOCK if _is_record(value) else ""
    if key == "disposition" and isinstance(value, str):  # a hit's state, in words
        return block, _fact_label(key), block, format_html("{}", hit_state_label(value))
    return block, _fact_label(key), block, _fact_value(value)


def _fact_value(value: Any) -> SafeString:
    """A fact's value as an officer reads it: lists of words joined, records as labelled rows."""
    if isinstance(value, Mapping):
        if not value:
            return format_html('<span class="muted">{}</span>', _("none"))
        keys = sorted(value, key=lambda k: _FACT_ORDER.get(k, len(_FACT_ORDER)))
        rows = format_html_join(
            "", "<dt{}>{}</dt><dd{}>{}</dd>", (_fact_row(k, value[k]) for k in keys)
        )
        return format_html('<dl class="rule-facts">{}</dl>', rows)
    if isinstance(value, list | tuple):
        if not value:
            return format_html('<span class="muted">{}</span>', _("none"))
        if _is_record(value):
            items = format_html_join("", "<li>{}</li>", ((_fact_value(v),) for v in value))
            return format_html('<ol class="rule-facts">{}</ol>', items)
        return format_html_join(", ", "{}", ((_fact_value(v),) for v in value))
    if value is None:
        return format_html('<span class="muted">{}</span>', "—")
    if isinstance(value, bool):
        return format_html("{}", _("yes") if value else _("no"))
    return format_html("{}", value)


@register.simple_tag
def facts_table(facts: Any) -> SafeString:
    """The facts a fired rule recorded, or the reference data a determination used, as
    labelled rows (the record keeps them as data: see the audit trail for the raw form)."""
    return _fact_value(facts if isinstance(facts, Mapping) else {})


@register.simple_tag
def concern_list(codes: Sequence[str]) -> SafeString:
    return format_html_join(", ", "{} ({})", ((concern_label(c), c) for c in codes or []))
