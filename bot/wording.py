"""The bot's own sentences in English, Korean and Japanese: said in the language of the question.

The facts and their quotes are English and stay so (they are what the sources say); what the
bot says around them — why it declines, that it is not sure, "did you mean" — is read first
and decides whether a member understands what they got. A member who asks in Korean or
Japanese gets those sentences in Korean or Japanese (`bot.core.language.language_of`); the
citation lines (document, section, quote, footer) stay as they are, in every language.

Every front end takes its words from here (render.py for the terminal, the Discord embeds and
menus), so the three languages never drift apart: the tests check every wording has every
field filled and every placeholder kept. A Discord message is read back by some of these words
(a decline's title, the "You asked" line, a menu's placeholder), so readers accept all
languages' forms (`every`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .core.knowledge.models import Answer
from .core.language import LANGUAGES, Language, language_of


@dataclass(frozen=True)
class Wording:
    """One language's sentences. `{…}` fields are filled with str.format by the callers."""

    smalltalk: str  # a chat reply or greeting: what the bot does, and an example
    empty: str  # nothing asked
    too_long: str  # over the length limit
    decline: str  # no fact matched well enough (suggestions may follow)
    hedge_intro: str  # before a hedged answer (terminal)
    hedged_author: str  # over a hedged answer (Discord)
    picked_author: str  # over a fact the member picked from the menu (Discord)
    passage_intro: str  # before a source passage (terminal)
    passage_intro_at: str  # before a source passage (Discord); {where}
    passage_where: str  # the passage's document and section; {title}, {section}
    the_source: str  # the passage's document when unknown
    passage_author: str  # over a source passage (Discord)
    alternative: str  # a near tie beside the answer (terminal); {fact_id}
    alternative_field: str  # the same (Discord field name); {fact_id}
    did_you_mean: str  # heading of the suggestions under a decline (terminal)
    related: str  # heading of the suggestions under an answer (terminal)
    pick_hint: str  # under numbered suggestions (console)
    decline_title: str  # a decline's embed title (Discord)
    suggestions_field: str  # the suggestions' field, and the menu under a decline (Discord)
    pick_below: str  # the footer over that menu (Discord)
    you_asked: str  # the label before the question echoed in a decline (Discord)
    menu_answered: str  # the menu under an answer (Discord)
    no_source: str  # "source?" under a decline (Discord)
    fact_gone: str  # "source?" under an answer whose fact was removed since (Discord)
    slow_down: str  # /ask too often (Discord); {seconds}
    busy_channel: str  # an answer shown privately: the channel had many answers (Discord)
    busy_bot: str  # an answer shown privately: many questions at once (Discord)
    # The notes of a click under an answer, said in the clicker's own Discord language
    # (`wording_for_locale`): whoever clicks may not be the one who asked.
    buttons_expired: str  # a click past the buttons' 10 minutes
    picked_gone: str  # a fact picked from the menu that no longer exists
    pick_one: str  # a menu choice with nothing chosen
    vote_gone: str  # a vote on a fact removed since
    already_voted: str
    thanks_helpful: str
    thanks_not_helpful: str  # where the home servers' moderators see the vote
    # Elsewhere (another server, a direct message, no home server set) the vote is counted,
    # but no moderator in Discord is shown it: `/kb unanswered` never shows other servers'
    # questions, so "the moderators will review this answer" was a promise nobody kept.
    thanks_not_helpful_noted: str
    # "Remove" under a public answer clicked by someone other than the member who asked.
    remove_not_yours: str
    # The buttons under an answer (Discord), in the answer's language as its menu is; their
    # custom ids, which a click is handled by, are the same in every language.
    helpful_label: str
    not_helpful_label: str
    remove_label: str
    # A `/fact search`'s pages (Discord), in the language of the words searched, which the
    # title repeats; Previous/Next keep their custom ids in every language.
    search_title: str  # {query}
    search_none: str  # nothing matched
    search_footer: str  # {page}, {pages}
    previous_label: str
    next_label: str
    # Clicks (Discord), in the clicker's language as the notes above: another member's on
    # someone's pages, and any on components no handler takes (expired, or from before a
    # restart).
    pages_not_yours: str
    stale_buttons: str
    # The lookups' cooldowns (Discord): a member's, and a busy channel's private results.
    lookup_slow_down: str  # {seconds}
    lookup_busy_channel: str


