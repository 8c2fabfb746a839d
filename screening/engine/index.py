"""The in-memory index of list aliases and the screening loop.

Candidates come from keys, never from comparing a query with every alias: a token inverted index
(with common tokens left out of candidate generation), a deletion neighbourhood of the token
vocabulary for typos, a loose-spelling key, joined-token keys, consonant skeletons for abjad
queries and Han bigrams for native names. An upper bound on the final score prunes candidates
before the explainable scorer re-scores the best few.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import logging
import math
import os
import pickle
import re
import select
import signal
import struct
import sys
import threading
import traceback
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final, NoReturn

import numpy as np
import numpy.typing as npt
from mypy_extensions import mypyc_attr

from .config import EngineConfig
from .lexicon import GLUED_WORDS, KATAKANA_PARTICLES, KATAKANA_WORDS, NATIVE_LEGAL
from .matcher import Comparison, Weights, compare, explain, qualify, rounded
from .normalise import GUESSED, EmptyNameError, NormalisedName, Reading, Token, normalise
from .scoring import KNOWN_SPELLING, skeleton_sim, spelling, token_sim
from .scripts import (
    KANA_UNIT,
    digraph_spellings,
    fold_kana,
    is_katakana,
    kana_unit_romaji,
    katakana_sounds,
    latin_as_katakana,
    load_readers,
    romaji_sounds,
    skeleton,
    sound_key,
    trim_word_caches,
)
from .types import EngineEntry, Match

try:  # candidate merging in C, where the build holds it (see _kernels.pyx)
    from ._kernels import accumulate as _c_accumulate
    from ._kernels import add_found as _c_add_found
    from ._kernels import common_hits as _c_common_hits
    from ._kernels import first_bound as _c_first_bound
    from ._kernels import intersect as _c_intersect
    from ._kernels import matched_weight as _c_matched_weight
    from ._kernels import union_max as _c_union_max
    from ._kernels import variant_owners as _c_variant_owners

    _MERGE_IN_C = True
except ImportError:
    _MERGE_IN_C = False

IntArray = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]
# postings of a common list word a query token may match, the most that match can add to the
# matched score, and the weight it would be matched with
_Common = tuple[tuple[IntArray, float, float], ...]
_Lookup = tuple[IntArray, FloatArray, FloatArray, _Common]
_NO_IDS: Final[IntArray] = np.zeros(0, dtype=np.int32)
_NO_WEIGHTS: Final[FloatArray] = np.zeros(0)
# indexes of at least this many aliases are kept out of the garbage collector's sight
_FREEZE_MIN_ALIASES: Final = 10_000
_LOOKUP_CACHE_IDS: Final = 2_000_000  # alias ids kept in the token lookup cache (about 24 MB)
_HEAVY: Final = 1e6  # weight assumed for a list word a key cannot name (joined words, skeletons)
# prefix of the keys of two neighbouring list words written as one ("+albairaq" for "Al Bairaq"),
# apart from the list's own words: an alias found through its words is not found twice
_PAIR: Final = "+"

# kinds that are never used to find candidates (they match too much), only to score them
_UNINDEXED: Final = frozenset({"legal", "stop", "title", "initial"})
_JOIN_KINDS: Final = frozenset({"word", "particle", "generic", "initial"})
# before the consonant key of a list word's katakana sounds among those sounds (see _katakana_split)
_KEY: Final = "#"
# list words a katakana word may be written for
_SOUNDED: Final = frozenset({"word", "particle", "generic"})
# Katakana written without the dots between words (ナジールモハンマドアブドゥルバシール, キムギュ): a
# run of four kana to forty-eight, split into at most fourteen words of at most ten sounds each
# (scripts.KANA_UNIT); the longest katakana names on the lists have 46 kana and 13 words, and a
# longer run is no name (splitting it would cost more than screening it as it is); a name that
# would take more than sixteen dots in all is left as it is too
_KANA_RUN_TOGETHER: Final = re.compile(r"[\u30a1-\u30fa\u30fc]{4,}")
_HALF_WIDTH_KANA: Final = re.compile(r"[\uff66-\uff9f]")
_KANA_RUN_MAX: Final = 48
_KANA_WORDS_MAX: Final = 14
_KANA_SPLITS_MAX: Final = 16  # dots added to one name
_KANA_WORD_MAX: Final = 10
# the step that says how such a name was read (the case page finds it by this text)
KATAKANA_SPLIT_STEP: Final = "katakana written without dots read as the list words: "
_COMMON_DF: Final = 10_000  # the aliases counted for a list word too common to be looked up
_READ_DF: Final = 100  # ... for a business word or particle katakana spells
_ARTICLES: Final = frozenset({"アッ", "エッ", "ウッ"})  # the Arabic article, as katakana writes it
# words katakana writes for English business words, legal forms and Arabic particles (シッピング,
# リミテッド, アル): words of a name run together too, which need no list word to be read
_KATAKANA_READ: Final = frozenset(
    [fold_kana(w) for w in KATAKANA_WORDS]
    + [fold_kana(w) for w, _ in NATIVE_LEGAL if is_katakana(w)]
    + [fold_kana(w) for w in KATAKANA_PARTICLES]
)


def _filled(n: int, value: float) -> FloatArray:
    """np.full(n, value) without its Python-level frame (a few microseconds, many per name)."""
    out = np.empty(n)
    out.fill(value)
    return out


# Spellings of a word with up to two letters taken out are compared by a polynomial hash
# (sum of code * B**position, modulo 2**64 as uint64 arithmetic wraps), worked out for every
# spelling of many words of one length at once from the prefix sums of the word's hash: taking
# out the letter at i shifts the letters after it down one position, a product by B's inverse
# (B is odd, so it has one modulo 2**64).
_B: Final = 0x9E3779B97F4A7C15
_B_INV: Final = pow(_B, -1, 1 << 64)
_POWERS: Final = np.array([pow(_B, k, 1 << 64) for k in range(256)], dtype=np.uint64)
_PAIRS: Final[dict[int, tuple[IntArray, IntArray]]] = {}


def _spellings(codes: npt.NDArray[np.uint64], deleted: int = 2) -> npt.NDArray[np.uint64]:
    """Hashes of words of one length (a row of character codes each) and of each of their
    spellings with up to `deleted` letters (0, 1 or 2) taken out: one row per word, the whole
    word, then the n spellings without one letter, then the n(n-1)/2 without two."""
    k, n = codes.shape
    prefix = np.zeros((k, n + 1), dtype=np.uint64)
    (codes * _POWERS[:n]).cumsum(axis=1, out=prefix[:, 1:])
    whole = prefix[:, n : n + 1]
    if deleted < 1:
        return whole.copy()
    inv, inv2 = np.uint64(_B_INV), np.uint64(_B_INV * _B_INV % (1 << 64))
    one = prefix[:, :n] + (whole - prefix[:, 1:]) * inv
    if deleted < 2:
        return np.concatenate([whole, one], axis=1)
    pairs = _PAIRS.get(n)
    if pairs is None:
        ti, tj = np.triu_indices(n, 1)
        pairs = _PAIRS[n] = (ti.astype(np.int32), tj.astype(np.int32))
    i, j = pairs
    two = prefix[:, i] + (prefix[:, j] - prefix[:, i + 1]) * inv + (whole - prefix[:, j + 1]) * inv2
    return np.concatenate([whole, one, two], axis=1)


def _codes(words: Sequence[str]) -> npt.NDArray[np.uint64]:
    """The character codes of words of one length, a row each."""
    n = len(words[0])
    buf = "".join(words).encode("utf-32-le")
    return np.frombuffer(buf, dtype=np.uint32).astype(np.uint64).reshape(len(words), n)


# Sorted hashes of spellings of list words, the number of the word behind each, and where the
# hashes beginning with each value of their top _BUCKET_BITS bits begin (a lookup then searches
# a few neighbouring hashes, not the whole table: one cache miss, not twenty).
_Variants = tuple[npt.NDArray[np.uint64], IntArray, IntArray]
_BUCKET_BITS: Final = 16


def _buckets(hashes: npt.NDArray[np.uint64]) -> IntArray:
    tops = np.arange(1 << _BUCKET_BITS, dtype=np.uint64) << np.uint64(64 - _BUCKET_BITS)
    starts = np.empty((1 << _BUCKET_BITS) + 1, dtype=np.int32)
    starts[:-1] = hashes.searchsorted(tops)
    starts[-1] = len(hashes)
    return starts


_NO_HASHES: Final = np.zeros(0, dtype=np.uint64)
_NO_VARIANTS: Final[_Variants] = (_NO_HASHES, np.zeros(0, dtype=np.int32), _buckets(_NO_HASHES))


def _variant_table(
    words: list[str], take: Callable[[str], bool], deleted: int = 2, shortest: int = 0
) -> _Variants:
    """The spellings with up to `deleted` letters taken out of the words `take` accepts (words
    shorter than `shortest` letters only as they are; words of 256 letters or more not at all)."""
    by_length: dict[int, list[int]] = {}
    for k, word in enumerate(words):
        if take(word) and len(word) < len(_POWERS):
            by_length.setdefault(len(word), []).append(k)
    hashes: list[npt.NDArray[np.uint64]] = []
    owners: list[IntArray] = []
    for n, ids in by_length.items():
        h = _spellings(_codes([words[k] for k in ids]), deleted if n >= shortest else 0)
        hashes.append(h.ravel())
        owners.append(np.repeat(np.asarray(ids, dtype=np.int32), h.shape[1]))
    if not hashes:
        return _NO_VARIANTS
    h_all = np.concatenate(hashes)
    order = np.argsort(h_all, kind="stable")
    h_sorted = h_all[order]
    return h_sorted, np.concatenate(owners)[order], _buckets(h_sorted)


def _variant_owners_numpy(form: str, tables: list[_Variants], deleted: int = 2) -> list[int]:
    """The numbers of the words behind every spelling of each table that `form` has or has with
    up to `deleted` letters taken out: table by table, then in _spellings' order of spellings
    (as _kernels.variant_owners)."""
    keys = _spellings(_codes([form]), deleted)[0]
    out: list[int] = []
    for table, owner, _ in tables:
        if not len(table):
            continue
        at, hit = _find(table, keys)
        if not hit.any():
            continue
        lo = at[hit]
        hi = table.searchsorted(keys[hit], side="right")
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            out.extend(owner[a:b].tolist())
    return out


def _variant_owners_in_c(form: str, tables: list[_Variants], deleted: int = 2) -> list[int]:
    return _c_variant_owners(form, tables, _B_INV, deleted)


# A list word is found from a query word that is the same, or one letter apart (one letter
# more, one fewer or one other), from four letters on: each list word is kept under its hash,
# and from four letters on under those of its spellings with a letter taken out; a query word
# looks up its own, and from four letters on those of its spellings without a letter.
_ONE_EDIT_MIN: Final = 4
_LONGEST: Final = len(_POWERS) - 1  # words longer than this are hashed by no table

# Two edits are looked for in words of eight letters or more (they leave three quarters of the
# word; see Index._two_edits). The scorer allows two edits from seven letters on, but a word of
# seven letters two edits away is as often another name (Edward/Eduardo).
_TWO_EDITS_MIN: Final = 8
_TRIM_EVERY: Final = 1024  # names screened between two trims of the word caches


@dataclass(slots=True)
class _Alias:
    entry: int
    text: str
    readings: tuple[Reading, ...]
    weights: tuple[tuple[float, ...], ...]
    native_key: str
    native_legal: str | None
    key: str  # exact comparable form of the first reading


Query = str | tuple[str, str | None, str | None]


def _shared(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)


def _sound_keys(sounds: str) -> list[str]:
    """A word's consonant key (scripts.sound_key) and, from four letters, the key with each
    letter left out in turn: two words whose keys are one letter apart share one of these."""
    key = sound_key(sounds)
    if len(key) < 4:
        return [key]
    return [key] + [key[:i] + key[i + 1 :] for i in range(len(key))]


@mypyc_attr(allow_interpreted_subclasses=True)  # tests watch it screen through a subclass
class Index:
    """Aliases of all loaded entries, ready to screen names against."""

    def __init__(self, config: EngineConfig | None = None) -> None:
        self.config = config or EngineConfig()
        self.entries: list[EngineEntry] = []
        self.aliases: list[_Alias] = []
        self.postings: dict[str, IntArray] = {}
        # The list words (each spelling of a token), numbered: a word's number gives its token,
        # the aliases that have it and its weight from lists, not dictionaries looked up by text.
        self.vocab: dict[str, int] = {}
        self._vocab_words: list[str] = []
        self._vocab_tokens: list[Token] = []
        self._word_postings: list[IntArray | None] = []
        self._word_weight: array[float] = array("d")
        # every list word under itself and, from four letters, under its spellings with a letter
        # taken out: one look-up finds a query word's list word and the words a letter apart
        self._near: _Variants = _NO_VARIANTS
        # the numbers of the list words with a loose spelling, or a consonant skeleton
        self.loose: dict[str, tuple[int, ...] | int] = {}
        self.skeletons: dict[str, tuple[int, ...] | int] = {}
        # two tables of the spellings with up to two letters taken out of the list words of
        # eight letters or more, and of six or seven letters
        self._less_two: tuple[_Variants, _Variants] = (_NO_VARIANTS, _NO_VARIANTS)
        self.exact: dict[str, IntArray] = {}
        self.native_bigrams: dict[str, IntArray] = {}
        self.native_exact: dict[str, IntArray] = {}
        self.weights = Weights(None, 1, self.config)
        self.common_cap = 1
        # per alias: weight of its words that only a key lookup can match (see _candidates)
        self.alias_free_weight: FloatArray = np.zeros(0)
        # What screening reads per candidate, kept apart from the aliases: per alias its form
        # and entry number, an alias of each form, and per entry its country and kind. Reading
        # an array's number writes nothing, where taking an object from a list writes its
        # reference count, which costs a forked process a copy of the memory page it is on.
        self._alias_form: array[int] = array("i")
        self._alias_entry: array[int] = array("i")
        self._forms: list[_Alias] = []
        self._entry_country: list[str | None] = []
        self._entry_kind: list[str | None] = []
        self._lookups: dict[tuple[str, str, tuple[str, ...], str, str, bool], _Lookup] = {}
        self._lookup_ids = 0
        self._explained: dict[tuple[str, str | None], NormalisedName] = {}
        self._sounds: dict[str, tuple[int, ...]] | None = None  # see _sounding_like
        # the list words' sounds themselves (and their consonant keys), with the number of
        # aliases that have the most common word of each
        self._sound_words: dict[str, int] = {}
        self._frozen = False  # its objects are out of the garbage collector's sight
        self._screened = 0  # names screened since the word caches were last trimmed

    # -- size --------------------------------------------------------------------------------
    @property
    def size(self) -> int:
        """Number of entries indexed."""
        return len(self.entries)

    @property
    def alias_count(self) -> int:
        return len(self.aliases)

    def entries_named(self, name: str) -> set[int]:
        """Keys of entries with an alias that normalises exactly like `name`."""
        try:
            key = normalise(name).latin
        except EmptyNameError:
            return set()
        ids = self.exact.get(key)
        if ids is None:
            return set()
        return {self.entries[self.aliases[a].entry].key for a in ids.tolist()}

    def alias_texts(self) -> list[str]:
        return [a.text for a in self.aliases]

    def alias_latin(self) -> list[str]:
        """The normalised Latin form of every alias (for baselines and diagnostics)."""
        return [a.key for a in self.aliases]

    # -- building ----------------------------------------------------------------------------
    def _build(self, entries: Iterable[EngineEntry]) -> None:
        interned: dict[tuple[str, str, tuple[str, ...], str], Token] = {}
        postings: dict[str, list[int]] = {}
        exact: dict[str, list[int]] = {}
        nat_bi: dict[str, list[int]] = {}
        nat_exact: dict[str, list[int]] = {}
        for entry in entries:
            e_idx = len(self.entries)
            self.entries.append(entry)
            seen: set[str] = set()
            for text in (entry.name, *entry.aliases, *entry.native_names):
                if not text or text in seen:
                    continue
                seen.add(text)
                try:
                    nn = normalise(text, kind=entry.kind, han_readings=False)
                except EmptyNameError:
                    continue
                self._add_alias(e_idx, text, nn, interned, postings, exact, nat_exact, nat_bi)
        self._finish(interned, postings, exact, nat_exact, nat_bi)

    def _add_alias(
        self,
        e_idx: int,
        text: str,
        nn: NormalisedName,
        interned: dict[tuple[str, str, tuple[str, ...], str], Token],
        postings: dict[str, list[int]],
        exact: dict[str, list[int]],
        nat_exact: dict[str, list[int]],
        nat_bi: dict[str, list[int]],
    ) -> None:
        a_id = len(self.aliases)
        readings = []
        for r in nn.readings:
            toks = []
            for t in r.tokens:
                # a legal form keeps its own spelling ("corp." or "inc"): joins spell it out
                k = (t.text, t.kind, t.forms, spelling(t) if t.kind == "legal" else "")
                it = interned.get(k)
                if it is None:
                    it = interned[k] = t
                toks.append(it)
            readings.append(Reading(r.label, tuple(toks), r.confidence))
        key = " ".join(t.text for t in readings[0].tokens) if readings else ""
        self.aliases.append(
            _Alias(e_idx, text, tuple(readings), (), nn.native_key, nn.native_legal, key)
        )
        keys: set[str] = set()
        for r in readings:
            toks = list(r.tokens)
            for t in toks:
                if t.kind in _UNINDEXED:
                    continue
                if t.kind == "skeleton":
                    keys.add("§" + t.skel)
                    continue
                keys.update(t.forms or (t.text,))
            # joined neighbours, so a query written "Albairaq" finds "Al Bairaq"
            for a, b in zip(toks, toks[1:], strict=False):
                if (
                    a.kind in _JOIN_KINDS
                    and b.kind in _JOIN_KINDS
                    and (
                        a.kind == "particle"
                        or len(a.text) <= 4
                        or len(b.text) <= 3
                        # two syllables of a Korean given name (Pyong Chul, Pyongchul)
                        or (len(a.text) <= 5 and len(b.text) <= 5)
                    )
                ):
                    keys.add(_PAIR + a.text + b.text)
        for key_text in keys:
            postings.setdefault(key_text, []).append(a_id)
        if key:
            exact.setdefault(key, []).append(a_id)
        if nn.native_key:
            nat_exact.setdefault(nn.native_key, []).append(a_id)
            for bg in {nn.native_key[i : i + 2] for i in range(max(1, len(nn.native_key) - 1))}:
                nat_bi.setdefault(bg, []).append(a_id)

    def _finish(
        self,
        interned: dict[tuple[str, str, tuple[str, ...], str], Token],
        postings: dict[str, list[int]],
        exact: dict[str, list[int]],
        nat_exact: dict[str, list[int]],
        nat_bi: dict[str, list[int]],
    ) -> None:
        cfg = self.config
        n = max(1, len(self.aliases))
        df = {k: len(v) for k, v in postings.items()}
        skeleton_df: dict[str, int] = {}
        for (text, kind, _forms, _spelt), tok in interned.items():
            if tok.skel and kind not in _UNINDEXED:
                key = "§" + tok.skel if kind == "skeleton" else text
                skeleton_df[tok.skel] = skeleton_df.get(tok.skel, 0) + df.get(key, 0)
        self.weights = Weights(df, n, cfg, skeleton_df)
        self.common_cap = max(cfg.common_token_min, int(cfg.common_token_share * n))
        cap = self.common_cap
        # weights per distinct token (tokens are interned), and the part of it that only a key
        # lookup can match: not a common word, nor a kind that is never indexed
        tw: dict[int, float] = {}
        fw: dict[int, float] = {}
        for tok in interned.values():
            w = tw[id(tok)] = self.weights.token(tok)
            if tok.kind == "skeleton":
                free_tok = df.get("§" + tok.skel, 0) <= cap
            else:
                free_tok = tok.kind not in _UNINDEXED and all(
                    df.get(f, 0) <= cap for f in tok.forms or (tok.text,)
                )
            fw[id(tok)] = w if free_tok else 0.0
        free = np.zeros(len(self.aliases))
        # aliases with the same readings (the same name on several lists, or written with other
        # punctuation) share a form number: they score alike against any query
        alias_forms: dict[tuple[Any, ...], int] = {}
        form_of: list[int] = []
        for a_id, a in enumerate(self.aliases):
            a.weights = tuple(tuple(tw[id(t)] for t in r.tokens) for r in a.readings)
            signature = (
                tuple((r.label, r.confidence, tuple(id(t) for t in r.tokens)) for r in a.readings),
                a.native_key,
                a.native_legal,
            )
            form = alias_forms.setdefault(signature, len(alias_forms))
            if form == len(self._forms):
                self._forms.append(a)
            form_of.append(form)
            free[a_id] = min((sum(fw[id(t)] for t in r.tokens) for r in a.readings), default=0.0)
        self.alias_free_weight = free
        self._alias_form = array("i", form_of)
        self._alias_entry = array("i", [a.entry for a in self.aliases])
        # (the same few strings for every entry, so that reading them touches few pages)
        self._entry_country = [_shared(e.country) for e in self.entries]
        self._entry_kind = [_shared(e.kind) for e in self.entries]

        def arr(v: list[int]) -> IntArray:
            return np.asarray(v, dtype=np.int32)

        self.postings = {k: arr(v) for k, v in postings.items()}
        self.exact = {k: arr(v) for k, v in exact.items()}
        self.native_bigrams = {k: arr(v) for k, v in nat_bi.items()}
        self.native_exact = {k: arr(v) for k, v in nat_exact.items()}

        vocab: dict[str, int] = {}
        tokens: list[Token] = []
        for (text, kind, forms, _spelt), tok in interned.items():
            if kind in _UNINDEXED or kind == "skeleton":
                continue
            for f in forms or (text,):
                if f not in vocab:
                    vocab[f] = len(tokens)
                    tokens.append(tok)
        self.vocab = vocab
        self._vocab_words = words = list(vocab)
        self._vocab_tokens = tokens
        self._word_postings = [self.postings.get(w) for w in words]
        self._word_weight = array("d", [self.weights.token(t) for t in tokens])
        # each list word under itself, and from four letters under its spellings with a letter
        # taken out
        self._near = _variant_table(words, lambda w: True, 1, _ONE_EDIT_MIN)
        loose: dict[str, list[int]] = {}
        skels: dict[str, list[int]] = {}
        for k, (text, tok) in enumerate(zip(words, tokens, strict=True)):
            if tok.loose and tok.loose != text:
                loose.setdefault(tok.loose, []).append(k)
            if tok.skel:
                skels.setdefault(tok.skel, []).append(k)
                # and as an Arabic-script spelling may write its digraphs (Ishaq: s-h-q)
                for spelt in digraph_spellings(text):
                    sk = skeleton(spelt)
                    if sk != tok.skel:
                        skels.setdefault(sk, []).append(k)
        self.loose = _compact(loose)
        self.skeletons = _compact(skels)
        # Every list word that may be two edits from a word of eight letters (six letters or
        # more) is kept under its spellings with up to two letters taken out, as hashes: those
        # of eight letters or more in one table, those of six or seven in another.
        self._less_two = (
            _variant_table(words, lambda w: len(w) >= _TWO_EDITS_MIN),
            _variant_table(words, lambda w: _TWO_EDITS_MIN - 2 <= len(w) < _TWO_EDITS_MIN),
        )

    # -- candidate generation ----------------------------------------------------------------
    def _similar(self, tok: Token, strict: bool) -> list[tuple[int, float]]:
        """Vocabulary words close to a query token (exact, one deletion each side, loose fold),
        by number, with the most the token can score against each.

        `strict` (a token of a transliteration guess) finds only what the scorer then accepts
        for one: the same spelling or the same loose fold, no typos (see scoring.token_sim)."""
        found: set[int] = set()
        vocab, near = self.vocab, [self._near]
        for form in tok.forms or (tok.text,):
            if strict or len(form) > _LONGEST:
                k = vocab.get(form)
                if k is not None:
                    found.add(k)
                continue
            # the list word itself, and list words one letter apart (from four letters, one
            # edit is allowed; list words of three letters or fewer are under themselves only)
            deleted = 1 if len(form) >= _ONE_EDIT_MIN else 0
            found.update(_variant_owners(form, near, deleted))
            if len(form) >= _TWO_EDITS_MIN - 2 and not found:
                # (a word the lists know, or one an edit from a list word, is taken as that
                # word: the list words two edits from it are other names, "Martina" and "Martha")
                found.update(self._two_edits(form))
        if tok.kana:
            found.update(self._sounding_like(tok.kana))
        if tok.loose:
            lv = self.loose.get(tok.loose)
            if lv is not None:
                found.update((lv,) if isinstance(lv, int) else lv)
            k = vocab.get(tok.loose)
            if k is not None:
                found.add(k)
        out = []
        tokens = self._vocab_tokens
        for k in found:
            s, _ = token_sim(tok, tokens[k], strict)
            if s > 0:
                out.append((k, s))
        return out

    def _two_edits(self, form: str) -> list[int]:
        """List words up to two edits from a query word of six letters or more, one of the
        two words eight letters or more: some spelling of each with up to two letters taken out
        is the same (two letters changed, added or dropped)."""
        if len(form) >= len(_POWERS):
            return []
        long_words, short_words = self._less_two
        tables = [long_words, short_words] if len(form) >= _TWO_EDITS_MIN else [long_words]
        return _variant_owners(form, tables)

    def _sounding_like(self, kana: str) -> set[int]:
        """List words whose katakana sounds have the consonants of a katakana word's, or one
        more, one fewer or one other (ウラジーミル urajimiru for Vladimir, burajimiru).

        The table is made the first time a katakana name is screened (a few seconds for the
        real lists), not with the index: most screening never needs it."""
        table = self._sound_table()
        found: set[int] = set()
        for key in _sound_keys(kana):
            found.update(table.get(key, ()))
        return found

    def _sound_table(self) -> dict[str, tuple[int, ...]]:
        """The list words by the consonant keys of their katakana sounds (see _sounding_like);
        made with it, the set of those sounds and keys that _katakana_split looks words up in."""
        table = self._sounds
        if table is None:
            # (a word's numbers come in order, so a number already under a key is the last)
            grouped: dict[str, list[int]] = {}
            exact: dict[str, int] = {}
            for k, t in enumerate(self._vocab_tokens):
                if t.kind in _SOUNDED:
                    p = self._word_postings[k]
                    df = _COMMON_DF if p is None else len(p)
                    for sounds in latin_as_katakana(self._vocab_words[k]):
                        keys = _sound_keys(sounds)
                        for written in (sounds, _KEY + keys[0]):
                            if exact.get(written, 0) < df:
                                exact[written] = df
                        for key in keys:
                            words = grouped.get(key)
                            if words is None:
                                grouped[key] = [k]
                            elif words[-1] != k:
                                words.append(k)
            table = self._sounds = {key: tuple(v) for key, v in grouped.items()}
            self._sound_words = exact
        return table

    def _katakana_split(self, name: str) -> str:
        """`name` with each run of katakana the lists know no word for, but that is wholly made
        of words they know, written as those words apart (ムニールエルムタサッディク ->
        ムニール・エル・ムタサッディク): katakana names are often written without the dots
        between their words, which the lists' Latin names have. The fewest words win, then the
        words the lists use most (ハッサン・ターリ・アル, not ハッサン・ター・リアル); a word that has
        only the consonants of a list word's sounds counts as three, and none ends with a small
        tsu but the Arabic article (アッ).
        `name` itself where no run splits."""
        if not (_KANA_RUN_TOGETHER.search(name) or _HALF_WIDTH_KANA.search(name)):
            return name
        self._sound_table()
        table = self._sound_words

        def cost(word: str, sounds: str) -> tuple[int, float]:
            # a word whose sounds are a list word's, or a business word or legal form, or,
            # costing more, one whose consonants are a list word's (ヌールザイ nuruzai for
            # Noorzai, noruzai); 0: no word. Then how common the list word is in the lists.
            if not sounds:
                return 0, 0.0
            df = table.get(sounds, 0)
            if df or fold_kana(word) in _KATAKANA_READ:
                return 1, math.log(df or _READ_DF)
            df = table.get(_KEY + sound_key(sounds), 0)
            return (3, math.log(df)) if df else (0, 0.0)

        def split(run: str) -> str:
            if len(run) > _KANA_RUN_MAX or cost(run, katakana_sounds(run))[0]:
                return run
            # words begin only where a sound does (not at a small kana, long vowel mark,
            # small tsu or moraic n)
            units = KANA_UNIT.findall(run)
            romaji = [kana_unit_romaji(u) for u in units]
            n = len(units)
            # per end: (cost of its words, minus how likely they are as list words: the sum of
            # the logarithms of how many aliases have each) of the best split of units[:end], and
            # where its last word begins
            best: list[tuple[int, float] | None] = [None] * (n + 1)
            best[0] = (0, 0.0)
            begins = [0] * (n + 1)
            for end in range(1, n + 1):
                for start in range(max(0, end - _KANA_WORD_MAX), end):
                    head = best[start]
                    if head is None or (end - start == 1 and len(units[start]) == 1):
                        continue  # (a word of one kana is no word)
                    if units[end - 1][-1] == "ッ" and (
                        start != end - 1 or units[start] not in _ARTICLES
                    ):
                        # the small tsu doubles the consonant after it: no word ends with it but
                        # the Arabic article before the consonant it takes (アッ in アッサイード)
                        continue
                    parts = romaji[start:end]
                    word = "".join(units[start:end])
                    c, likely = (
                        cost(word, romaji_sounds("".join(parts))) if all(parts) else (0, 0.0)
                    )
                    if not c:
                        continue
                    here = (head[0] + c, head[1] - likely)
                    was = best[end]
                    if was is None or here < was:
                        best[end] = here
                        begins[end] = start
            if best[n] is None:
                return run
            words: list[str] = []
            end = n
            while end > 0:
                words.append("".join(units[begins[end] : end]))
                end = begins[end]
            return run if len(words) > _KANA_WORDS_MAX else "・".join(reversed(words))

        # (half-width kana as full-width: ｷﾑ as キム)
        text = unicodedata.normalize("NFKC", name) if _HALF_WIDTH_KANA.search(name) else name
        split_text = _KANA_RUN_TOGETHER.sub(lambda m: split(m.group(0)), text)
        added = split_text.count("・") - text.count("・")
        return name if added == 0 or added > _KANA_SPLITS_MAX else split_text

    def _lookup(self, tok: Token, strict: bool) -> _Lookup:
        """Aliases with a list word a query token may match, and what that match can be worth.

        Returns (alias ids, the most a match of the token can add to an alias's matched score,
        the weight of the heaviest list word found in each alias, postings of common words).
        Query tokens repeat across a batch (given names, surnames, "trading"): lookups are cached.
        `strict`: the token comes from a transliteration guess (see _similar).
        """
        ck = (tok.text, tok.kind, tok.forms, tok.loose, tok.skel, strict)
        hit = self._lookups.get(ck)
        if hit is not None:
            return hit
        qw = self.weights.token(tok)
        postings, word_postings, word_weight = self.postings, self._word_postings, self._word_weight
        # (the aliases with a list word or key the token found, the most the token can score
        # against that word, the word's weight)
        found: list[tuple[IntArray | None, float, float]] = []
        if tok.kind == "skeleton":
            found.append((postings.get("§" + tok.skel), 1.0, qw))
            sv = self.skeletons.get(tok.skel)
            if sv is not None:
                sim = skeleton_sim(len(tok.skel), True)  # the most it can score
                for k in (sv,) if isinstance(sv, int) else sv:
                    found.append((word_postings[k], sim, word_weight[k]))
            for form in tok.forms[1:]:  # a short name's known spellings (scoring.token_sim)
                kf = self.vocab.get(form)
                if kf is not None:
                    found.append((word_postings[kf], KNOWN_SPELLING, word_weight[kf]))
        else:
            for k, sim in self._similar(tok, strict):
                found.append((word_postings[k], sim, word_weight[k]))
            if tok.skel and not strict:  # a guess never meets a consonant skeleton
                sks = dict.fromkeys(
                    [tok.skel, *(skeleton(sp) for sp in digraph_spellings(tok.text))]
                )
                for sk in sks:
                    sim = skeleton_sim(len(sk), True)
                    found.append((postings.get("§" + sk), sim, self.weights.skeleton(sk)))
            for form in tok.forms or (tok.text,):
                # a list name's two words written as one ("albairaq", "hyonu" for "Hyon U")
                found.append((postings.get(_PAIR + form), 1.0, _HEAVY))
        cap = self.common_cap
        rare: list[IntArray] = []
        gains: list[float] = []
        list_w: list[float] = []
        common: list[tuple[IntArray, float, float]] = []
        if tok.kind in _JOIN_KINDS and tok.text not in self.vocab:
            # two list words written as one ("Amanafuel" for "Amana Fuel"): the aliases that
            # have both words
            for ids, cw in self._split_lookup(tok.text):
                rare.append(ids)
                gains.append(min(qw, cw) * 0.98)
                list_w.append(cw)
        for p, sim, cw in found:
            if p is None:
                continue
            if len(p) > cap:
                common.append((p, min(qw, cw) * sim, min(qw, cw)))
                continue
            rare.append(p)
            gains.append(min(qw, cw) * sim)
            list_w.append(cw)
        if not rare:
            out: _Lookup = (_NO_IDS, _NO_WEIGHTS, _NO_WEIGHTS, tuple(common))
        elif len(rare) == 1:
            n = len(rare[0])
            out = (rare[0], _filled(n, gains[0]), _filled(n, list_w[0]), tuple(common))
        else:
            out = (*_union_max(rare, gains, list_w), tuple(common))
        # bounded by the alias ids held (about 12 bytes each), not by the number of tokens
        self._lookup_ids += len(out[0])
        if self._lookup_ids > _LOOKUP_CACHE_IDS:
            self._lookups.clear()
            self._lookup_ids = len(out[0])
        self._lookups[ck] = out
        return out

    def _split_lookup(self, text: str) -> list[tuple[IntArray, float]]:
        """Aliases with two neighbouring-word candidates that join to `text`, for every split of
        it into two list words of at least three letters (a word the lists know as two), or
        into a list word and a word often run into it."""
        out: list[tuple[IntArray, float]] = []
        vocab, postings, weight = self.vocab, self._word_postings, self._word_weight
        for k in range(1, len(text)):
            a, b = text[:k], text[k:]
            # a list word with a legal form, stop word or particle run into it ("plusllc",
            # "armyof", "lamaison"): the aliases with that word (those words are not indexed)
            word = b if a in GLUED_WORDS else a if b in GLUED_WORDS else ""
            if len(word) >= 3:
                w = vocab.get(word)
                pw = None if w is None else postings[w]
                if w is not None and pw is not None and len(pw) <= self.common_cap:
                    out.append((pw, weight[w]))
            if k < 3 or k > len(text) - 3:
                continue
            wa, wb = vocab.get(a), vocab.get(b)
            if wa is None or wb is None:
                continue
            pa, pb = postings[wa], postings[wb]
            if pa is None or pb is None:
                continue
            both = _intersect(pa, pb)
            if len(both):
                out.append((both, weight[wa] + weight[wb]))
        return out

    def _candidates(
        self, qn: NormalisedName, qw: list[tuple[float, ...]], min_score: float
    ) -> list[int]:
        cfg = self.config
        cap = self.common_cap
        chosen: dict[int, float] = {}
        for r_idx, r in enumerate(qn.readings):
            weights = qw[r_idx]
            total = sum(weights)
            if total <= 0:
                continue
            arrays: list[IntArray] = []
            vals: list[float] = []  # query weight an array of alias ids stands for
            gains: list[FloatArray] = []  # the most the match can add to the matched score
            cvals: list[FloatArray] = []  # weight of the list word found in each alias
            assumed = 0.0  # weight of tokens that may match without being looked up
            # query tokens with common list words among their keys: (weight, those postings)
            common_toks: list[tuple[float, _Common]] = []
            toks = r.tokens
            strict = r.label in GUESSED
            for i, tok in enumerate(toks):
                w = weights[i]
                if tok.kind in _UNINDEXED or (
                    # (a skeleton of one consonant finds too much, but a short name's known
                    # spellings are looked up: see _lookup)
                    tok.kind == "skeleton" and len(tok.skel) < 2 and len(tok.forms) < 2
                ):
                    assumed += w
                    continue
                ids, gain, cws, common = self._lookup(tok, strict)
                if len(ids):
                    arrays.append(ids)
                    vals.append(w)
                    gains.append(gain)
                    cvals.append(cws)
                if common:
                    common_toks.append((w, common))
                    assumed += w
            # query tokens written apart that a list writes as one ("al bairaq" -> "albairaq")
            for i in range(len(toks) - 1):
                a, b = toks[i], toks[i + 1]
                joined = ""
                if a.kind in _JOIN_KINDS and b.kind in _JOIN_KINDS:
                    joined = a.text + b.text
                elif a.kind == "skeleton" and b.kind == "skeleton":
                    joined = "§" + skeleton(a.forms[0] + b.forms[0])
                if joined:
                    jp = self.postings.get(joined)
                    if jp is not None and len(jp) <= cap:
                        arrays.append(jp)
                        vals.append(weights[i] + weights[i + 1])
                        gains.append(_filled(len(jp), weights[i] + weights[i + 1]))
                        cvals.append(_filled(len(jp), _HEAVY))
                    if a.kind in _UNINDEXED or b.kind in _UNINDEXED:
                        # an initial is not looked up alone ("J & E"): the aliases that have the
                        # two side by side are candidates (their weight is assumed above)
                        jp = self.postings.get(_PAIR + joined)
                        if jp is not None and len(jp) <= cap:
                            arrays.append(jp)
                            vals.append(0.0)
                            gains.append(np.zeros(len(jp)))
                            cvals.append(np.zeros(len(jp)))
            # every alias exactly equal to the query is a candidate, however common its words
            ex = self.exact.get(" ".join(t.text for t in toks))
            if ex is not None:
                arrays.append(ex[:cap])
                vals.append(total)
                gains.append(_filled(len(ex[:cap]), total))
                cvals.append(_filled(len(ex[:cap]), _HEAVY))
            if len(common_toks) >= 2:
                # several common words ("Mohammad Ali"): the aliases that have them all, however
                # the other words were found (the bound above then weighs what they lack)
                inter = _having_all(common_toks)
                if len(inter):
                    arrays.append(inter)
                    vals.append(0.0)
                    gains.append(np.zeros(len(inter)))
                    cvals.append(np.zeros(len(inter)))
            if not arrays:
                continue
            # The bound below grows with the query weight an alias's keys found (pot): first
            # the least pot that can pass, which most names' candidates do not reach.
            need = _weight_needed(total, assumed, r.confidence, min_score - 0.02, cfg) - 1e-9
            if sum(vals) < need:
                continue
            ids, pot, mpot, chit = _gather(arrays, vals, gains, cvals, need)
            eq, el = cfg.extra_query_weight, cfg.extra_list_weight
            bound_args = (total, eq, el, r.confidence, cfg.country_match_bonus, min_score - 0.02)
            ids, pot, mpot, uc, m, uq = _first_bound(
                ids, pot, mpot, chit, self.alias_free_weight, need, assumed, *bound_args
            )
            if not len(ids):
                continue
            # the weight assumed found other than that of common words
            rest = assumed - sum(w for w, _ in common_toks)
            if common_toks:
                # Common words were assumed to be in every alias; they are looked up for the
                # aliases left, in their postings, which sharpens the bound and the ranking.
                common_w, common_gain, common_mw = _common_hits(ids, common_toks)
                m = mpot + rest + common_gain
                uq = np.maximum(0.0, total - pot - rest - common_w)
                bound = m / (m + eq * uq + el * uc) * r.confidence + cfg.country_match_bonus
                keep = bound >= (min_score - 0.02)
                if not keep.any():
                    continue
                ids, pot = ids[keep], pot[keep]
                m, uq, uc, common_mw = m[keep], uq[keep], uc[keep], common_mw[keep]
            else:
                common_mw = np.zeros(len(ids))
            if len(ids) > cfg.candidate_limit:
                # The candidates that could score highest are re-scored, ranked by an estimate
                # of their score: the bound with the weight the words found would be matched
                # with below (a word found by a near spelling then costs what it lacks).
                mw = _matched_weight(ids, arrays, vals, cvals) + common_mw + rest
                est = m / (np.maximum(mw, m) + eq * uq + el * uc)
                top = np.argpartition(-est, cfg.candidate_limit)[: cfg.candidate_limit]
                ids, pot = ids[top], pot[top]
            for a_id, pv in zip(ids.tolist(), pot.tolist(), strict=True):
                if pv > chosen.get(a_id, -1.0):
                    chosen[a_id] = pv
        if qn.native_key:
            for a_id in self._native_candidates(qn.native_key):
                chosen.setdefault(a_id, 1.0)
        return list(chosen)

    def _native_candidates(self, key: str) -> list[int]:
        out: list[int] = []
        ex = self.native_exact.get(key)
        if ex is not None:
            out.extend(ex.tolist())
        if len(key) >= 4:
            bigrams = {key[i : i + 2] for i in range(len(key) - 1)}
            arrays = [self.native_bigrams[b] for b in bigrams if b in self.native_bigrams]
            if arrays:
                ids, counts = np.unique(np.concatenate(arrays), return_counts=True)
                need = max(2, math.ceil(len(bigrams) * 0.5))
                out.extend(ids[counts >= need][: self.config.candidate_limit].tolist())
        return out

    def warm(self) -> None:
        """Load now what screening would otherwise load while screening the first name that
        needs it: the Japanese and Chinese reading dictionaries (once per process, under a
        second) and this index's table of katakana sounds (about half a second for the real
        lists). A worker warms a new index before swapping it in, so no name waits for them."""
        self.prepare(["中"])

    def prepare(self, names: Iterable[str]) -> bool:
        """Load what screening `names` needs that is not loaded yet: the reading dictionaries
        if any name has Han or kana, and then this index's table of katakana sounds; say
        whether the names needed them."""
        with _collector_paused():
            if not load_readers(" ".join(names)):
                return False
            self._sounding_like("")
        return True

    # -- screening ---------------------------------------------------------------------------
    def screen(
        self,
        name: str,
        country: str | None = None,
        kind: str | None = None,
        *,
        limit: int = 10,
        min_score: float | None = None,
    ) -> list[Match]:
        """Entries whose best alias scores at least `min_score` (default: the review threshold)."""
        return [
            self._match(e_idx, a_id, score, explanation)
            for e_idx, a_id, score, explanation in self._screen(
                name, country, kind, limit, min_score
            )
        ]

    def _screen(
        self,
        name: str,
        country: str | None,
        kind: str | None,
        limit: int,
        min_score: float | None,
    ) -> list[_Found]:
        """The best entries as (entry index, alias index, score, explanation)."""
        self._screened += 1
        if self._screened >= _TRIM_EVERY:
            self._screened = 0
            trim_word_caches()
        found = self._screen_as(name, name, country, kind, limit, min_score)
        split = self._katakana_split(name)
        if split != name:
            # screened as written and as split: each entry keeps its better match
            best = {f[0]: f for f in found}
            for f in self._screen_as(split, name, country, kind, limit, min_score):
                had = best.get(f[0])
                if had is None or f[2] > had[2]:
                    best[f[0]] = f
            found = sorted(best.values(), key=lambda f: (-f[2], f[0]))[:limit]
        return found

    def _screen_as(
        self,
        name: str,
        written: str,
        country: str | None,
        kind: str | None,
        limit: int,
        min_score: float | None,
    ) -> list[_Found]:
        """_screen of `name`, which is how the query `written` is read."""
        cfg = self.config
        floor = cfg.review_threshold if min_score is None else min_score
        qn = _read_as(name, written, kind)
        qw = [self.weights.reading(r) for r in qn.readings]
        best: dict[int, tuple[float, float, int, int, Comparison, list[dict[str, Any]]]] = {}
        memo: dict[tuple[int, int, bool], tuple[float, str]] = {}
        compared: dict[int, Comparison] = {}
        forms, entries = self._alias_form, self._alias_entry
        for a_id in self._candidates(qn, qw, floor):
            form = forms[a_id]
            cmp = compared.get(form)
            if cmp is None:
                al = self._forms[form]
                cmp = compared[form] = compare(
                    qn, qw, al.readings, al.weights, al.native_key, al.native_legal, cfg, memo
                )
            if cmp.name_score <= 0:
                continue
            e_idx = entries[a_id]
            score, quals = qualify(
                cmp.name_score,
                country,
                self._entry_country[e_idx],
                kind,
                self._entry_kind[e_idx],
                cfg,
            )
            if score < floor:
                continue
            mw = cmp.alignment.matched_weight if cmp.alignment else 0.0
            prev = best.get(e_idx)
            if prev is None or (score, mw) > (prev[0], prev[1]):
                ex = cmp.alignment.exact_tokens if cmp.alignment else 0
                best[e_idx] = (score, mw, ex, a_id, cmp, quals)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], -kv[1][2], kv[0]))
        out: list[_Found] = []
        # explanations are built only for the matches returned
        for e_idx, (score, _mw, _ex, a_id, cmp, quals) in ranked[:limit]:
            entry = self.entries[e_idx]
            alias = self.aliases[a_id]
            cn = self._alias_normalised(alias.text, entry.kind)
            explanation = explain(
                qn=qn,
                cn=cn,
                alias=alias.text,
                comparison=cmp,
                score=score,
                qualifiers=quals,
                cfg=cfg,
                list_version=entry.list_version,
                entry={
                    "key": entry.key,
                    "list_code": entry.list_code,
                    "source_id": entry.source_id,
                    "name": entry.name,
                },
            )
            out.append((e_idx, a_id, score, explanation))
        return out

    def _alias_normalised(self, text: str, kind: str | None) -> NormalisedName:
        """The full normalisation of a list alias, for explanations (the same ones recur)."""
        key = (text, kind)
        nn = self._explained.get(key)
        if nn is None:
            if len(self._explained) >= 20_000:
                self._explained.clear()
            nn = self._explained[key] = normalise(text, kind=kind)
        return nn

    def _match(self, e_idx: int, a_id: int, score: float, explanation: dict[str, Any]) -> Match:
        cfg = self.config
        return Match(
            entry=self.entries[e_idx],
            matched_name=self.aliases[a_id].text,
            score=rounded(score, 4),
            alert=score >= cfg.alert_threshold,
            band=cfg.band(score),
            explanation=explanation,
        )

    def _screen_query(self, q: Query, limit: int, min_score: float | None) -> list[_Found] | str:
        """The matches of one query, or why its name cannot be screened.

        A fault of the engine on one name (a bug: it is logged with its traceback) answers for
        that name alone, as a name that could not be screened, so that a batch's other names are
        still screened and the caller reports this one; running out of memory ends the batch."""
        name, country, kind = (q, None, None) if isinstance(q, str) else q
        try:
            return self._screen(name, country, kind, limit, min_score)
        except EmptyNameError as exc:
            return str(exc) or "empty name"
        except MemoryError:
            raise
        except Exception as fault:  # (its own name: mypyc types a handler's name once)
            _log.exception("screening failed on the name %r", name)
            return f"screening failed on this name ({type(fault).__name__}): check it by hand"

    def screen_many(
        self,
        queries: Sequence[Query],
        *,
        limit: int = 10,
        min_score: float | None = None,
        workers: int = 1,
        processes: ScreeningProcesses | None = None,
    ) -> list[list[Match]]:
        """Screen a batch (a name with no letters or digits gives no matches)."""
        rows = self.screen_batch(
            queries, limit=limit, min_score=min_score, workers=workers, processes=processes
        )
        return [[] if isinstance(row, str) else row for row in rows]

    def screen_batch(
        self,
        queries: Sequence[Query],
        *,
        limit: int = 10,
        min_score: float | None = None,
        workers: int = 1,
        processes: ScreeningProcesses | None = None,
    ) -> list[list[Match] | str]:
        """Screen a batch: per query its matches, or why its name cannot be screened.

        With `workers` > 1 the batch is split into chunks screened by forked processes that share
        this index copy-on-write (see ScreeningProcesses); they send back only entry and alias
        numbers, scores and explanations, and this process attaches its own entries. Processes
        kept for a run of batches (see processes()) are used instead when given.
        """
        if processes is not None and processes.index is not self:
            raise ValueError("those screening processes were forked for another index")
        if workers == -1:
            workers = os.cpu_count() or 1
        # A batch makes hundreds of thousands of containers (explanations, matches) that hold
        # no cycles; a full collection meanwhile would also walk every cache the process has
        # built up (a quarter of a second for the real lists), so collections wait till the end.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if processes is not None and processes.workers > 1 and len(queries) >= 64:
                found = processes.screen(list(queries), limit, min_score)
            elif workers <= 1 or len(queries) < 64 or not hasattr(os, "fork"):
                found = [self._screen_query(q, limit, min_score) for q in queries]
            else:
                with self.processes(workers) as processes:
                    found = processes.screen(list(queries), limit, min_score)
            return [
                row if isinstance(row, str) else [self._match(*f) for f in row] for row in found
            ]
        finally:
            if collecting:
                gc.enable()

    def processes(self, workers: int) -> ScreeningProcesses:
        """Forked processes kept for a run of batches, to give to screen_batch inside a `with`
        block (they end with it).

        A run of batches (a long `screen_names` file, a re-screening) then forks once: the
        processes keep what they worked out for earlier batches (token lookups, readings), and
        the memory pages they copied from this process stay copied. Without them each batch
        forks its own processes. `workers` counts this process, which screens beside them; the
        processes serve the thread that made them (a batch at a time).
        """
        return ScreeningProcesses(self, workers)

    def score_pair(
        self,
        query: str,
        candidate: str,
        query_country: str | None = None,
        candidate_country: str | None = None,
        query_kind: str | None = None,
        candidate_kind: str | None = None,
    ) -> tuple[float, dict[str, Any]]:
        """Score two names with this index's token statistics (IDF from the loaded lists); a
        query with katakana written without dots also as the list words it splits into."""
        args = (query_country, candidate_country, query_kind, candidate_kind)
        scored = _score_pair(query, candidate, *args, self.config, self.weights)
        split = self._katakana_split(query)
        if split != query:
            other = _score_pair(split, candidate, *args, self.config, self.weights, query)
            if other[0] > scored[0]:
                return other
        return scored


_log = logging.getLogger(__name__)

# (entry index, alias index, score, explanation): what a worker process sends back per match
_Found = tuple[int, int, float, dict[str, Any]]


# a batch as the screening processes take it: queries, their chunks (from, to), limit, min score
_Batch = tuple[list[Query], list[tuple[int, int]], int, float | None]
_CHUNK: Final = struct.Struct("<I")  # a chunk number in the work pipe
_BATCH_DONE: Final = 0xFFFFFFFF  # in the work pipe after a batch's chunks, one per process
_LENGTH: Final = struct.Struct("<Q")  # before each pickled message between processes
# A batch's chunk numbers and end marks fit in one page (4 KiB), the least buffer a pipe gets
# (Linux gives a new pipe one page when a user holds too many), so writing them never waits.
_PIPE_SLOTS = 1024
_REAPER: Final = "screening-reaper"  # the threads that wait for ended children
_ANSWER_PIPE: Final = 1 << 20  # bytes a child's answer pipe holds (Linux's default maximum)


class ScreeningProcesses:
    """Processes forked from the one holding an index, screening batches beside it.

    They are forked when the first batch of 64 names or more arrives (what its names need and
    is loaded on first use is loaded before, once) and share the index copy-on-write; the
    collector is kept off the index's objects meanwhile, so they do not copy its pages. For
    each batch, every child gets the queries through a pipe of its own; the batch is cut into
    chunks whose numbers wait in a work pipe, followed by one end mark per process; each process
    takes the next number when it is free (a read of four bytes from a pipe is never split), so
    one that is slower (a child first copies the memory pages it writes to) or that meets longer
    names takes fewer, and stops at its end mark. The children are plain forks (os.fork), so a
    daemonic process such as a celery pool worker may use them too; they touch nothing they
    inherited but the index (database and broker connections stay the parent's) and leave with
    os._exit when their pipe closes. A failure ends them all; the next batch forks new ones.
    """

    def __init__(self, index: Index, workers: int) -> None:
        self.index = index
        self.workers = max(1, (os.cpu_count() or 1) if workers == -1 else workers)
        self.children: dict[int, tuple[int, int]] = {}  # pid -> (its query pipe, its answers)
        self.task_read = -1
        self.task_write = -1
        self.thaw = False
        self.reapers: list[threading.Thread] = []  # waiting for ended children to leave

    def __enter__(self) -> ScreeningProcesses:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def screen(
        self, queries: list[Query], limit: int, min_score: float | None
    ) -> list[list[_Found] | str]:
        """Screen a batch here and in the children, in order: per query its matches (entry and
        alias numbers, score, explanation) or why its name cannot be screened."""
        n = len(queries)
        chunks = _chunks(n, self.workers)
        batch = (queries, chunks, limit, min_score)
        try:
            if self.task_read < 0:
                self._start(batch)
            else:
                message = pickle.dumps(batch)
                for pid in self.children:
                    _send(self.children[pid][0], message)
                self._hand_out(len(chunks))
            out: list[list[_Found] | str] = [[] for _ in queries]
            answering = {self.children[pid][1] for pid in self.children}

            def keep(k: int, rows: list[list[_Found] | str]) -> None:
                # the children's answers are taken in between this process's own chunks, so
                # that little is left to read (and unpickle) when it has done its share
                a, b = chunks[k]
                out[a:b] = rows
                self._take(answering, out, chunks, 0)

            _screen_chunks(self.index, self.task_read, batch, keep)
            while answering:
                self._take(answering, out, chunks, None)
            return out
        except BaseException:
            self.close(failed=True)
            raise

    def _start(self, first: _Batch) -> None:
        """Fork the children, which begin with the batch they are forked in."""
        names = (q if isinstance(q, str) else q[0] for q in first[0])
        self.index.prepare(n for n in names if isinstance(n, str))
        self.task_read, self.task_write = os.pipe()
        self._hand_out(len(first[1]))
        self.thaw = not self.index._frozen
        if self.thaw:
            gc.freeze()
        for _ in range(self.workers - 1):
            query_read, query_write = os.pipe()
            answer_read, answer_write = os.pipe()
            with contextlib.suppress(OSError, AttributeError):
                # room for several chunks' answers, so that a child seldom waits for the
                # parent to read them (Linux; elsewhere, or past the user's limit, the default)
                fcntl.fcntl(answer_write, fcntl.F_SETPIPE_SZ, _ANSWER_PIPE)
            pid = os.fork()
            if pid == 0:  # the child
                for fd in (query_write, answer_read, self.task_write):
                    os.close(fd)
                for theirs in self.children.values():  # the earlier children's pipes
                    for fd in theirs:
                        os.close(fd)
                _child(self.index, query_read, answer_write, self.task_read, first)
            os.close(query_read)
            os.close(answer_write)
            self.children[pid] = (query_write, answer_read)

    def _take(
        self,
        answering: set[int],
        out: list[list[_Found] | str],
        chunks: list[tuple[int, int]],
        timeout: float | None,
    ) -> None:
        """Put in `out` the answers the children have sent (waiting up to `timeout` seconds
        for one, None: until one comes); a child's pipe leaves `answering` at its batch end.

        (poll, not select: a process with many files open, such as a busy web worker, may give
        the pipes numbers that select cannot watch.)"""
        poller = select.poll()
        for fd in answering:
            poller.register(fd, select.POLLIN)
        for fd, _event in poller.poll(None if timeout is None else int(timeout * 1000)):
            data = _receive(fd)
            if data is None:
                raise RuntimeError("a screening process ended without its answers")
            answer = pickle.loads(data)
            if answer is None:
                answering.discard(fd)
            else:
                k, rows = answer
                a, b = chunks[k]
                out[a:b] = rows

    def join(self) -> None:
        """Wait until the children that close() ended have left."""
        reapers, self.reapers = self.reapers, []
        for reaper in reapers:
            reaper.join()

    def _hand_out(self, chunks: int) -> None:
        marks = [*range(chunks), *([_BATCH_DONE] * self.workers)]
        work = b"".join(_CHUNK.pack(k) for k in marks)
        if os.write(self.task_write, work) != len(work):
            raise RuntimeError("the work pipe took only part of the chunk numbers")

    def close(self, failed: bool = False) -> None:
        """End the children and close the pipes. Idle children leave when their query pipe
        closes; after a failure they are killed, as they may be in the middle of a batch.

        A child takes a while to leave (its copy of the index's memory is torn down: about
        20 ms for the real lists), so a thread waits for idle ones to end, while this process
        goes on with the answers; join() waits for that. Killed children are waited for here.
        """
        children, self.children = self.children, {}
        for fd in (self.task_read, self.task_write):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.task_read = self.task_write = -1
        for pid, pipes in children.items():
            if failed:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            for fd in pipes:
                with contextlib.suppress(OSError):
                    os.close(fd)
        if failed:
            _reap(list(children))
        elif children:
            reaper = threading.Thread(
                target=_reap, args=(list(children),), name=_REAPER, daemon=True
            )
            reaper.start()
            self.reapers.append(reaper)
        if self.thaw:
            gc.unfreeze()
            self.thaw = False


def join_ended_processes() -> None:
    """Wait until every screening process ended by ScreeningProcesses.close has left (for a
    measurement that must have the machine to itself)."""
    for thread in threading.enumerate():
        if thread.name == _REAPER:
            thread.join()


def _reap(pids: list[int]) -> None:
    """Wait for ended children to leave (see ScreeningProcesses.close)."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


def _chunks(n: int, workers: int) -> list[tuple[int, int]]:
    """A batch of n names cut into chunks for `workers` processes: at most 256 names, then
    smaller as the batch nears its end (an eighth of what is left per process, at least 16), so
    that the processes finish together; never more chunks than the work pipe holds."""
    least = max(16, -(-n // max(1, _PIPE_SLOTS - workers - 64)))
    out: list[tuple[int, int]] = []
    a = 0
    while a < n:
        size = max(least, min(256, (n - a) // (workers * 8)))
        out.append((a, min(a + size, n)))
        a += size
    return out


class _WorkPipeClosed(Exception):
    pass


def _send(fd: int, data: bytes) -> None:
    message = memoryview(_LENGTH.pack(len(data)) + data)
    sent = 0
    while sent < len(message):
        sent += os.write(fd, message[sent:])


def _receive(fd: int) -> bytes | None:
    """One message from a pipe, or None at its end."""
    head = _read_exactly(fd, _LENGTH.size)
    if head is None:
        return None
    (size,) = _LENGTH.unpack(head)
    return _read_exactly(fd, size)


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts: list[bytes] = []
    while size:
        got = os.read(fd, min(size, 1 << 20))
        if not got:
            return None
        parts.append(got)
        size -= len(got)
    return b"".join(parts)


def _screen_chunks(
    index: Index,
    task_read: int,
    batch: _Batch,
    then: Callable[[int, list[list[_Found] | str]], None],
) -> None:
    """Take chunk numbers from the work pipe until this process's end mark, screening each;
    `then` is given each chunk's number and answers as soon as they are ready."""
    queries, chunks, limit, min_score = batch
    while True:
        got = os.read(task_read, _CHUNK.size)
        if not got:
            raise _WorkPipeClosed  # the parent gave up the batch (it reports why)
        (k,) = _CHUNK.unpack(got)
        if k == _BATCH_DONE:
            return
        a, b = chunks[k]
        then(k, [index._screen_query(q, limit, min_score) for q in queries[a:b]])


def _child(
    index: Index,
    query_read: int,
    answer_write: int,
    task_read: int,
    first: _Batch,
) -> NoReturn:
    """The body of a forked child: screen each batch's chunks and send the answers back,
    until the query pipe closes; then leave at once."""
    code = 1
    try:
        gc.disable()  # as in the parent while it screens (see screen_batch)
        batch: _Batch | None = first
        while batch is not None:
            # each chunk's answers go as soon as they are ready (the parent takes them in
            # between its own chunks), then None at the end of the batch
            _screen_chunks(
                index,
                task_read,
                batch,
                lambda k, rows: _send(answer_write, pickle.dumps((k, rows))),
            )
            _send(answer_write, pickle.dumps(None))
            message = _receive(query_read)
            batch = None if message is None else pickle.loads(message)
        code = 0
    except (BrokenPipeError, _WorkPipeClosed):
        code = 0  # the parent stopped listening (it failed and reports why)
    except BaseException:
        traceback.print_exc()  # the parent reports the failure; this says why
    finally:
        os._exit(code)


def _compact(d: dict[str, list[int]]) -> dict[str, tuple[int, ...] | int]:
    # most keys point at one word; a bare number saves a tuple per key
    return {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in d.items()}


def _weight_needed(
    total: float, assumed: float, confidence: float, floor: float, cfg: EngineConfig
) -> float:
    """The least query weight an alias's keys must find for its score bound to reach `floor`.

    With x the weight found plus the weight assumed, the bound (see Index._candidates) is at
    most x / (x + extra_query_weight * (total - x)), times the reading's confidence, plus the
    country bonus. -inf when any alias may reach the floor, inf when none can.
    """
    t = (floor - cfg.country_match_bonus) / confidence if confidence > 0 else math.inf
    if t <= 0:
        return -math.inf
    if t > 1:
        return math.inf
    eq = cfg.extra_query_weight
    return t * eq * total / (1 - t + t * eq) - assumed


def _gather(
    arrays: list[IntArray],
    vals: list[float],
    gains: list[FloatArray],
    cvals: list[FloatArray],
    need: float,
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Per-alias sums as in _accumulate, sure to hold every alias whose arrays carry at least
    `need` query weight (and maybe others).

    An alias found only in the lightest arrays, together lighter than `need`, cannot get there:
    the other arrays give the aliases, and the light ones are only looked up for them.
    """
    order = sorted(range(len(arrays)), key=lambda k: (vals[k], -len(arrays[k])))
    light_sum = 0.0
    split = 0
    for k in order:
        if light_sum + vals[k] >= need:
            break
        light_sum += vals[k]
        split += 1
    if split == len(order):  # no alias can get there
        return _NO_IDS, _NO_WEIGHTS, _NO_WEIGHTS, _NO_WEIGHTS
    if split == 0 or split < len(order) - 1:
        # (looking up several light arrays costs more than one pass over them all)
        return _accumulate(arrays, vals, gains, cvals)
    heavy = order[split:]
    ids, pot, mpot, chit = _accumulate(
        [arrays[k] for k in heavy],
        [vals[k] for k in heavy],
        [gains[k] for k in heavy],
        [cvals[k] for k in heavy],
    )
    keep = pot >= need - light_sum
    if keep.all():  # copies: the sums are added to, and one array's columns are the lookup's
        pot, mpot, chit = pot.copy(), mpot.copy(), chit.copy()
    else:
        ids, pot, mpot, chit = ids[keep], pot[keep], mpot[keep], chit[keep]
        if not len(ids):
            return ids, pot, mpot, chit
    for k in order[:split]:
        _add_found(arrays[k], vals[k], gains[k], cvals[k], ids, pot, mpot, chit)
    return ids, pot, mpot, chit


def _add_found_numpy(
    arr: IntArray,
    val: float,
    gains: FloatArray,
    cvals: FloatArray,
    ids: IntArray,
    pot: FloatArray,
    mpot: FloatArray,
    chit: FloatArray,
) -> None:
    """For each of `ids` found in `arr`: add `val` to `pot`, and its entries in `gains` and
    `cvals` to `mpot` and `chit` (as _kernels.add_found)."""
    at, hit = _find(arr, ids)
    if hit.any():
        at = at[hit]
        pot[hit] += val
        mpot[hit] += gains[at]
        chit[hit] += cvals[at]


def _first_bound_numpy(
    ids: IntArray,
    pot: FloatArray,
    mpot: FloatArray,
    chit: FloatArray,
    free: FloatArray,
    need: float,
    assumed: float,
    total: float,
    eq: float,
    el: float,
    confidence: float,
    bonus: float,
    floor: float,
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """The aliases Index._candidates keeps after its first bound (as _kernels.first_bound).

    First those whose keys found at least `need` query weight (when `need` is above 0); then
    those whose upper bound of the final score reaches `floor`. A matched score over the matched
    score plus costs is at least the score (see scoring.align): keys found give the most a match
    can score (`mpot`, with the weight `assumed` found); query tokens no key found cannot be
    matched, so they cost at least their unmatched weight (`uq`, weighed by `eq`); list words no
    key reached (other than common words and legal forms, titles, initials, which any query may
    match) cost at least the weight of an extra list word (`uc`, weighed by `el`).

    Returns ids, pot, mpot of those kept, and their uc, matched score bound m and uq.
    """
    if need > 0:
        keep = pot >= need
        if not keep.all():
            ids, pot, mpot, chit = ids[keep], pot[keep], mpot[keep], chit[keep]
    m = mpot + assumed
    uq = np.maximum(0.0, total - pot - assumed)
    uc = np.maximum(0.0, free[ids] - chit)
    bound = m / (m + eq * uq + el * uc) * confidence + bonus
    keep = bound >= floor
    return ids[keep], pot[keep], mpot[keep], uc[keep], m[keep], uq[keep]


def _having_all(common_toks: list[tuple[float, _Common]]) -> IntArray:
    """The aliases that have each of the query's common words (one of its list words)."""
    per_tok: list[IntArray] = []
    for _, ps in common_toks:
        if len(ps) == 1:
            per_tok.append(ps[0][0])
        else:
            none = [0.0] * len(ps)
            per_tok.append(_union_max([p[0] for p in ps], none, none)[0])
    per_tok.sort(key=len)
    inter = per_tok[0]
    for other in per_tok[1:]:
        inter = _intersect(inter, other)
    return inter


def _intersect_numpy(a_arr: IntArray, b_arr: IntArray) -> IntArray:
    """The ids in both of two sorted arrays of unique ids (as _kernels.intersect)."""
    return np.intersect1d(a_arr, b_arr, assume_unique=True)


def _common_hits_numpy(
    ids: IntArray, common_toks: list[tuple[float, _Common]]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per alias: the query weight of the common words it has, the most they can add to the
    matched score and the weight they would be matched with (as _kernels.common_hits)."""
    found_w = np.zeros(len(ids))
    found_gain = np.zeros(len(ids))
    found_mw = np.zeros(len(ids))
    for w, postings in common_toks:
        tok_gain = np.zeros(len(ids))
        tok_mw = np.zeros(len(ids))
        for arr, gain, mw in postings:
            _, hit = _find(arr, ids)
            np.maximum(tok_gain, np.where(hit, gain, 0.0), out=tok_gain)
            np.maximum(tok_mw, np.where(hit, mw, 0.0), out=tok_mw)
        found_w += np.where(tok_gain > 0, w, 0.0)
        found_gain += tok_gain
        found_mw += tok_mw
    return found_w, found_gain, found_mw


def _find(
    arr: npt.NDArray[Any], keys: npt.NDArray[Any]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """Where each of `keys` is or would go in the sorted array `arr` (kept inside it), and
    whether it is there."""
    at = arr.searchsorted(keys)  # (the method: np.searchsorted adds a Python call)
    np.minimum(at, len(arr) - 1, out=at)
    hit: npt.NDArray[np.bool_] = arr[at] == keys
    return at, hit


def _matched_weight_numpy(
    ids: IntArray, arrays: list[IntArray], vals: list[float], cvals: list[FloatArray]
) -> FloatArray:
    """Per alias, the weight its words found would be matched with: the lesser of the query
    token's and the list word's (see scoring.align; as _kernels.matched_weight)."""
    out = np.zeros(len(ids))
    for arr, qw, cw in zip(arrays, vals, cvals, strict=True):
        at, hit = _find(arr, ids)
        if hit.any():
            out[hit] += np.minimum(qw, cw[at[hit]])
    return out


def _accumulate(
    arrays: list[IntArray],
    vals: list[float],
    gains: list[FloatArray],
    cvals: list[FloatArray],
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """Per alias sums: query weight found, most matched score possible, list weight found."""
    if len(arrays) == 1:
        return arrays[0], _filled(len(arrays[0]), vals[0]), gains[0], cvals[0]
    return _accumulate_many(arrays, vals, gains, cvals)


def _accumulate_numpy(
    arrays: list[IntArray], vals: list[float], gains: list[FloatArray], cvals: list[FloatArray]
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """_accumulate with numpy (as _kernels.accumulate)."""
    if sum(len(a) for a in arrays) <= _FEW:
        return _accumulate_few(arrays, vals, gains, cvals)
    ids = np.concatenate(arrays)
    qv = np.repeat(np.asarray(vals, dtype=np.float64), [len(a) for a in arrays])
    uniq, inv = np.unique(ids, return_inverse=True)
    n = len(uniq)
    cols = [
        np.bincount(inv, weights=x, minlength=n).astype(np.float64)
        for x in (qv, np.concatenate(gains), np.concatenate(cvals))
    ]
    return uniq.astype(np.int32), cols[0], cols[1], cols[2]


# Alias ids in all: fewer than this are merged in a loop, which costs less than numpy's
# fixed cost per call (np.unique alone is tens of microseconds, however short its input).
_FEW: Final = 32


def _union_max_numpy(
    arrays: list[IntArray], gains: list[float], list_w: list[float]
) -> tuple[IntArray, FloatArray, FloatArray]:
    """The sorted alias ids of all arrays, and per id the greatest gain and list weight of the
    arrays holding it, at least 0 (as _kernels.union_max)."""
    if sum(len(r) for r in arrays) <= _FEW:
        return _union_max_few(arrays, gains, list_w)
    lens = [len(r) for r in arrays]
    uniq, inv = np.unique(np.concatenate(arrays), return_inverse=True)
    g = np.zeros(len(uniq))
    np.maximum.at(g, inv, np.repeat(np.asarray(gains), lens))
    lw = np.zeros(len(uniq))
    np.maximum.at(lw, inv, np.repeat(np.asarray(list_w), lens))
    return uniq.astype(np.int32), g, lw


def _union_max_few(
    arrays: list[IntArray], gains: list[float], list_w: list[float]
) -> tuple[IntArray, FloatArray, FloatArray]:
    """As _lookup merges many arrays: the sorted alias ids, and per id the greatest gain and
    list weight of the arrays holding it (at least 0)."""
    g: dict[int, float] = {}
    lw: dict[int, float] = {}
    for arr, gain, w in zip(arrays, gains, list_w, strict=True):
        for a in arr.tolist():
            g[a] = max(g.get(a, 0.0), gain)
            lw[a] = max(lw.get(a, 0.0), w)
    ids = sorted(g)
    return (
        np.array(ids, dtype=np.int32),
        np.array([g[a] for a in ids], dtype=np.float64),
        np.array([lw[a] for a in ids], dtype=np.float64),
    )


def _accumulate_few(
    arrays: list[IntArray], vals: list[float], gains: list[FloatArray], cvals: list[FloatArray]
) -> tuple[IntArray, FloatArray, FloatArray, FloatArray]:
    """_accumulate for few ids, adding in the same order (so to the same sums)."""
    pot: dict[int, float] = {}
    mpot: dict[int, float] = {}
    chit: dict[int, float] = {}
    for arr, v, gain, cv in zip(arrays, vals, gains, cvals, strict=True):
        for a, g, c in zip(arr.tolist(), gain.tolist(), cv.tolist(), strict=True):
            pot[a] = pot.get(a, 0.0) + v
            mpot[a] = mpot.get(a, 0.0) + g
            chit[a] = chit.get(a, 0.0) + c
    ids = sorted(pot)
    return (
        np.array(ids, dtype=np.int32),
        np.array([pot[a] for a in ids], dtype=np.float64),
        np.array([mpot[a] for a in ids], dtype=np.float64),
        np.array([chit[a] for a in ids], dtype=np.float64),
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile: building an index makes millions of objects
    that live as long as it does, and each collection the allocations set off would walk all of
    those made so far again (a quarter of the build's time); the garbage made meanwhile holds
    no cycles and is freed as it is dropped."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def build_index(entries: Iterable[EngineEntry], config: EngineConfig | None = None) -> Index:
    """Normalise every name, alias and native name of the entries and index them."""
    index = Index(config)
    with _collector_paused():
        index._build(entries)
    trim_word_caches()
    if index.alias_count >= _FREEZE_MIN_ALIASES:
        # A large index is a million objects that live as long as it does and hold no cycles
        # (dropping it frees them). Each full collection would walk them all (about 0.4 s for
        # the real lists, every few thousand names screened), so they are moved out of the
        # collector's sight, after one last collection so that no garbage is kept with them.
        gc.collect()
        gc.freeze()
        index._frozen = True
    return index


def _read_as(name: str, written: str | None, kind: str | None) -> NormalisedName:
    """The normalised `name`, which is how the query `written` (katakana written without dots)
    is read: the officer sees the query as typed, and the reading among the steps."""
    qn = normalise(name, kind=kind)
    if written is not None and name != written:
        qn.original = written
        qn.steps.append(KATAKANA_SPLIT_STEP + name)
    return qn


def _score_pair(
    query: str,
    candidate: str,
    query_country: str | None,
    candidate_country: str | None,
    query_kind: str | None,
    candidate_kind: str | None,
    cfg: EngineConfig,
    weights: Weights,
    written: str | None = None,
) -> tuple[float, dict[str, Any]]:
    """`written`: the query as typed, where `query` is how it is read (see Index._screen_as)."""
    qn = _read_as(query, written, query_kind)
    cn = normalise(candidate, kind=candidate_kind)
    qw = [weights.reading(r) for r in qn.readings]
    cw = [weights.reading(r) for r in cn.readings]
    cmp = compare(qn, qw, cn.readings, cw, cn.native_key, cn.native_legal, cfg)
    score, quals = qualify(
        cmp.name_score, query_country, candidate_country, query_kind, candidate_kind, cfg
    )
    return score, explain(
        qn=qn, cn=cn, alias=candidate, comparison=cmp, score=score, qualifiers=quals, cfg=cfg
    )


def score_pair(
    query: str,
    candidate: str,
    query_country: str | None = None,
    candidate_country: str | None = None,
    query_kind: str | None = None,
    candidate_kind: str | None = None,
    *,
    config: EngineConfig | None = None,
    index: Index | None = None,
) -> tuple[float, dict[str, Any]]:
    """Score one pair of names; with `index`, tokens are weighted by that index's lists."""
    cfg = config or (index.config if index else EngineConfig())
    weights = index.weights if index else Weights(None, 1, cfg)
    return _score_pair(
        query, candidate, query_country, candidate_country, query_kind, candidate_kind, cfg, weights
    )


# The merge loops candidate generation runs, chosen once: in C where the build holds them (see
# _kernels.pyx), else their numpy twins (tests/screening/engine/test_kernels.py compares the two).
if _MERGE_IN_C:
    _accumulate_many = _c_accumulate
    _add_found = _c_add_found
    _common_hits = _c_common_hits
    _first_bound = _c_first_bound
    _intersect = _c_intersect
    _matched_weight = _c_matched_weight
    _union_max = _c_union_max
    _variant_owners = _variant_owners_in_c
else:
    _accumulate_many = _accumulate_numpy
    _add_found = _add_found_numpy
    _common_hits = _common_hits_numpy
    _first_bound = _first_bound_numpy
    _intersect = _intersect_numpy
    _matched_weight = _matched_weight_numpy
    _union_max = _union_max_numpy
    _variant_owners = _variant_owners_numpy
