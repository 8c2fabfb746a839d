"""One normalisation for list names and queries, keeping every step for the explanation.

`normalise(name)` returns a NormalisedName: Latin readings made of typed tokens (word, number,
legal form class, generic word, particle, title, initial, consonant skeleton) plus, for Han and
kana text, a folded native key. The scorer compares these, never the raw strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import scripts
from .lexicon import (
    ABBREVIATIONS,
    AMBIGUOUS_LEGAL,
    ARABIC_SHORT_NAMES,
    ARABIC_WORDS,
    BRACKETED_LEGAL,
    BRANCH_WORDS,
    COUNTRY_NAMES,
    GENERIC_WORDS,
    GIVEN_NAME_SHORT_FORMS,
    HAN_BUSINESS_WORDS,
    HEBREW_SHORT_NAMES,
    JAPANESE_BUSINESS_WORDS,
    KATAKANA_LETTERS,
    KATAKANA_PARTICLES,
    KATAKANA_WORDS,
    KOREAN_KATAKANA_SURNAMES,
    KOREAN_SURNAMES,
    LEGAL_FORMS,
    LEGAL_MAX_WORDS,
    NATIVE_BRANCH,
    NATIVE_LEGAL,
    NATIVE_TITLES,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PARTICLES,
    RUSSIAN_FORMS,
    STOPWORDS,
    SURNAME_STOPWORDS,
    TENS_WORDS,
    TITLES,
)


class EmptyNameError(ValueError):
    """The name is empty or has no letters or digits once punctuation is removed."""


# How much each kind of token counts in a name before list statistics (IDF) are applied.
KIND_WEIGHT: Final[dict[str, float]] = {
    "word": 1.0,
    "number": 1.0,
    "skeleton": 1.0,
    "generic": 0.35,
    "legal": 0.2,
    "stop": 0.1,
    "particle": 0.25,
    "title": 0.15,
    "initial": 0.35,
}
# Readings that are transliteration guesses: only equal spellings count against them.
GUESSED: Final = frozenset({"pinyin", "japanese", "hangul", "hanja"})
# Kinds that identify a party; a match made only of the other kinds is not evidence.
DISTINCTIVE: Final = frozenset({"word", "number", "skeleton"})


# Hot classes (several per name) write their own __init__: the one @dataclass generates runs as
# interpreted Python even when the engine is compiled.
@dataclass(slots=True, eq=False, init=False)
class Token:
    text: str  # comparable form: latin lower-case word, number, "~CLASS" for legal forms
    kind: str
    source: str  # the piece of the original it came from
    forms: tuple[str, ...]  # other spellings (Hangul readings); text is always first
    loose: str  # phonetic-ish fold used for a second fuzzy comparison
    skel: str  # consonant skeleton (weak key for abjad scripts)
    kana: str  # a katakana word's coarse sounds (see scripts.katakana_sounds), else ""
    gaps: tuple[str, ...]  # an Arabic-script word's long vowels (scripts.arabic_skeleton)

    def __init__(
        self,
        text: str,
        kind: str,
        source: str,
        forms: tuple[str, ...] = (),
        loose: str = "",
        skel: str = "",
        kana: str = "",
        gaps: tuple[str, ...] = (),
    ) -> None:
        self.text = text
        self.kind = kind
        self.source = source
        self.forms = forms
        self.loose = loose
        self.skel = skel
        self.kana = kana
        self.gaps = gaps

    def all_forms(self) -> tuple[str, ...]:
        return self.forms or (self.text,)


@dataclass(slots=True, init=False)  # its own __init__: see Token
class Reading:
    """One Latin reading of a name: its tokens and how sure the reading is."""

    label: (
        str  # "latin", "alternative" (one of "A/B"), "wade-giles", "pinyin", "japanese", "hangul",
        # "hanja" (Han characters read as Korean), "katakana", "full given name" (a short form
        # read as the given name it is short for)
    )
    tokens: tuple[Token, ...]
    confidence: float
    # each token is a whole part of a personal name read from a native script, one per word
    # written apart ("想 曹": so, cao): two of them are never one word of a list name ("Soso")
    parts: bool

    def __init__(
        self, label: str, tokens: tuple[Token, ...], confidence: float = 1.0, parts: bool = False
    ) -> None:
        self.label = label
        self.tokens = tokens
        self.confidence = confidence
        self.parts = parts


@dataclass(init=False)  # its own __init__: see Token (one per name screened)
class NormalisedName:
    original: str
    folded: str  # after NFKC and case folding
    readings: list[Reading]
    native_key: str  # Han/kana core, variant-folded, legal forms removed
    native_raw: str
    native_legal: str | None
    scripts: list[str]
    steps: list[str]
    legal_forms: list[tuple[str, str]]  # (as written, class)
    abbreviations: list[tuple[str, str]]
    branch_removed: str
    reordered: bool
    looks_like_org: bool
    # describe()'s answer, made once: a name's explanations all show it (never changed after)
    described: dict[str, Any] | None = field(repr=False, compare=False)

    def __init__(
        self,
        original: str,
        folded: str,
        readings: list[Reading],
        native_key: str = "",
        native_raw: str = "",
        native_legal: str | None = None,
        scripts: list[str] | None = None,
        steps: list[str] | None = None,
        legal_forms: list[tuple[str, str]] | None = None,
        abbreviations: list[tuple[str, str]] | None = None,
        branch_removed: str = "",
        reordered: bool = False,
        looks_like_org: bool = False,
    ) -> None:
        self.original = original
        self.folded = folded
        self.readings = readings
        self.native_key = native_key
        self.native_raw = native_raw
        self.native_legal = native_legal
        self.scripts = [] if scripts is None else scripts
        self.steps = [] if steps is None else steps
        self.legal_forms = [] if legal_forms is None else legal_forms
        self.abbreviations = [] if abbreviations is None else abbreviations
        self.branch_removed = branch_removed
        self.reordered = reordered
        self.looks_like_org = looks_like_org
        self.described = None

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.readings[0].tokens if self.readings else ()

    @property
    def latin(self) -> str:
        return " ".join(t.text for t in self.tokens)

    def describe(self) -> dict[str, Any]:
        """The intermediate forms, as shown to an officer (the same dict each time it is asked:
        it is only read)."""
        if self.described is None:
            self.described = self._describe()
        return self.described

    def _describe(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "folded": self.folded,
            "latin": self.latin,
            "readings": [
                {
                    "reading": r.label,
                    "tokens": [t.text for t in r.tokens],
                    "confidence": r.confidence,
                }
                for r in self.readings
            ],
            "native_key": self.native_key,
            "scripts": self.scripts,
            "steps": self.steps,
            "legal_forms": [{"written": w, "class": c} for w, c in self.legal_forms],
            "abbreviations": [{"written": a, "expanded": e} for a, e in self.abbreviations],
            "branch_removed": self.branch_removed,
            "reordered": self.reordered,
        }


_ACRONYM: Final = re.compile(r"\b(?:[^\W\d_]\.){2,}(?:[^\W\d_]\b)?")
_APOSTROPHE: Final = re.compile(r"['’‘`ʼʻ´]")


# patterns of the word rules below, compiled once
_SPACES: Final = re.compile(r"\s+")
_KANA_PARTICLE: Final = re.compile(r"(?<=[\u30a1-\u30fa\u30fc])[のと](?=[\u30a1-\u30fa])")
# hiragana he, be and pe look the same as katakana's, and are typed for them inside katakana
# words (ザビト・へイルベコフ): there they are read as katakana
_KANA_LOOKALIKES: Final = re.compile(
    r"(?<=[\u30a1-\u30fa\u30fc])[へべぺ]|[へべぺ](?=[\u30a1-\u30fa\u30fc])"
)
_AS_KATAKANA: Final = str.maketrans("へべぺ", "ヘベペ")
_NOT_ALNUM: Final = re.compile(r"[^a-z0-9]")
_NOT_ALNUM_SPACE: Final = re.compile(r"[^a-z0-9 ]")
_NOT_LETTER: Final = re.compile(r"[^a-z]")
_ALTERNATIVES_SPLIT: Final = re.compile(r"[/,;、]")


def _mark_class() -> str:
    """A regex class body of every combining mark (Unicode category M): vowel signs and viramas
    of Indic and Thai words, Hebrew points, Arabic harakat. They belong to the word they sit in."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x20000):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    # \U with eight digits: \u takes four, so a mark past U+FFFF would end a range early
    return "".join(f"\\U{a:08x}-\\U{b:08x}" if a != b else f"\\U{a:08x}" for a, b in ranges)


