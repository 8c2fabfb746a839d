"""The explainable scorer: token alignment weighted by how distinctive each token is.

A query and a list name are compared token by token (exact, fuzzy within an edit budget, loose
transliteration fold, legal-form class, initial, consonant skeleton, or two tokens written as one).
Pairs are taken greedily, best first, each token used once. The name score is the weighted share
of the name that aligned, where unmatched query tokens cost more than unmatched list tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from rapidfuzz.distance import OSA, Indel

from .config import EngineConfig
from .lexicon import NUMBER_WORDS, PARTICLE_SPELLINGS
from .normalise import DISTINCTIVE, KIND_WEIGHT, Token, distinctive_native
from .scripts import (
    SUN_LETTERS,
    digraph_spellings,
    latin_as_katakana,
    latin_vowel_gaps,
    long_vowels_agree,
    skeleton,
    undouble,
)

# Edits a token of a given length may have and still count as the same word. Short tokens must be
# exact (or equal after the loose fold): "Li" and "Lu" are different people.
_BUDGET: Final = (0, 0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 3)
_LONG_WORD_EDITS: Final = 4  # from twelve letters on, however long the word


def _budget(n: int) -> int:
    """Edits a word of n letters may have and still count as the same word."""
    return _BUDGET[n] if n < len(_BUDGET) else _LONG_WORD_EDITS


# An Arabic-script word of a query written as a list word it is known to be spelt
KNOWN_SPELLING: Final = 0.95
# Below this a fuzzy pair is not the same word ("Borges"/"Torres", "Batra"/"Katra").
MIN_TOKEN_SIM: Final = 0.7
_JOINABLE: Final = frozenset({"word", "particle", "generic", "initial", "title", "stop"})
# Evidence that confirms only part of the fuller token ("C." for "Camilo", a consonant skeleton
# for a word); a misspelt generic word is the generic word, not partial evidence for a name.
_PARTIAL_EVIDENCE: Final = frozenset({"initial", "skeleton"})


def word_sim(a: str, b: str) -> float:
    """Similarity of two words: 1 when equal, 1 - edits/length within the budget, else 0."""
    if a == b:
        return 1.0
    la, lb = len(a), len(b)
    n = la if la > lb else lb
    budget = _budget(n)
    if budget == 0 or abs(la - lb) > budget:
        return 0.0
    d = OSA.distance(a, b, score_cutoff=budget)
    if d > budget:
        return 0.0
    s = 1.0 - d / n
    if a[0] != b[0] and not (a[0] == b[1] and a[1] == b[0]):
        s *= 0.92  # a different first letter is rarely a typo (a swap of the first two is)
    return s


def skeleton_sim(n: int, vowels: bool | None = None) -> float:
    """Score of equal consonant skeletons of n consonants: one or two ("l" for Ali) say little.
    `vowels`: whether the Latin word has the long vowels the Arabic-script word writes (see
    scripts.long_vowels_agree); they say more where they agree, and the skeleton less where
    they do not (احسان Ehsan, not Hasan)."""
    if vowels is True:
        return 0.95 if n >= 4 else 0.92 if n == 3 else 0.85 if n == 2 else 0.6
    if vowels is False:
        return 0.75 if n >= 4 else 0.7 if n == 3 else 0.55 if n == 2 else 0.4
    return 0.9 if n >= 4 else 0.85 if n == 3 else 0.7 if n == 2 else 0.5


def _arabic_and_latin(q: Token, c: Token) -> tuple[Token, Token] | None:
    """The two tokens as (Arabic-script word, Latin word), or None when they are not that."""
    if q.gaps and c.kind != "skeleton":
        return q, c
    if c.gaps and q.kind != "skeleton":
        return c, q
    return None


def _long_vowels(q: Token, c: Token) -> bool | None:
    """Long-vowel agreement of an Arabic-script word and a Latin one (None when not that)."""
    pair = _arabic_and_latin(q, c)
    return None if pair is None else long_vowels_agree(pair[0].gaps, latin_vowel_gaps(pair[1].text))


def _digraphs_apart(q: Token, c: Token) -> float:
    """An Arabic-script word and a Latin one whose consonants agree once a digraph of the Latin
    spelling is read as the Arabic script writes it (see scripts.digraph_spellings); else 0."""
    pair = _arabic_and_latin(q, c)
    if pair is None:
        return 0.0
    arabic, latin = pair
    for spelt in digraph_spellings(latin.text):
        if skeleton(spelt) == arabic.skel:
            agree = long_vowels_agree(arabic.gaps, latin_vowel_gaps(spelt))
            return skeleton_sim(len(arabic.skel), agree)
    return 0.0


def _same_long_vowels(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two Arabic-script words with the same consonants write the same long vowels.
    An alef after the first consonant may be written or not (رحمن, رحمان: Rahman), but not
    before it (احمد Ahmad, حمد Hamad); ayn, hamza and ta marbuta are left aside."""
    if len(a) != len(b):
        return False
    for k, (x, y) in enumerate(zip(a, b, strict=True)):
        x, y = x.replace("'", "").replace("V", "Y"), y.replace("'", "").replace("V", "Y")
        if k:
            x, y = x.replace("A", ""), y.replace("A", "")
        if x != y:
            return False
    return True


