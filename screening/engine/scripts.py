"""Writing-system handling: detect the script of a word and turn it into comparable keys.

Alphabetic scripts (Latin, Cyrillic, Greek) are latinised. Hangul and kana are romanised with
the spellings people actually use. Han is kept as a native key, folded so that simplified,
traditional and Japanese forms of a character compare equal; Latin readings of short Han names,
and of Han company names (business words translated), are offered as low-confidence
alternatives, as is a foreign name written in katakana read back towards its own spelling.
Indic scripts are romanised the way Indian names are
written in Latin letters; other scripts that write their vowels (Sinhala, Khmer, Ethiopic,
Georgian, Armenian) are transliterated like Cyrillic. Abjads (Arabic, Hebrew, Syriac, Thaana) and
Thai and Lao, which leave vowels unwritten, give a consonant skeleton: a weak key that only ever
meets the skeleton of a Latin name.
"""

from __future__ import annotations

import functools
import gc
import itertools
import re
import unicodedata
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeVar

from unidecode import unidecode

from .lexicon import KOREAN_SURNAMES

LATIN, CYRILLIC, GREEK, HAN, KANA, HANGUL, ABJAD, BRAHMIC, ABUGIDA, OTHER = (
    "latin",
    "cyrillic",
    "greek",
    "han",
    "kana",
    "hangul",
    "abjad",
    "indic",
    "abugida",
    "other",
)


_BRAHMIC_FIRST, _BRAHMIC_LAST = 0x900, 0xD7F  # Devanagari to Malayalam


# patterns of the word rules below, compiled once
_LONG_VOWELS: Final = re.compile(r"([aeiou])\1+")
_DOUBLED_CONSONANTS: Final = re.compile(r"([bcdfgjkmpstz])\1+")
_SILENT_U: Final = re.compile(r"(?<=[kgszbpmfr])u(?=[rtdk]|$)")
_CLOSING_KU: Final = re.compile(r"(?<=k)u(?=[^aeiouy])")
_SILENT_O: Final = re.compile(r"(?<=[td])o(?=r|$)")
_N_BEFORE_LABIAL: Final = re.compile(r"n(?=[pbm])")
_CLOSING_V: Final = re.compile(r"v(?![aeiouy])")
_INNER_V: Final = re.compile(r"v(?=[^aeiouy])")
_CLOSING_NG: Final = re.compile(r"ng(?![aeiou])")
_SOFT_T: Final = re.compile(r"t[yj]+(?=[aeiou])")
_SOFT_D: Final = re.compile(r"d[yj]+(?=[aeiou])")
# Mandarin syllables as pinyin spells them, an initial (or none) and a final; the few
# combinations Mandarin lacks do no harm
_PINYIN_SYLLABLES: Final = frozenset(
    initial + final
    for initial in ("", "zh", "ch", "sh", *"bpmfdtnlgkhjqxrzcsyw")
    for final in (
        *("iang", "iong", "uang", "ang", "eng", "ing", "ong", "ian", "iao", "uai", "uan"),
        *("ai", "ao", "an", "ei", "en", "er", "ia", "ie", "in", "iu", "ou", "ua", "ui", "un"),
        *("uo", "ue", "a", "e", "i", "o", "u"),
    )
)
_PINYIN_LONGEST: Final = max(len(s) for s in _PINYIN_SYLLABLES)
_PINYIN_SOUNDS: Final = (
    (re.compile(r"xi(?=[aeou])|x"), "sh"),
    (re.compile(r"qi(?=[aeou])|q"), "ch"),
    (re.compile(r"(?:zh|j)i(?=[aeou])|zh"), "j"),
    (re.compile(r"c(?!h)"), "ts"),
    (re.compile(r"(?<![cs])hu(?=[aoe])"), "f"),  # hua ファ, huo フォ (Zhenhua ジェンファ)
)
_CLOSING_VOWEL_R: Final = re.compile(r"[eiu]r(?![aeiou])")
_CLOSING_OW: Final = re.compile(r"ow(?![aeiou])")
_SOFT_C_BEFORE: Final = re.compile(r"c(?=[eiy])")
_SOFT_G: Final = re.compile(r"g(?=[ey])")
_SILENT_K_G: Final = re.compile(r"^(kn|gn)")
_SILENT_W: Final = re.compile(r"^wr")
_SILENT_GH: Final = re.compile(r"gh(?![aeiou])")
_Y_BEFORE_VOWEL: Final = re.compile(r"(?<=[^aeiouy])y(?=[aeiou])")
_Y_AS_VOWEL: Final = re.compile(r"y(?![aeiou])")
_Y_BEFORE_VOWEL_NOT_AFTER_H: Final = re.compile(r"(?<=[^aeiouyh])y(?=[aeiou])")
_VOWEL_H_Y: Final = re.compile(r"[aeiou]hy[aeiou]")
_NOT_ALNUM: Final = re.compile(r"[^a-z0-9]")
_WORD_BREAKS: Final = re.compile(r"[\s,]+")
_NOT_LETTER: Final = re.compile(r"[^a-z]")


def char_script(ch: str) -> str:
    """The script of one character, in the coarse classes this engine treats differently."""
    cp = ord(ch)
    if cp < 0x250 or 0x1E00 <= cp <= 0x1EFF:
        return LATIN
    if 0x400 <= cp <= 0x52F:
        return CYRILLIC
    if 0x370 <= cp <= 0x3FF or 0x1F00 <= cp <= 0x1FFF:
        return GREEK
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return KANA
    if 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
        return HANGUL
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp == 0x3005:
        return HAN
    if 0x20000 <= cp <= 0x2FFFF:
        return HAN
    # Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic: compared by consonants only
    if 0x590 <= cp <= 0x8FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return ABJAD
    if _BRAHMIC_FIRST <= cp <= _BRAHMIC_LAST:
        return BRAHMIC
    # Thai and Lao leave many vowels unwritten: compared by consonants, like abjads
    if 0xE00 <= cp <= 0xEFF:
        return ABJAD
    # Sinhala, Tibetan, Myanmar, Georgian, Ethiopic, Khmer, Mongolian...
    if 0xD80 <= cp <= 0x1CFF:
        return ABUGIDA
    return OTHER


_T = TypeVar("_T")
_WORD_CACHES: Final[list[tuple[Any, int]]] = []  # (a word_cache function, its bound)


def word_cache(maxsize: int) -> Callable[[Callable[..., _T]], functools._lru_cache_wrapper[_T]]:
    """Cache a function of words (given names, family names, "trading" recur across names),
    keeping about `maxsize` results: trim_word_caches() empties the cache once it holds more.

    Unlike functools.lru_cache with a bound, a hit writes nothing into the cache (no list of
    recent use to update). That matters to forked screening processes: each write to a page
    they share costs the writer a copy of that page."""

    def wrap(function: Callable[..., _T]) -> functools._lru_cache_wrapper[_T]:
        cached = functools.lru_cache(maxsize=None)(function)
        _WORD_CACHES.append((cached, maxsize))
        return cached

    return wrap


def trim_word_caches() -> None:
    """Empty each word cache that holds more results than its bound (Index calls this every
    thousand names or so)."""
    for cached, maxsize in _WORD_CACHES:
        if cached.cache_info().currsize > maxsize:
            cached.cache_clear()


@word_cache(maxsize=100_000)
def word_script(word: str) -> str:
    """Dominant script of a word (Han wins over kana so mixed Japanese words stay native)."""
    counts: dict[str, int] = {}
    for ch in word:
        if ch.isalnum():
            s = char_script(ch)
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return LATIN
    if HAN in counts and KANA in counts:
        return KANA
    return max(counts, key=lambda k: counts[k])


@word_cache(maxsize=100_000)
def latinise(text: str) -> str:
    """ASCII transliteration of alphabetic text, lower-cased."""
    return unidecode(text).lower()