# word characters are letters, digits and the combining marks inside words
_SPLIT: Final = re.compile(f"([^\\w{_mark_class()}]+)")
# zero-width joiners and spaces steer rendering only ("कृष्‍ण" is one word); so do variation
# selectors, which pick a glyph of the character before them (a kanji's variant in a Japanese
# name: 葛 then U+E0100), and tag characters
_ZERO_WIDTH: Final[dict[int, str | None]] = {
    0x200B: " ",
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
    **dict.fromkeys(range(0xFE00, 0xFE10)),
    **dict.fromkeys(range(0xE0000, 0xE0080)),
    **dict.fromkeys(range(0xE0100, 0xE01F0)),
}
# ه and the zero-width non-joiner after it, not after an alef or in الله
_SILENT_HEH: Final = re.compile("(?<![\u0627\u0622])(?<!\u0644\u0644)\u0647\u200c")
_VOWEL_E: Final = "\u06d5"  # ە
_BOUNDARY_CHARS: Final = set(",;()[]{}/|:")
_ARABIC_ARTICLE: Final = "\u0627\u0644"  # ال
# name particles written as words of their own, by their usual Latin spelling
_ALEF_FORMS: Final = str.maketrans({"\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627"})
_ARABIC_PARTICLES: Final = {
    "\u0628\u0646": "bin",  # بن
    "\u0627\u0628\u0646": "ibn",  # ابن
    "\u0628\u0646\u062a": "bint",  # بنت
    "\u0627\u0628\u0648": "abu",  # ابو
    "\u0627\u0628\u064a": "abi",  # ابي
    "\u0627\u0644": "al",  # ال, and آل (family of)
    "\u0648\u0644\u062f": "ould",  # ولد
}
# titles written as words of their own, by the Latin spelling the lists give them (TITLES)
# with the letters Arabic and Persian write differently folded (see _TITLE_FOLD)
_ARABIC_TITLES: Final = {
    "\u062d\u0627\u062c\u064a": "hajji",  # حاجي, حاجى, حاجی
    "\u062d\u0627\u062c": "haji",  # حاج
    "\u0645\u0644\u0627": "mullah",  # ملا
    "\u0645\u0648\u0644\u0648\u064a": "maulavi",  # مولوي, مولوی
    "\u0645\u0641\u062a\u064a": "mufti",  # مفتي
    "\u0627\u0645\u0627\u0645": "imam",  # امام, إمام
    "\u0634\u064a\u062e": "sheikh",  # شيخ, شیخ
    "\u0633\u064a\u062f": "sayed",  # سيد, سید
    "\u062d\u0627\u0641\u0638": "hafiz",  # حافظ
    "\u0642\u0627\u0631\u064a": "qari",  # قاري, قارى
    "\u062f\u0643\u062a\u0648\u0631": "doctor",  # دكتور
    "\u062f\u0643\u062a\u0631": "doctor",  # دکتر
}
_TITLE_FOLD: Final[dict[int, str | None]] = {
    ord("\u0623"): "\u0627",  # أ
    ord("\u0625"): "\u0627",  # إ
    ord("\u0622"): "\u0627",  # آ
    ord("\u0649"): "\u064a",  # ى
    ord("\u06cc"): "\u064a",  # ی
    ord("\u06a9"): "\u0643",  # ک
    **dict.fromkeys(range(0x064B, 0x0653)),  # vowel marks and shadda
}
_ABD: Final = "\u0639\u0628\u062f"  # عبد
_ABDULLAH: Final = (
    "\u0639\u0628\u062f\u0627\u0644\u0644\u0647",
    "\u0627\u0644\u0644\u0647",
)  # عبدالله, الله
# letters only Persian writes (پ چ ژ گ ک ی): a Persian name such as "الینا" (Elina) has no article
_PERSIAN_LETTERS: Final = frozenset("\u067e\u0686\u0698\u06af\u06a9\u06cc")


@scripts.word_cache(maxsize=200_000)
def _loose(s: str) -> str:
    """A spelling fold for transliteration habits: kh/h, ph/f, ks/x, y/i, w/v, oo/ou/u, ee/i."""
    s = s.replace("tsch", "ch").replace("sch", "sh").replace("tch", "ch").replace("dzh", "j")
    s = s.replace("zh", "j").replace("kh", "h").replace("ph", "f").replace("ck", "k")
    s = s.replace("ch", "\x01").replace("c", "k").replace("\x01", "ch")
    s = s.replace("ks", "x").replace("q", "k").replace("w", "v")
    s = s.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("y", "i")
    single = scripts.undouble(s)
    if len(single) == 1:
        # one letter written again and again ("AA", "AAA") is a set of initials, or a code, not a
        # spelling of one letter: "AAA" is not "AA"
        return s
    s = single
    if len(s) > 3 and s.endswith("h"):
        s = s[:-1]
    return s


@scripts.word_cache(maxsize=200_000)
def make_token(text: str, kind: str, source: str, forms: tuple[str, ...] = ()) -> Token:
    """A token (shared: tokens are never changed, and the same words recur across names)."""
    if kind in ("word", "generic", "particle", "title", "initial", "stop"):
        loose = _loose(text)
        return Token(text, kind, source, forms, loose, scripts.skeleton(text))
    return Token(text, kind, source, forms, text, "")


@dataclass(init=False)  # its own __init__: see Token
class _Piece:
    text: str  # latinised lower-case text (or original for native scripts)
    script: str
    source: str
    boundary_before: str  # "," or "(" etc. when punctuation separated it from the previous

    def __init__(self, text: str, script: str, source: str, boundary_before: str = "") -> None:
        self.text = text
        self.script = script
        self.source = source
        self.boundary_before = boundary_before


def _pieces(folded: str) -> list[_Piece]:
    text = folded.replace("&", " and ").replace("+", " and ")
    text = _ACRONYM.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _APOSTROPHE.sub("", text)
    out: list[_Piece] = []
    pending = ""
    for part in _SPLIT.split(text):
        if not part:
            continue
        if not any(ch.isalnum() for ch in part):
            marks = "".join(ch for ch in part if ch in _BOUNDARY_CHARS)
            pending += marks
            continue
        if part.isascii():
            out.append(_Piece(part, scripts.LATIN, part, pending))
            pending = ""
            continue
        # split a run that changes script ("Rungra888" stays, "东新Trading" splits)
        for sub in _split_scripts(part):
            script = scripts.word_script(sub)
            out.append(_Piece(sub, script, sub, pending))
            pending = ""
    return out


@scripts.word_cache(maxsize=100_000)
def _split_scripts(part: str) -> tuple[str, ...]:
    out: list[str] = []
    cur = ""
    cur_s = ""
    for ch in part:
        s = scripts.char_script(ch) if ch.isalpha() else cur_s or scripts.LATIN
        if s == scripts.KANA:
            s = scripts.HAN  # kana and kanji form one native run
        if cur and s != cur_s:
            out.append(cur)
            cur = ""
        cur += ch
        cur_s = s
    if cur:
        out.append(cur)
    return tuple(out)


def _without(text: str, word: str) -> str:
    """`text` without `word`; where it stood between two katakana words, a space keeps them
    apart ("株式会社バッテリー会社リゲリ": Battery Company Rigel). A word in katakana followed by
    more katakana is the start of another word, and stays (カンパニーズ is companies, not カンパニー
    and ズ)."""
    parts = text.split(word)
    out = parts[0]
    kana_word = scripts.is_katakana(word)
    for part in parts[1:]:
        if kana_word and part and _KANA_GOES_ON.match(part):
            out += word + part
            continue
        between = out and part and scripts.is_katakana(out[-1]) and scripts.is_katakana(part[0])
        out += " " + part if between else part
    return out.strip()


_KANA_GOES_ON: Final = re.compile("[\u30a1-\u30fa\u30fc]")  # a katakana letter or ー, not ・


def _trimming(token: Token) -> bool:
    """An initial, a legal form or two letters (not a number): not what names a party."""
    if token.kind == "number":
        return False
    return (
        token.kind in ("initial", "legal") or len(token.text) <= 2 or (token.text,) in LEGAL_FORMS
    )


def _native_core(raw: str) -> tuple[str, str | None, str]:
    """Remove legal forms and branch words from a Han/kana string; returns (core, class, removed)."""
    core = raw
    cls: str | None = None
    removed = ""
    for word in NATIVE_BRANCH:
        pos = core.find(word)
        if pos > 0:
            removed = core[pos:]
            core = core[:pos]
            # the branch's own place name sits before the branch word; drop a short one
            break
    for word, c in NATIVE_LEGAL:
        if word in core:
            cut = _without(core, word)
            if cut != core:
                core = cut
                cls = cls or c
    if len(core) > 2 and core[-1] == "社" and scripts.is_katakana(core[-2]):
        # a foreign firm's katakana name with 社 (company) after it: マルチクレット社
        core = core[:-1]
        cls = cls or "CO"
    for title in NATIVE_TITLES:
        # a title after a foreign name in katakana (モハンマド・エスラーミー博士: Dr.)
        if (
            core.endswith(title)
            and len(core) > len(title) + 1
            and scripts.is_katakana(core[-len(title) - 1])
        ):
            core = core[: -len(title)]
            break
    return core, cls, removed