_NUMBER_WORD_DIGITS: Final = {w: str(n) for w, n in NUMBER_WORDS.items()}


def token_sim(q: Token, c: Token, strict: bool = False) -> tuple[float, str]:
    """Score and kind of evidence for one query token against one list token.

    `strict` is for tokens that come from a transliteration guess (Han, kana and Hangul readings):
    the guess already spends the uncertainty, so only equal spellings or spelling variants count,
    not further typos.
    """
    qk, ck = q.kind, c.kind
    if qk == "legal" or ck == "legal":
        if qk == ck:
            return (1.0 if q.text == c.text else 0.8), "legal-class"
        return 0.0, ""
    if qk == "number" or ck == "number":
        if q.text == c.text:
            return 1.0, "exact"
        # a number word read as digits on one side only (Sergei Ten as a person, who is read as
        # written, and as a name of unknown kind, "sergei 10")
        word = c.text if qk == "number" else q.text
        number = q.text if qk == "number" else c.text
        if qk != ck and _NUMBER_WORD_DIGITS.get(word) == number:
            return 1.0, "number word"
        return 0.0, ""
    if qk == "skeleton" or ck == "skeleton":
        if strict:
            return 0.0, ""  # a transliteration guess never meets a consonant skeleton
        if qk == ck and q.gaps and c.gaps and q.skel == c.skel:
            # two Arabic-script words: the long vowels they write tell names apart as much as
            # their consonants (احسان Ehsan is not حسن Hasan, حمیدی Hamidi not احمدی Ahmadi)
            same = _same_long_vowels(q.gaps, c.gaps)
            if same and q.forms[:1] == c.forms[:1]:
                return 1.0, "exact"
            return skeleton_sim(len(q.skel), same), "skeleton"
        if qk == ck and q.forms[:1] == c.forms[:1]:
            return 1.0, "exact"
        if qk == "skeleton" and ck != "skeleton" and len(q.forms) > 1:
            # a query's Arabic-script name that the skeleton says too little of, known by the
            # spellings the lists give it (علي, Ali: see lexicon.ARABIC_SHORT_NAMES); another
            # word with its consonants is most likely another name (Leila, Alaa)
            if c.text in q.forms[1:]:
                return KNOWN_SPELLING, "spelling-variant"
            if q.skel == c.skel:
                return skeleton_sim(len(q.skel), False), "skeleton"
        if q.skel and q.skel == c.skel:
            return skeleton_sim(len(q.skel), _long_vowels(q, c)), "skeleton"
        apart = _digraphs_apart(q, c)
        if apart:
            return apart, "skeleton"
        if (
            len(q.skel) >= 5
            and len(c.skel) >= 5
            and OSA.distance(q.skel, c.skel, score_cutoff=1) <= 1
        ):
            return 0.75, "skeleton"
        return 0.0, ""
    if qk == "initial" or ck == "initial":
        if q.text[0] == c.text[0]:
            return (1.0, "exact") if q.text == c.text else (0.8, "initial")
        return 0.0, ""
    if q.text == c.text:
        return 1.0, "exact"
    if qk == "particle" and ck == "particle":
        particle = PARTICLE_SPELLINGS.get(q.text)
        if particle is not None and particle == PARTICLE_SPELLINGS.get(c.text):
            return 1.0, "spelling-variant"  # one particle spelt two ways (bin, ben)
    best = 0.0
    how = ""
    for a in q.forms or (q.text,):
        for b in c.forms or (c.text,):
            if a == b:
                # one word's other spelling (ryeonbong, ryonbong): scored as the same word
                return 1.0, "spelling-variant"
            if not strict:
                s = word_sim(a, b)
                if s > best:
                    best = s
                    how = "fuzzy"
    if best < 0.95 and q.loose and c.loose:
        if q.loose == c.loose:
            best, how = 0.95, "spelling-variant"
        elif not strict:
            s = word_sim(q.loose, c.loose) * 0.97
            if s > best:
                best, how = s, "spelling-variant"
    if q.kana and best < 0.95:
        # a katakana word against a list word on the sounds katakana would write it with
        s = max((word_sim(q.kana, f) for f in latin_as_katakana(c.text)), default=0.0) * 0.97
        if s > best:
            best, how = s, "katakana"
    if best < MIN_TOKEN_SIM:
        return 0.0, ""
    return best, how


