"""How long a post is the way each platform counts it: X's weighted length (twitter-text v3).

X does not count characters: it counts a **weighted length** and takes at most 280 of it.
The rules, from twitter-text's v3 configuration (``config/v3.json`` of
https://github.com/twitter/twitter-text, described in X's "Counting characters" page,
https://docs.x.com/fundamentals/counting-characters):

- the text is NFC-normalised first (a decomposed ``é`` is one character);
- each **code point** weighs 2 (``defaultWeight`` 200 on a ``scale`` of 100), except those in the
  ranges U+0000-U+10FF (Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari ... Georgian),
  U+2000-U+200D (spaces), U+2010-U+201F (dashes, quotes) and U+2032-U+2037 (primes), which weigh 1
  — so most CJK characters count 2 and 140 of them fill a post;
- an **emoji**, however many code points it is made of (skin tones, ZWJ families, flags, keycaps,
  tag sequences), weighs 2 (``emojiParsingEnabled``);
- every **URL** weighs 23 (``transformedURLLength``), however long, because X wraps it in t.co:
  ``http(s)://`` URLs, and URLs without a scheme whose domain ends in a generic TLD
  (``northbridge.edu``), or in a country TLD when a path follows (``bit.ly/x``; ``t.co`` always);
- a text with U+FFFE, U+FEFF or U+FFFF is invalid, and so is an empty one.

The emoji and URL recognisers are small stand-ins for twitter-text's generated regular expressions
(Unicode's emoji data and the IANA TLD list), written to agree with its conformance cases
(``conformance/validate.yml``, ``WeightedTweetsWithDiscountedEmojiCounterTest``); where they
doubt, they count more, never less, so a post we accept is one X accepts.

Other platforms count characters as written (:data:`MAX_TEXT`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from delivery.social.content import PostContent

#: Longest text each platform takes: X in weighted units, the others in characters.
MAX_TEXT = {"facebook": 63206, "instagram": 2200, "linkedin": 3000, "x": 280}
#: twitter-text v3: code point ranges that weigh 1 (everything else weighs 2).
LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
URL_WEIGHT = 23
EMOJI_WEIGHT = 2
INVALID_CHARACTERS = frozenset("\ufffe\ufeff\uffff")

# Generic TLDs counted as links without a scheme (a compact subset of IANA's list; a domain with
# any other TLD is a link only with a scheme or a path, which is how X treats country TLDs).
_GTLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|name|pro|aero|coop|museum|mobi|jobs|travel|app|dev|"
    "blog|shop|online|site|store|tech|xyz|club|news|academy|education|school|college|"
    "university|courses|training|institute|events|media|page"
)
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_HOST = rf"(?:{_LABEL}\.)+[^\W\d_]{{2,}}"
_PATH = r"(?:[/?#][^\s\u2066-\u2069\u202a-\u202e]*)?"
_URL = re.compile(
    rf"(?<![\w@.$#/-])(?:(?P<scheme>https?://)(?:[\w.:~%!$&'()*+,;=-]+@)?"
    rf"(?:(?P<host>{_HOST})|\d{{1,3}}(?:\.\d{{1,3}}){{3}}|\[[0-9a-fA-F:.]+\])(?::\d{{1,5}})?{_PATH}"
    rf"|(?P<bare>{_HOST})(?P<path>{_PATH}))",
    re.IGNORECASE,
)
# Trailing punctuation is not part of a URL ("see example.com.")
_TRAILING = ".,:;!?'\")]}"


@dataclass(frozen=True)
class TextLength:
    """A post's length as ``platform`` counts it, and whether it may be posted."""

    platform: str
    length: int
    limit: int
    invalid_characters: bool = False

    @property
    def valid(self) -> bool:
        return 0 < self.length <= self.limit and not self.invalid_characters

    def problem(self) -> str | None:
        """A message naming what is wrong and the fix, or None when the text fits."""
        if self.invalid_characters:
            return "text: contains U+FFFE, U+FEFF or U+FFFF, which X refuses; remove them"
        if self.length > self.limit:
            unit = (
                "weighted characters (X counts most CJK characters and every emoji as 2, "
                "every link as 23)"
                if self.platform == "x"
                else "characters"
            )
            return (
                f"text: {self.length} {unit}, {self.platform} takes at most {self.limit}; "
                f"shorten it by {self.length - self.limit}"
            )
        return None


