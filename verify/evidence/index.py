"""The retrieval index: SQLite FTS5 (bm25) finds candidates, the coverage score ranks them.

FTS5 ships inside Python's sqlite3, needs no server and no new dependency, and
its bm25 runs in C. Passages are indexed by their content stems (the same
stems the scorer uses), so every passage the scorer would rate above zero
shares at least one indexed term with the claim.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from verify.errors import MatchError
from verify.evidence.score import score_stems
from verify.evidence.text import content_stems
from verify.slots import Slots


@dataclass(frozen=True)
class PassageText:
    """A passage to index: its id (unique), its text, and its slots if known."""

    id: str
    text: str
    slots: Slots | None = None


# Candidates bm25 hands to the scorer per query. 200 keeps recall@5 against an
# exhaustive scan above 0.99 on the benchmark corpus (bench/match) while the
# reranking stays cheap.
DEFAULT_CANDIDATES = 200
# Terms found in more than this share of passages are dropped from the bm25
# query when the claim has enough rarer terms: they would make FTS5 walk most
# of the corpus and add almost nothing to bm25's ranking.
COMMON_TERM_SHARE = 0.01
_MIN_QUERY_TERMS = 3


def _fts_term(stem: str) -> str:
    return '"' + stem.replace('"', '""') + '"'


class PassageIndex:
    """Build once, query many. Not thread-safe (one sqlite3 connection)."""

    def __init__(
        self,
        db: sqlite3.Connection,
        ids: list[str],
        doc_freq: Counter[str],
        candidates: int,
    ) -> None:
        self._db = db
        self._ids = ids
        self._df = doc_freq
        self.candidates = candidates

    @classmethod
    def build(
        cls,
        passages: Iterable[PassageText],
        *,
        candidates: int = DEFAULT_CANDIDATES,
        path: str = ":memory:",
    ) -> PassageIndex:
        """Index passages (in memory by default, or in an SQLite file at `path`)."""
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("DROP TABLE IF EXISTS passage_fts")
        db.execute("DROP TABLE IF EXISTS passage_stems")
        # Contentless: the stems are kept once, in passage_stems, for reranking.
        db.execute("CREATE VIRTUAL TABLE passage_fts USING fts5(stems, content='')")
        db.execute("CREATE TABLE passage_stems (rowid INTEGER PRIMARY KEY, stems TEXT NOT NULL)")
        ids: list[str] = []
        seen: set[str] = set()
        df: Counter[str] = Counter()

        def rows() -> Iterable[tuple[int, str]]:
            for p in passages:
                if p.id in seen:
                    raise MatchError(f"duplicate passage id {p.id!r}")
                seen.add(p.id)
                stems = content_stems(p.text)
                df.update(stems)
                ids.append(p.id)
                yield len(ids), " ".join(stems)

        batch: list[tuple[int, str]] = []
        for row in rows():
            batch.append(row)
            if len(batch) >= 10000:
                db.executemany("INSERT INTO passage_stems(rowid, stems) VALUES (?, ?)", batch)
                db.executemany("INSERT INTO passage_fts(rowid, stems) VALUES (?, ?)", batch)
                batch.clear()
        if batch:
            db.executemany("INSERT INTO passage_stems(rowid, stems) VALUES (?, ?)", batch)
            db.executemany("INSERT INTO passage_fts(rowid, stems) VALUES (?, ?)", batch)
        db.execute("INSERT INTO passage_fts(passage_fts) VALUES ('optimize')")
        db.commit()
        seen.clear()
        return cls(db, ids, df, candidates)

    def __len__(self) -> int:
        return len(self._ids)

    def query_terms(self, query: str) -> list[str]:
        """The claim's stems that go to bm25: rare ones first, common ones dropped."""
        stems = [s for s in content_stems(query) if self._df.get(s, 0) > 0]
        limit = COMMON_TERM_SHARE * max(len(self._ids), 1)
        rare = [s for s in stems if self._df[s] <= limit]
        return rare if len(rare) >= _MIN_QUERY_TERMS else stems

    def candidate_rows(self, query: str, limit: int | None) -> list[int]:
        """Row numbers bm25 ranks highest (all matching rows when limit is None)."""
        terms = self.query_terms(query)
        if not terms:
            return []
        match = " OR ".join(_fts_term(t) for t in terms)
        if limit is None:
            sql = "SELECT rowid FROM passage_fts WHERE passage_fts MATCH ?"
            return [r for (r,) in self._db.execute(sql, (match,))]
        sql = "SELECT rowid FROM passage_fts WHERE passage_fts MATCH ? ORDER BY rank LIMIT ?"
        return [r for (r,) in self._db.execute(sql, (match, limit))]

    def _rank(self, query: str, rows: list[int], k: int) -> list[tuple[str, float]]:
        claim_stems = content_stems(query)
        scored: list[tuple[float, str]] = []
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT rowid, stems FROM passage_stems WHERE rowid IN ({marks})"  # noqa: S608
            for rowid, stems in self._db.execute(sql, chunk):
                s = score_stems(claim_stems, stems.split())
                if s > 0.0:
                    scored.append((s, self._ids[rowid - 1]))
        # Highest score first; ties broken by passage id so the order is stable.
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [(pid, s) for s, pid in scored[:k]]

    def search(self, query: str, k: int = 20) -> list[tuple[str, float]]:
        """The k best passages for a claim as (passage id, coverage score 0..100)."""
        return self._rank(query, self.candidate_rows(query, self.candidates), k)

    def exhaustive(self, query: str, k: int = 20) -> list[tuple[str, float]]:
        """Score every passage that shares a term with the claim (the rest score 0).

        The reference `search` is measured against; slow on large corpora.
        """
        stems = [s for s in content_stems(query) if self._df.get(s, 0) > 0]
        if not stems:
            return []
        match = " OR ".join(_fts_term(t) for t in stems)
        sql = "SELECT rowid FROM passage_fts WHERE passage_fts MATCH ?"
        rows = [r for (r,) in self._db.execute(sql, (match,))]
        return self._rank(query, rows, k)

    def close(self) -> None:
        self._db.close()