# Pair, Alignment: their own __init__, as several are made per candidate scored (one that
# @dataclass makes runs as interpreted Python even when the engine is compiled)
@dataclass(slots=True, init=False)
class Pair:
    q: tuple[int, ...]
    c: tuple[int, ...]
    score: float
    how: str
    weight: float

    def __init__(
        self, q: tuple[int, ...], c: tuple[int, ...], score: float, how: str, weight: float
    ) -> None:
        self.q = q
        self.c = c
        self.score = score
        self.how = how
        self.weight = weight


@dataclass(init=False)
class Alignment:
    score: float
    pairs: list[Pair]
    q_unmatched: list[int]
    c_unmatched: list[int]
    number_mismatch: bool
    generic_only: bool
    matched_weight: float
    exact_tokens: int
    notes: list[str]

    def __init__(
        self,
        score: float,
        pairs: list[Pair],
        q_unmatched: list[int],
        c_unmatched: list[int],
        number_mismatch: bool = False,
        generic_only: bool = False,
        matched_weight: float = 0.0,
        exact_tokens: int = 0,
        notes: list[str] | None = None,
    ) -> None:
        self.score = score
        self.pairs = pairs
        self.q_unmatched = q_unmatched
        self.c_unmatched = c_unmatched
        self.number_mismatch = number_mismatch
        self.generic_only = generic_only
        self.matched_weight = matched_weight
        self.exact_tokens = exact_tokens
        self.notes = [] if notes is None else notes


_NOT_WRITTEN: Final = re.compile(r"[^a-z0-9]")
# kinds of tokens that may be written run into a neighbour (a legal form by its own spelling)
_RUN_INTO: Final = _JOINABLE | {"legal"}


def spelling(t: Token) -> str:
    """A token as written, for joins: a legal form as the name wrote it ("llc" for ~LLC; "" when
    written in another script)."""
    return _NOT_WRITTEN.sub("", t.source) if t.kind == "legal" else t.text