def _is_pictographic(cp: int) -> bool:
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2300 <= cp <= 0x23FF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x2190 <= cp <= 0x21FF
        or cp in (0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D, 0x3297, 0x3299)
    )


def _emoji_end(text: str, i: int) -> int:
    """End of the emoji sequence starting at ``i``, or ``i`` when none starts there."""
    cp, n = ord(text[i]), len(text)
    nxt = ord(text[i + 1]) if i + 1 < n else 0
    if 0x1F1E6 <= cp <= 0x1F1FF:  # a flag is a pair of regional indicators
        return i + 2 if 0x1F1E6 <= nxt <= 0x1F1FF else i + 1
    if text[i] in "0123456789#*" or cp in (0xA9, 0xAE):  # keycaps, ©️ ®️ need their selector
        j = i + 1 + (nxt == 0xFE0F)
        if j < n and ord(text[j]) == 0x20E3:
            return j + 1
        return j if nxt == 0xFE0F and cp in (0xA9, 0xAE) else i
    if not _is_pictographic(cp):
        return i
    j = i + 1
    while j < n:
        c = ord(text[j])
        if c == 0xFE0F or 0x1F3FB <= c <= 0x1F3FF or 0xE0020 <= c <= 0xE007F or c == 0x20E3:
            j += 1  # variation selector, skin tone, tag (subdivision flags), keycap
        elif c == 0x200D and j + 1 < n and _is_pictographic(ord(text[j + 1])):
            j += 2  # zero-width joiner: a family, a profession ... is one emoji
        else:
            break
    return j


def _labels_fit(host: str) -> bool:
    """Every label of the host is at most 63 characters once punycode-encoded (RFC 3492)."""
    for label in host.split("."):
        if not label.isascii() and len(b"xn--" + label.encode("punycode")) > 63:
            return False
    return True


def _url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _URL.finditer(text):
        start, end = m.span()
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        host = (m.group("host") or m.group("bare") or "").lower()
        if not _labels_fit(host):
            continue
        if m.group("bare") is not None:
            generic = re.fullmatch(_GTLDS, host.rsplit(".", 1)[-1]) is not None
            if not (generic or m.group("path") or host == "t.co"):
                continue
        spans.append((start, end))
    return spans


def weighted_length(text: str) -> int:
    """X's weighted length of ``text`` (twitter-text v3; see the module docstring).

    Examples
    --------
    >>> weighted_length("Open day on Saturday")
    20
    >>> weighted_length("開放日")
    6
    >>> weighted_length("Apply: https://northbridge.example.edu/apply?utm_source=x")
    30
    """
    text = unicodedata.normalize("NFC", text)
    urls = dict(_url_spans(text))
    weight, i = 0, 0
    while i < len(text):
        if i in urls:
            weight, i = weight + URL_WEIGHT, urls[i]
            continue
        end = _emoji_end(text, i)
        if end > i:
            weight, i = weight + EMOJI_WEIGHT, end
            continue
        cp = ord(text[i])
        weight += 1 if any(lo <= cp <= hi for lo, hi in LIGHT_RANGES) else 2
        i += 1
    return weight


def measure(platform: str, text: str) -> TextLength:
    """The length of ``text`` as ``platform`` counts it, with its limit."""
    if platform == "x":
        return TextLength(
            "x",
            weighted_length(text),
            MAX_TEXT["x"],
            invalid_characters=any(c in INVALID_CHARACTERS for c in text),
        )
    return TextLength(platform, len(text), MAX_TEXT[platform])


def posted_text(platform: str, content: PostContent) -> str:
    """The text the platform will show (and echo back when listing posts): Facebook takes the
    link in its own field, the others get it appended to the text."""
    return content.text if platform == "facebook" else content.full_text


def text_problem(platform: str, content: PostContent) -> str | None:
    """Why ``content`` cannot be posted on ``platform`` as written (length, characters), or None.

    The one check the CLI, the studio and campaign validation share (through
    :func:`delivery.social.ledger.validate` and the campaign file's social nodes).
    """
    if not content.text.strip():
        return "text: a post needs some text"
    return measure(platform, posted_text(platform, content)).problem()
