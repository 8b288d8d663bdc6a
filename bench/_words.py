"""Word lists the synthetic knowledge and the query set are built from.

Plain data: common English, names, heads of entity names with the verbs that go with them,
synonyms for paraphrases and off-topic chatter. The pseudo-words are generated in `synth.py`.
"""

from __future__ import annotations


def split_words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of a block of text."""
    return tuple(text.split())


NOUNS = split_words(
    """
    agreement government minister country border island region people city village coast fleet
    harbour market trade export import company factory worker union student teacher school court
    judge law policy plan budget tax price wage farmer fisherman ship port road railway bridge
    station airport museum temple church palace castle festival concert film novel poet painter
    song dance language dialect newspaper magazine broadcast radio television survey poll vote
    election party leader president emperor king queen prince army navy soldier officer veteran
    war treaty peace alliance summit meeting visit delegation embassy ambassador envoy apology
    protest rally march campaign petition lawsuit compensation fund grant loan debt bank currency
    inflation growth crisis recession storm flood drought earthquake harvest rice fish salt iron
    coal oil gas timber cotton silk wool tea sugar tobacco mine quarry canal dam reservoir river
    lake mountain valley forest desert plain cape strait reef lighthouse monument statue memorial
    archive record letter diary report study census map chart border claim dispute ruling
    decision reform law statute charter council assembly parliament cabinet ministry agency bureau
    office committee commission panel board institute academy university college library hospital
    clinic doctor nurse patient disease vaccine medicine scientist engineer inventor discovery
    invention machine engine satellite rocket telescope laboratory experiment theory data
    """
)

ADJECTIVES = split_words(
    """
    northern southern eastern western central coastal inland remote ancient modern early late
    former current official unofficial public private national local regional provincial rural
    urban industrial agricultural military civil naval royal imperial democratic popular
    controversial famous notable major minor large small long short brief lengthy formal informal
    annual monthly weekly joint bilateral multilateral secret open final initial provisional
    permanent temporary successful failed disputed contested peaceful violent sudden gradual
    """
)

ADVERBS = split_words(
    """
    quickly slowly gradually suddenly formally quietly openly briefly largely partly mostly
    reportedly eventually initially finally officially publicly jointly repeatedly
    """
)

FIRST_NAMES = split_words(
    """
    Minho Jiwoo Seojun Hana Yuna Daesung Hyunwoo Sora Taeyang Eunji Kenji Haruto Yui Sakura Takeshi
    Hiroshi Aiko Ren Yuki Sota Akira Emi Daniel Maria James Sofia Thomas Elena Robert Anna David
    Clara Michael Laura Peter Julia Samuel Grace Henry Alice Victor Irene Oscar Nina Paul Helen
    Marco Lucia Ahmed Fatima Ivan Olga Pedro Carmen Lars Ingrid Noah Amara Kofi Zainab Ravi Priya
    """
)

SURNAMES = split_words(
    """
    Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Seo Kwon Hwang Tanaka Suzuki Sato
    Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Matsumoto Inoue
    Smith Johnson Brown Garcia Miller Davis Wilson Moore Taylor Clark Lewis Walker Hall Young
    Allen Wright Scott Green Baker Adams Nelson Carter Mitchell Roberts Turner Phillips Campbell
    Novak Petrov Rossi Silva Costa Müller Schmidt Dubois Martin Jensen Haddad Okafor Mensah Patel
    """
)

ROLES = split_words(
    """
    minister governor mayor ambassador envoy president chairman director general admiral
    professor journalist historian diplomat senator lawmaker commissioner negotiator secretary
    """
)

MONTHS = split_words(
    "January February March April May June July August September October November December"
)

PUBLISHERS = (
    "The Daily Ledger",
    "Harbour Review",
    "The Northern Courier",
    "Eastern Affairs Quarterly",
    "The Morning Tribune",
    "Regional Policy Journal",
    "The Coastal Gazette",
    "World Report Weekly",
    "The Evening Standard Times",
    "Archive Press",
)

# Entity heads by category: (heads, past participle, base verb, past tense, noun of the act,
# what is counted for "how many" questions).
CATEGORIES: dict[str, tuple[tuple[str, ...], str, str, str, str, tuple[str, ...]]] = {
    "pact": (
        (
            "Accord",
            "Treaty",
            "Agreement",
            "Declaration",
            "Pact",
            "Charter",
            "Protocol",
            "Statement",
        ),
        "signed",
        "sign",
        "signed",
        "signing",
        ("signatories", "articles", "clauses", "delegates"),
    ),
    "place": (
        ("Island", "Port", "Bridge", "Dam", "Museum", "Tower", "Lighthouse", "Station", "Reef"),
        "built",
        "build",
        "built",
        "construction",
        ("visitors", "workers", "ships", "residents"),
    ),
    "event": (
        ("Summit", "Festival", "Games", "Protest", "Trial", "Conference", "Election", "Census"),
        "held",
        "hold",
        "held",
        "opening",
        ("participants", "spectators", "votes", "protesters"),
    ),
    "body": (
        ("Council", "Company", "Party", "Bank", "University", "Institute", "Agency", "League"),
        "founded",
        "found",
        "founded",
        "founding",
        ("members", "employees", "students", "branches"),
    ),
}

HEAD_HANGUL = {
    "Accord": "협정",
    "Treaty": "조약",
    "Agreement": "합의",
    "Declaration": "선언",
    "Pact": "협약",
    "Charter": "헌장",
    "Protocol": "의정서",
    "Statement": "성명",
    "Island": "섬",
    "Port": "항구",
    "Bridge": "다리",
    "Dam": "댐",
    "Museum": "박물관",
    "Tower": "타워",
    "Lighthouse": "등대",
    "Station": "역",
    "Reef": "암초",
    "Summit": "정상회담",
    "Festival": "축제",
    "Games": "대회",
    "Protest": "시위",
    "Trial": "재판",
    "Conference": "회의",
    "Election": "선거",
    "Census": "조사",
    "Council": "위원회",
    "Company": "회사",
    "Party": "정당",
    "Bank": "은행",
    "University": "대학교",
    "Institute": "연구소",
    "Agency": "기관",
    "League": "연맹",
}

KOREAN_QUESTIONS = {
    "date": "언제 생겼어?",
    "person": "누가 만들었어?",
    "amount": "규모가 얼마나 돼?",
    "place": "어디에 있어?",
    "reason": "왜 생겼어?",
    "definition": "뭐야?",
}

HEAD_KANJI = dict(
    zip(
        HEAD_HANGUL,
        split_words(
            """
            協定 条約 合意 宣言 協約 憲章 議定書 声明 島 港 橋 ダム 博物館 塔 灯台
            駅 礁 首脳会談 祭典 大会 抗議 裁判 会議 選挙 調査 評議会 会社 党 銀行
            大学 研究所 機関 連盟
            """
        ),
        strict=True,
    )
)

# Hiragana carries no tokens, so each kind is told apart by its kanji.
JAPANESE_QUESTIONS = {
    "date": "の設立年は？",
    "person": "の創設者は誰？",
    "amount": "の規模は？",
    "place": "の場所はどこ？",
    "reason": "の理由は何？",
    "definition": "とは何ですか？",
}

TOPIC_THEMES = (
    "history",
    "trade and industry",
    "culture",
    "security",
    "diplomacy",
    "territory",
    "public opinion",
    "science",
    "sport",
    "law and courts",
    "labour",
    "transport",
)

# Paraphrase substitutions: a word members type instead of the one in the question.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "when": ("what year", "what date"),
    "signed": ("agreed", "concluded", "inked"),
    "sign": ("agree", "conclude"),
    "built": ("constructed", "erected", "made"),
    "build": ("construct", "make"),
    "held": ("organised", "staged", "hosted"),
    "hold": ("organise", "host"),
    "founded": ("established", "created", "set up"),
    "found": ("establish", "create", "start"),
    "who": ("which person", "what person"),
    "where": ("in what place", "what location"),
    "why": ("for what reason", "how come"),
    "located": ("situated", "found"),
    "reason": ("cause", "motive"),
    "many": ("much", "large a number of"),
    "members": ("people", "membership"),
    "visitors": ("tourists", "guests"),
    "explain": ("describe", "summarise"),
    "about": ("regarding", "concerning"),
    "number": ("count", "amount"),
    "people": ("persons", "folks"),
    "country": ("nation", "state"),
    "leader": ("head", "chief"),
    "treaty": ("pact", "accord"),
    "president": ("head of state", "leader"),
    "first": ("earliest", "initial"),
    "visit": ("trip", "tour"),
    "agreement": ("deal", "accord"),
    "happened": ("took place", "occurred"),
    "japanese": ("japan's", "nippon"),
    "korean": ("korea's", "south korean"),
}

FILLER_OPENERS = (
    "hey ",
    "quick question: ",
    "does anyone know ",
    "pls ",
    "sorry but ",
    "i was wondering ",
    "ok so ",
)

OFFTOPIC_TEMPLATES = (
    "what is the best {food} recipe",
    "how do i fix my {device}",
    "can you recommend a good {genre} movie",
    "who won the {sport} game last night",
    "is it going to rain in {city} tomorrow",
    "what time does the {shop} close today",
    "how many calories are in a {food}",
    "anyone want to play {game} tonight",
    "my {device} keeps crashing what do i do",
    "whats your favourite {genre} song",
    "how do you say {word} in spanish",
    "where can i buy a cheap {device}",
    "is {game} better than {game2}",
    "what should i name my {pet}",
    "how long should i boil a {food}",
    "who is the best {sport} player ever",
)

OFFTOPIC_SLOTS: dict[str, tuple[str, ...]] = {
    "food": ("pizza", "pasta", "egg", "burrito", "pancake", "curry", "ramen", "salad", "steak"),
    "device": ("laptop", "phone", "router", "printer", "keyboard", "headset", "console"),
    "genre": ("horror", "comedy", "jazz", "rock", "thriller", "romance", "anime"),
    "sport": ("football", "basketball", "tennis", "baseball", "hockey", "cricket"),
    "city": ("paris", "london", "chicago", "madrid", "sydney", "toronto", "berlin"),
    "shop": ("pharmacy", "bakery", "supermarket", "post office", "gym", "library"),
    "game": ("minecraft", "chess", "valorant", "fortnite", "tetris", "poker"),
    "word": ("butterfly", "keyboard", "sandwich", "umbrella", "window"),
    "pet": ("cat", "dog", "hamster", "parrot", "goldfish", "turtle"),
}

SMALLTALK = ("hi", "hello there", "thanks bot", "good morning", "lol", "ok cool", "bye")