def _merged_sim(joined: str, c: Token, strict: bool, syllables: bool = False) -> float:
    """How well words written apart, `joined`, meet one word. `syllables`: the words are all
    short (Korean and Chinese given names, "Kwang Hyok"), where each carries its own identity:
    one slip is allowed across them, not two ("Kwangyon" is not "Kwang Hyok")."""
    best = 0.0
    for form in c.forms or (c.text,):
        if strict:
            s = 1.0 if joined == form else 0.0
        else:
            n = len(form)
            if abs(len(joined) - n) > _budget(max(len(joined), n)):
                continue
            if syllables and OSA.distance(joined, form, score_cutoff=1) > 1:
                continue
            s = word_sim(joined, form)
            if s < MIN_TOKEN_SIM:
                s = 0.0
        best = max(best, s)
    if c.kana and not strict and best < 0.95:
        # one katakana word for two list words (グァンヒョク for Kwang Hyok), on their sounds
        s = max((word_sim(c.kana, f) for f in latin_as_katakana(joined)), default=0.0) * 0.97
        best = max(best, s if s >= MIN_TOKEN_SIM else 0.0)
    return best * 0.98


_Cand = tuple[float, float, tuple[int, ...], tuple[int, ...], str]
# the longest word taken for one syllable of a Korean or Chinese name written apart
_SYLLABLE: Final = 5


def _joins(
    xs: Sequence[Token],
    xw: Sequence[float],
    ys: Sequence[Token],
    yw: Sequence[float],
    strict: bool,
    x_is_query: bool,
    x_used: Sequence[bool],
    y_used: Sequence[bool],
) -> list[_Cand]:
    """Two or three unused tokens of xs written as one unused token of ys ("van der bilt" /
    "vanderbilt", "plus llc" / "plusllc")."""
    out: list[_Cand] = []
    nx = len(xs)
    if nx < 2:
        return out
    # the tokens of ys that may be a joined form, with their length (-1: several spellings)
    targets = [
        (j, y, -1 if y.forms else len(y.text))
        for j, y in enumerate(ys)
        if y.kind in _JOINABLE and not y_used[j]
    ]
    if not targets:
        return out
    spelt = [spelling(t) for t in xs]
    ok = [
        t.kind in _RUN_INTO and not used and bool(w)
        for t, used, w in zip(xs, x_used, spelt, strict=True)
    ]
    lens = [len(t) for t in spelt]
    for span in (2, 3):
        for i in range(nx - span + 1):
            if not ok[i] or not ok[i + 1]:
                continue
            if span == 3:
                if not ok[i + 2]:
                    continue
                lj = lens[i] + lens[i + 1] + lens[i + 2]
            else:
                lj = lens[i] + lens[i + 1]
            joined = ""
            for j, y, n in targets:
                if n >= 0 and abs(lj - n) > _budget(lj if lj > n else n):
                    continue
                if not joined:
                    joined = "".join(spelt[i : i + span])
                sim = _merged_sim(
                    joined, y, strict, all(lens[k] <= _SYLLABLE for k in range(i, i + span))
                )
                if sim:
                    idx = tuple(range(i, i + span))
                    w = min(sum(xw[i : i + span]), yw[j])
                    if x_is_query:
                        out.append((sim, w, idx, (j,), "joined"))
                    else:
                        out.append((sim, w, (j,), idx, "joined"))
    return out


def _skeleton_joins(
    xs: Sequence[Token],
    xw: Sequence[float],
    ys: Sequence[Token],
    yw: Sequence[float],
    x_is_query: bool,
    x_used: Sequence[bool],
    y_used: Sequence[bool],
) -> list[_Cand]:
    """Two neighbouring Arabic-script words of xs (or the particle abdul or al and one:
    "عبد المالك", abdul mlk) whose consonants, four or more, are those of one unused Latin word
    of ys ("Abdelmalek", "Albaghdadi")."""
    out: list[_Cand] = []
    for i in range(len(xs) - 1):
        a, b = xs[i], xs[i + 1]
        if x_used[i] or x_used[i + 1] or "skeleton" not in (a.kind, b.kind):
            continue
        if not all(t.kind == "skeleton" or t.text in _ARTICLED for t in (a, b)):
            continue
        merged = {undouble(a.skel + b.skel)}
        if a.text in _ARTICLED and b.skel[:1] in SUN_LETTERS:
            # the article's l sounds as the consonant after it: Abderrahmane, Abdussalam
            merged.add(undouble(a.skel[:-1] + b.skel))
        # (four consonants at least: two short words run together say little)
        merged = {m for m in merged if len(m) >= 4}
        for j, y in enumerate(ys):
            if not y_used[j] and y.kind != "skeleton" and y.skel and y.skel in merged:
                w = min(xw[i] + xw[i + 1], yw[j])
                pair = ((i, i + 1), (j,)) if x_is_query else ((j,), (i, i + 1))
                out.append((0.9, w, pair[0], pair[1], "skeleton-joined"))
    return out


