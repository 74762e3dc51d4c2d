"""The retrieval index: an inverted index whose query plan is exact top-k for the coverage score.

Every score is at most 100 × the claim's coverage, and coverage is a sum of
per-stem weights, so a max-score plan applies: walk the claim's stems rarest
first, and once the stems left weigh too little to lift a passage that has
none of the walked ones to the current k-th score, stop; passages found are
bounded by what they gathered plus what is left, and only those whose bound
reaches the k-th score are scored. The common stems ("said", a month) are
then not walked, so a query costs what its rare stems cost. The top k equals
an exhaustive scoring with ties broken by passage id, unless a query reaches
its postings budget (`QueryStats.exact` says which).

Postings and per-passage stems are flat numpy arrays (CSR, about 8 bytes per
stem occurrence): a million passages fit in a few hundred MB, postings are
walked at C speed, and a process pool over claims shares them through fork.
"""

from __future__ import annotations

import heapq
import multiprocessing
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from verify.errors import MatchError
from verify.evidence.score import ClaimScorer
from verify.evidence.text import content_stems
from verify.slots import Slots

_Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class PassageText:
    """A passage to index: its id (unique), its text, and its slots if known."""

    id: str
    text: str
    slots: Slots | None = None


@dataclass(frozen=True)
class QueryStats:
    """What a query cost: the claim's indexed stems and how many were walked, the
    postings read, the passages whose coverage was computed and those fully scored,
    and whether the top k is exact (False only when the budget cut the walk)."""

    stems: int
    stems_walked: int
    postings: int
    bounded: int
    scored: int
    exact: bool



# Postings one query may read. Far above what the benchmark's claims need at
# a million passages (bench/match prints the most any claim read), so it only
# bounds the pathological query — a claim made of words found everywhere.
DEFAULT_BUDGET = 2_000_000
# Postings walked and scored at once before the plan is set: enough for the
# rare stems (names, numbers) to give a k-th score worth pruning with.
_SEED_POSTINGS = 2048
# Scores are rounded to 4 decimals and coverage is summed in another order
# than the scorer sums it: a bound this much above the true one stays safe.
_EPS = 1e-3


