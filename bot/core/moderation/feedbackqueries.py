"""What moderators read of the feedback store: the review queue's rows and /kb stats.

`FeedbackQueries` adds to the file (feedbackdb.py) the reads over a set of servers (a server's
moderators see only what was asked in their own server, or in the home servers together): the
most asked declined questions, the answers voted not helpful, the totals of /kb stats, and the
dismissal that takes a declined question out of the queue. What is recorded is feedback.py's
(`FeedbackLog`, which inherits these).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.simplify import simplify
from .feedbackdb import FeedbackDatabase, Guilds, where_guilds


@dataclass(frozen=True)
class UnansweredQuestion:
    """A declined question (normalised), how often it was asked, and when last."""

    question: str
    count: int
    last_asked: str


@dataclass(frozen=True)
class FeedbackStats:
    """Totals for /kb stats."""

    questions_asked: int
    answered: int
    answer_rate: float
    top_facts: list[tuple[str, int]]
    helpful: int
    not_helpful: int
    # Of the answered, those given with a hedge (the bot was not sure the fact answers what
    # was asked): a phrasing in members' words, or a missing fact, is what they point to.
    hedged: int = 0


class FeedbackQueries(FeedbackDatabase):
    """The feedback file, and what the review queue and /kb stats read of it."""

    def unanswered(self, limit: int = 20, guild_ids: Guilds = None) -> list[UnansweredQuestion]:
        """The most asked declined questions in these servers (counts added up over them),
        most recent first among equals."""
        where, params = where_guilds(guild_ids)
        with self._db() as db:
            rows = db.execute(
                "SELECT question, SUM(count) AS n, MAX(last_asked) AS t FROM unanswered"
                f"{where} GROUP BY question ORDER BY n DESC, t DESC, question LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [UnansweredQuestion(q, c, t) for q, c, t in rows]

    def dismiss_unanswered(self, question: str, guild_ids: Guilds = None) -> None:
        """Forget a declined question in these servers (handled, or not worth a fact)."""
        where, params = where_guilds(guild_ids, "AND")
        with self._db() as db:
            db.execute(
                f"DELETE FROM unanswered WHERE question = ?{where}", (simplify(question), *params)
            )

    def not_helpful(
        self, limit: int = 20, guild_ids: Guilds = None, *, picked: bool = False
    ) -> list[tuple[str, str, int]]:
        """(fact_id, question asked, votes) for answers marked not helpful in these servers,
        most votes first: the facts the bot answered with, or with `picked` those the members
        picked from the menu under its answer (the bot did not give them for that question)."""
        where, params = where_guilds(guild_ids, "AND")
        with self._db() as db:
            rows = db.execute(
                "SELECT fact_id, MIN(question), COUNT(*) AS n FROM votes"
                f" WHERE helpful = 0 AND picked = ?{where}"
                " GROUP BY fact_id, question_key ORDER BY n DESC, fact_id LIMIT ?",
                (int(picked), *params, limit),
            ).fetchall()
        return [(f, q, n) for f, q, n in rows]

    def stats(self, top: int = 10, guild_ids: Guilds = None) -> FeedbackStats:
        """Questions asked, answered, the answer rate, the most used facts and the votes, over
        these servers."""
        where, params = where_guilds(guild_ids)
        with self._db() as db:
            by_kind = dict(
                db.execute(
                    f"SELECT kind, SUM(count) FROM asked{where} GROUP BY kind", params
                ).fetchall()
            )
            top_facts = db.execute(
                f"SELECT fact_id, SUM(count) AS n FROM fact_answers{where}"
                " GROUP BY fact_id ORDER BY n DESC, fact_id LIMIT ?",
                (*params, top),
            ).fetchall()
            votes = dict(
                db.execute(
                    f"SELECT helpful, SUM(count) FROM vote_counts{where} GROUP BY helpful",
                    params,
                ).fetchall()
            )
        asked = sum(by_kind.values())
        answered = asked - by_kind.get("none", 0)
        return FeedbackStats(
            questions_asked=asked,
            answered=answered,
            answer_rate=answered / asked if asked else 0.0,
            top_facts=[(f, n) for f, n in top_facts],
            helpful=votes.get(1, 0),
            not_helpful=votes.get(0, 0),
            hedged=by_kind.get("hedged", 0),
        )
