"""What Discord adds around a question and no member reads as words: mentions, link targets,
custom emoji, timestamps, a code block's language, emoticons with a digit in them.

`strip_chat_markup` takes it out before the lexical matcher counts the words a message has
and the knowledge does not; left in, "@everyone" or a link lowered a good match. (The markdown
the embedding model should not read goes in `cleaning.for_embedding`.)
"""

from __future__ import annotations

import re

# Mentions of members, roles and channels, custom emoji, and the other markup Discord renders
# in place: a slash command's mention ("</ask:123>", "</kb edit:123>"), a timestamp
# ("<t:1234567890:R>", shown as a date in the reader's own format) and a server guide's
# channel ("<id:customize>"). Left in, "t 1234567890 r" or "ask 123" were words and a number
# the knowledge does not know, and "<t:1234567890:R> who controls dokdo" was declined.
_MENTION = re.compile(
    r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|</[\w -]{1,100}:\d+>|<t:-?\d{1,20}(?::[a-z])?>"
    r"|<id:[\w-]{1,40}>|@everyone|@here",
    re.IGNORECASE,
)
# (The visible text holds no bracket: "[^\]]*" let a run of "[" start a scan at each one
# that read to the end of the run, quadratic: 0.2 s for 4,000 of them.)
_MASKED_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?https?://[^)\s]*>?\s*\)")
_URL = re.compile(r"<?https?://\S+")
# The language of a code block ("```py", "```yaml"): Discord shows it nowhere, and read as a
# word it declined "```yaml\nwhen was the 1965 treaty signed?\n```".
_FENCE_LANGUAGE = re.compile(r"(?<=```)[^\s`]{1,40}(?=\n)")
# Emoticons with a digit in them: the heart ("<3", "<333", "</3") and the cat's face (":3").
# Read as the number 3, which no fact states, they lowered a good match: "<3" after a question
# declined 26 of the 300 regression questions and hedged 68 more. Not after a digit ("2<3",
# "2:3") nor before one, a letter, a decimal part or a percent sign ("<3%", ":30", "<3.5");
# a full stop or comma that ends the sentence is no decimal point ("dokdo is korean <3.").
_DIGIT_EMOTICON = re.compile(r"(?<![\d<])</?3+(?![\w%]|[.,]\d)|(?<![\w:])[:;=]3(?![\w%]|[.,]\d)")


def strip_chat_markup(text: str) -> str:
    """Remove what Discord adds around a question: mentions, link targets, emoji ids (and the
    emoticons read as a number, `_DIGIT_EMOTICON`).

    A masked link keeps its visible text. Without this, '@everyone' or a URL would count as
    words the knowledge base does not know and lower the confidence of a good match.
    """
    if "```" in text:
        text = _FENCE_LANGUAGE.sub("", text)
    if "3" in text:
        text = _DIGIT_EMOTICON.sub(" ", text)
    if "<" not in text and "@" not in text and "http" not in text.lower():
        return text
    text = _MENTION.sub(" ", text)
    text = _MASKED_LINK.sub(r" \1 ", text)
    return _URL.sub(" ", text)