WORDINGS: dict[Language, Wording] = {
    "en": Wording(
        smalltalk=(
            "I answer questions about Japan–South Korea relations from my sources. "
            "Try: who controls Dokdo?"
        ),
        empty=(
            "Ask me a question about Japan–South Korea relations, "
            "e.g. “when was the 1965 treaty signed?”"
        ),
        too_long="That message is too long for me; please ask one question in a sentence or two.",
        # Not "my sources don't answer that": a decline says only that no fact matched well
        # enough (most declined answerable questions have their fact among the suggestions).
        decline="I can't find that in my sources, so I won't guess.",
        hedge_intro="I'm not sure this is what you asked. The closest fact I have says:",
        hedged_author="Not sure this is what you asked — the closest fact I have",
        picked_author="Picked from the menu — not matched to the question",
        passage_intro="No curated answer; the closest passage of the source says:",
        passage_intro_at="I have no curated answer to this. The closest passage of {where} says:",
        passage_where="*{title}*, section “{section}”",
        the_source="the source",
        passage_author="Quoted from the source — not a curated answer",
        alternative="Or, if you meant something close ({fact_id}):",
        alternative_field="Or, if you meant {fact_id}",
        did_you_mean="Did you mean:",
        related="Related:",
        pick_hint="(type a number to see that answer)",
        decline_title="No sourced answer",
        suggestions_field="Did you mean…",
        pick_below="Pick one below to see its answer.",
        you_asked="You asked",
        menu_answered="Not what you meant?",
        no_source="I found nothing in my sources for that question, so there is no source to show.",
        fact_gone="That answer's fact has been removed since; ask again with `/ask`.",
        slow_down="You're asking quickly — try again in {seconds} s.",
        busy_channel="Shown only to you: this channel has had many answers in the last minute.",
        busy_bot="Shown only to you: many questions arrived at once.",
        buttons_expired=(
            "These buttons have expired: they work for 10 minutes after the answer. "
            "Ask again with `/ask` for a fresh answer."
        ),
        picked_gone="That fact no longer exists; ask again with `/ask`.",
        pick_one="Pick one of the facts in the menu.",
        vote_gone="That fact has been removed since; nothing to vote on.",
        already_voted="You have already voted on this answer.",
        thanks_helpful="Thanks! Noted as helpful.",
        thanks_not_helpful=(
            "Thanks — the moderators will review this answer. "
            "If you meant something else, try the menu above or rephrase with `/ask`."
        ),
        thanks_not_helpful_noted=(
            "Thanks — noted as not helpful. "
            "If you meant something else, try the menu above or rephrase with `/ask`."
        ),
        remove_not_yours="Only the member who asked can remove this answer.",
        helpful_label="Helpful",
        not_helpful_label="Not helpful",
        remove_label="Remove",
        search_title="Facts matching “{query}”",
        search_none="No fact matches that. Try other words, or `/ask` the question.",
        search_footer="Page {page}/{pages} · /fact show id: opens one",
        previous_label="Previous",
        next_label="Next",
        pages_not_yours=(
            "Only the member who ran this can turn its pages; run the command yourself."
        ),
        stale_buttons=(
            "These buttons no longer work (they expire, and the bot may have restarted since). "
            "Run the command again."
        ),
        lookup_slow_down="You're looking things up quickly — try again in {seconds} s.",
        lookup_busy_channel=(
            "Shown only to you: this channel has had many lookups in the last minute."
        ),
    ),
    "ko": Wording(
        smalltalk=(
            "저는 출처에 근거해서 한일 관계에 관한 질문에 답해요. "
            "예: 독도는 지금 누가 점유하고 있나요?"
        ),
        empty="한일 관계에 대해 질문해 주세요. 예: “1965년 한일기본조약은 언제 체결됐나요?”",
        too_long="메시지가 너무 길어요. 질문 하나를 한두 문장으로 해 주세요.",
        decline="출처에서 찾지 못했어요. 추측으로는 답하지 않을게요.",
        hedge_intro="질문하신 내용이 맞는지 확실하지 않아요. 가장 가까운 사실은 다음과 같아요:",
        hedged_author="질문하신 내용인지 확실하지 않아요 — 가장 가까운 사실",
        picked_author="메뉴에서 고른 사실 — 질문에 맞춰 찾은 답이 아니에요",
        passage_intro="정리된 답변이 없어요. 출처에서 가장 가까운 구절은 다음과 같아요:",
        passage_intro_at="정리된 답변이 없어요. {where}에서 가장 가까운 구절은 다음과 같아요:",
        passage_where="*{title}*의 “{section}” 절",
        the_source="출처",
        passage_author="출처에서 인용 — 정리된 답변이 아니에요",
        alternative="혹시 비슷한 다른 내용을 찾으셨다면 ({fact_id}):",
        alternative_field="혹시 이 내용이라면: {fact_id}",
        did_you_mean="이런 질문을 찾으셨나요?",
        related="관련 질문:",
        pick_hint="(번호를 입력하면 그 답을 볼 수 있어요)",
        decline_title="출처가 있는 답변 없음",
        suggestions_field="이런 질문을 찾으셨나요…",
        pick_below="아래에서 하나를 고르면 그 답을 볼 수 있어요.",
        you_asked="질문",
        menu_answered="찾으시던 내용이 아닌가요?",
        no_source="그 질문은 출처에서 찾지 못해서, 보여 드릴 출처가 없어요.",
        fact_gone="그 답변의 근거였던 사실은 그 뒤에 삭제됐어요. `/ask`로 다시 질문해 주세요.",
        slow_down="질문을 너무 빨리 하고 있어요. {seconds}초 뒤에 다시 해 주세요.",
        busy_channel="이 답변은 본인에게만 보여요: 지난 1분 동안 이 채널에 답변이 많았어요.",
        busy_bot="이 답변은 본인에게만 보여요: 질문이 한꺼번에 많이 들어왔어요.",
        buttons_expired=(
            "이 버튼은 만료됐어요: 답변 후 10분 동안만 작동해요. "
            "`/ask`로 다시 질문하면 새 답변을 받을 수 있어요."
        ),
        picked_gone="그 사실은 이제 없어요. `/ask`로 다시 질문해 주세요.",
        pick_one="메뉴에서 사실을 하나 골라 주세요.",
        vote_gone="그 사실은 그 뒤에 삭제돼서 투표할 수 없어요.",
        already_voted="이 답변에는 이미 투표하셨어요.",
        thanks_helpful="감사합니다! 도움이 됐다고 기록했어요.",
        thanks_not_helpful=(
            "감사합니다. 운영진이 이 답변을 검토할게요. "
            "다른 내용을 찾으셨다면 위 메뉴를 써 보거나 `/ask`로 다르게 질문해 주세요."
        ),
        thanks_not_helpful_noted=(
            "감사합니다. 도움이 안 됐다고 기록했어요. "
            "다른 내용을 찾으셨다면 위 메뉴를 써 보거나 `/ask`로 다르게 질문해 주세요."
        ),
        remove_not_yours="이 답변은 질문한 사람만 지울 수 있어요.",
        helpful_label="도움이 됐어요",
        not_helpful_label="도움이 안 됐어요",
        remove_label="지우기",
        search_title="“{query}” 검색 결과",
        search_none="일치하는 사실이 없어요. 다른 단어로 찾아보거나 `/ask`로 질문해 보세요.",
        search_footer="{page}/{pages}쪽 · /fact show id로 사실을 하나씩 열어 볼 수 있어요",
        previous_label="이전",
        next_label="다음",
        pages_not_yours=(
            "명령어를 실행한 사람만 페이지를 넘길 수 있어요. 직접 명령어를 실행해 주세요."
        ),
        stale_buttons=(
            "이 버튼은 더 이상 작동하지 않아요(시간이 지나 만료됐거나, "
            "그사이 봇이 다시 시작됐을 수 있어요). 명령어를 다시 실행해 주세요."
        ),
        lookup_slow_down="조회를 너무 빨리 하고 있어요. {seconds}초 뒤에 다시 해 주세요.",
        lookup_busy_channel="이 결과는 본인에게만 보여요: 지난 1분 동안 이 채널에 조회가 많았어요.",
    ),
    "ja": Wording(
        smalltalk=(
            "日韓関係についての質問に、出典にもとづいて答えます。例：竹島は今どの国が占拠していますか？"
        ),
        empty="日韓関係について質問してください。例：「1965年の日韓基本条約はいつ締結されましたか？」",
        too_long="メッセージが長すぎます。質問は一つ、1〜2文でお願いします。",
        decline="出典に見つからないので、推測では答えません。",
        hedge_intro="お尋ねの内容かどうか確かではありません。いちばん近い事実は次のとおりです：",
        hedged_author="お尋ねの内容か確かではありません — いちばん近い事実",
        picked_author="メニューから選んだ事実 — 質問に合わせて見つけた答えではありません",
        passage_intro="まとめた回答はありません。出典のいちばん近い一節は次のとおりです：",
        passage_intro_at=("まとめた回答はありません。{where}のいちばん近い一節は次のとおりです："),
        passage_where="*{title}*の「{section}」節",
        the_source="出典",
        passage_author="出典からの引用 — まとめた回答ではありません",
        alternative="近い別の内容をお探しなら（{fact_id}）：",
        alternative_field="こちらの内容なら：{fact_id}",
        did_you_mean="もしかして：",
        related="関連する質問：",
        pick_hint="（番号を入力するとその答えを表示します）",
        decline_title="出典のある回答なし",
        suggestions_field="もしかして…",
        pick_below="下から選ぶとその答えを表示します。",
        you_asked="質問",
        menu_answered="お探しの内容と違いますか？",
        no_source="その質問は出典に見つからなかったので、示せる出典はありません。",
        fact_gone=(
            "その回答のもとになった事実は、その後削除されました。"
            "`/ask` でもう一度質問してください。"
        ),
        slow_down="質問のペースが速すぎます。{seconds}秒後にもう一度どうぞ。",
        busy_channel="あなたにだけ表示しています：このチャンネルでは直近1分間に回答が多くありました。",
        busy_bot="あなたにだけ表示しています：一度に多くの質問が届きました。",
        buttons_expired=(
            "このボタンは期限切れです（回答から10分間だけ使えます）。"
            "`/ask` でもう一度質問すると新しい回答が出ます。"
        ),
        picked_gone="その事実はもうありません。`/ask` でもう一度質問してください。",
        pick_one="メニューから事実を一つ選んでください。",
        vote_gone="その事実はその後削除されたので、投票できません。",
        already_voted="この回答にはすでに投票済みです。",
        thanks_helpful="ありがとうございます！役に立ったと記録しました。",
        thanks_not_helpful=(
            "ありがとうございます。モデレーターがこの回答を確認します。"
            "別の内容をお探しなら、上のメニューを使うか `/ask` で言い換えてください。"
        ),
        thanks_not_helpful_noted=(
            "ありがとうございます。役に立たなかったと記録しました。"
            "別の内容をお探しなら、上のメニューを使うか `/ask` で言い換えてください。"
        ),
        remove_not_yours="この回答を削除できるのは、質問した人だけです。",
        helpful_label="役に立った",
        not_helpful_label="役に立たなかった",
        remove_label="削除",
        search_title="「{query}」の検索結果",
        search_none="一致する事実がありません。別の言葉で探すか、`/ask` で質問してみてください。",
        search_footer="{page}/{pages}ページ · /fact show id で1件ずつ表示できます",
        previous_label="前へ",
        next_label="次へ",
        pages_not_yours=(
            "ページをめくれるのは、コマンドを実行した人だけです。ご自身でコマンドを実行してください。"
        ),
        stale_buttons=(
            "このボタンはもう使えません（期限切れか、その後ボットが再起動した可能性があります）。"
            "もう一度コマンドを実行してください。"
        ),
        lookup_slow_down="検索のペースが速すぎます。{seconds}秒後にもう一度どうぞ。",
        lookup_busy_channel=(
            "あなたにだけ表示しています：このチャンネルでは直近1分間に検索が多くありました。"
        ),
    ),
}


def wording_of(language: Language) -> Wording:
    """The sentences of `language`."""
    return WORDINGS[language]


def wording_for(answer: Answer) -> Wording:
    """The sentences to say around `answer`: in the language its question was asked in."""
    return WORDINGS[language_of(answer.question)]


def wording_for_locale(locale: str) -> Wording:
    """The sentences for a Discord client language (an interaction's `locale`, "ko", "ja",
    "en-US", ...): what a member who clicks reads their Discord in. English for any other."""
    language = locale.split("-", 1)[0].lower()
    return WORDINGS[language] if language in WORDINGS else WORDINGS["en"]


def every(field: str) -> tuple[str, ...]:
    """`field` in every language, English first: what a reader of our own messages accepts."""
    if field not in {f.name for f in fields(Wording)}:
        raise KeyError(field)
    return tuple(getattr(WORDINGS[language], field) for language in LANGUAGES)
