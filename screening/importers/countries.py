"""Resolve a country as printed in a list ("イラン\\nIran", "Korea, North", "UAE") to ISO 3166-1 alpha-2.

Names come from pycountry (English names, official names, common names, and the Japanese names
from its iso3166-1 translations) plus the aliases lists actually print. Anything that cannot be
resolved gives None; importers keep the printed text either way.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry

# Spellings the lists use that pycountry does not know. Keys are matched after _key().
_ALIASES: dict[str, str] = {
    # English, mostly from OFAC/UN/METI
    "north korea": "KP",
    "korea north": "KP",
    "korea dprk": "KP",
    "dprk": "KP",
    "democratic peoples republic of korea": "KP",
    "korea democratic peoples republic of": "KP",
    "south korea": "KR",
    "korea south": "KR",
    "republic of korea": "KR",
    "korea republic of": "KR",
    "iran": "IR",
    "iran islamic republic of": "IR",
    "islamic republic of iran": "IR",
    "russia": "RU",
    "syria": "SY",
    "taiwan": "TW",
    "republic of china": "TW",
    "uae": "AE",
    "u a e": "AE",
    "burma": "MM",
    "laos": "LA",
    "vietnam": "VN",
    "macau": "MO",
    "prc": "CN",
    "china hong kong special administrative region": "HK",
    "hong kong sar": "HK",
    "hong kong china": "HK",
    "china macao special administrative region": "MO",
    "republic of lebanon": "LB",
    "turkey": "TR",
    "czech republic": "CZ",
    "cote d ivoire": "CI",
    "cote divoire": "CI",
    "ivory coast": "CI",
    "congo democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "democratic republic of congo": "CD",
    "drc": "CD",
    "congo republic of the": "CG",
    "republic of the congo": "CG",
    "bahamas the": "BS",
    "gambia the": "GM",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "united kingdom of great britain and northern ireland": "GB",
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "united states of america": "US",
    "america": "US",
    "state of palestine": "PS",
    "palestine": "PS",
    "palestinian territories": "PS",
    "palestinian": "PS",
    "man isle of": "IM",
    "west bank": "PS",
    "gaza": "PS",
    "gaza strip": "PS",
    "crimea": "UA",
    "moldova": "MD",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "brunei": "BN",
    "macedonia": "MK",
    "swaziland": "SZ",
    "cape verde": "CV",
    "east timor": "TL",
    "vatican": "VA",
    "holy see": "VA",
    "micronesia": "FM",
    "saint kitts and nevis": "KN",
    "st kitts and nevis": "KN",
    "saint vincent and the grenadines": "VC",
    "st vincent and the grenadines": "VC",
    "kyrgyz republic": "KG",
    "slovak republic": "SK",
    "the netherlands": "NL",
    "holland": "NL",
    "northern mali": "ML",
    # Japanese short forms used by METI and MOF
    "北朝鮮": "KP",
    "朝鮮": "KP",
    "韓国": "KR",
    "イラン": "IR",
    "ロシア": "RU",
    "シリア": "SY",
    "台湾": "TW",
    "アメリカ": "US",
    "米国": "US",
    "イギリス": "GB",
    "英国": "GB",
    "クウェイト": "KW",
    "ジョージア": "GE",
    "オーストラリア": "AU",
    "モンゴル": "MN",
    "ブルネイ": "BN",
    "ラオス": "LA",
    "ベネズエラ": "VE",
    "ボリビア": "BO",
    "モルドバ": "MD",
    "タンザニア": "TZ",
    "キルギス": "KG",
    "マケドニア": "MK",
    "チェコ": "CZ",
    "パレスチナ": "PS",
    "ガザ": "PS",
    "クリミア": "UA",
    "中華人民共和国": "CN",
    "香港": "HK",
    "マカオ": "MO",
    "エリトリア": "ER",
    "サウディアラビア": "SA",
}

_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
# Annotations that follow a country: "インドネシア（2003年12月時点）", "Region: Gaza", "(a)".
_ENUMERATOR = re.compile(r"^\(?[a-z]\)\s*", re.IGNORECASE)
_REGION_PREFIX = re.compile(r"^region\s*:\s*", re.IGNORECASE)
_US_STATE_ZIP = re.compile(r",\s*[A-Z]{2},?\s+\d{4,5}(-\d{4})?\s*$")
_SEGMENT_SPLIT = re.compile(r"[\n;、，。/]|\s+/\s+|\(|\)")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # "Côte d'Ivoire" and "Cote d Ivoire" should meet.
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    text = text.casefold().replace("&", " and ").replace("’", "").replace("'", "")
    text = _PUNCTUATION.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    # Japanese names are written with or without the middle dot and spaces.
    if any("\u3040" <= ch <= "\u9fff" for ch in text):
        text = text.replace(" ", "")
    return text


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    japanese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    for country in pycountry.countries:
        code = country.alpha_2
        names = [country.name]
        for attribute in ("official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.append(value)
        translated = []
        for name in list(names):
            value = japanese.gettext(name)
            if value != name:
                translated.append(value)
                # "大韓民国 (韓国)": both the name and the short form in brackets.
                translated.extend(part for part in re.split(r"[()]", value) if part.strip())
        for name in [*names, *translated]:
            index.setdefault(_key(name), code)
    for alias, code in _ALIASES.items():
        index[_key(alias)] = code
    return index


@lru_cache(maxsize=1)
def _japanese_prefixes() -> list[tuple[str, str]]:
    """Japanese names, longest first, for finding a country at the start of an address."""
    names = [(key, code) for key, code in _index().items() if any(ord(ch) > 0x3000 for ch in key)]
    return sorted(names, key=lambda item: len(item[0]), reverse=True)


def _lookup(text: str) -> str | None:
    text = _ENUMERATOR.sub("", text.strip())
    text = _REGION_PREFIX.sub("", text)
    if not text:
        return None
    if re.fullmatch(r"[A-Z]{2}", text):
        # Lists such as the US CSL print alpha-2 codes directly.
        return text if pycountry.countries.get(alpha_2=text) else None
    key = _key(text)
    code = _index().get(key)
    if code is None and key.endswith("人") and len(key) > 2:
        # A nationality noun: "スーダン人" is Sudanese.
        code = _index().get(key[:-1])
    return code


def resolve(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for a printed country, or None when it cannot be resolved.

    Tries the whole text, then each line (bilingual cells: "イラン\\nIran"), then smaller pieces
    ("エジプトEgypt", "(a)アルジェリア (b)パレスチナ", "インドネシア（2003年12月時点）").
    """
    if not text:
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if not text:
        return None
    code = _lookup(text)
    if code:
        return code
    # "Iran (Islamic Republic of)" as a whole is an alias; drop other brackets only after that.
    without_brackets = re.sub(r"\([^)]*\)", " ", text)
    if without_brackets != text:
        code = _lookup(without_brackets)
        if code:
            return code
    for piece in _SEGMENT_SPLIT.split(text):
        code = _lookup(piece)
        if code:
            return code
    # A Japanese name run together with its English one ("エジプトEgypt").
    for piece in re.findall(r"[^\x00-\x7f]+|[\x00-\x7f]+", text):
        code = _lookup(piece)
        if code:
            return code
    return None