def normalise(name: str, *, kind: str | None = None, han_readings: bool = True) -> NormalisedName:
    """Normalise a list name or a query.

    `kind` ("person"/"organisation") helps name-order rules. `han_readings=False` skips Latin
    readings of Han/kana-only names: the index uses it because list entries carry their own Latin
    names, and native names are matched natively.
    """
    if name is None or not any(ch.isalnum() for ch in name):
        raise EmptyNameError("name is empty or has no letters or digits")
    folded = unicodedata.normalize("NFKC", name)
    if "\u200c" in folded:
        # Persian's ه after a consonant, before the zero-width non-joiner that ends a word's
        # part, is a vowel letter, as at the end of a word (خامنه‌ای Khamenei): read as ە, the
        # letter Kurdish writes that vowel with, before the non-joiner goes; not after an alef
        # (شاه‌ Shah) or in Allah's name (عبدالله‌زاده Abdollahzadeh)
        folded = _SILENT_HEH.sub(_VOWEL_E, folded)
    folded = folded.translate(_ZERO_WIDTH).casefold().strip()
    folded = _SPACES.sub(" ", folded)
    steps: list[str] = []
    if folded != name:
        steps.append("unicode NFKC and case fold")
    if _KANA_LOOKALIKES.search(folded):
        folded = _KANA_LOOKALIKES.sub(lambda m: m.group(0).translate(_AS_KATAKANA), folded)
        steps.append("hiragana へ, べ or ぺ among katakana read as katakana")

    for short, full in BRACKETED_LEGAL:
        if short in folded:  # "㈱東芝": brackets would split the legal form from the name
            folded = folded.replace(short, f" {full} ")
            steps.append(f"legal form {short} read as {full}")
    pieces = _pieces(folded)
    script_set = list(dict.fromkeys(p.script for p in pieces))
    latin_pieces: list[_Piece] = []
    native_parts: list[str] = []
    hangul_parts: list[_Piece] = []
    skeleton_pieces: list[_Piece] = []
    transliterated: set[str] = set()
    for p in pieces:
        if p.script == scripts.LATIN:
            if p.text.isascii():
                t = p.text if p.text.isalnum() else _NOT_ALNUM.sub("", p.text)
            else:
                t = _NOT_ALNUM.sub("", scripts.latinise(p.text))
            if t != p.text:
                transliterated.add("accents")
            if t:
                latin_pieces.append(_Piece(t, p.script, p.source, p.boundary_before))
        elif p.script in (
            scripts.CYRILLIC,
            scripts.GREEK,
            scripts.BRAHMIC,
            scripts.ABUGIDA,
            scripts.OTHER,
        ):
            if p.script == scripts.BRAHMIC:
                t = scripts.brahmic_reading(p.text)
            else:
                t = scripts.latinise(p.text)
            t = _NOT_ALNUM_SPACE.sub("", t)
            transliterated.add(p.script)
            for i, w in enumerate(t.split()):
                latin_pieces.append(
                    _Piece(w, p.script, p.source, p.boundary_before if i == 0 else "")
                )
        elif p.script in (scripts.HAN, scripts.KANA):
            native_parts.append(p.text)
        elif p.script == scripts.HANGUL:
            hangul_parts.append(p)
        else:
            skeleton_pieces.append(p)
    if transliterated - {"accents"}:
        steps.append("transliterated " + ", ".join(sorted(transliterated - {"accents"})))
    elif "accents" in transliterated:
        steps.append("accents removed")

    result = NormalisedName(
        original=name, folded=folded, readings=[], scripts=script_set, steps=steps
    )

    # Hangul names are almost always written with the family name first and no legal form
    tokens = _latin_tokens(latin_pieces, result, kind)
    org_hint = result.looks_like_org or kind == "organisation"
    if hangul_parts:
        native_hangul = "".join(p.text for p in hangul_parts)
        core, cls, _ = _native_core(native_hangul)
        if cls:
            result.legal_forms.append((native_hangul.replace(core, "") or cls, cls))
            org_hint = True
        as_person = not org_hint and len(hangul_parts) == 1 and len(core) <= 4
        for i, p in enumerate(hangul_parts):
            text = core if len(hangul_parts) == 1 else p.text
            for forms in scripts.hangul_readings(text, as_person and i == 0):
                tokens.append(make_token(forms[0], "word", p.source, forms))
        if cls:
            tokens.append(make_token("~" + cls, "legal", cls))
        steps.append("Hangul romanised (common spellings kept as alternatives)")
    z_reads: dict[int, Token] = {}  # token position -> its Arabic-script word with ذ ض ظ read as z
    if skeleton_pieces:
        article_next = False  # the article of this word was read with "عبد" before it
        hebrew = False
        translated: list[str] = []
        titles: list[str] = []
        for k, p in enumerate(skeleton_pieces):
            text = p.text
            known: tuple[str, ...] | None = None  # a Hebrew short name's spellings
            if _HEBREW_WORD.match(text):
                # Hebrew is an abjad as Arabic is, and writes its long vowels with the same
                # letters: read letter by letter as the Arabic letters of the same sounds
                # (דוד כהן as دود كهن: d-d, k-h-n, David Cohen)
                text = _HEBREW_POINTS.sub("", text)
                known = HEBREW_SHORT_NAMES.get(text.translate(_HEBREW_FINALS))
                text = text.translate(_HEBREW_AS_ARABIC)
                hebrew = True
            if article_next:
                text = text[len(_ARABIC_ARTICLE) :]
                article_next = False
            elif text.startswith(_ABD) and text not in _ABDULLAH:
                # "عبد الستار", "عبدالرحمان": lists write Abdul Sattar, Abdul Rahman
                after = text[len(_ABD) :]
                nxt = skeleton_pieces[k + 1].text if k + 1 < len(skeleton_pieces) else ""
                if not after and nxt.startswith(_ARABIC_ARTICLE) and len(nxt) > 3:
                    article_next = nxt not in _ABDULLAH[1:]
                elif after.startswith(_ARABIC_ARTICLE) and len(after) > 3:
                    text = after[len(_ARABIC_ARTICLE) :]
                if article_next or text != p.text:
                    tokens.append(make_token("abdul", "particle", p.source))
                    steps.append("Arabic 'abd al- read as the particle abdul")
                    if article_next:
                        continue
            english = _arabic_word(text)
            if english:
                # a word of an organisation's name, as the lists translate or spell it
                tokens.extend(_business_tokens(english, p.source))
                translated.append(text)
                continue
            particle = _ARABIC_PARTICLES.get(text.translate(_ALEF_FORMS))
            if particle:
                # "بن", "أبو"... are the particles lists write bin, abu ("عبد" stays a skeleton,
                # which meets "Abdullah" and "Abdul Aziz" written as one word or two)
                tokens.append(make_token(particle, "particle", p.source))
                continue
            title = _ARABIC_TITLES.get(text.translate(_TITLE_FOLD))
            if title:
                # "حاجى", "ملا": the lists write Hajji, Mullah, titles that weigh little
                tokens.append(make_token(title, "title", p.source))
                titles.append(f"{text} {title}")
                continue
            if (
                len(text) > 4
                and text.startswith(_ARABIC_ARTICLE)
                and not _PERSIAN_LETTERS.intersection(text)
            ):
                # the article written onto its word ("البغدادي"): lists write "al-Baghdadi"
                tokens.append(make_token("al", "particle", p.source))
                text = text[len(_ARABIC_ARTICLE) :]
                steps.append("Arabic article al- taken apart from its word")
            translit = scripts.latinise(text)
            arabic = scripts.arabic_skeleton(text)
            if arabic:
                sk, gaps = arabic
                if sk:
                    # (a name the skeleton says too little of, also by its known spellings;
                    # not after abd or the article, which make another name of it: عبدالعلی
                    # Abdulali, آل علي the family Al Ali)
                    spelt: tuple[str, ...] = (translit,)
                    if known is not None:
                        spelt += known
                    elif not (tokens and tokens[-1].text in ("abdul", "al")):
                        spelt += ARABIC_SHORT_NAMES.get(text.translate(_ARABIC_WORD_FOLD), ())
                    tokens.append(Token(sk, "skeleton", p.source, spelt, sk, sk, gaps=gaps))
                    z_read = scripts.arabic_skeleton(text, as_z=True)
                    if z_read and z_read[0] != sk:
                        sk, gaps = z_read  # ذ ض ظ read as z, for the alternative below
                        z_reads[len(tokens) - 1] = Token(
                            sk, "skeleton", p.source, spelt, sk, sk, gaps=gaps
                        )
                continue
            for w in translit.split():
                sk = scripts.skeleton(_NOT_LETTER.sub("", w))
                if sk:
                    tokens.append(Token(sk, "skeleton", p.source, (w,), sk, sk))
        steps.append("consonant skeleton taken (weak key) for " + "abjad/abugida script")
        if hebrew:
            steps.append("Hebrew letters read as the Arabic letters of the same sounds")
        if translated:
            steps.append("Arabic-script words translated: " + " ".join(translated))
        if titles:
            steps.append("Arabic-script titles read as the lists write them: " + ", ".join(titles))

    if tokens:
        if hangul_parts and not latin_pieces:
            result.readings.append(Reading("hangul", tuple(tokens), 0.95, parts=True))
        else:
            result.readings.append(Reading("latin", tuple(tokens), 1.0))
            compounds = _arabic_compounds(tokens)
            as_z = tuple(z_reads.get(i, t) for i, t in enumerate(tokens)) if z_reads else None
            both = _arabic_compounds(list(as_z)) if as_z else None
            for alternative in (compounds, as_z, both):
                if alternative:
                    result.readings.append(Reading("alternative", alternative, 1.0))
            if compounds:
                steps.append("Arabic compound names also read as one word (Nur al-Din, Nuruddin)")
            if as_z:
                steps.append("ذ ض ظ also read as z and ث as s, as Persian and Urdu say them")

    if native_parts:
        raw = "".join(native_parts)
        core, cls, removed = _native_core(raw)
        result.native_raw = raw
        han_folded = scripts.fold_han(core)
        result.native_key = scripts.fold_kana(han_folded)
        result.native_legal = cls
        if cls:
            result.legal_forms.append((raw.replace(core, "").replace(removed, ""), cls))
        if removed:
            result.branch_removed = (result.branch_removed + " " + removed).strip()
            steps.append(f"branch/office suffix removed: {removed}")
        if han_folded != core:
            steps.append("Han variants folded (traditional/Japanese -> simplified)")
        if result.native_key != han_folded:
            steps.append("katakana variants folded (long-vowel marks, ヴ as the b-row)")
        # Latin initials or a legal form among katakana (セルゲイ・S・チェメゾフ, インテレクトLLC)
        # are left aside for its reading
        initials = [r for r in result.readings if all(_trimming(t) for t in r.tokens)]
        if len(initials) == len(result.readings) and core and han_readings:
            for trimmed in initials:
                for trim in trimmed.tokens:
                    result.native_legal = result.native_legal or LEGAL_FORMS.get((trim.text,))
            result.readings.clear()
            spaced = " ".join(c for c in (_native_core(p)[0] for p in native_parts) if c)
            _add_han_readings(result, core, spaced, kind)
            if not result.readings:
                result.readings.extend(initials)
            elif initials:
                steps.append("Latin initials among the native script left aside")

    if "/" in folded and result.readings:
        _add_alternatives(result, folded, kind)
    if "(" in folded and result.readings:
        _add_bracketed_spellings(result, folded, kind)
    if result.readings and kind != "organisation" and not result.looks_like_org:
        wg = scripts.wade_giles_reading(folded)
        if wg:
            toks = tuple(make_token(w, "word", folded) for w in wg)
            result.readings.append(Reading("wade-giles", toks, 0.9))
            result.steps.append("read as Wade-Giles romanised Chinese: " + " ".join(wg))
    if result.readings and kind != "organisation" and not result.looks_like_org:
        _full_given_names(result)
    if kind != "person":
        _country_names(result)
    if any(not t.text for r in result.readings for t in r.tokens):
        # a piece that reads as nothing (a Hangul filler, a silent jamo on its own) is no word
        kept = [
            Reading(r.label, tuple(t for t in r.tokens if t.text), r.confidence, r.parts)
            for r in result.readings
        ]
        result.readings[:] = [r for r in kept if r.tokens]
    if not result.readings and not result.native_key:
        raise EmptyNameError("name has nothing comparable after normalisation")
    return result


