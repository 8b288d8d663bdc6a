"""topic_text: a fact file put together from memoised per-fact items is the whole-file dump."""

from __future__ import annotations

from bot.core.knowledge.models import KnowledgeBase
from bot.core.knowledge.yamldump import dump_yaml
from bot.core.moderation.changes import title_of, topic_text
from bot.core.moderation.edits import fact_to_mapping


def test_every_shipped_file_is_the_whole_file_dump(shipped_kb: KnowledgeBase) -> None:
    """For each shipped topic, the items joined equal `dump_yaml` of the whole file."""
    for topic in shipped_kb.topics:
        facts = [fact_to_mapping(f) for f in shipped_kb.facts if f.topic == topic]
        whole = "# header\n" + dump_yaml({"topic": title_of(shipped_kb, topic), "facts": facts})
        assert topic_text(shipped_kb, topic, facts, "# header\n") == whole, topic


def test_an_empty_topic_is_dumped_whole(shipped_kb: KnowledgeBase) -> None:
    """A topic without facts is written as the loader reads it (an empty list)."""
    assert topic_text(shipped_kb, "trade", [], "").endswith("facts: []\n")