# particles that end in the Arabic article (abd al-, al-), written run into the next word
_ARTICLED: Final = frozenset({"abdul", "al"})


# the same letters split elsewhere (one slip allowed from ten letters on)
_RESEGMENTED_MIN: Final = 0.9


def _resegmented(
    qt: Sequence[Token],
    qw: Sequence[float],
    ct: Sequence[Token],
    cw: Sequence[float],
    strict: bool,
    used_q: Sequence[bool],
    used_c: Sequence[bool],
) -> list[_Cand]:
    """Two unused neighbouring words on each side that are the same letters split elsewhere
    ("Arefullaha Ref" / "Arefullah Aref", "Myongc-hin" / "Myong-chin"): the space typed a
    letter early or late."""
    out: list[_Cand] = []
    if len(qt) < 2 or len(ct) < 2:
        return out
    pairs_c = [
        (j, ct[j].text + ct[j + 1].text)
        for j in range(len(ct) - 1)
        if not used_c[j]
        and not used_c[j + 1]
        and ct[j].kind in _JOINABLE
        and ct[j + 1].kind in _JOINABLE
    ]
    if not pairs_c:
        return out
    for i in range(len(qt) - 1):
        a, b = qt[i], qt[i + 1]
        if used_q[i] or used_q[i + 1] or a.kind not in _JOINABLE or b.kind not in _JOINABLE:
            continue
        joined = a.text + b.text
        for j, other in pairs_c:
            # the same words split alike are matched word by word, not here
            if a.text == ct[j].text or len(joined) != len(other):
                continue
            sim = 1.0 if joined == other else 0.0 if strict else word_sim(joined, other)
            if sim >= _RESEGMENTED_MIN:
                w = min(qw[i] + qw[i + 1], cw[j] + cw[j + 1])
                out.append((sim * _JOIN_MAX, w, (i, i + 1), (j, j + 1), "split-elsewhere"))
    return out


_SUBSTITUTABLE: Final = DISTINCTIVE | {"generic"}
_VOWELS: Final = frozenset("aeiouy")


def _initialisms(
    xs: Sequence[Token],
    xw: Sequence[float],
    ys: Sequence[Token],
    yw: Sequence[float],
    x_is_query: bool,
    x_used: Sequence[bool],
    y_used: Sequence[bool],
) -> list[_Cand]:
    """An unused token of two or three consonants that spells the initials of as many consecutive words
    on the other side ("JC" / "Jean-Claude"): scored like an initial. Initials alone ("N.N.")
    name nobody, so the initialism must come with other words."""
    out: list[_Cand] = []
    ny = len(ys)
    if len(xs) < 2:
        return out
    for i, x in enumerate(xs):
        n = len(x.text)
        if (
            x_used[i]
            or not 2 <= n <= 3
            or x.kind not in ("word", "initial")
            or _VOWELS.intersection(x.text)
        ):
            continue
        for j in range(ny - n + 1):
            part = ys[j : j + n]
            if (
                not any(y_used[j : j + n])
                and all(t.kind == "word" for t in part)
                and "".join(t.text[0] for t in part) == x.text
            ):
                w = min(xw[i], sum(yw[j : j + n]))
                idx = tuple(range(j, j + n))
                out.append(
                    (0.8, w, (i,), idx, "initials")
                    if x_is_query
                    else (0.8, w, idx, (i,), "initials")
                )
    return out


# the most anything written as one on the other side can score (see _merged_sim)
_JOIN_MAX: Final = 0.98


def _rank(c: _Cand) -> tuple[float, float]:
    return -c[0], -c[1]