class PassageIndex:
    """Build once, query many. Queries reuse scratch arrays: one thread per index
    (a forked worker has its own copy)."""

    def __init__(
        self,
        ids: list[str],
        vocab: list[str],
        term_ids: dict[str, int],
        stems: npt.NDArray[np.int32],
        stem_offsets: _Ints,
        budget: int | None,
    ) -> None:
        self._ids = ids
        self._vocab = vocab
        self._term_ids = term_ids
        self._stems = stems
        self._stem_off = stem_offsets
        n, v = len(ids), len(vocab)
        # Postings (rows by stem, rows ascending) from the per-passage stems.
        rows = np.repeat(np.arange(n, dtype=np.int32), np.diff(stem_offsets))
        order = np.argsort(stems, kind="stable")
        self._post = rows[order]
        del order
        self._vlen = np.array([len(x) for x in vocab], dtype=np.float64)
        self._plen = np.bincount(rows, weights=self._vlen[stems], minlength=n)
        self._post_off = np.zeros(v + 1, dtype=np.int64)
        np.cumsum(np.bincount(stems, minlength=v), out=self._post_off[1:])
        del rows
        # Ties are broken by passage id: each row carries its id's sort rank.
        self._id_rank = np.empty(n, dtype=np.int64)
        self._id_rank[np.array(sorted(range(n), key=ids.__getitem__), dtype=np.int64)] = (
            np.arange(n)
        )
        self.budget = budget
        self._acc: npt.NDArray[np.float64] | None = None
        self._done: npt.NDArray[np.bool_] | None = None
        self._lut: npt.NDArray[np.float64] | None = None
        self._slot: _Ints | None = None

    @classmethod
    def build(
        cls, passages: Iterable[PassageText], *, budget: int | None = DEFAULT_BUDGET
    ) -> PassageIndex:
        """Index passages by their content stems (the stems the scorer compares).

        `budget` caps the postings one query reads (None: no cap, always exact).
        """
        ids: list[str] = []
        seen: set[str] = set()
        vocab: list[str] = []
        term_ids: dict[str, int] = {}
        stems = array("i")
        offsets = array("q", [0])
        for p in passages:
            if p.id in seen:
                raise MatchError(f"duplicate passage id {p.id!r}")
            seen.add(p.id)
            ids.append(p.id)
            for s in content_stems(p.text):
                t = term_ids.get(s)
                if t is None:
                    t = term_ids[s] = len(vocab)
                    vocab.append(s)
                stems.append(t)
            offsets.append(len(stems))
        seen.clear()
        return cls(
            ids,
            vocab,
            term_ids,
            np.array(stems, dtype=np.int32),
            np.array(offsets, dtype=np.int64),
            budget,
        )

    def __len__(self) -> int:
        return len(self._ids)

    def doc_freq(self, stem: str) -> int:
        """How many passages hold the stem."""
        t = self._term_ids.get(stem)
        return 0 if t is None else int(self._post_off[t + 1] - self._post_off[t])

    def _postings(self, t: int) -> npt.NDArray[np.int32]:
        return self._post[self._post_off[t] : self._post_off[t + 1]]

    def _passage_stems(self, row: int) -> list[str]:
        v = self._vocab
        a, b = self._stem_off[row], self._stem_off[row + 1]
        return [v[t] for t in self._stems[a:b].tolist()]

    def _bounds(
        self, rows: _Ints, lut: npt.NDArray[np.float64], claim: ClaimScorer
    ) -> npt.NDArray[np.float64]:
        """An upper bound of each row's score: its exact coverage (0..100, weights
        in `lut`) times the most token_set_ratio allows given the lengths of the
        shared and unshared stems (an edit distance is at least a length gap)."""
        starts = self._stem_off[rows]
        lens = self._stem_off[rows + 1] - starts
        ends = np.cumsum(lens)
        idx = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
        idx += np.repeat(starts - (ends - lens), lens)
        seg = np.repeat(np.arange(len(rows)), lens)
        terms = self._stems[idx]
        w = lut[terms]
        shared = (w > 0.0).astype(np.float64)
        m = len(rows)
        cov = np.bincount(seg, weights=w, minlength=m)
        i_n = np.bincount(seg, weights=shared, minlength=m)
        i_l = np.bincount(seg, weights=shared * self._vlen[terms], minlength=m)
        # token_set_ratio on the stems joined by spaces (see rapidfuzz's fuzz_py):
        # the intersection, and each side's remaining stems, joined.
        a_n, a_l = len(claim.stems), float(sum(len(x) for x in claim.stems))
        b_n, b_l = lens.astype(np.float64), self._plen[rows]
        sect = i_l + np.maximum(i_n - 1.0, 0.0)
        ab = (a_l - i_l) + np.maximum(a_n - i_n - 1.0, 0.0)
        ba = (b_l - i_l) + np.maximum(b_n - i_n - 1.0, 0.0)
        sect_ab, sect_ba = sect + 1.0 + ab, sect + 1.0 + ba
        sim = np.maximum.reduce([
            100.0 - 100.0 * np.abs(ab - ba) / (sect_ab + sect_ba),
            100.0 - 100.0 * (1.0 + ab) / (sect + sect_ab),
            100.0 - 100.0 * (1.0 + ba) / (sect + sect_ba),
        ])
        sim[(i_n >= a_n) | (i_n >= b_n)] = 100.0
        bound: npt.NDArray[np.float64] = cov * np.minimum(sim, 100.0) / 100.0
        return bound

    def _distinct(self, rows: npt.NDArray[np.int32]) -> _Ints:
        """Rows without repeats, in linear time (a scatter, not a sort)."""
        if self._slot is None:
            self._slot = np.zeros(len(self._ids), dtype=np.int64)
        at = np.arange(len(rows), dtype=np.int64)
        self._slot[rows] = at  # the last occurrence of a row wins
        distinct: _Ints = rows[self._slot[rows] == at].astype(np.int64)
        return distinct

    def search(self, query: str, k: int = 20) -> list[tuple[str, float]]:
        """The k best passages for a claim as (passage id, coverage score 0..100)."""
        return self.search_with_stats(query, k)[0]

    def search_with_stats(
        self, query: str, k: int = 20
    ) -> tuple[list[tuple[str, float]], QueryStats]:
        """`search`, and what the query cost."""
        scorer = ClaimScorer(content_stems(query))
        known = sorted(
            (self.doc_freq(s), t, 100.0 * w / scorer.total)
            for s, w in zip(scorer.stems, scorer.weights, strict=True)
            if (t := self._term_ids.get(s)) is not None
        )
        if not known or k <= 0:
            return [], QueryStats(len(known), 0, 0, 0, 0, True)
        n = len(known)
        # rest[i]: the most coverage a passage can have from stems i.. alone.
        rest = [0.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            rest[i] = rest[i + 1] + known[i][2]
        if self._acc is None or self._done is None or self._lut is None:
            self._acc = np.zeros(len(self._ids), dtype=np.float64)
            self._done = np.zeros(len(self._ids), dtype=bool)
            self._lut = np.zeros(len(self._vocab), dtype=np.float64)
        acc, done, lut = self._acc, self._done, self._lut
        tids = np.array([t for _, t, _ in known], dtype=np.int64)
        lut[tids] = [w for _, _, w in known]

        heap: list[tuple[float, int, int]] = []  # (score, -id rank, row); root: k-th best
        walked_rows: list[npt.NDArray[np.int32]] = []
        evaluated: list[_Ints] = []
        read = walked = scored = bounded = 0
        exact = True

        def kth() -> float:
            return heap[0][0] if len(heap) >= k else -1.0

        def evaluate(rows: _Ints) -> None:
            # Exact coverage for the candidates, then the full score in order
            # of coverage until no candidate left can reach the k-th score.
            nonlocal scored, bounded
            if not len(rows):
                return
            done[rows] = True
            evaluated.append(rows)
            bounded += len(rows)
            bound = self._bounds(rows, lut, scorer)
            for j in np.argsort(-bound, kind="stable").tolist():
                if bound[j] + _EPS < kth():
                    break
                row = int(rows[j])
                scored += 1
                s = scorer.score(self._passage_stems(row))
                if s <= 0.0:
                    continue
                item = (s, -int(self._id_rank[row]), row)
                if len(heap) < k:
                    heapq.heappush(heap, item)
                elif item > heap[0]:
                    heapq.heapreplace(heap, item)

        def walk() -> bool:
            nonlocal read, walked, exact
            df, t, w = known[walked]
            if self.budget is not None and read + df > self.budget and read > 0:
                exact = False
                return False
            rows = self._postings(t)
            acc[rows] += w
            walked_rows.append(rows)
            read += df
            walked += 1
            return True

        try:
            # Seed: walk the rarest stems and score all they find, for a k-th
            # score to prune with.
            while walked < n and (read < _SEED_POSTINGS or len(heap) < k):
                if not walk():
                    break
                fresh = walked_rows[-1].astype(np.int64)
                evaluate(fresh[~done[fresh]])
                if rest[walked] + _EPS < kth():
                    break
            seeded = len(walked_rows)
            # Then walk every stem a passage still needs to reach the k-th
            # score (the essential ones); the others are only bounded.
            while exact and walked < n and rest[walked] + _EPS >= kth():
                if not walk():
                    break
            if len(walked_rows) > seeded:
                found = np.concatenate(walked_rows[seeded:])
                cand = found[acc[found] + rest[walked] + _EPS >= kth()]
                cand = cand[~done[cand]]
                # A loose bound leaves many candidates: walking one more stem
                # (~15 ns a posting) tightens it more cheaply than bounding
                # every candidate (~0.6 µs each).
                while exact and walked < n and known[walked][0] < 32 * len(cand):
                    if not walk():
                        break
                    cand = cand[acc[cand] + rest[walked] + _EPS >= kth()]
                evaluate(self._distinct(cand))
        finally:
            for rows in walked_rows:
                acc[rows] = 0.0
            for ev in evaluated:
                done[ev] = False
            lut[tids] = 0.0
        ranked = sorted(heap, key=lambda it: (-it[0], -it[1]))
        hits = [(self._ids[row], s) for s, _, row in ranked]
        return hits, QueryStats(n, walked, read, bounded, scored, exact)

    def search_many(
        self, queries: Sequence[str], k: int = 20, *, workers: int = 1
    ) -> list[list[tuple[str, float]]]:
        """`search` for each query, in order; `workers` > 1 forks a process pool."""
        return [hits for hits, _ in self.search_many_with_stats(queries, k, workers=workers)]

    def search_many_with_stats(
        self, queries: Sequence[str], k: int = 20, *, workers: int = 1
    ) -> list[tuple[list[tuple[str, float]], QueryStats]]:
        """`search_with_stats` for each query, in order, over `workers` processes."""
        if workers <= 1 or len(queries) < 2:
            return [self.search_with_stats(q, k) for q in queries]
        if "fork" not in multiprocessing.get_all_start_methods():
            raise MatchError(
                f"search_many with workers={workers} needs the fork start method "
                "(the index is shared with the workers by forking)"
            )
        global _SHARED
        _SHARED = self
        try:
            ctx = multiprocessing.get_context("fork")
            chunk = max(1, len(queries) // (workers * 8))
            with ctx.Pool(workers) as pool:
                return pool.map(_search_shared, [(q, k) for q in queries], chunksize=chunk)
        finally:
            _SHARED = None

    def exhaustive(self, query: str, k: int = 20) -> list[tuple[str, float]]:
        """Score every passage that shares a stem with the claim (the rest score 0).

        The reference `search` is measured against: no bounds, no budget.
        """
        scorer = ClaimScorer(content_stems(query))
        rows: set[int] = set()
        for s in scorer.stems:
            t = self._term_ids.get(s)
            if t is not None:
                rows.update(self._postings(t).tolist())
        scored = [(scorer.score(self._passage_stems(r)), r) for r in rows]
        best = sorted((t for t in scored if t[0] > 0.0), key=lambda t: (-t[0], self._ids[t[1]]))
        return [(self._ids[r], s) for s, r in best[:k]]

    def close(self) -> None:
        """Drop the arrays (the index holds no other resource)."""
        self._ids = []
        self._acc = self._done = self._lut = self._slot = None


_SHARED: PassageIndex | None = None


def _search_shared(job: tuple[str, int]) -> tuple[list[tuple[str, float]], QueryStats]:
    if _SHARED is None:  # only if a worker was started without fork
        raise MatchError("search_many worker has no shared index")
    return _SHARED.search_with_stats(job[0], job[1])