# --- Han folding --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _han_fold_table() -> dict[int, str]:
    """Character map to one canonical form: Japanese shinjitai -> traditional -> simplified."""
    table: dict[int, str] = {}
    try:
        import opencc  # noqa: F401  (only to find its data files)

        base = Path(opencc.__file__).parent / "dictionary"
        ts: dict[str, str] = {}
        for line in (base / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                ts[parts[0]] = parts[1].split(" ")[0]
        for line in (base / "JPVariants.txt").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                trad = parts[0]
                for jp in parts[1].split(" "):
                    if len(jp) == 1:
                        table[ord(jp)] = ts.get(trad, trad)
        for trad, simp in ts.items():
            table.setdefault(ord(trad), simp)
    except (ImportError, OSError):  # folding degrades to exact comparison without opencc data
        pass
    return table


def fold_han(text: str) -> str:
    """Fold simplified, traditional and Japanese character variants to one form."""
    return text.translate(_han_fold_table())


# katakana written either way for one foreign sound: the long-vowel mark is often left out
# (サイード, サイド) and ヴ often written with the b-row (ヴァ, バ)
_KANA_FOLDS: Final = (
    ("ヴァ", "バ"),
    ("ヴィ", "ビ"),
    ("ヴェ", "ベ"),
    ("ヴォ", "ボ"),
    ("ヴ", "ブ"),
    ("ー", ""),
)


def fold_kana(text: str) -> str:
    """Fold katakana spelling variants of foreign names to one form."""
    if "ヴ" in text or "ー" in text:
        for a, b in _KANA_FOLDS:
            text = text.replace(a, b)
    return text


# --- Hangul -------------------------------------------------------------------------------

_RR_INITIAL: tuple[str, ...] = (
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
)
_RR_INITIAL += ("j", "jj", "ch", "k", "t", "p", "h")
_RR_MEDIAL: tuple[str, ...] = (
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
)
_RR_MEDIAL += ("wo", "we", "wi", "yu", "eu", "ui", "i")
_RR_FINAL: tuple[str, ...] = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
)
_RR_FINAL += ("p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")

# Spellings of vowels seen in names romanised before or outside Revised Romanisation
# (McCune-Reischauer without breves, and family habits): 정 Jeong/Jong/Jung, 은 Eun/Un.
_VOWEL_VARIANTS: Final = {
    "eo": ("eo", "o", "u"),
    "eu": ("eu", "u"),
    "yeo": ("yeo", "yo"),
    "oe": ("oe",),
}
_INITIAL_VARIANTS: Final = {"g": ("g", "k"), "d": ("d", "t"), "b": ("b", "p"), "j": ("j", "ch")}