def _take(
    cands: Sequence[_Cand],
    used_q: list[bool],
    used_c: list[bool],
    pairs: list[Pair],
    nq: int,
    nc: int,
) -> bool:
    """Take candidates in order, each token used once; True while tokens are left on both sides."""
    left_q = nq - sum(used_q)
    left_c = nc - sum(used_c)
    if not left_q or not left_c:
        return False
    for s, w, qi, ci, how in cands:
        if len(qi) == 1 and len(ci) == 1:
            qa, cb = qi[0], ci[0]
            if used_q[qa] or used_c[cb]:
                continue
            used_q[qa] = used_c[cb] = True
            left_q -= 1
            left_c -= 1
        else:
            if any(used_q[i] for i in qi) or any(used_c[j] for j in ci):
                continue
            for i in qi:
                used_q[i] = True
            for j in ci:
                used_c[j] = True
            left_q -= len(qi)
            left_c -= len(ci)
        pairs.append(Pair(qi, ci, s, how, w))
        if not left_q or not left_c:
            return False  # every later candidate uses a token already taken
    return True


_NOT_PERSON: Final = frozenset({"legal", "generic", "number"})
_NAME_PART: Final = frozenset({"word", "skeleton"})


def _family_positions(qt: Sequence[Token], ct: Sequence[Token]) -> tuple[int, int] | None:
    """Positions of the last name part (family name or nisba) of two person names, if both are.

    Only when both names look like people's (no legal form, generic word or number) and have at
    least two name parts each, the last of them a word (a consonant skeleton is too weak a key).
    """
    found: list[int] = []
    for toks in (qt, ct):
        last = -1
        parts = 0
        for i, t in enumerate(toks):
            if t.kind in _NOT_PERSON:
                return None
            if t.kind in _NAME_PART:
                last, parts = i, parts + 1
        if parts < 2 or toks[last].kind != "word":
            return None
        found.append(last)
    return found[0], found[1]


