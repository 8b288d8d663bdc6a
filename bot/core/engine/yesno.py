"""An answer's leading "Yes." or "No." is for a question that can be answered that way.

Facts answer the question their author had in mind first ("did South Korea ban Japanese
culture?" → "Yes. After the end of World War II, ..."). The same fact also answers "why did
korea ban japanese movies" or "what did japan do about it", and there a bare "Yes." as the
first word reads as a non-answer. The rest of such an answer states the fact on its own, so
for a question with a question word the bot shows it without the "Yes." or "No.".
"""

from __future__ import annotations

import re

from .text import simplify

# A bare "Yes." / "No." as the answer's first sentence. "Yes, according to GlobalSecurity." is
# left alone: its attribution belongs to what follows.
_LEADING = re.compile(r"^(?:Yes|No)\.\s+(?=\S)")
_WH_WORDS = re.compile(r"\b(?:what|whats|wat|when|wen|where|who|whos|whom|why|how|which|whose)\b")
# Question words that need no spaces around them (particles attach to them).
_KO_JA_WH = (
    "뭐", "무엇", "무슨", "언제", "어디", "누구", "누가", "왜", "어떻게", "얼마", "몇",
    "何", "いつ", "なぜ", "なんで", "どこ", "誰", "どう", "どれ", "どの",
)  # fmt: skip


def asks_with_a_question_word(question: str) -> bool:
    """True if the question has a question word (what, why, 왜, なぜ, ...): it asks for
    something other than a yes or a no."""
    return bool(_WH_WORDS.search(simplify(question))) or any(w in question for w in _KO_JA_WH)


def fitted(answer: str, question: str) -> str:
    """`answer` as shown for `question`: without its leading "Yes." or "No." when the
    question has a question word; unchanged otherwise (and for an empty question)."""
    if not question or not _LEADING.match(answer) or not asks_with_a_question_word(question):
        return answer
    return _LEADING.sub("", answer, count=1)