def _syllable_forms(syl: str) -> tuple[str, ...]:
    idx = ord(syl) - 0xAC00
    if not 0 <= idx < 11172:
        return (latinise(syl),)
    ini, med, fin = _RR_INITIAL[idx // 588], _RR_MEDIAL[(idx % 588) // 28], _RR_FINAL[idx % 28]
    forms = []
    for i in _INITIAL_VARIANTS.get(ini, (ini,)):
        for m in _VOWEL_VARIANTS.get(med, (med,)):
            forms.append(i + m + fin)
    return tuple(dict.fromkeys(forms))


_HANJA_FIRST: Final = 0x4E00
# Han characters whose reading as a family name differs from their usual one (金 is 금, but Kim)
_HANJA_SURNAME: Final = {"金": "김"}


@functools.lru_cache(maxsize=1)
def _hanja_table() -> str:
    # read from the package, also when this module runs compiled from elsewhere
    text = resources.files("screening.engine").joinpath("hanja_hangul.txt").read_text("utf-8")
    return "".join(line for line in text.splitlines() if not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def _japanese_traditional_table() -> dict[int, str]:
    """Japanese forms of characters to their traditional forms (楽 -> 樂), the forms Korean
    reads: Japanese lists write North Korean names in Japanese forms."""
    table: dict[int, str] = {}
    try:
        import opencc  # noqa: F401  (only to find its data files)

        path = Path(opencc.__file__).parent / "dictionary" / "JPVariants.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 2 and len(parts[0]) == 1:
                for jp in parts[1].split(" "):
                    if len(jp) == 1 and jp != parts[0]:
                        table[ord(jp)] = parts[0]
    except (ImportError, OSError):  # without opencc data, Japanese forms are read as written
        pass
    return table


def korean_reading(han: str, *, family_name: bool = True) -> str:
    """A name written in Han characters read as Korean (金正恩 -> 김정은), or "" when a
    character has no Korean reading. The first character is read as a family name unless
    `family_name` is False. Japanese forms are read as their traditional forms (楽園: 락원)."""
    table = _hanja_table()
    out = []
    han = han.translate(_japanese_traditional_table())
    for k, ch in enumerate(han):
        syllable = _HANJA_SURNAME.get(ch, "") if k == 0 and family_name else ""
        if not syllable:
            at = ord(ch) - _HANJA_FIRST
            syllable = table[at] if 0 <= at < len(table) else "."
        if syllable == ".":
            return ""
        out.append(syllable)
    return "".join(out)


def hangul_readings(word: str, as_person: bool) -> list[tuple[str, ...]]:
    """Romanised tokens of a Hangul word, each token a tuple of spelling variants.

    A short word read as a person is split into surname and given name ("김정은" -> kim, jongun),
    because Korean names are written that way in Latin script.
    """
    syllables = [c for c in word if c.isalpha()]
    if not syllables:
        return []
    if as_person and 2 <= len(syllables) <= 4 and syllables[0] in KOREAN_SURNAMES:
        surname = KOREAN_SURNAMES[syllables[0]]
        given = _joined_forms(syllables[1:])
        return [surname, given]
    return [_joined_forms(syllables)]


def _joined_forms(syllables: list[str]) -> tuple[str, ...]:
    per = [_syllable_forms(s) for s in syllables]
    out: list[str] = []
    for combo in itertools.product(*per):
        out.append("".join(combo))
        if len(out) >= 12:  # bound the variants; the first ones are the common spellings
            break
    return tuple(out)


# --- Brahmic scripts (Indic) ----------------------------------------------------------------
# Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada and Malayalam share one
# layout (from ISCII): the same letter sits at the same offset in each 128-code-point block. One
# table romanises all nine the way names are written in passports (Sharma, Krishna, Singh), not
# in scholarly transliteration: consonants carry an inherent "a" unless a vowel sign or a virama
# follows, and a word-final inherent "a" is silent except after a consonant cluster.


def _row(first: int, spellings: str) -> dict[int, str]:
    """Offsets from `first` on, spelt as the space-separated `spellings` say."""
    words = spellings.split()
    return dict(zip(range(first, first + len(words)), words, strict=True))


_B_CONSONANT: Final = _row(
    0x15,
    "k kh g gh ng ch chh j jh ny t th d dh n t th d dh n n p ph b bh m y r r l l l v sh sh s h",
)
_B_CONSONANT.update(_row(0x58, "q kh gh z r rh f y"))
_B_VOWEL: Final = _row(0x04, "a a a i i u u ri li e e e ai o o o au")
_B_VOWEL.update({0x60: "ri", 0x61: "li", 0x50: "om"})
_B_SIGN: Final = _row(0x3E, "a i i u u ri ri e e e ai o o o au")
_B_SIGN.update({0x3A: "e", 0x3B: "e", 0x4E: "e", 0x4F: "aw", 0x62: "li", 0x63: "li"})
_B_VIRAMA, _B_NUKTA, _B_ANUSVARA, _B_CANDRABINDU, _B_VISARGA = 0x4D, 0x3C, 0x02, 0x01, 0x03
_B_LABIAL: Final = frozenset({"p", "ph", "b", "bh", "m"})
# a nukta marks sounds borrowed from Persian and English ("ज़फ़र" is Zafar), and the flapped r
_B_NUKTA_SOUND: Final = {"k": "q", "g": "gh", "j": "z", "ph": "f", "d": "r", "dh": "rh"}
# letters outside the shared layout: Bengali khanda ta, Assamese ra and wa, Malayalam chillus
# (consonants with no vowel of their own)
_B_LETTER: Final = {0x9F0: "r", 0x9F1: "w"}
_B_DEAD: Final = {
    0x9CE: "t",
    0xD7A: "n",
    0xD7B: "n",
    0xD7C: "r",
    0xD7D: "l",
    0xD7E: "l",
    0xD7F: "k",
}
_B_NASAL_EXTRA: Final = frozenset({0xA70})  # Gurmukhi tippi
# Dravidian scripts (Tamil to Malayalam) pronounce a word's final inherent vowel
_B_FINAL_SCHWA_KEPT: Final = 0xB80


@word_cache(maxsize=50_000)
def brahmic_reading(word: str) -> str:
    """Romanise one word of an Indic script ("नरेन्द्र" -> "narendra", "सिंह" -> "singh")."""
    # syllables as [consonant, vowel, coda]; vowel None is the inherent "a", "" is none (virama)
    units: list[list[str | None]] = []
    chars = [ord(c) for c in word]
    for i, cp in enumerate(chars):
        off = cp & 0x7F
        letter = None
        if _BRAHMIC_FIRST <= cp <= _BRAHMIC_LAST and cp not in _B_NASAL_EXTRA:
            letter = _B_LETTER.get(cp) or _B_CONSONANT.get(off)
        last = units[-1] if units else None
        if cp in _B_DEAD or not _BRAHMIC_FIRST <= cp <= _BRAHMIC_LAST:
            units.append([_B_DEAD.get(cp, chr(cp)), "", ""])
        elif letter:
            units.append([letter, None, ""])
        elif off == _B_VIRAMA:
            if last is not None and last[1] is None:
                last[1] = ""
        elif off == _B_NUKTA:
            if last is not None and last[1] is None:
                last[0] = _B_NUKTA_SOUND.get(str(last[0]), last[0])
        elif off in _B_SIGN:
            if last is not None and last[1] is None:
                last[1] = _B_SIGN[off]
        elif off in _B_VOWEL:
            units.append(["", _B_VOWEL[off], ""])
        elif off in (_B_ANUSVARA, _B_CANDRABINDU, _B_VISARGA) or cp in (0xA70, 0xB83):
            if last is None:
                continue
            if off == _B_VISARGA or cp == 0xB83:
                last[2] = str(last[2]) + "h"
                continue
            nxt = chars[i + 1] & 0x7F if i + 1 < len(chars) else -1
            following = _B_CONSONANT.get(nxt, "")
            nasal = "m" if following in _B_LABIAL else "ng" if following == "h" else "n"
            last[2] = str(last[2]) + nasal
        elif 0x66 <= off <= 0x6F:
            units.append([str(off - 0x66), "", ""])
        # other signs (avagraha, stress and length marks) say nothing of a name
    if units and ord(word[-1]) < _B_FINAL_SCHWA_KEPT:
        # Hindi, Bengali, Punjabi, Gujarati and Odia leave a final inherent "a" silent unless a
        # consonant cluster ends the word ("Ramesh", but "Narendra")...
        final = units[-1]
        if final[1] is None and not final[2] and len(units) > 1 and units[-2][1] != "":
            final[1] = ""
        # ... and a medial one between a vowel and a consonant with its own vowel, taken right
        # to left ("Mohanlal", "Rajkumar", but "Bharat")
        for k in range(len(units) - 2, 0, -1):
            u, before, after = units[k], units[k - 1], units[k + 1]
            if (
                u[1] is None
                and not u[2]
                and u[0]
                and before[1] != ""
                and not before[2]
                and after[0]
                and after[1] != ""
            ):
                u[1] = ""
    return "".join(f"{u[0]}{'a' if u[1] is None else u[1]}{u[2]}" for u in units)


# --- Foreign names written in katakana -----------------------------------------------------
# Japanese writes foreign names in katakana by the sounds of Japanese: a vowel after every
# consonant (ドナルド donarudo for Donald), long vowels, doubled consonants and r for l. Undoing
# that gives a spelling close to the original ("donard", and "donald" with l for r), close
# enough for the fuzzy comparison of Latin words.

KATAKANA_RUN: Final = re.compile(r"[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")


def is_katakana(word: str) -> bool:
    return bool(KATAKANA_RUN.fullmatch(word))


@word_cache(maxsize=50_000)
def foreign_spellings(romaji: str) -> tuple[str, ...]:
    """Latin spellings of a foreign word from its Hepburn katakana reading."""
    s = first_groups(_LONG_VOWELS, romaji)  # long vowels
    s = s.replace("tch", "ch")
    s = first_groups(_DOUBLED_CONSONANTS, s)  # doubled consonants (small tsu)
    # ku, su, ru... at the end, or before a consonant that closes an English cluster (kr, rd, kt)
    s = _SILENT_U.sub("", s)
    s = _CLOSING_KU.sub("", s)  # a closing k: ソクチョル Sokchol, ミンスク
    s = _SILENT_O.sub("", s)  # to, do before r and at the end
    s = _N_BEFORE_LABIAL.sub("m", s)
    if not s:
        return ()
    return (s, s.replace("r", "l")) if "r" in s else (s,)


# The other way round: a Latin word as Japanese would write it in katakana (Smith スミス
# sumisu, Putin プーチン puchin), to meet a katakana name on the sounds both are written with.
# Both sides end in the same coarse form: no long vowels or doubled consonants, l as r, v as
# b, and the syllables Hepburn spells two ways (chi/ti, shi/si, ji/di, tsu/tu, fu/hu) one way.

# katakana with a small vowel that pykakasi reads apart (ティ "tei"): read as one syllable
_KANA_COMBOS: Final = {
    "ティ": "ti",
    "ディ": "di",
    "トゥ": "tu",
    "ドゥ": "du",
    "テュ": "tyu",
    "デュ": "dyu",
    "ウィ": "wi",
    "ウェ": "we",
    "ウォ": "wo",
    "ヴァ": "va",
    "ヴィ": "vi",
    "ヴェ": "ve",
    "ヴォ": "vo",
    "ジェ": "je",
    "シェ": "she",
    "チェ": "che",
    "イェ": "ye",
    "クァ": "kwa",
    "グァ": "gwa",
    "クィ": "kwi",
    "クェ": "kwe",
    "クォ": "kwo",
    "ツァ": "tsa",
    "ツィ": "tsi",
    "ツェ": "tse",
    "ツォ": "tso",
    "スィ": "si",
    "ズィ": "zi",
    # a consonant softened by y before a small ya, yu or yo (フョードル Fyodor, ヴャチェスラフ
    # Vyacheslav, テュ and デュ above)
    "フャ": "fya",
    "フュ": "fyu",
    "フョ": "fyo",
    "ヴャ": "vya",
    "ヴュ": "vyu",
    "ヴョ": "vyo",
    "テャ": "tya",
    "テョ": "tyo",
    "デャ": "dya",
    "デョ": "dyo",
}
_KANA_COMBO: Final = re.compile("|".join(_KANA_COMBOS))
_SOUND_FOLDS: Final = (
    ("chi", "ti"),
    ("shi", "si"),
    ("tsu", "tu"),
    ("di", "ji"),
    ("zi", "ji"),  # katakana writes zi as ジ (Nazir ナジール, Aziz アジーズ)
    ("fu", "hu"),
    ("wu", "u"),  # katakana has no wu: ウー for Wu
)
_VOWEL: Final = frozenset("aeiou")


def _sub(pattern: re.Pattern[str], repl: str, s: str, needs: str) -> str:
    """pattern.sub(repl, s) where `s` has `needs`, which every match of `pattern` has: most
    words have nothing to replace, and a look for a letter costs a fraction of a search."""
    return pattern.sub(repl, s) if needs in s else s


_PALATAL: Final = re.compile(r"(?<=[^aeiou])y|(?<=i)y(?=[aeiou])")
_LABIAL: Final = re.compile(r"(?<=[kg])uw?(?=[aeio])")


def _sound_fold(s: str) -> str:
    s = s.replace("l", "r").replace("v", "b")
    if s.startswith("ye"):
        s = s[1:]  # katakana writes Russian's initial ye as エ (Yevgeny エヴゲーニー)
    for a, b in _SOUND_FOLDS:
        s = s.replace(a, b)
    # a consonant softened by y is written with a small ya, yu or yo (キョン kyon for Kyong,
    # プリャキン for Plyakin) or with i before them (タチヤーナ for Tatyana): one form, i
    s = _sub(_PALATAL, "i", s, "y")
    # kw and gw before a vowel: one sound, which katakana writes クァ or グァ (kwa, gua)
    s = _sub(_LABIAL, "w", s, "u")
    # the moraic n before m is how katakana doubles an m (ムハンマド for Muhammad)
    s = s.replace("nm", "m")
    return undouble(s)


# the small tsu doubles the consonant after it, which the sound form writes once
_SMALL_TSU: Final = str.maketrans("", "", "ッｯ")


def katakana_romaji(word: str) -> str:
    """Hepburn romaji of one katakana word, a small vowel read with the kana before it
    (ウォンホ wonho, not uonho; "" when it has no reading)."""
    read = _japanese_words(_KANA_COMBO.sub(lambda m: _KANA_COMBOS[m.group(0)], word))
    return "".join(read) if read else ""


# A Korean name in katakana, syllable by syllable: a kana (with the small kana after it), then
# a closing consonant (パク pak, ソン song or son, チョル chol); Latin spellings of each syllable
_SMALL_KANA: Final = frozenset("ァィゥェォャュョヮ")
_KOREAN_FINALS: Final = {"ン": ("ng", "n"), "ク": ("k",), "ル": ("l",), "プ": ("p",), "ム": ("m",)}
# katakana writes an initial voiced inside a word that Korean spells voiceless, and ファ for hwa
_KOREAN_INITIALS: tuple[tuple[str, str], ...] = (
    ("g", "k"),
    ("k", "g"),
    ("d", "t"),
    ("t", "d"),
)
_KOREAN_INITIALS += (("b", "p"), ("p", "b"))
_KOREAN_INITIALS += (("j", "ch"), ("ch", "j"), ("f", "h"), ("f", "hw"))


def korean_katakana_spellings(word: str, limit: int = 24) -> tuple[str, ...]:
    """Latin spellings of a Korean given name written in katakana as one word (ヨンチョル:
    yongchol, yonchol, ...), () when it is not one to three Korean syllables."""
    syllables: list[tuple[str, ...]] = []
    i, n = 0, len(word)
    while i < n:
        j = i + 1
        while j < n and word[j] in _SMALL_KANA:
            j += 1
        head = word[i:j]
        if head[0] in "ンルー":
            return ()  # no syllable begins with these
        core = katakana_romaji(head)
        if not core or not core.isascii():
            return ()
        i = j
        finals: tuple[str, ...] = ("",)
        if i < n and word[i] in _KOREAN_FINALS and not (i + 1 < n and word[i + 1] in _SMALL_KANA):
            finals = _KOREAN_FINALS[word[i]]
            i += 1
        cores = [core]
        for a, b in _KOREAN_INITIALS:
            if core.startswith(a):
                cores.append(b + core[len(a) :])
        if core.endswith("o"):
            cores += [c[:-1] + "u" for c in cores]  # 성 Song or Sung, both オ in katakana
        elif core.endswith("e") and not core.endswith("ae"):
            cores += [c[:-1] + "ae" for c in cores]  # 재 Jae and 제 Je, both ジェ
        cores += [c[:-3] + "hui" for c in cores if c.endswith("hwi")]  # 휘 Hwi or Hui, フィ
        syllables.append(tuple(c + f for c in dict.fromkeys(cores) for f in finals))
    if not 1 <= len(syllables) <= 3:
        return ()
    out: list[str] = []
    for combo in itertools.product(*syllables):
        out.append("".join(combo))
        if len(out) >= limit:
            break
    return tuple(out)


@word_cache(maxsize=20_000)
def katakana_sounds(word: str) -> str:
    """The coarse sound form of one katakana word ("" when it has no reading).

    Read sound by sound (KANA_UNIT): the few hundred sounds' romaji are cached, and a word's
    sounds joined are the same as the word read whole, ten times faster (the same answer for
    all 86,454 katakana words of the lists and of english_katakana.txt); a word with a sound
    that has no reading of its own is read whole."""
    romaji = [kana_unit_romaji(unit) for unit in KANA_UNIT.findall(word)]
    if romaji and all(romaji):
        return romaji_sounds("".join(romaji))
    read = katakana_romaji(word.translate(_SMALL_TSU))
    return _sound_fold(read) if read else ""


# one sound of katakana: a kana, the small kana that make one sound with it, and the long vowel
# mark, small tsu and moraic n after it (no word begins with those)
KANA_UNIT: Final = re.compile(r".[ァィゥェォャュョヮヵヶ]*[ーッン]*")


@word_cache(maxsize=20_000)
def kana_unit_romaji(unit: str) -> str:
    """Romaji of one KANA_UNIT ("" for a lone small tsu, or no reading): a word's units'
    romaji, joined and passed to romaji_sounds, give its katakana_sounds."""
    bare = unit.translate(_SMALL_TSU)
    return katakana_romaji(bare) if bare else ""


def romaji_sounds(romaji: str) -> str:
    """The coarse sound form of a katakana word's romaji, joined from its units'."""
    return _sound_fold(_fold_long_vowels(romaji))


# English spellings of one sound, before syllables are made
_LATIN_SPELLINGS: Final = (
    ("tch", "ch"),
    ("sch", "sh"),
    ("chr", "kr"),
    ("chl", "kl"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "s"),
    ("wh", "w"),
    ("qu", "kw"),
    ("x", "ks"),
    ("dg", "j"),
)


_UNITS: Final = {"C": "ch", "S": "sh", "T": "ts"}

# Most listed names are romanised from Russian, Arabic, Korean, Persian or Serbian, whose
# letters katakana writes by their own sounds, not by English ones: kh as h (Mikhail ミハイル),
# zh as j, shch as sh, gh as g, q as k, French ou as u (Mahmoud), a v that ends a syllable as f
# (Popov ポポフ), ng that ends a syllable as the moraic n (Kang カン), a final -ic as -ich (Markovic
# マルコヴィッチ); g stays hard (Gennady ゲンナージー).
_ROMANISED: Final = (
    ("shch", "sh"),
    ("kh", "h"),
    ("dzh", "j"),
    ("zh", "j"),
    ("q", "k"),
    ("ou", "u"),
)
# Russian's dz and softened z (Dzyuba ジュバ, Dzinikashvili ジニカシヴィリ, Nebenzya ネベンジャ),
# its va as ワ (Ivanov イワノフ, Vasily ワシーリー), and a v before a consonant that begins the
# word as ウ (Vladimir ウラジーミル)
_RUSSIAN_DZ: Final = re.compile(r"dzy?|zy(?=[aeou])")
_INITIAL_V: Final = re.compile(r"^v(?=[^aeiouy])")
# gh, but not where a Korean syllable ends in ng and the next begins with h (Kwanghyok)
_GH: Final = re.compile(r"(?<!n)gh")
# Korean romanisations write one vowel with two letters (Taesong テソン, Choe チェ, Jong-eon)
_ASPIRATES: Final = re.compile(r"([tpk])h")
_KOREAN_VOWELS: Final = (("ae", "e"), ("eo", "o"), ("eu", "u"), ("oe", "e"))


def _closing(foreign: str) -> str:
    """A romanised foreign name's closing sounds as katakana writes them: a v that ends a
    syllable as f, ng as the moraic n, a final -ic as -ich (see _ROMANISED)."""
    foreign = _sub(_CLOSING_NG, "n", _sub(_CLOSING_V, "f", foreign, "v"), "ng")
    return foreign + "h" if foreign.endswith("ic") else foreign


@word_cache(maxsize=100_000)
def latin_as_katakana(word: str) -> tuple[str, ...]:
    """The coarse sound forms of a Latin word as katakana would spell it ("smith" -> "sumisu"):
    a vowel after every consonant that has none (o after t and d), m before b, p and f as the
    moraic n, an h that ends a syllable silent. The first form reads the word as a romanised
    foreign name (see _ROMANISED); others, where they differ, read its ty and dy as Russian's
    softened t and d, a word of pinyin syllables with Mandarin's sounds, the word as English,
    as katakana writes English (c and g soft before e, i and y, a silent final e, no r that
    closes a syllable, er, ir and ur there as a long a: Robert ロバート, Miller ミラー, not Vladimir
    ウラジーミル; ow as au), a Korean romanisation's two-letter vowels as one, French's silent
    letters, and, for a word in english_katakana(), the katakana that spells how it sounds.
    () for a word that is not plain Latin."""
    w = word
    if not w.isalpha() or not w.isascii():
        return ()
    for a, b in _LATIN_SPELLINGS:
        w = w.replace(a, b)
    foreign = w
    for a, b in _ROMANISED:
        foreign = foreign.replace(a, b)
    foreign = _sub(_GH, "g", foreign, "gh")
    # a v before another consonant inside the word: フ, or ヴ as before a vowel (Evgeny エフゲニー
    # and エヴゲーニー, Lavrov ラヴロフ)
    inner_v = foreign
    foreign = _closing(foreign)
    forms = [_syllables(_consonants(foreign))]
    if len(foreign) > 3 and foreign[-1] == "h" and foreign[-2] in _VOWEL:
        # an Arabic name's final h, which katakana often writes フ (Saleh サーレフ, Fateh)
        forms.append(_syllables(_consonants(foreign[:-1] + "f")))
    russian = _sub(_INITIAL_V, "u", _sub(_RUSSIAN_DZ, "j", inner_v, "z"), "v")
    russian = _closing(russian.replace("va", "wa"))
    if russian != foreign:
        forms.append(_syllables(_consonants(russian)))
    if "v" in inner_v and _INNER_V.search(inner_v):
        forms.append(_syllables(_consonants(_closing(_INNER_V.sub("b", inner_v)))))
    # Russian's softened t and d (тя, тю, дя), romanised ty, tj or dy: katakana writes チャ, チュ,
    # ジャ (Kostyukov コスチュコフ, Dyachenko ジャチェンコ), beside ティヤ (Satyam サティヤム)
    soft = _sub(_SOFT_D, "j", _sub(_SOFT_T, "ch", foreign, "t"), "d")
    if soft != foreign:
        forms.append(_syllables(_consonants(soft)))
    # Russian's soft sign, which romanisations leave out or write j: a final rь is リ (Igor
    # イーゴリ, Lazar ラザリ), and a j between a consonant and a vowel is the softening (Arefjev
    # アレフィエフ); Ukrainian's ти before a vowel チ (Tetiana テチャーナ)
    if len(foreign) >= 4 and foreign[-1] == "r" and foreign[-2] in _VOWEL:
        forms.append(_syllables(_consonants(foreign + "i")))
    for pattern, sound, needs in _SOFTENED:
        if needs in foreign:
            softened = pattern.sub(sound, foreign)
            if softened != foreign:
                forms.append(_syllables(_consonants(softened)))
    # Russian's consonants take the voicing of the one after them, which romanisations letter
    # by letter do not write and katakana does: an s before b, d or g is z (Sberbank ズベルバンク),
    # a z before p, t, k, f or s is s (Gazprom ガスプロム); and in a word made of two (Gazprombank
    # ガスプロムバンク) an m before b or p is ム, not the moraic n
    assimilated = _sub(_VOICED_S, "z", _sub(_UNVOICED_Z, "s", foreign, "z"), "s")
    if assimilated != foreign:
        forms.append(_syllables(_consonants(assimilated)))
    if "m" in assimilated and _M_BEFORE_B_P.search(assimilated):
        forms.append(_syllables(_consonants(_M_BEFORE_B_P.sub("mu", assimilated))))
    # an Arabic h between a vowel and y closes a syllable (Yahya ヤフヤ)
    if "hy" in foreign and _VOWEL_H_Y.search(foreign):
        forms.append(_syllables(_consonants(foreign, h_closes=True)))
    # Russian's ё, which romanisations write e (Fedor, Petr, Artem, Gorbachev): katakana writes
    # it ョ (フョードル, ピョートル, アルチョム, ゴルバチョフ), an o after ch, sh and j; the first
    # and the last e after a consonant each also read so
    for i in _yo_places(foreign):
        yo = "o" if foreign[:i].endswith(("ch", "sh", "j")) else "yo"
        forms.append(_syllables(_consonants(foreign[:i] + yo + foreign[i + 1 :])))
    if pinyin_word(word):
        # Mandarin in pinyin: x and q are sh and ch, and j and zh j, taking up the i after them
        # (Xiaohong シャオホン, Qiang チャン, Jian ジャン, Zhou ジョウ); c is ts (Cai ツァイ); hu
        # before a, o or e is f
        mandarin = word
        for pattern, sound in _PINYIN_SOUNDS:
            mandarin = pattern.sub(sound, mandarin)
        # pinyin's ou is a long o, which katakana writes オウ or オー (Zhou ジョウ, Gou ゴウ)
        mandarin = mandarin.replace("ou", "o")
        if mandarin != word:
            mandarin = _CLOSING_NG.sub("n", mandarin)  # the moraic n (Hong ホン)
            forms.append(_syllables(_consonants(mandarin)))
    english = _consonants(w, english=True)
    if len(english) > 3 and english.endswith("er"):
        english = english[:-2] + "a"
    elif len(english) > 3 and english[-1] == "e" and english[-2] not in _VOWEL:
        english = english[:-1]  # a silent final e (Mike)
    english = _sub(_CLOSING_VOWEL_R, "a", english, "r")
    english = _sub(_CLOSING_R, "", _sub(_CLOSING_OW, "au", english, "ow"), "r")
    if len(english) >= 2:
        forms.append(_syllables(english, english=True))
    # McCune-Reischauer writes the aspirates th, ph, kh (Thaephyongsan テピョンサン)
    korean = foreign if not _ASPIRATES.search(word) else first_groups(_ASPIRATES, word)
    for a, b in _KOREAN_VOWELS:
        korean = korean.replace(a, b)
    if korean != foreign:
        forms.append(_syllables(_consonants(korean)))
    # (French th is t and qu k: Thomas トマ, Jacques ジャック)
    french = _french(word.replace("th", "t").replace("qu", "k"))
    for a, b in _LATIN_SPELLINGS:
        french = french.replace(a, b)
    if french != w and len(french) >= 2:
        forms.append(_syllables(_consonants(french)))
    spelt = english_katakana().get(word)
    if spelt:  # an English word, as katakana spells how it sounds (safety セーフティー)
        forms.extend(katakana_sounds(fold_kana(kana)) for kana in spelt.split("\t"))
    return tuple(dict.fromkeys(f for f in forms if f))


_VOICED_S: Final = re.compile(r"s(?=[bdg])")
_UNVOICED_Z: Final = re.compile(r"z(?=[ptkfcs])")
_M_BEFORE_B_P: Final = re.compile(r"(?<=[aeiou])m(?=[bp])")
_SOFTENED: Final = (
    # (not after l: Arabic's article before a j, Al-Jarba, is no softening)
    (re.compile(r"(?<=[^aeiouyl])j(?=[aeiou])"), "i", "j"),
    (re.compile(r"ti(?=[aou])"), "ch", "ti"),
)


def _yo_places(foreign: str) -> list[int]:
    """Where a romanised Russian word's ё may be (see latin_as_katakana): the first and the
    last e after a consonant, in a word of four letters or more."""
    if len(foreign) < 4 or "e" not in foreign:
        return []
    places = [
        i
        for i in range(1, len(foreign))
        if foreign[i] == "e" and foreign[i - 1] not in _VOWEL and foreign[i - 1] != "y"
    ]
    return list(dict.fromkeys(places[:1] + places[-1:]))


def pinyin_word(word: str) -> bool:
    """Whether a word is made wholly of Mandarin syllables as pinyin spells them (xiaohong,
    zhang, qiang), found from left to right in one pass: a regular expression with a repeated
    group of syllables takes time exponential in the word's length to say no."""
    n = len(word)
    ends = [True] + [False] * n  # ends[i]: word[:i] is syllables
    for end in range(1, n + 1):
        for start in range(max(0, end - _PINYIN_LONGEST), end):
            if ends[start] and word[start:end] in _PINYIN_SYLLABLES:
                ends[end] = True
                break
    return ends[n]


@functools.lru_cache(maxsize=1)
def english_katakana() -> dict[str, str]:
    """English words (lower case) to their katakana (one or two, tab between), from
    english_katakana.txt: katakana writes an English word by its sounds, which its spelling
    tells only in part (technique テクニック, agitation アジテーション, Houston ヒューストン). See
    screening/katakana_lexicon.py."""
    text = resources.files("screening.engine").joinpath("english_katakana.txt").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        word, tab, kana = line.partition("\t")
        if tab and not word.startswith("#"):
            table[word] = kana
    return table


# (a pattern, what it becomes, a letter or two every match has: see _sub)
_FRENCH: Final = (
    (re.compile(r"^h"), "", "h"),  # a silent h
    (re.compile(r"eau|au"), "o", "au"),
    (re.compile(r"ou"), "u", "ou"),
    (re.compile(r"oi"), "wa", "oi"),
    (re.compile(r"dj"), "j", "dj"),
    (re.compile(r"ch"), "sh", "ch"),
    (re.compile(r"g(?=[eiy])"), "j", "g"),
    (re.compile(r"c(?=[eiy])"), "s", "c"),
    (re.compile(r"gn"), "ny", "gn"),
    (re.compile(r"er$"), "e", "er"),  # Olivier
    (re.compile(r"(?<=[^aeiouy])e$"), "", "e"),  # a silent final e (Djermane)
    (re.compile(r"(?<=[aeiouy])[dtsxz]$|(?<=[rn])[dts]$"), "", ""),  # silent final consonants
    (re.compile(r"(?:ai|ei|e|i|u|a)n(?![aeiouyn])|aim(?![aeiouy])"), "an", ""),  # nasal vowels
    (re.compile(r"ai|ei"), "e", "i"),
)


def _french(w: str) -> str:
    """A Latin word read as French, as katakana writes French names: silent h and final
    consonants, ch as sh, nasal vowels as an (Hauchard オーシャール, Martin マルタン, Innocent
    イノサン, Germain ジェルマン)."""
    for pattern, repl, needs in _FRENCH:
        w = _sub(pattern, repl, w, needs)
    return w


def _consonants(w: str, *, english: bool = False, h_closes: bool = False) -> str:
    """ch, sh and ts as one consonant each (C, S and T until syllables are made), c as k or s,
    y as a vowel where no vowel follows it, doubled letters once. `h_closes`: an h between a
    vowel and y closes a syllable, and the y begins the next (Arabic's Yahya, ヤフヤ)."""
    w = w.replace("ch", "C").replace("sh", "S").replace("ts", "T")
    w = _sub(_SOFT_C_BEFORE, "s", w, "c").replace("c", "k")
    if english:
        w = _sub(_SOFT_G, "j", w, "g")
        w = _sub(_SILENT_K_G, "n", w, "n")
        w = _sub(_SILENT_W, "r", w, "wr")
        w = _sub(_SILENT_GH, "", w, "gh")
    # y after a consonant and before a vowel softens it (Tatyana); elsewhere it is a vowel
    if "y" in w:
        soften = _Y_BEFORE_VOWEL_NOT_AFTER_H if h_closes else _Y_BEFORE_VOWEL
        w = _Y_AS_VOWEL.sub("i", soften.sub("i", w))
    return undouble(w)


_CLOSING_R: Final = re.compile(r"(?<=[aeiou])r(?![aeiou])")


def _syllables(w: str, *, english: bool = False) -> str:
    """Japanese syllables of a prepared spelling (see latin_as_katakana), sound-folded. An h
    before a consonant is silent in English (John), and sounded in a romanised Arabic or
    Persian name (Ahmad アフマド)."""
    out: list[str] = []
    i, n = 0, len(w)
    while i < n:
        ch = w[i]
        unit = _UNITS.get(ch, ch)
        i += 1
        nxt = w[i] if i < n else ""
        if ch in _VOWEL or nxt in _VOWEL:
            out.append(unit)
        elif unit == "h" and (english or not nxt):
            continue  # "John", "Sarah": a silent h
        elif unit == "n" or (unit == "m" and nxt in ("b", "p", "f")):
            out.append("n")
        elif unit == "y":
            out.append("i")
        else:
            out.append(unit + ("o" if unit in ("t", "d") else "i" if unit in ("ch", "j") else "u"))
    return _sound_fold("".join(out))


def sound_key(sounds: str) -> str:
    """A coarse key of katakana sounds: the first letter and the consonants after it."""
    return sounds[:1] + "".join(ch for ch in sounds[1:] if ch not in _VOWEL)


# --- Kana and kanji (Japanese) ------------------------------------------------------------


def _kept_for_life() -> None:
    """A dictionary loaded once per process lives as long as the process does and holds no
    garbage: its objects (pypinyin's alone are half a million lists) are moved out of the
    collector's sight, as a large index's are, so that each full collection does not walk them
    again. Collected first, so that no garbage is kept with them."""
    gc.collect()
    gc.freeze()


@functools.lru_cache(maxsize=1)
def _kakasi() -> object | None:
    try:
        import pykakasi

        kks = pykakasi.Kakasi()
        kks.convert("東京")  # what it loads on first use
    except ImportError:  # Japanese readings are optional; native keys still work without them
        return None
    jconv = getattr(kks, "_jconv", None)
    if jconv is not None and hasattr(jconv, "_kanwa"):
        jconv.convert = _KanjiWords(jconv)
    _kept_for_life()
    return kks


class _KanjiWords:
    """The longest dictionary word at the start of a kanji text, with its reading: what
    pykakasi's kanji step answers, found by trying the lengths its words have, longest first,
    instead of comparing the text with every word that begins with the same kanji (1,150 for
    中). Besides the time, that scan touches each of those words, and so writes their reference
    counts: in a forked screening process every page they are on is copied.

    Texts with a variation selector, whose length pykakasi counts apart, still go to it."""

    def __init__(self, jconv: Any) -> None:
        self.fallback = jconv.convert
        self.itaiji = jconv._itaiji
        self.tables: dict[int, dict[str, list[tuple[str, Any]]]] = jconv._kanwa._jisyo_table
        # per first kanji, the lengths of its words, longest first
        self.lengths = {
            c: tuple(sorted({len(w) for w in table}, reverse=True))
            for c, table in self.tables.items()
        }

    def __call__(self, itext: str, btext: str) -> tuple[str, int]:
        text = self.itaiji.convert(itext)
        if len(text) != len(itext):
            return self.fallback(itext, btext)  # type: ignore[no-any-return]
        first = ord(text[0])
        table = self.tables.get(first)
        if table is None:
            return "", 0
        for n in self.lengths[first]:
            if n <= len(text):
                for yomi, context in table.get(text[:n], ()):
                    if context is None or btext in context:
                        return yomi, n
        return "", 0


_LONG_VOWEL: Final = re.compile(r"(ou|oo|uu|ei)")


def _fold_long_vowels(s: str) -> str:
    # Hepburn as written in passports drops long vowels: Tarou -> Taro, Yuuko -> Yuko.
    return _LONG_VOWEL.sub(lambda m: m.group(0)[0] if m.group(0) != "ei" else "ei", s)


def japanese_reading(text: str) -> list[str]:
    """Hepburn romaji words for kana (and, as a guess, kanji) text; [] when unavailable."""
    words: list[str] = []
    for part in text.split():
        read = _japanese_words(part)
        if read is None:
            return []  # a character with no Japanese reading: not a Japanese name
        words.extend(read)
    return words


@word_cache(maxsize=50_000)
def _japanese_words(text: str) -> tuple[str, ...] | None:
    """Romaji of one written word (given names and family names recur: cached)."""
    kks = _kakasi()
    if kks is None:
        return ()
    try:
        items = kks.convert(text)  # type: ignore[attr-defined]
    except (IndexError, KeyError, ValueError):
        # pykakasi fails on some odd input; the word then has no Japanese reading (the name is
        # still screened on its other readings and its native key)
        return None
    words: list[str] = []
    for item in items:
        h = str(item.get("hepburn", "")).strip()
        orig = str(item.get("orig", "")).strip()
        if orig and (not h or not h.isascii()):
            return None
        for part in h.split():
            part = _NOT_ALNUM.sub("", part.lower())
            if part:
                words.append(_fold_long_vowels(part))
    return tuple(words)


def chinese_reading(text: str) -> list[str]:
    """Pinyin of a Han personal name, a word per written word ("桂荣 兰" -> guirong lan); written
    without spaces, the first character is the surname and the rest the given name."""
    parts = text.split()
    if len(parts) > 1:
        words = ["".join(chinese_syllables(p)) for p in parts]
        return [w for w in words if w]
    syll = chinese_syllables(text)
    if len(syll) <= 1:
        return list(syll)
    return [syll[0], "".join(syll[1:])]


_HAN_DIGITS: Final = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
}
_HAN_DIGITS.update({"七": 7, "八": 8, "九": 9})
_HAN_UNITS: Final = {"十": 10, "百": 100, "千": 1000}
HAN_NUMERAL: Final = "[〇零一二两三四五六七八九十百千]"


def han_number(text: str) -> int | None:
    """A number written in Han numerals (二十八 28, 一百零五 105, 七七一 771 read digit by digit)
    or in digits; None when it is not one."""
    if text.isdigit():
        return int(unicodedata.normalize("NFKC", text))
    if not any(c in _HAN_UNITS for c in text):
        if not all(c in _HAN_DIGITS for c in text):
            return None
        return int("".join(str(_HAN_DIGITS[c]) for c in text))
    total = current = 0
    for c in text:
        if c in _HAN_DIGITS:
            current = _HAN_DIGITS[c]
        elif c in _HAN_UNITS:
            total += (current or 1) * _HAN_UNITS[c]
            current = 0
        else:
            return None
    return total + current


_HAN_OR_KANA: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def load_readers(text: str) -> bool:
    """Load the Japanese and Chinese reading dictionaries (about 0.8 s, once per process) if
    `text` has Han or kana, and say whether it has; before forking, so that the children share
    them."""
    if not _HAN_OR_KANA.search(text):
        return False
    _kakasi()
    _lazy_pinyin()
    return True


@functools.lru_cache(maxsize=1)
def _lazy_pinyin() -> Callable[[str], list[str]]:
    from pypinyin import lazy_pinyin

    lazy_pinyin("中")  # what it loads on first use
    _kept_for_life()
    return lazy_pinyin


@word_cache(maxsize=50_000)
def chinese_syllables(text: str) -> tuple[str, ...]:
    """Pinyin syllables of Han text, one per character."""
    return tuple(s for s in _lazy_pinyin()(text) if s.isalpha())


# --- Wade-Giles (older romanisation of Chinese) ---------------------------------------------

# initial -> (pinyin when unaspirated, pinyin when aspirated: written with an apostrophe)
_WG_INITIALS: Final[dict[str, tuple[str, str]]] = {
    "ch": ("zh", "ch"),
    "hs": ("x", "x"),
    "ts": ("z", "c"),
    "tz": ("z", "c"),
    "sh": ("sh", "sh"),
    "j": ("r", "r"),
    "k": ("g", "k"),
    "p": ("b", "p"),
    "t": ("d", "t"),
    **{c: (c, c) for c in "sfhlmnwy"},
    "": ("", ""),
}
_WG_FINALS: Final[dict[str, str]] = {
    **{
        f: f
        for f in ("a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "i", "ia", "iang", "iao")
        + ("in", "ing", "iu", "o", "ou", "u", "ua", "uai", "uan", "uang", "ui", "un", "uo")
    },
    "eh": "e",
    "erh": "er",
    "ieh": "ie",
    "ien": "ian",
    "ih": "i",
    "iung": "iong",
    "uei": "ui",
    "ueh": "ue",
    "ung": "ong",
    "ü": "u",
    "üan": "uan",
    "üeh": "ue",
    "ün": "un",
}
_WG_SPECIAL: Final = {"szu": "si", "ssu": "si", "tzu": "zi", "tsu": "zi", "erh": "er"}
_WG_SYLLABLE: Final = re.compile(
    r"^(ch|hs|ts|tz|sh|j|k|p|t|s|f|h|l|m|n|w|y|)(['’‘ʻ]?)([aeiouü]\w*)$"
)


def _wade_giles_syllable(syl: str) -> str | None:
    """Pinyin for one Wade-Giles syllable, or None when it is not one."""
    if syl in _WG_SPECIAL:
        return _WG_SPECIAL[syl]
    m = _WG_SYLLABLE.match(syl)
    if m is None or m.group(3) not in _WG_FINALS:
        return None
    ini, aspirated, fin = m.group(1), bool(m.group(2)), _WG_FINALS[m.group(3)]
    if ini == "ch" and fin[0] in "iü":
        py = "q" if aspirated else "j"
    else:
        py = _WG_INITIALS[ini][1 if aspirated else 0]
    if fin == "o" and ini in ("k", "h"):
        fin = "e"  # ko -> ge, ho -> he
    return py + fin


def wade_giles_reading(folded: str) -> list[str]:
    """Pinyin words for a name written in Wade-Giles ("Mao Tse-tung" -> mao zedong), else [].

    Every syllable must be a Wade-Giles syllable and at least one must differ from its pinyin
    form; the syllables of a hyphenated word are written as one word, as pinyin does.
    """
    words = [w for w in _WORD_BREAKS.split(folded) if w]
    if not 2 <= len(words) <= 4:
        return []
    out: list[str] = []
    changed = False
    for word in words:
        joined = ""
        for syl in word.split("-"):
            py = _wade_giles_syllable(syl)
            if py is None:
                return []
            changed = changed or py != syl
            joined += py
        out.append(joined)
    return out if changed else []


# --- Consonant skeletons (weak key) --------------------------------------------------------

_SKELETON_DIGRAPHS: Final = (
    ("kh", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("zh", "j"),
    ("dj", "j"),  # French romanisations of ج (Djamel)
)
_SKELETON_SINGLE: Final = str.maketrans({"q": "k", "c": "k", "z": "s", "x": "k", "p": "b"})
_SKELETON_DROP: Final = re.compile(r"[aeiouywv'`@^\-\s]")
_SOFT_C: Final = re.compile(r"c(?=[eiy])")
# the consonants (in skeleton letters) the Arabic article's l sounds as: ad-din, ar-rahman
SUN_LETTERS: Final = frozenset("tdrsln")


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)


def first_groups(pattern: re.Pattern[str], s: str) -> str:
    """re.sub(pattern, r"\1", s), at a fraction of its cost: a template such as r"\1" is
    expanded by Python code at each call, and most names have nothing to replace."""
    return s if pattern.search(s) is None else pattern.sub(_first_group, s)


def undouble(s: str) -> str:
    """Each letter written twice or more in a row written once (line breaks, which a regular
    expression's dot does not match, are left as they are)."""
    out: list[str] = []
    last = ""
    for ch in s:
        if ch != last or ch == "\n":
            out.append(ch)
            last = ch
    return s if len(out) == len(s) else "".join(out)


def _skeleton_letters(latin: str) -> str:
    """A Latin word with each sound a skeleton keeps written as one letter (kh k, sh s, dj j, a
    soft c s as in Lounici, q k, z s...), vowels still in it."""
    s = latin.lower()
    for a, b in _SKELETON_DIGRAPHS:
        s = s.replace(a, b)
    return _SOFT_C.sub("s", s).translate(_SKELETON_SINGLE)


@word_cache(maxsize=200_000)
def skeleton(latin: str) -> str:
    """Consonant skeleton of a latinised word: "mohamed" and "محمد" (mHmd) both give "mhmd"."""
    s = _SKELETON_DROP.sub("", _skeleton_letters(latin))
    s = undouble(s)
    # a final h is usually a silent vowel letter (ة, ה) or a romanisation habit ("Abdullah");
    # one a vowel follows is sounded (Netanyahu, Nuha: نتنياهو and نهى write the vowel after it)
    if len(s) > 1 and s.endswith("h") and latin.endswith(("h", "H")):
        s = s[:-1]
    return s


# --- Long vowels of Arabic-script words ------------------------------------------------------
# Arabic script leaves short vowels out but writes long ones: ا (a), و (u, o or w), ي (i or y).
# A Latin spelling of the word must have a vowel where the script writes a long one: احسان is
# Ehsan or Ihsan, not Hasan (حسن); جمال is Jamal or Djamel, not Jamil. Both words are cut into
# the consonants of their skeleton and the gaps around them (see vowel_gaps).

_ARABIC_VOWEL_LETTERS: Final = {
    **dict.fromkeys("اأإآٱ", "A"),  # alef: a long a, or the seat of a first vowel
    **dict.fromkeys("و", "W"),
    **dict.fromkeys("يیےې", "Y"),
    "ى": "V",  # alef maqsura: a final a or i (مصطفى Mustafa, على Ali)
    **dict.fromkeys("عءئؤة", "'"),  # ayn, hamza, ta marbuta: written as a vowel or not at all
}
# what a Latin gap must hold for each long vowel the script writes
_GAP_NEEDS: Final = {"A": "aeou", "W": "uowv", "Y": "iey", "V": "aeiouy"}
_CONSONANT_Y: Final = re.compile(r"y[aeiou]")  # a y before a vowel is a consonant (Yusuf, Sayed)


_ARABIC_LETTERS: Final = re.compile(r"^[\u0620-\u06ff]+$")
# Arabic d sounds that Persian and Urdu say as z, and the th they say as s (ثناء اللہ Sanaullah)
Z_LETTERS: Final = frozenset("ذضظث")


@word_cache(maxsize=50_000)
def arabic_skeleton(word: str, *, as_z: bool = False) -> tuple[str, tuple[str, ...]] | None:
    """An Arabic-script word's consonant skeleton, letter by letter (زاهد is z-h-d, Zahed: its
    z and h are two letters, not the zh of a Latin spelling), and the long vowels it writes in
    each gap of the skeleton (one more gap than consonants; "" where none). None for a word
    with letters of other scripts. `as_z`: ذ ض ظ read as z and ث as s, as Persian and Urdu say
    them (Nazir, Fazl, Zia, Wasseq), not as Arabic d and th (Dhahab, Fadl, Diya, Wathiq)."""
    if not _ARABIC_LETTERS.match(word):
        return None
    consonants = ""
    gaps = [""]
    for ch in word:
        mark = _ARABIC_VOWEL_LETTERS.get(ch)
        if mark:
            gaps[-1] += mark
            continue
        sk = "s" if as_z and ch in Z_LETTERS else skeleton(_NOT_LETTER.sub("", latinise(ch)))
        if not sk:
            continue
        for c in sk:
            if not consonants.endswith(c):  # as skeleton(): a consonant repeated is one
                consonants += c
                gaps.append("")
    if len(consonants) > 1 and consonants.endswith("h") and gaps[-1] == "":
        consonants = consonants[:-1]  # as skeleton(): a final h is a vowel letter
        gaps.pop()
    return consonants, tuple(gaps)


# a consonant and h after a vowel: two letters in Ishaq (اسحاق), Azhar (ازهر), Lakhal (لكحل),
# and after Hebrew's tz (Yitzhak יצחק); at the start of a word they are one sound (Sher شیر,
# Khan خان, Zhirova)
_H_AFTER_CONSONANT: Final = re.compile(r"(?<=[aeiou][kgstdz])h|(?<=[aeiou]tz)h")


@word_cache(maxsize=100_000)
def digraph_spellings(word: str) -> tuple[str, ...]:
    """A Latin word with its digraphs after a vowel read as two letters, as an Arabic-script
    spelling may write them (Is-haq اسحاق, Maz-hari مظهری, not the one sound of sh or zh);
    () when it has none."""
    out: list[str] = []
    if "h" in word:
        apart = _H_AFTER_CONSONANT.sub("-h", word)  # the hyphen keeps the two letters apart
        if apart != word:
            out.append(apart)
    if "j" in word:
        # a j between a consonant and a vowel as the y the script writes (Benjamin بنيامين,
        # בנימין: Binyamin)
        as_y = _J_AS_Y.sub("y", word)
        if as_y != word:
            out.append(as_y)
    return tuple(out)


_J_AS_Y: Final = re.compile(r"(?<=[^aeiouyd])j(?=[aeiou])")  # (dj is French for one sound, Djamel)


@word_cache(maxsize=100_000)
def latin_vowel_gaps(word: str) -> tuple[str, ...]:
    """The letters of a Latin word in each gap of its consonant skeleton (see skeleton())."""
    gaps = [""]
    last = ""
    for ch in _skeleton_letters(word):
        if _SKELETON_DROP.match(ch):
            gaps[-1] += ch
        elif ch == last:
            continue  # as skeleton(): a consonant repeated, vowels between or not, is one
        else:
            gaps.append("")
            last = ch
    if len(gaps) > 2 and last == "h" and gaps[-1] == "":
        gaps.pop()
    return tuple(gaps)


def long_vowels_agree(arabic: tuple[str, ...], latin: tuple[str, ...]) -> bool | None:
    """Whether a Latin spelling has a vowel in every gap where the Arabic word writes a long
    one, a letter in the Arabic gap for every w, v or consonant y in the Latin one, and begins
    with a vowel only where the Arabic word does (with alef, ayn or hamza). None when the two
    are not cut into the same number of gaps."""
    if len(arabic) != len(latin):
        return None
    for k, (need, have) in enumerate(zip(arabic, latin, strict=True)):
        for mark in need.replace("'", ""):
            # an alef before the first consonant is the seat of its first vowel, whichever it
            # is (ابراهيم Ibrahim, اسحاق Ishaq, اسماعيل Ismail), not a long a
            wanted = "aeiou" if k == 0 and mark == "A" else _GAP_NEEDS[mark]
            if not any(v in have for v in wanted):
                return False
        # و and ي are letters too: Walid, Vahid, Musavi and Yusuf write them (وليد, وحید,
        # موسوی, يوسف); a hamza seat stands in for either (قائد Qayed). The skeleton drops w, v
        # and y, so without this "Vyacheslav" (v-y-a-sl-a-v) would read as اصيل (a-s-y-l).
        if ("v" in have or "w" in have) and not any(m in need for m in "W'"):
            return False
        if _CONSONANT_Y.search(have) and not any(m in need for m in "YV'"):
            return False
    # and "Ehsan" is not حسن
    return not (latin[0] and latin[0][0] in "aeiou" and not arabic[0])


def strip_marks(text: str) -> str:
    """Remove combining marks (accents) after canonical decomposition."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