def align(
    qt: Sequence[Token],
    qw: Sequence[float],
    ct: Sequence[Token],
    cw: Sequence[float],
    cfg: EngineConfig,
    strict: bool = False,
    memo: dict[tuple[int, int, bool], tuple[float, str]] | None = None,
    *,
    q_parts: bool = False,
    c_parts: bool = False,
) -> Alignment:
    """Align two token sequences and score the alignment (`strict`: see token_sim).

    `q_parts` / `c_parts`: that side's tokens are whole name parts read from a native script
    (one per word written apart: "想 曹" is so and cao), so two of them are never one word of
    the other side ("Soso"), though two of the other side's may be one of them.

    `memo` keeps token similarities across the candidates of one query: list tokens are shared
    between aliases, so the same pairs recur (keys are object ids: only for one query's life).
    """
    cand: list[_Cand] = []
    nq, nc = len(qt), len(ct)
    c_ids = [id(c) for c in ct]
    for i in range(nq):
        q = qt[i]
        wq = qw[i]
        iq = id(q)
        for j in range(nc):
            if memo is None:
                s, how = token_sim(q, ct[j], strict)
            else:
                key = (iq, c_ids[j], strict)
                got = memo.get(key)
                if got is None:
                    got = memo[key] = token_sim(q, ct[j], strict)
                s, how = got
            if s > 0.0:
                wc = cw[j]
                cand.append((s, wq if wq < wc else wc, (i,), (j,), how))
    used_q = [False] * nq
    used_c = [False] * nc
    pairs: list[Pair] = []
    # Pairs are taken greedily, best first. Nothing written as one on the other side (joins,
    # initials) scores above _JOIN_MAX, so the pairs that do are taken first, and the rest of the
    # evidence is gathered only for the tokens they leave unused.
    # A particle meeting a particle ("al" and "al") weighs little and is taken last: the same
    # particle may be part of a word written as one on the other side (アブドゥルカリーム, abd al
    # karim), which is better evidence, and a name may have it twice.
    particles: list[_Cand] = []
    if any(t.kind == "particle" for t in qt) and any(t.kind == "particle" for t in ct):
        others: list[_Cand] = []
        for c in cand:
            both = qt[c[2][0]].kind == "particle" and ct[c[3][0]].kind == "particle"
            (particles if both else others).append(c)
        cand = others
    cand.sort(key=_rank)
    split = 0
    while split < len(cand) and cand[split][0] > _JOIN_MAX:
        split += 1
    left = _take(cand[:split], used_q, used_c, pairs, nq, nc)
    if left:
        rest = cand[split:]
        free_q = [i for i in range(nq) if not used_q[i]]
        free_c = [j for j in range(nc) if not used_c[j]]
        if len(free_q) >= 2 or len(free_c) >= 2:
            # two tokens on one side written as one on the other ("Al Bairaq" / "Albairaq")
            rest.extend(_skeleton_joins(qt, qw, ct, cw, True, used_q, used_c))
            rest.extend(_skeleton_joins(ct, cw, qt, qw, False, used_c, used_q))
            if not q_parts:
                rest.extend(_joins(qt, qw, ct, cw, strict, True, used_q, used_c))
            if not c_parts:
                rest.extend(_joins(ct, cw, qt, qw, strict, False, used_c, used_q))
            rest.extend(_resegmented(qt, qw, ct, cw, strict, used_q, used_c))
            rest.extend(_initialisms(qt, qw, ct, cw, True, used_q, used_c))
            rest.extend(_initialisms(ct, cw, qt, qw, False, used_c, used_q))
            rest.sort(key=_rank)
        if _take(rest, used_q, used_c, pairs, nq, nc) and particles:
            particles.sort(key=_rank)
            _take(particles, used_q, used_c, pairs, nq, nc)
    q_un = [i for i in range(nq) if not used_q[i]]
    c_un = [j for j in range(nc) if not used_c[j]]
    # The family names weigh more when they meet each other, matched or not (a shorter form of
    # a name, with its last part missing, is not weighed that way)
    people = _family_positions(qt, ct)
    fam = people if cfg.family_name_weight != 1.0 else None
    if fam is not None:
        fq, fc = fam
        paired = any(fq in p.q and fc in p.c for p in pairs)
        if paired or (not used_q[fq] and not used_c[fc]):
            qw, cw = list(qw), list(cw)
            qw[fq] *= cfg.family_name_weight
            cw[fc] *= cfg.family_name_weight
            for p in pairs:
                p.weight = min(sum(qw[i] for i in p.q), sum(cw[j] for j in p.c))
    mw = sum(p.weight for p in pairs)
    m = sum(p.weight * p.score for p in pairs)
    # An initial confirms only part of a full name ("C." for "Camilo"): the part of the fuller
    # token's weight that the other side does not carry counts as unmatched.
    excess = 0.0
    for p in pairs:
        if len(p.q) == 1 and len(p.c) == 1 and p.how in _PARTIAL_EVIDENCE:
            kq, kc = KIND_WEIGHT[qt[p.q[0]].kind], KIND_WEIGHT[ct[p.c[0]].kind]
            if kq > kc:
                excess += cfg.extra_query_weight * qw[p.q[0]] * (kq - kc) / kq
            elif kc > kq:
                excess += cfg.extra_list_weight * cw[p.c[0]] * (kc - kq) / kc
    uq = sum(qw[i] for i in q_un)
    uc = sum(cw[j] for j in c_un)
    # A distinctive token on each side left unmatched is a substitution ("Ahmed" where the list
    # says "Mohamed"): evidence of a different party, so the list token then costs as much as a
    # missing query token instead of the small cost of an extra list token.
    q_conf = sorted((qw[i] for i in q_un if qt[i].kind in _SUBSTITUTABLE), reverse=True)
    c_conf = sorted((cw[j] for j in c_un if ct[j].kind in _SUBSTITUTABLE), reverse=True)
    conflict = 0.0
    for wa, wb in zip(q_conf, c_conf, strict=False):
        conflict += min(wa, wb)
    # A person's name read from Han or Hangul is the whole name its bearer writes (no middle
    # names to leave out): a list word it lacks is a different given name ("李瑜", Li Yu, is not
    # Li Cheng Yu), and costs as much as a word of its own the list lacks.
    whole = q_parts and people is not None and bool(c_un)
    list_weight = cfg.extra_query_weight if whole else cfg.extra_list_weight
    uc_extra = max(0.0, cfg.conflict_weight - list_weight) * conflict
    den = mw + cfg.extra_query_weight * uq + list_weight * uc + uc_extra + excess
    score = m / den if den > 0 else 0.0
    al = Alignment(score, pairs, q_un, c_un, matched_weight=mw)
    if whole:
        al.notes.append("a whole name read from its own script: each list word it lacks counts")
    al.exact_tokens = sum(1 for p in pairs if p.score >= 1.0)
    if any(qt[i].kind == "number" for i in q_un) and any(ct[j].kind == "number" for j in c_un):
        al.number_mismatch = True
        al.score *= 1.0 - cfg.number_mismatch_penalty
        al.notes.append(f"numbers differ: x{1.0 - cfg.number_mismatch_penalty:.2f}")
    if _lineage_swapped(qt, ct, pairs):
        al.score *= 1.0 - cfg.lineage_swap_penalty
        al.notes.append(
            f"own name and father's name swapped around 'bin': x{1.0 - cfg.lineage_swap_penalty:.2f}"
        )
    distinctive_matched = False
    for p in pairs:
        if any(qt[i].kind in DISTINCTIVE for i in p.q) or any(
            ct[j].kind in DISTINCTIVE for j in p.c
        ):
            distinctive_matched = True
            break
    unmatched_distinctive = any(qt[i].kind in DISTINCTIVE for i in q_un) or any(
        ct[j].kind in DISTINCTIVE for j in c_un
    )
    if pairs and not distinctive_matched and unmatched_distinctive:
        al.generic_only = True
        if al.score > cfg.generic_only_cap:
            al.score = cfg.generic_only_cap
            al.notes.append(
                f"only generic words or legal forms matched: capped at {cfg.generic_only_cap}"
            )
    return al