# the second words of Arabic compound names, which lists often write run into the first
# ("نور الدين" Nuruddin, "نذیر الله" Nazirullah, "عزیز الرحمان" Azizurrahman)
_COMPOUND_TAILS: Final = frozenset(
    {"الدين", "الدین", "الله", "اللہ", "الرحمن", "الرحمان", "الحق", "الاسلام", "الإسلام"}
)
_HEBREW_WORD: Final = re.compile(r"^[\u0591-\u05f2]+$")
_HEBREW_POINTS: Final = re.compile(r"[\u0591-\u05c7]")  # vowel points and cantillation marks


_HEBREW_FINALS: Final = str.maketrans("ךםןףץ", "כמנפצ")
# each Hebrew letter as the Arabic letter of its sound: פ p (b in a skeleton), final ף f, צ ts
_HEBREW_AS_ARABIC: Final = str.maketrans(
    {
        **dict(zip("אבגדהוזחטיכךלמםנןסעפףקרשת", "ابغدهوزحطيككلممننسعبفقرشت", strict=True)),
        "צ": "تس",
        "ץ": "تس",
        "\u05f0": "و",  # װ
        "\u05f1": "وي",  # ױ
        "\u05f2": "ي",  # ײ
    }
)
_ARABIC_WORD_FOLD: Final = str.maketrans(
    {"ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "أ": "ا", "إ": "ا", "آ": "ا", "ہ": "ه", "ۃ": "ه"}
)
# what Arabic writes onto a word: "and", "for the", "with the", "the"
_ARABIC_PREFIXES: Final = ("وال", "لل", "بال", "ال", "و")


def _arabic_word(text: str) -> str | None:
    """The English (and transliterated) spellings of an Arabic-script organisation word
    (ARABIC_WORDS), the article or a conjunction written onto it taken off; None if unknown."""
    word = text.translate(_ARABIC_WORD_FOLD)
    found = ARABIC_WORDS.get(word)
    if found:
        return found
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            found = ARABIC_WORDS.get(word[len(prefix) :])
            if found:
                return found
    return None


def _arabic_compounds(tokens: Sequence[Token]) -> tuple[Token, ...] | None:
    """The tokens with each Arabic compound name as one skeleton, the article's l left out
    before the consonant it sounds as (ad-din, ar-rahman), or None when there is none."""
    out: list[Token] = []
    found = False
    i = 0
    while i < len(tokens):
        a = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        tail = None
        step = 1
        if a.kind == "skeleton" and nxt is not None:
            if nxt.kind == "skeleton" and nxt.source in _COMPOUND_TAILS:
                tail, step = nxt.skel, 2  # الله, الحق: the article stays in its skeleton
                if tail[1:2] in scripts.SUN_LETTERS and len(nxt.source) > 4:
                    tail = tail[1:]  # الدین (not read apart): ad-din
            elif (
                nxt.kind == "particle"
                and nxt.text == "al"
                and i + 2 < len(tokens)
                and tokens[i + 2].kind == "skeleton"
                and tokens[i + 2].source in _COMPOUND_TAILS
            ):
                b = tokens[i + 2].skel
                tail, step = (b if b[:1] in scripts.SUN_LETTERS else "l" + b), 3
        if tail:
            merged = scripts.undouble(a.skel + tail)
            out.append(Token(merged, "skeleton", a.source, (merged,), merged, merged))
            found = True
        else:
            out.append(a)
        i += step
    return tuple(out) if found else None


_IN_BRACKETS: Final = re.compile(r"\([^()]*\)")


def _add_alternatives(result: NormalisedName, folded: str, kind: str | None) -> None:
    """ "Al-Qa'ida/Islamic Army": each side of a slash is also read as a name of its own.

    Only when every side has at least three letters or digits, so "A/S" or "S/A" stay forms.
    """
    # (a slash between bracketed spellings, "Nikolay(Nikolai/Mykola)", is not between names:
    # see _add_bracketed_spellings)
    parts = [p.strip() for p in _IN_BRACKETS.sub(" ", folded).split("/")]
    if len(parts) < 2 or any(sum(ch.isalnum() for ch in p) < 3 for p in parts):
        return
    for part in parts:
        try:
            alt = normalise(part, kind=kind, han_readings=False)
        except EmptyNameError:
            continue
        for r in alt.readings:
            if r.label == "latin" and len(r.tokens) < len(result.readings[0].tokens):
                result.readings.append(Reading("alternative", r.tokens, r.confidence))
    if len(result.readings) > 1:
        result.steps.append("names separated by '/' also read one by one")


_SIDE_BY_SIDE: Final = (
    0.85  # confidence of a name read with a word's bracketed spellings side by side
)
_BRACKETED: Final = re.compile(r"([^\s()・]*)\s*\(([^()]*)\)")


def _add_bracketed_spellings(result: NormalisedName, folded: str, kind: str | None) -> None:
    """ "Evgeny(Evgeni) Novitsky(Novitski)", "Aleksandr (Alexander) BANAKH": lists write other
    spellings of a person's name's words in brackets after them. The name is read with each
    bracketed spelling in place of the word before it (the first spellings together, then the
    second ones: "Evgeni Novitski"), and without what its brackets hold. Not a firm's name:
    its brackets say which one it is ("Bank of China (Hong Kong) Limited")."""
    if kind == "organisation" or result.looks_like_org or result.native_legal:
        return  # a firm's brackets say which one it is: "Bank of China (Hong Kong) Limited"
    groups = list(_BRACKETED.finditer(folded))
    if not groups:
        return
    alternatives = [
        [a.strip() for a in _ALTERNATIVES_SPLIT.split(m.group(2)) if a.strip()] for m in groups
    ]

    def spelt(words: list[str]) -> str:
        """The name with each bracketed group replaced by one of `words`, in order."""
        out, at = [], 0
        for m, word in zip(groups, words, strict=True):
            out += [folded[at : m.start()], word]
            at = m.end()
        return "".join([*out, folded[at:]])

    variants = [spelt([m.group(1) for m in groups])]
    # a name in Latin letters gives its Latin readings; one in katakana (ヴァシル(ヴァシリー)・
    # ニキチン) its readings in Latin letters
    latin = result.readings[0].label == "latin"
    respelt = all(
        m.group(1)
        and a
        and all(" " not in w for w in a)
        # (Han text has no spaces between words: only katakana's ・ says where a word begins)
        and (latin or all(scripts.is_katakana(w) for w in [m.group(1), *a]))
        for m, a in zip(groups, alternatives, strict=True)
    )
    if respelt:
        for k in range(min(3, max(len(a) for a in alternatives))):
            variants.append(
                spelt(
                    [
                        a[k] if k < len(a) else m.group(1)
                        for m, a in zip(groups, alternatives, strict=True)
                    ]
                )
            )
    found: list[list[Reading]] = []
    for variant in dict.fromkeys(variants):
        try:
            alt = normalise(variant, kind=kind, han_readings=not latin)
        except EmptyNameError:
            continue
        usable = [
            r
            for r in alt.readings
            if (r.label == "latin") == latin and sum(t.kind != "stop" for t in r.tokens) >= 2
        ]
        if usable:
            found.append(usable)
    if not found:
        return  # (a name of one word once its brackets are left out says too little)
    rest = [r for rs in found for r in rs]
    if respelt:
        # one word's spellings side by side are not two words of the name ("Mariya Maria
        # Bogatova" would meet "Maria Marin"): the name is read with one spelling at a time,
        # and with them side by side only as a less likely reading (a copy without brackets)
        side_by_side = result.readings[:1] if latin else result.readings[:]
        result.readings[: len(side_by_side)] = found[0]
        rest = [r for rs in found[1:] for r in rs] + [
            Reading(r.label, r.tokens, r.confidence * _SIDE_BY_SIDE, r.parts) for r in side_by_side
        ]
        result.steps.append("bracketed spellings read in place of the word before them")
    else:
        result.steps.append("the name also read without its brackets")
    seen = {r.tokens for r in result.readings}
    for r in rest:
        if r.tokens not in seen:
            seen.add(r.tokens)
            label = "alternative" if r.label == "latin" else r.label
            result.readings.append(Reading(label, r.tokens, r.confidence, r.parts))


def _add_han_readings(
    result: NormalisedName, core: str, spaced: str, kind: str | None = None
) -> None:
    """Latin readings of a Han/kana name with no Latin text, as low-confidence alternatives."""
    has_kana = any(scripts.char_script(c) == scripts.KANA for c in spaced)
    if has_kana:
        jp = scripts.japanese_reading(spaced)
        if jp:
            toks = tuple(make_token(w, "word", core) for w in jp)
            result.readings.append(Reading("japanese", toks, 0.95))
            result.steps.append("kana romanised (Hepburn)")
            parts = spaced.split()
            # katakana words joined by the particles の (of, in) and と (and): イラクのアル・カーイダ,
            # al-Qaida in Iraq (the words are compared in any order)
            apart = [w for p in parts for w in _KANA_PARTICLE.split(p)]
            if all(scripts.is_katakana(p) for p in apart):
                if len(apart) > len(parts):
                    result.steps.append(
                        "Japanese particles の and と between katakana words left out"
                    )
                _add_katakana_reading(result, core, apart, kind)
            elif result.native_legal or _has_business_word(scripts.fold_han(spaced), kind):
                _add_han_company_reading(result, core, spaced, kind)
        return
    if result.native_legal or _has_business_word(scripts.fold_han(core), kind):
        _add_han_company_reading(result, core, core, kind)
        return
    # Latin readings of Han are only plausible for personal names (a few characters); a Chinese
    # reading and a Japanese reading are both offered because the script does not say which.
    if len(core) <= 4:
        zh = scripts.chinese_reading(spaced)
        if zh:
            toks = tuple(make_token(w, "word", core) for w in zh)
            result.readings.append(Reading("pinyin", toks, 0.9, parts=True))
        jp = scripts.japanese_reading(spaced)
        if jp:
            toks = tuple(make_token(w, "word", core) for w in jp)
            result.readings.append(Reading("japanese", toks, 0.9, parts=True))
        # Japanese writes Korean names in Han characters too (金正恩 for Kim Jong Un): a name of
        # three characters, the first a Korean family name, the way most Korean names are
        # (shorter ones read as Korean meet too many short list names)
        sizes = [len(p) for p in spaced.split()]
        ko = scripts.korean_reading(core) if sizes in ([3], [1, 2]) else ""
        if ko and ko[0] in KOREAN_SURNAMES:
            toks = tuple(
                make_token(forms[0], "word", core, forms)
                for forms in scripts.hangul_readings(ko, True)
            )
            result.readings.append(Reading("hanja", toks, 0.85, parts=True))
        if result.readings:
            result.steps.append(
                "Han read as Chinese (pinyin), Japanese (romaji) and Korean, low confidence"
            )


# the native legal forms only Japanese uses (会社, and 株 for 株式会社; ㈱ and (株) arrive written
# out, see BRACKETED_LEGAL; and English legal forms written in katakana)
_JAPANESE_LEGAL: Final = tuple(
    w for w, _ in NATIVE_LEGAL if "会社" in w or "株" in w or scripts.is_katakana(w)
)
# Chinese and Japanese business words by their folded forms (a word both write keeps the
# Chinese table's English)
_BUSINESS_WORDS: Final = {
    scripts.fold_han(k): v for k, v in {**JAPANESE_BUSINESS_WORDS, **HAN_BUSINESS_WORDS}.items()
}
_BUSINESS_WORD_MAX: Final = max(len(k) for k in _BUSINESS_WORDS)
_KATAKANA_WORDS: Final = {scripts.fold_kana(k): v for k, v in KATAKANA_WORDS.items()}


# business and loan words as they stand in a native key (variant-folded), longest first
_NATIVE_GENERIC: Final = re.compile(
    "|".join(
        re.escape(w)
        for w in sorted(
            {scripts.fold_kana(k) for k in _BUSINESS_WORDS} | set(_KATAKANA_WORDS),
            key=len,
            reverse=True,
        )
        if len(w) >= 2
    )
)


@scripts.word_cache(maxsize=20_000)
def distinctive_native(key: str) -> str:
    """A native key without its business words and the English words katakana spells
    (コリアリョンワントレディング -> リョンワン): what tells one firm from another."""
    return _NATIVE_GENERIC.sub("", key)


def _has_business_word(folded: str, kind: str | None = None) -> bool:
    if kind != "person" and any(
        scripts.fold_kana(w) in _KATAKANA_WORDS for w in scripts.KATAKANA_RUN.findall(folded)
    ):
        return True
    return any(
        folded[i : i + size] in _BUSINESS_WORDS
        for i in range(len(folded))
        for size in range(2, _BUSINESS_WORD_MAX + 1)
    )


def _business_tokens(english: str, source: str) -> list[Token]:
    """Tokens of a translated business word ("research institute"; "|" between spellings)."""
    out: list[Token] = []
    for word in english.split():
        forms = tuple(word.split("|"))
        if forms[0] in ORDINAL_WORDS and len(forms) == 1:
            # "second" as the Latin names' ordinals are read: a number (see _numbers)
            out.append(make_token(str(ORDINAL_WORDS[forms[0]]), "number", source))
            continue
        if forms[0] in STOPWORDS:
            out.append(make_token(forms[0], "stop", source))
            continue
        kind = "generic" if forms[0] in GENERIC_WORDS else "word"
        out.append(make_token(forms[0], kind, source, forms if len(forms) > 1 else ()))
    return out


def _katakana_tokens(word: str, source: str, kind: str | None) -> list[Token]:
    """One katakana word: an English word katakana spells by its letters (トレーディング
    trading) from KATAKANA_WORDS, unless the name is a person's; else a foreign name read back
    towards its own spelling, carrying its sounds to meet a list word katakana would write the
    same way (scripts.latin_as_katakana). [] when it has no reading."""
    letters = _katakana_letters(word) if kind != "person" else ""
    legal = LEGAL_FORMS.get((letters,)) if len(letters) >= 2 else None
    if legal:
        return [make_token("~" + legal, "legal", source)]  # オー・オー・オー: OOO
    if len(letters) >= (2 if kind == "organisation" else 3):
        # an initialism spelt by its letters' names (エムアールビー: MRB); not a person's name
        # (ケイティー is Katie, not KT), nor, unless the name is an organisation's, a short one
        return [make_token(letters, "word", source)]
    particle = KATAKANA_PARTICLES.get(word) if kind != "organisation" else None
    if particle:
        forms = tuple(particle.split("|"))
        return [make_token(forms[0], "particle", source, forms)]
    english = _KATAKANA_WORDS.get(scripts.fold_kana(word)) if kind != "person" else None
    if not english and kind != "person":
        english = _katakana_compound(scripts.fold_kana(word))
    if english:
        legal = LEGAL_FORMS.get((english,))
        if legal:  # コープ: corp, a legal form as the Latin names' is
            return [make_token("~" + legal, "legal", source)]
        return _business_tokens(english, source)
    romaji = scripts.katakana_romaji(word)
    spellings = scripts.foreign_spellings(romaji) if romaji else ()
    if not spellings:
        return []
    token = make_token(spellings[0], "word", source, spellings)
    return [replace(token, kana=scripts.katakana_sounds(word))]


_KATAKANA_LETTER_MAX: Final = max(len(k) for k in KATAKANA_LETTERS)


@scripts.word_cache(maxsize=20_000)
def _katakana_letters(word: str) -> str:
    """The Latin letters a katakana word spells by their names ("エムアールビー" -> "mrb"),
    or "" when it is not only letter names."""
    out = ""
    i = 0
    while i < len(word):
        for size in range(min(_KATAKANA_LETTER_MAX, len(word) - i), 1, -1):
            letter = KATAKANA_LETTERS.get(word[i : i + size])
            if letter:
                out += letter
                i += size
                break
        else:
            return ""
    return out


@scripts.word_cache(maxsize=20_000)
def _katakana_compound(folded: str) -> str | None:
    """English words a katakana word runs together ("サービスセンター": services center), when it
    is wholly made of words katakana spells (KATAKANA_WORDS), each of three kana or more."""
    best: list[str | None] = [None] * (len(folded) + 1)  # English of folded[:i], words joined
    best[0] = ""
    for end in range(3, len(folded) + 1):
        for start in range(0, end - 2):
            head = best[start]
            word = _KATAKANA_WORDS.get(folded[start:end])
            if head is not None and word:
                best[end] = (head + " " + word).strip()
                break
    found = best[len(folded)]
    return found if found and " " in found else None


def _letters_joined(parts: list[str], kind: str | None) -> list[str]:
    """Letters written apart by their names (イー・ケー・オー: EKO) joined into one word, as the
    lists write an initialism: two or more in an organisation's name, three or more in a name
    of unknown kind, never in a person's."""
    if kind == "person":
        return parts
    least = 2 if kind == "organisation" else 3
    out: list[str] = []
    run: list[str] = []
    for part in [*parts, ""]:
        if part and len(_katakana_letters(part)) == 1:
            run.append(part)
            continue
        if len(run) >= least:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if part:
            out.append(part)
    return out


def _add_katakana_reading(
    result: NormalisedName, core: str, parts: list[str], kind: str | None
) -> None:
    """Katakana is how Japanese writes foreign names and words: their own spelling, guessed."""
    tokens: list[Token] = []
    surname = KOREAN_KATAKANA_SURNAMES.get(parts[0]) if kind != "organisation" else None
    if surname and 2 <= len(parts) <= 3:
        # a Korean name (キム・ヨンチョル): the family name by its Latin spellings, the given
        # name by its syllables as Korean spells them, as one word or apart as the lists do
        forms = tuple(surname.split("|"))
        sounds = scripts.katakana_sounds(parts[0])
        tokens.append(replace(make_token(forms[0], "word", core, forms), kana=sounds))
        for part in parts[1:]:
            spelt = scripts.korean_katakana_spellings(part)
            if not spelt:
                tokens = []
                break
            sounds = scripts.katakana_sounds(part)
            tokens.append(replace(make_token(spelt[0], "word", core, spelt), kana=sounds))
    if not tokens:
        for part in _letters_joined(parts, kind):
            found = _katakana_tokens(part, core, kind)
            if not found:
                return
            tokens.extend(found)
    if kind != "person":
        # a branch, as in a Latin name (アル・ハラマイン:バングラディシュ・ブランチ)
        cut = _branch_cut([t.text for t in tokens], [""] * len(tokens), {})
        if cut is not None:
            start, end = cut
            removed = " ".join(t.text for t in tokens[start:end])
            result.branch_removed = result.branch_removed or removed
            result.steps.append(f"branch/office suffix removed: {removed}")
            tokens = tokens[:start] + tokens[end:]
    if result.native_legal:
        tokens.append(make_token("~" + result.native_legal, "legal", result.native_raw))
    result.readings.append(Reading("katakana", tuple(tokens), 0.85))
    result.steps.append(
        "katakana read as a foreign name: "
        + " ".join(t.text for t in tokens if t.kind not in ("legal", "stop"))
    )


def _add_han_company_reading(
    result: NormalisedName, core: str, spaced: str, kind: str | None = None
) -> None:
    """Latin readings of a Chinese, Japanese or Korean company name: business words translated
    as the lists write them ("技术" technology), katakana words read as foreign words (see
    _katakana_tokens), the rest read aloud syllable by syllable in Chinese (joined again when
    compared: "hua wei" meets "Huawei"), or word by word in Japanese when the legal form is
    Japanese or there is kana ("三菱重工業株式会社": mitsubishi heavy industries); and, beside
    that, read as Korean, as Japanese writes North Korean firms in Han characters
    ("朝鮮連峰総会社": Korea Ryonbong General Corporation)."""
    raw = result.native_raw
    japanese = any(form in raw for form in _JAPANESE_LEGAL) or any(
        scripts.char_script(c) == scripts.KANA for c in spaced
    )
    segments = _company_segments(spaced, core, kind, japanese)
    if segments is None:
        return
    legal = (
        [make_token("~" + result.native_legal, "legal", result.native_raw)]
        if result.native_legal
        else []
    )

    def reading(
        read_run: Callable[[str], list[Token] | None],
        read_word: Callable[[list[Token], str], list[Token]] | None = None,
    ) -> list[Token] | None:
        tokens: list[Token] = []
        for seg in segments:
            if isinstance(seg, str):
                words = read_run(seg)
                if not words:
                    return None
                tokens.extend(words)
            else:
                tokens.extend(read_word(*seg) if read_word else seg[0])
        named = any(t.kind in ("word", "number") for t in tokens)
        # a name made wholly of business words, two or more, is read too, as the Latin name of
        # such a firm is (貿易運輸サービス有限会社: Trading and Transport Services Co., Ltd.)
        generic = sum(t.kind == "generic" for t in tokens) >= 2 and not any(
            isinstance(seg, str) for seg in segments
        )
        return tokens + legal if named or generic else None

    def aloud(run: str) -> list[Token]:
        if japanese:
            words = scripts.japanese_reading(run)
        else:
            # (in the characters' simplified forms: pypinyin reads Japanese 浜 as bang, not bin)
            han = scripts.fold_han(run.replace(" ", ""))
            words = [syl for ch in han for syl in scripts.chinese_syllables(ch)]
        return [make_token(w, "word", core) for w in words]

    def korean(run: str) -> list[Token] | None:
        out = []
        for part in run.split():
            hangul = scripts.korean_reading(part, family_name=False)
            if not hangul:
                return None
            forms = scripts.hangul_readings(hangul, False)[0]
            # a run may begin with a family name (金日成総合大学, Kim Il Sung University)
            person = scripts.korean_reading(part)
            if person != hangul:
                forms = scripts.hangul_readings(person, False)[0] + forms
            out.append(make_token(forms[0], "word", core, forms))
        return out

    tokens = reading(aloud)
    if tokens:
        result.readings.append(Reading("japanese" if japanese else "pinyin", tuple(tokens), 0.85))
        result.steps.append(
            "company name read in Latin letters, business words translated: "
            + " ".join(t.text for t in tokens if t.kind not in ("legal", "stop"))
        )

    def korean_too(tokens: list[Token], written: str) -> list[Token]:
        # a business word of one English word is also read in Korean, as lists sometimes
        # write it (連合: Union, and Ryonhap in KOREA RYONHAP TRADING CORPORATION)
        hangul = scripts.korean_reading(written, family_name=False) if len(tokens) == 1 else ""
        if not hangul or tokens[0].kind not in ("word", "generic"):
            return tokens
        t = tokens[0]
        forms = t.all_forms()
        forms += tuple(f for f in scripts.hangul_readings(hangul, False)[0] if f not in forms)
        return [make_token(t.text, t.kind, t.source, forms)]

    ko = reading(korean, korean_too)
    if ko and ko != tokens:
        result.readings.append(Reading("hanja", tuple(ko), 0.85))
        result.steps.append(
            "company name read as Korean, business words translated: "
            + " ".join(t.text for t in ko if t.kind not in ("legal", "stop"))
        )


_DIGITS: Final = re.compile(r"[0-9]+")
_HAN_ORDINAL: Final = re.compile(
    rf"第([0-9]+|{scripts.HAN_NUMERAL}+)|({scripts.HAN_NUMERAL}{{2,}})(?=研究[所院])"
)


def _company_segments(
    spaced: str, core: str, kind: str | None, japanese: bool
) -> list[str | tuple[list[Token], str]] | None:
    """A company name cut into business words, numbers and katakana words (their tokens, and
    the characters they were read from) and the runs of other characters between them (their
    text, read aloud by the caller); None when a katakana word has no reading."""
    folded = scripts.fold_han(spaced)
    segments: list[str | tuple[list[Token], str]] = []
    run = ""
    i = 0
    while i < len(folded):
        word = _company_word_at(folded, i, core, kind, japanese)
        if word is None:
            run += spaced[i]  # read in the original (Japanese) form
            i += 1
            continue
        start = i
        tokens, i = word
        if not tokens:
            return None
        if run.strip():
            segments.append(run.strip())
        run = ""
        segments.append((tokens, spaced[start:i]))
    if run.strip():
        segments.append(run.strip())
    return segments


def _company_word_at(
    folded: str, i: int, core: str, kind: str | None, japanese: bool
) -> tuple[list[Token], int] | None:
    """The tokens of the number, katakana word or business word at `i` of a folded company name
    and where it ends ([] for a katakana word with no reading), or None when none begins there."""
    digits = _DIGITS.match(folded, i)
    if digits:
        # a number written in digits ("南山2会社", "朝鮮56貿易"): the Latin names write it too,
        # and a run read aloud in Korean has no reading for it
        return [make_token(digits.group(0), "number", core)], digits.end()
    number = _HAN_ORDINAL.match(folded, i)
    value = scripts.han_number(number.group(1) or number.group(2)) if number else None
    if number and value is not None:
        # an ordinal or a number before "institute" (第十四研究所: the 14th Research Institute,
        # 三十五研究所: No. 35), as the Latin names write it in digits
        return [make_token(str(value), "number", core)], number.end()
    found = scripts.KATAKANA_RUN.match(folded, i)
    if found:
        # a katakana word, read as one (the Han runs around it are read apart)
        return _katakana_tokens(found.group(0), core, kind), found.end()
    # (the longest word first; the few words of one character are in the tables too)
    for size in range(min(_BUSINESS_WORD_MAX, len(folded) - i), 0, -1):
        english = _BUSINESS_WORDS.get(folded[i : i + size])
        if not english:
            continue
        tokens = _business_tokens(english, core)
        if len(tokens) == 1 and not japanese:
            # some lists spell the whole name in pinyin, business words too ("Ruiyuan Keji
            # Youxian Gongsi"): the word's pinyin is one more spelling of its translation
            pinyin = "".join(scripts.chinese_syllables(folded[i : i + size]))
            forms = tokens[0].all_forms()
            if pinyin and pinyin not in forms:
                tokens = [make_token(tokens[0].text, tokens[0].kind, core, (*forms, pinyin))]
        return tokens, i + size
    return None


def _latin_tokens(pieces: list[_Piece], result: NormalisedName, kind: str | None) -> list[Token]:
    words = [p.text for p in pieces]
    sources = [p.source for p in pieces]
    bounds = [p.boundary_before for p in pieces]
    if not words:
        return []

    # Abbreviations first, so "Co. Ltd" and "Intl Trdg" reach the legal-form and generic lists
    exp_words: list[str] = []
    exp_sources: list[str] = []
    exp_bounds: list[str] = []
    for w, s, b in zip(words, sources, bounds, strict=True):
        if w in ABBREVIATIONS:
            full = ABBREVIATIONS[w].split()
            result.abbreviations.append((w, ABBREVIATIONS[w]))
            for i, f in enumerate(full):
                exp_words.append(f)
                exp_sources.append(s)
                exp_bounds.append(b if i == 0 else "")
        else:
            exp_words.append(w)
            exp_sources.append(s)
            exp_bounds.append(b)
    words, sources, bounds = _numbers(exp_words, exp_sources, exp_bounds, result)
    if result.abbreviations:
        result.steps.append(
            "abbreviations expanded: " + ", ".join(f"{a}->{e}" for a, e in result.abbreviations)
        )

    words = _legal_spelling(words, result)

    # Legal forms: longest phrase first; short ambiguous ones only at the end of the name
    n = len(words)
    legal_at: dict[int, tuple[int, str]] = {}
    i = 0
    while i < n:
        found = None
        if words[i] not in _LEGAL_FIRST:
            i += 1
            continue
        for size in range(min(LEGAL_MAX_WORDS, n - i), 0, -1):
            phrase = tuple(words[i : i + size])
            cls = LEGAL_FORMS.get(phrase)
            if cls is None:
                continue
            # short ambiguous forms count at the very start ("OOO X", "K.K. X") or at the end
            if (
                phrase in AMBIGUOUS_LEGAL
                and i != 0
                and not _at_end(words, bounds, i + size, legal_at)
            ):
                continue
            if n == size:  # a name made only of a legal form is a word, not a form
                continue
            found = (size, cls)
            break
        if found:
            legal_at[i] = found
            i += found[0]
        else:
            i += 1
    # a second pass lets "sa" in "X SA de CV"-like tails be seen once later forms are known
    if legal_at:
        result.looks_like_org = True

    # Branch or office suffix: "X Trading Co., Tehran Branch" -> "X Trading Co."
    cut = _branch_cut(words, bounds, legal_at)
    if cut is not None:
        start, end = cut
        removed = " ".join(words[start:end])
        result.branch_removed = removed
        result.steps.append(f"branch/office suffix removed: {removed}")
        keep = list(range(0, start)) + list(range(end, n))
        remap = {old: new for new, old in enumerate(keep)}
        words = [words[k] for k in keep]
        sources = [sources[k] for k in keep]
        bounds = [bounds[k] for k in keep]
        legal_at = {remap[k]: v for k, v in legal_at.items() if k in remap and k + v[0] <= end}
        n = len(words)

    tokens: list[Token] = []
    comma_at: list[int] = []
    russian: list[str] = []
    i = 0
    while i < n:
        if bounds[i] and "," in bounds[i]:
            comma_at.append(len(tokens))
        if i in legal_at:
            size, cls = legal_at[i]
            written = " ".join(words[i : i + size])
            result.legal_forms.append((written, cls))
            tokens.append(make_token("~" + cls, "legal", written))
            i += size
            continue
        w = words[i]
        if w.isdigit():
            k = "number"
        elif len(w) == 1:
            k = "initial"
        elif w in STOPWORDS and (
            w not in SURNAME_STOPWORDS or (i + 1 < n and "," not in bounds[i + 1])
        ):
            # but "Das" or "Le" ending a name (or the part before a comma) is a name itself
            k = "stop"
        elif w in PARTICLES and (len(w) < 3 or (i + 1 < n and "," not in bounds[i + 1])):
            # a particle attaches to the name after it: "Abdul" or "Ben" ending a name (or the
            # part before a comma) is a name itself
            k = "particle"
        elif w in TITLES:
            k = "title"
        elif w in GENERIC_WORDS:
            k = "generic"
            result.looks_like_org = True
        else:
            k = "word"
        english = RUSSIAN_FORMS.get(w) if k == "word" and not sources[i].isascii() else None
        if english:
            # a Russian word written in Cyrillic is also the word the lists write in English
            # ("России", of Russia), and stays itself ("Банк Россия" is Bank Rossiya)
            tokens.append(make_token(w, k, sources[i], (w, english)))
            russian.append(f"{w}->{english}")
        else:
            tokens.append(make_token(w, k, sources[i]))
        i += 1
    if russian:
        result.steps.append(
            "Russian words also read as the lists write them in English: " + ", ".join(russian)
        )
    if result.legal_forms:
        result.steps.append(
            "legal forms mapped to classes: "
            + ", ".join(f"'{w}'->{c}" for w, c in result.legal_forms)
        )

    # "SURNAME, Given" -> "Given SURNAME" for people (one comma, short tail, no org words)
    if (
        len(comma_at) == 1
        and kind != "organisation"
        and not result.looks_like_org
        and 0 < comma_at[0] < len(tokens)
        and len(tokens) - comma_at[0] <= 4
    ):
        c = comma_at[0]
        tokens = tokens[c:] + tokens[:c]
        result.reordered = True
        result.steps.append("reordered 'SURNAME, Given' to 'Given SURNAME'")
    if any(t.kind == "particle" for t in tokens):
        result.steps.append("particles kept joinable (al-/bin/abd/el...)")
    return tokens


_LEGAL_FIRST: Final = frozenset(phrase[0] for phrase in LEGAL_FORMS)
_LEGAL_WORDS: Final = frozenset(w for phrase in LEGAL_FORMS for w in phrase)
_LONG_LEGAL_WORDS: Final = tuple(sorted(w for w in _LEGAL_WORDS if len(w) >= 9))
# legal forms written as one word of seven letters or more ("company", "limited"): a word one
# edit away is read as the form; shorter ones ("ltd", "gmbh") are too close to other words
_SINGLE_LEGAL_WORDS: Final = tuple(
    sorted(p[0] for p in LEGAL_FORMS if len(p) == 1 and len(p[0]) >= 7)
)
# a legal-form word cut short by one to three letters -> the shortest word it can begin
_LEGAL_PREFIXES: Final[dict[str, str]] = {}
for _w in sorted((w for w in _LEGAL_WORDS if len(w) >= 6), key=len, reverse=True):
    for _cut in range(1, 4):
        if len(_w) - _cut >= 5:
            _LEGAL_PREFIXES[_w[:-_cut]] = _w


@scripts.word_cache(maxsize=100_000)
def _misspelt_legal_word(w: str) -> str | None:
    choices = _LONG_LEGAL_WORDS if len(w) >= 9 else _SINGLE_LEGAL_WORDS
    found = process.extract(w, choices, scorer=OSA.distance, score_cutoff=1, limit=None)
    if not found:
        return None
    # the closest, and among equally close ones the one of the same length ("compani" is
    # "company", not "compania")
    return min(found, key=lambda f: (f[1], abs(len(f[0]) - len(w)), f[0]))[0]


def _legal_spelling(words: list[str], result: NormalisedName) -> list[str]:
    """Legal-form words misspelt by one letter ("Aktiengeselschaft", "Compnay", "Limted") or cut
    short at the end of the name, as fixed-length fields do ("Joint Stock Compan"), written out
    in full; so are the words of a legal form of several words misspelt beside its other words
    ("Jiint Stock Company", "Sociedad Anonma", "Aktsionernoe Obshestvo")."""
    out = list(words)
    for i, w in enumerate(words):
        if w in _LEGAL_WORDS or w.isdigit():
            continue
        fixed = _misspelt_legal_word(w) if len(w) >= 6 else None
        if fixed is None and i == len(words) - 1 and i >= 2:
            fixed = _LEGAL_PREFIXES.get(w)
        if fixed is not None:
            out[i] = fixed
            result.steps.append(f"legal-form word '{w}' read as '{fixed}'")
    i = 0
    while i < len(out):
        phrase = _misspelt_phrase(out, i)
        if phrase is None:
            i += 1
            continue
        start, size, form = phrase
        for k in range(start, start + size):
            if out[k] != form[k - start]:
                result.steps.append(f"legal-form word '{out[k]}' read as '{form[k - start]}'")
                out[k] = form[k - start]
        i = start + size
    return out


# legal forms of several words, by each of their words: (the form, where the word is in it),
# the longest forms first
_PHRASES_WITH: Final[dict[str, list[tuple[tuple[str, ...], int]]]] = {}
for _phrase in sorted((p for p in LEGAL_FORMS if len(p) >= 2), key=len, reverse=True):
    for _at, _word in enumerate(_phrase):
        _PHRASES_WITH.setdefault(_word, []).append((_phrase, _at))


def _misspelt_phrase(words: list[str], i: int) -> tuple[int, int, tuple[str, ...]] | None:
    """A legal form of several words through words[i], with its other words written exactly or
    misspelt (one letter in a word of five to eight letters, two in a longer one), at least half
    of them exactly: (where it starts, how many words, the form)."""
    for phrase, at in _PHRASES_WITH.get(words[i], ()):
        start = i - at
        size = len(phrase)
        if start < 0 or start + size > len(words):
            continue
        written = words[start : start + size]
        exact = sum(a == b for a, b in zip(written, phrase, strict=True))
        if exact == size or 2 * exact < size:
            continue
        if all(a == b or _slip(a, b) for a, b in zip(written, phrase, strict=True)):
            return start, size, phrase
    return None


def _slip(written: str, word: str) -> bool:
    n = max(len(written), len(word))
    if n < 5:
        return False
    budget = 1 if n < 9 else 2
    return OSA.distance(written, word, score_cutoff=budget) <= budget


_ORDINAL_DIGITS: Final = re.compile(r"^(\d+)(st|nd|rd|th)$")


def _country_names(result: NormalisedName) -> None:
    """A country's name inside an organisation's name, written one way (see COUNTRY_NAMES):
    "Bank of the Democratic People's Republic of Korea", "Bank of DPRK" and "Bank of North
    Korea", or ロシア連邦 (Russian Federation) and Russia, read alike. A reading with the name
    written that way is added beside the one as written, which still meets a near spelling of
    each word (デモクラティック, demokratik)."""
    done: dict[str, None] = {}
    added: list[Reading] = []
    for r in result.readings:
        toks = r.tokens
        if not any(t.text in _COUNTRY_FIRST or _COUNTRY_FIRST.intersection(t.forms) for t in toks):
            continue
        out: list[Token] = []
        changed = False
        i = 0
        while i < len(toks):
            found = None
            first = toks[i]
            starts = first.text in _COUNTRY_FIRST or _COUNTRY_FIRST.intersection(first.forms)
            for phrase, word in _COUNTRY_BY_SIZE if starts else ():
                run = toks[i : i + len(phrase)]
                if len(run) == len(phrase) and all(
                    w == t.text or w in t.forms for w, t in zip(phrase, run, strict=True)
                ):
                    found = (len(phrase), word)
                    break
            if found is None:
                out.append(toks[i])
                i += 1
                continue
            size, word = found
            written = " ".join(t.text for t in toks[i : i + size])
            if written != word:
                done[f"{written}->{word}"] = None
            out.append(make_token(word, "word", first.source))
            changed = True
            i += size
        if changed:
            added.append(Reading(r.label, tuple(out), r.confidence, r.parts))
    result.readings.extend(added)
    if done:
        result.steps.append(COUNTRY_STEP + ", ".join(done))


def _full_given_names(result: NormalisedName) -> None:
    """A person's given name written in a short form (Ted, Bill, Sasha, Pepe) is also read as
    each full name it is short for (Edward or Theodore; William; Aleksandr or Aleksandra; José),
    in a reading with that name in its place, a little less sure than the name as written:
    lists give full names. Each short form in the name read so in turn, up to
    _SHORT_FORM_READINGS readings."""
    first = result.readings[0]
    if first.label != "latin":
        return
    added: list[Reading] = []
    done: list[str] = []
    for i, t in enumerate(first.tokens):
        full = GIVEN_NAME_SHORT_FORMS.get(t.text) if t.kind == "word" else None
        if not full:
            continue
        for name in full:
            words = tuple(make_token(w, "word", t.source) for w in name.split())
            tokens = first.tokens[:i] + words + first.tokens[i + 1 :]
            added.append(
                Reading(SHORT_FORM_READING, tokens, first.confidence * _SHORT_FORM_CONFIDENCE)
            )
        done.append(f"{t.text}->{'/'.join(full)}")
    if added:
        result.readings.extend(added[:_SHORT_FORM_READINGS])
        result.steps.append(SHORT_FORM_STEP + ", ".join(done))


_SHORT_FORM_CONFIDENCE: Final = 0.95
_SHORT_FORM_READINGS: Final = 4
SHORT_FORM_STEP: Final = "given names in a short form also read in full: "  # "ted->edward/..."
SHORT_FORM_READING: Final = "full given name"  # the label of those readings


_COUNTRY_FIRST: Final = frozenset(phrase[0] for phrase in COUNTRY_NAMES)
# the longest phrases first ("republic of korea" is the end of the DPRK's name)
_COUNTRY_BY_SIZE: Final = sorted(COUNTRY_NAMES.items(), key=lambda kv: -len(kv[0]))
COUNTRY_STEP: Final = "country names written one way: "  # then "written->word, ..."


def _numbers(
    words: list[str], sources: list[str], bounds: list[str], result: NormalisedName
) -> tuple[list[str], list[str], list[str]]:
    """Number words and ordinals to digits: "forty four", "forty 4", "44" and "1st"/"first"."""
    out_w: list[str] = []
    out_s: list[str] = []
    out_b: list[str] = []
    changed = False
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        value: int | None = None
        used = 1
        m = _ORDINAL_DIGITS.match(w)
        if m:
            value = int(m.group(1))
        elif w in ORDINAL_WORDS and n > 1:
            value = ORDINAL_WORDS[w]
        elif w in TENS_WORDS and n > 1:
            value = TENS_WORDS[w]
            if i + 1 < n:
                nxt = words[i + 1]
                unit = NUMBER_WORDS.get(nxt)
                if unit is None and nxt.isdigit() and len(nxt) == 1:
                    unit = int(nxt)
                if unit is not None and 0 < unit < 10:
                    value += unit
                    used = 2
        elif w in NUMBER_WORDS and n > 1 and w not in ("one",):
            value = NUMBER_WORDS[w]
        if value is not None:
            out_w.append(str(value))
            out_s.append(" ".join(sources[i : i + used]))
            out_b.append(bounds[i])
            changed = True
            i += used
            continue
        out_w.append(w)
        out_s.append(sources[i])
        out_b.append(bounds[i])
        i += 1
    if changed:
        result.steps.append("number words and ordinals written as digits")
    return out_w, out_s, out_b


def _at_end(
    words: list[str], bounds: list[str], j: int, legal_at: dict[int, tuple[int, str]]
) -> bool:
    """True when nothing but punctuation, other legal forms or a branch tail follows position j."""
    rest = words[j:]
    if not rest:
        return True
    if bounds[j]:  # "X AG, Moscow Branch" or "X AO (formerly Y)"
        return True
    if any(w in BRANCH_WORDS for w in rest[:4]):
        return True
    return all((w,) in LEGAL_FORMS for w in rest)


def _branch_cut(
    words: list[str], bounds: list[str], legal_at: dict[int, tuple[int, str]]
) -> tuple[int, int] | None:
    n = len(words)
    for b in range(1, n):
        if words[b] not in BRANCH_WORDS:
            continue
        # "Tehran Branch of X" / "Representative Office of X"
        if b + 2 < n and b <= 3 and words[b + 1] == "of":
            return (0, b + 2)
        # tail after the branch word: "branch office in Dubai", "(Branch)"
        tail_end = n
        if n - b > 4:
            continue
        start = b
        # the branch's place name sits between the last boundary or legal form and the word
        last_legal_end = max((k + v[0] for k, v in legal_at.items() if k + v[0] <= b), default=-1)
        last_bound = max((k for k in range(1, b + 1) if bounds[k]), default=-1)
        anchor = max(last_legal_end, last_bound)
        if anchor > 0 and b - anchor <= 3:
            start = anchor
        elif b - 1 >= 2:
            start = b - 1  # one place-name word, keeping at least two words of the name
        if start <= 0:
            return None
        return (start, tail_end)
    return None
