"""Messages about the bot itself, or about where its last reply came from.

"where did you get that from", "is this bot korean", "are you biased towards japan": what the
documents say cannot answer them, so the answerability rules (answerability.py) treat them as
chat, and the reply says what the bot does; a request for something the documents hold
("are you able to explain the 1965 treaty") is left to the matcher.
"""

from __future__ import annotations

import re

from .tokens import tokenize

# What the member says when asking where the bot's own reply came from: "you" with a verb of
# finding or saying ("you got that from", "u read"), or "your" with a word for a source. With
# nothing but chat words and the words below beside it, the message asks about that reply.
BACK_REFERENCE = re.compile(
    r"\b(?:you|u|ya)\s+(?:got|get|found|find|used|use|took|take|read|said|say|quoted|quote"
    r"|cited|cite|mentioned|mention|pulled|sourced)\b"
    r"|\byour\s+(?:source|sources|link|links|article|articles|info|information|answer|reply"
    r"|quote|quotes)\b"
)
# A question about the bot itself: "are you biased towards japan?", "r u a bot", "is this bot
# korean". What the documents say cannot answer it; the bot's reply says what it does. Asked
# with a request for something the documents hold ("are you able to explain the 1965 treaty"),
# or as doubt about a claim ("are you sure it was 1910"), it is left to the matcher.
ABOUT_THE_BOT = re.compile(
    r"^(?:(?:so|and|but|ok|okay|wait|hey|yo|lol|lmao|bro|um|uh|hmm|bot|citebot)\s+)*"
    r"(?:(?:are|r|were)\s+(?:you|u|ya)|(?:is|was)\s+(?:this|the|ur|your)\s+bot)\b"
    # "are you sure japan annexed korea in 1910": a claim to check, for the matcher
    r"(?!\s+(?:sure|certain|positive|serious)\b)"
)
ASKS_FOR_CONTENT = re.compile(
    r"\b(?:tell|explain|show|give|list|summari[sz]e|describe|find|look|know|define|translate"
    r"|answer|help)\b"
)
# Words for where a text comes from, and the verbs of `BACK_REFERENCE` that the matcher reads.
_WHERE_FROM = (
    "article articles page pages website websites site sites paper papers book books document"
    " documents doc docs url urls wiki wikipedia newspaper newspapers news"
    " got get found find used use took take read said say quoted quote cited cite mentioned"
    " mention pulled sourced"
).split()
# The same as the matcher reads them (stemmed, no aliases: "article" is a term of the aliases).
WHERE_FROM_TOKENS = frozenset(t for w in _WHERE_FROM for t in tokenize(w))