def resolve_prefix(text: str | None) -> str | None:
    """The country a Japanese address starts with: "北朝鮮平壌特別市中区域" gives KP.

    Japanese addresses put the country first (after any postcode) and run it into the rest
    without a separator, so only the start of the text is examined.
    """
    if not text:
        return None
    text = _ENUMERATOR.sub("", unicodedata.normalize("NFKC", str(text)).strip())
    compact = _key(re.sub(r"^[\d\s-]+", "", text))
    for key, code in _japanese_prefixes():
        if compact.startswith(key):
            return code
    return None


def resolve_address(text: str | None) -> str | None:
    """The country of an address as lists print it, or None.

    English addresses end with the country ("..., Karachi, Pakistan"), Japanese ones start with
    it. Only the end is tried for English: the parts before it hold US state codes ("CA", "PA")
    that are also country codes. A US address ending in state and ZIP ("TX, 78577") is US.
    Several addresses ("(a)... (b)...", "...; ...") give the first one that resolves.
    """
    if not text:
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if _US_STATE_ZIP.search(text):
        return "US"
    for address in re.split(r";|\n|\(\s*[a-z]\s*\)", text):
        # Notes in brackets: "Pakistan(リスト掲載時点)", "(本社)".
        address = re.sub(r"\([^)]*\)", " ", address).strip(" ,.")
        if not address:
            continue
        parts = [part.strip(" .") for part in re.split(r"[,、]", address) if part.strip(" .")]
        while len(parts) > 1 and not re.search(r"[^\W\d_]", parts[-1]):
            parts.pop()  # a trailing postcode
        candidates = [", ".join(parts[-2:]), parts[-1]] if parts else []
        for candidate in candidates:
            # A postcode run into the country: "300004 Russian Federation", "Singapore 038989".
            code = _lookup(re.sub(r"^[\d\s-]+|[\s-]+[\d\s-]*$", "", candidate))
            if code:
                return code
        code = resolve_prefix(address)
        if code:
            return code
    return None
