"""Is a message a question, or chat: a remark, a reaction, a reply to the bot?

Members reply to the bot and talk beside it ("thanks", "source?", "독도는 한국땅이다", "竹島は
日本の領土だ^^"), and a message that states or reacts asks nothing, whatever fact shares its
words. Read from the message's form alone: its question marks and question words, the endings
that ask or state in Korean and Japanese (remarks_cjk.py), laughter (chatwords.py) and
emoticons after them (chattail.py). Apart from the rules a fact must pass (answerability.py),
which use these.
"""

from __future__ import annotations

import re

from .chattail import without_tail
from .chatwords import EN_LAUGH
from .cleaning import clean_lines
from .remarks_cjk import (
    JA_ASKING,
    JA_STATES,
    KO_JA_RUN,
    KO_JA_WISH,
    KO_STATES,
    KO_TALK_CALL,
    ends_as_question,
    has_ko_ja_question_word,
    ko_states_with_de,
    ko_states_with_ji,
)
from .simplify import simplify

# A topic typed bare with the thing it wants named ("kono statement year lol", "2015 deal details
# lmao") still asks, laughter or not.
_WANTED_WORDS = re.compile(
    r"\b(?:year|yr|date|day|reason|reasons|details?|summary|tldr|meaning|definition|source"
    r"|sources|info|number|amount|names?|list|timeline)\b"
)


def laughs_beside_no_request(message: str) -> bool:
    """True if the message laughs in English (`EN_LAUGH`), names nothing it wants and has no
    word of a question that `asks` leaves to the remark rule ("anyone living on dokdo lol")."""
    if not EN_LAUGH.search(message):
        return False
    text = simplify(message)
    # A question opened by a verb `asks` does not know ("has japan ever apologized lol", "have
    # they paid lol") is no claim: the laughter beside it made it small talk.
    unlaughed = EN_LAUGH.sub(" ", text).strip()
    return not (
        _WANTED_WORDS.search(text) or _REMARK_ASKS.search(text) or _REMARK_AUX.match(unlaughed)
    )


# Question words, and the words of a request for an explanation ("gsomia meaning pls",
# "define hallyu", "kono statement summary"): a name with one of these asks about it.
_ASKS = re.compile(
    r"\b(?:what|whats|wat|when|wen|where|who|whos|why|how|which|whose|is|are|was|were|does|do|did"
    r"|can|could|will|would|should|tell|explain|mean|means|meaning|define|definition"
    r"|summary|summarize|summarise|tldr|tl dr|eli5"
    # a request for information on something ("more info about dokdo"): the tokenizer drops
    # its "info" (text._without_info_requests), and the name left beside "more" was chat
    r"|(?:info|information|infos) (?:on|about|regarding|re|abt))\b"
)


def asks(question: str) -> bool:
    """True if the message has the form of a question: a question mark, a question word, or a
    Korean or Japanese interrogative."""
    if "?" in question or "？" in question:
        return True
    text = simplify(question)
    return bool(_ASKS.search(text)) or has_ko_ja_question_word(question)


# A remark: a message that states something and has no form of a question at all ("takeshima
# belongs to japan, end of story", "竹島は日本の領土、以上。", "2002 월드컵 때 분위기 좋았는데").
# Members also type questions without a question mark, so a message is a remark only when
# nothing in it asks: no question mark, no question word or request (nor "y", "if", "or", "i
# think"), no auxiliary verb opening a clause or before a pronoun ("but is it still
# disputed", "moon's policy was it anti japan"), no tag at its end ("..., right", "wasnt
# it"), no wish to know ("curious about", 알고 싶다, 知りたい), no Korean or Japanese question
# word or question ending; and only when it does state: an English clause with a verb of
# being, owning or feeling after its first word, or a Korean or Japanese sentence ending that
# states (다, 네, 는데, 지만; だ, です, ぜ, よ, ね, な, 以上). A topic typed bare ("comfort women",
# "kono statement year", "1910 annexation wtf happened") is no remark.
_REMARK_ASKS = re.compile(
    r"\b(?:what|whats|wat|wut|when|wen|where|who|whos|why|y|how|which|wich|whose|whom|tell"
    r"|explain|mean|means|meaning|define|definition|summary|summarize|summarise|tldr|tl dr"
    r"|eli5|pls|please|plz|name|list|give|compare|if|whether|or|curious|wonder|wondering"
    r"|know|knows|learn|info|anyone|anybody|someone|help"
    # a claim the member is unsure of asks to be checked ("... i think", "pretty sure ...")
    r"|think|guess|believe|assume|suppose|sure)\b"
)
# A word of `_REMARK_ASKS` that names a thing after a determiner is that thing, not a request:
# "that summary was kinda one-sided", "your info is outdated", "the definition you gave is
# wrong" say something of the bot's reply (a request reads "summary of the 2015 deal pls").
# After "the" only when it is said to be the bot's ("the definition you gave"): "the name of
# the island korea and japan are fighting over" and "the list of kpop groups that are popular
# in japan" ask for that name and that list.
_REMARK_NAMED = re.compile(
    r"\b(?:(?:that|this|these|those|your|ur|his|her|their|its|my)\s+"
    r"(?:summary|definition|meaning|info|list|name)"
    r"|the\s+(?:summary|definition|meaning|info|list|name)(?=\s+(?:you|u|ya)\b))\b"
)
# A word of `_REMARK_ASKS` after a verb of obligation is what someone is told to do, not a
# request to the bot: "japan should just give dokdo back", "korea must explain", "they ought to
# tell the truth" give an opinion (only "can", "could", "would" and "will" ask: "can you give
# me ..."). "japan should just give dokdo back" was answered with the islands' names.
# Said to the bot ("u should tell me about dokdo", "you must explain gsomia"), it is a request
# (group 1): such messages were answered, and read as an opinion they were small talk.
_REMARK_OBLIGED = re.compile(
    r"\b(?:(you|u|ya|bot)\s+)?(?:should|shouldnt|must|mustnt|ought to|oughta|needs to|has to)"
    r"(?:\s+(?:just|really|finally|also|simply|not|never|at least|already|still))*"
    r"\s+(?:give|tell|explain|name|list|compare|help|learn|know)\b"
)