_LINEAGE: Final = frozenset({"bin", "ibn", "ben", "bint", "binti", "ould"})


def _lineage_parts(toks: Sequence[Token]) -> tuple[int, int] | None:
    """Positions of the name parts before and after the first "bin"/"ibn" ("X bin Y": X son of Y)."""
    for k, t in enumerate(toks):
        if t.kind == "particle" and t.text in _LINEAGE:
            before = next((i for i in range(k - 1, -1, -1) if toks[i].kind in _NAME_PART), -1)
            after = next((i for i in range(k + 1, len(toks)) if toks[i].kind in _NAME_PART), -1)
            if before >= 0 and after >= 0:
                return before, after
            return None
    return None


def _lineage_swapped(qt: Sequence[Token], ct: Sequence[Token], pairs: Sequence[Pair]) -> bool:
    """True when "X bin Y" is aligned with "Y bin X": a son and his father are different people."""
    lq, lc = _lineage_parts(qt), _lineage_parts(ct)
    if lq is None or lc is None:
        return False
    to_c = {i: p.c for p in pairs for i in p.q}
    return lc[1] in to_c.get(lq[0], ()) and lc[0] in to_c.get(lq[1], ())


def native_sim(a: str, a_legal: str | None, b: str, b_legal: str | None) -> float:
    """Han/kana against Han/kana on variant-folded keys with legal forms removed."""
    if not a or not b:
        return 0.0
    if a == b:
        s = 1.0
    else:
        if min(len(a), len(b)) < 4:
            return 0.0  # short native names (people) must agree character for character
        s = Indel.normalized_similarity(a, b)
        # the words that tell the names apart must agree too, not only "Korea" and "Trading"
        da, db = distinctive_native(a), distinctive_native(b)
        if da and db and da != db:
            s = min(s, Indel.normalized_similarity(da, db))
        if s < 0.8:
            return 0.0
    if a_legal and b_legal and a_legal != b_legal:
        s *= 0.97
    return s
