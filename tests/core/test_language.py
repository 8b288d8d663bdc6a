"""The language a member wrote in, read from the scripts of the question."""

from __future__ import annotations

import pytest

from bot.core.language import language_of


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("who controls dokdo", "en"),
        ("what does 독도 mean", "en"),  # a Korean name in an English question
        ("is 竹島 the japanese name", "en"),
        ("독도는 누구 땅이야?", "ko"),
        ("ㅇㅋ 고마워", "ko"),
        ("Dokdo 누가 관리해?", "ko"),
        ("竹島について教えて", "ja"),
        ("GSOMIAってなに", "ja"),  # an English name in a Japanese question
        ("日韓基本条約", "ja"),  # kanji alone
        ("ﾀｹｼﾏ", "ja"),  # half-width katakana
        ("ｗｈｏ ｏｗｎｓ ｔｈｅ ｉｓｌａｎｄｓ", "en"),  # full-width Latin
        ("1965?", "en"),
        ("🇰🇷🇯🇵", "en"),
        ("", "en"),
        ("\u3164\u3164", "en"),  # the Hangul filler typed for a blank: no letter
        ("who owns it\u3164", "en"),
        # Links and Discord's markup are in no language: the question around them decides.
        ("https://n.news.naver.com/mnews/article/001/0014000000 이 기사 사실이야?", "ko"),
        ("この記事は本当？ https://www3.nhk.or.jp/news/html/20240101/k10014000000000.html", "ja"),
        ("www.yonhapnews.co.kr 기사 맞아?", "ko"),
        ("<:pepe_cry:1234567890> 독도?", "ko"),
        ("<@123456789012345678> 竹島は？ <#123456789012345678>", "ja"),
        ("is this true? https://ko.wikipedia.org/wiki/독도", "en"),
        # Latin names without English grammar are names in a Korean or Japanese sentence,
        # however many letters they take; with it they are an English sentence again.
        ("Takeshima 누구꺼?", "ko"),
        ("GSOMIA 뭐야?", "ko"),
        ("Park Geun-hye 위안부 합의", "ko"),
        ("Moon Jae in 일본 정책", "ko"),  # "in" of a name, no preposition
        ("Kono statement 뭐임", "ko"),
        ("GSOMIAとは", "ja"),
        ("Takeshima って何？", "ja"),
        ("ＧＳＯＭＩＡ 뭐야", "ko"),
        ("who owns 独島 and 竹島", "en"),
        ("whats 독도 in english", "en"),
        # Kanji and katakana without hiragana are names in a Korean or English sentence,
        # however many characters they take; with it they are a Japanese sentence again.
        ("慰安婦問題 요약해줘", "ko"),
        ("河野談話 뭐임?", "ko"),
        ("タケシマ 누구땅", "ko"),
        ("what is 竹島問題", "en"),
        ("竹島問題とは", "ja"),
        ("독도って何", "ja"),
        ("日韓基本条約 何年", "ja"),
    ],
)
def test_language_of(text: str, language: str) -> None:
    """Each script weighs by the words it takes to write; no letters at all is English."""
    assert language_of(text) == language