def _unless_to_the_bot(found: re.Match[str]) -> str:
    """What `_REMARK_OBLIGED` found: kept if said to the bot, else nothing ("you should know
    dokdo is korean" is still an opinion)."""
    to_the_bot = found[1] is not None and not found.group().endswith(("know", "learn"))
    return found.group() if to_the_bot else " "


_REMARK_AUX = re.compile(
    r"(?:^|[,.;:!\n]\s*|\b(?:but|and|so|also|wait|ok|okay|lol|ngl|tbh|bro|hey|yo|q|then)\s+)"
    r"(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have|had|isnt|isn't"
    r"|arent|aren't|wasnt|wasn't|didnt|didn't|doesnt|doesn't|dont|don't|cant|can't|hasnt"
    r"|hasn't|havent|haven't|wont|won't|wouldnt|wouldn't|shouldnt|shouldn't)\b"
    # or inverted before a pronoun anywhere: "moon's japan policy was it anti japan"
    r"|\b(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have|had)"
    r"\s+(?:it|they|he|she|there|that|this|we|you|i)\b"
)
_LEADING_NON_WORD = re.compile(r"^[\W_]+")
_REMARK_TAG = re.compile(
    r"\b(?:right|correct|true|yeah|yes|no|eh|innit|is it|or what"
    r"|(?:is|was|were|are|do|does|did|has|have|had|can|could|would|will|should)n'?t"
    r" (?:it|they|he|she|we|you|there|i))\W*$"
)
# "right", "correct" or "true" after a verb of being is what is said, not a tag asking it:
# "both can be true", "the rusk letter is correct".
_TAG_AS_PREDICATE = frozenset({"right", "correct", "true"})
_BEING = frozenset({"be", "is", "are", "was", "were", "been", "its", "thats", "s"})
# (An obligation states as "should" does: "korea needs to move on", "japan has to pay".)
_REMARK_STATES = re.compile(
    r"\b(?:is|are|was|were|am|im|be|belongs?|owns?|loves?|hates?|can|will|should|must"
    r"|needs to|has to|ought to)\b"
)


def _ends_with_tag(text: str) -> bool:
    """True if the simplified message ends with a tag that asks ("..., right", "wasnt it")."""
    match = _REMARK_TAG.search(text)
    if match is None:
        return False
    before = text[: match.start()].split()
    said = match.group().split()[0] in _TAG_AS_PREDICATE and bool(before) and before[-1] in _BEING
    return not said


# A sarcastic opening says the opposite of what follows, and asks nothing: "yeah right like
# japan ever apologized", "oh sure japan totally apologized", "as if the 2015 deal fixed
# anything". Whatever its verb, the rest is a claim mocked, not a question; its "right",
# "sure" and "if" are no tag, doubt or condition. ("yeah right like japan ever apologized" was
# answered with the fact on Japan's apologies.)
_SARCASTIC_OPENING = re.compile(
    r"^(?:(?:oh|ah|yeah|yea|ya|ye)\s+)*(?:yeah|yea|ya|oh|ah)\s+(?:right|sure)\b(?:\s+like\b)?"
    r"|^(?:oh\s+)?as if\b"
)


def is_remark(message: str) -> bool:
    """True if the message states something and nothing in it asks (see above)."""
    if "?" in message or "？" in message:
        return False
    sarcastic = _SARCASTIC_OPENING.match(simplify(message))
    if sarcastic is not None:
        rest = simplify(message)[sarcastic.end() :]
        lowered = _LEADING_NON_WORD.sub("", rest)
        if len(rest.split()) >= 2 and not (
            _REMARK_ASKS.search(rest) or _REMARK_AUX.search(lowered) or _ends_with_tag(rest)
        ):
            return True
    # Normalised as the matcher reads it, and from its first word: "**can japanese music be
    # sold in korea**", " can ...", "🤔 can ...", "ｃan ..." and a message that opened with a
    # mention all open with "can" (asked with any of these before it, 33 of the knowledge's
    # 803 phrasings that open with an auxiliary and have no question mark read as remarks).
    lowered = _LEADING_NON_WORD.sub("", clean_lines(message))
    text = simplify(message)
    asking = _REMARK_ASKS.search(
        _REMARK_OBLIGED.sub(_unless_to_the_bot, _REMARK_NAMED.sub(" ", text))
    )
    if asking or _REMARK_AUX.search(lowered) or _ends_with_tag(text):
        return False
    if has_ko_ja_question_word(message) or any(k in message for k in KO_JA_WISH):
        return False
    if ends_as_question(message):
        return False
    core = without_tail(message)
    if KO_JA_RUN.search(core[-1:] if core else ""):
        hangul = "\uac00" <= core[-1] <= "\ud7a3"
        if hangul:
            if KO_TALK_CALL.search(core):
                return False
            return core.endswith(KO_STATES) or ko_states_with_de(core) or ko_states_with_ji(core)
        return core.endswith(JA_STATES) and not core.endswith(JA_ASKING)
    words = text.split()
    return len(words) >= 3 and bool(_REMARK_STATES.search(" ".join(words[1:])))
