"""Which writing system a run of text is in: Hangul, kanji and katakana, hiragana, Latin.

The tokenizer splits a word where its script changes and reads each run its own way, the alias
table finds a Latin name glued to Korean or Japanese, and the loader asks whether a name is
Korean or Japanese at all; the character ranges are written here once so that they agree.
"""

from __future__ import annotations

import re

HANGUL = re.compile(r"[\uac00-\ud7a3]+")
HAN_KATA = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u30a0-\u30ff\uf900-\ufaff]+")
_CJK_ANY = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
# A Japanese character: kana, or a kanji (which Chinese shares, never Korean's Hangul).
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_TOKEN = re.compile(r"[a-z0-9_]+")
SCRIPT_BOUNDARY = re.compile(
    r"(?<=[a-z_])(?=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff])"
    r"|(?<=[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff])(?=[a-z_])"
)
SCRIPT_RUNS = re.compile(
    r"[\uac00-\ud7a3]+|[\u4e00-\u9fff\u3400-\u4dbf\u30a0-\u30ff\uf900-\ufaff]+|[\u3040-\u309f]+|[a-z0-9_]+"
)


def is_cjk(text: str) -> bool:
    """True if the text contains any Korean or Japanese/Chinese character."""
    return _CJK_ANY.search(text) is not None
