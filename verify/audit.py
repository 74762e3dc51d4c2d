"""The audit: each claim's source chain down to a primary source or a dead end, and PROV-JSON.

A chain runs claim → citation → source (its role) → that source's snapshots
(their status) → for a secondary source, the links in its snapshots to other
snapshots in the report → … It ends at a primary source or a dead end. Across
chains the audit names circular reporting (A cites B cites A) and several
outlets tracing back to one origin. Everything is a pure function of the
report value; `audit(report)["chains"]` is what the report's `chains` key holds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from verify.errors import InputError
from verify.reports.view import REBUILT_MARK, check_report, claims_in_order

# How a chain ends. `primary` is the only good end; the others are dead ends.
ENDS = (
    "primary",             # an ok snapshot of a primary source
    "source_unreachable",  # every snapshot of the source failed (the status says how)
    "no_snapshot",         # the source was never fetched
    "no_link",             # a secondary document that links to nothing
    "links_not_fetched",   # a secondary document whose links lead outside the report
    "circular",            # a link back to a source already on the chain
    "unknown_source",      # a citation that resolved to no source in the registry
    "walk_limit",          # stopped: deeper than MAX_DEPTH, or a tree past MAX_NODES
    "fetch_failed",        # fetching the source for this claim failed inside the tool
)
# Per-claim flags, in the order they are listed. The first three are the
# vocabulary's own words; the rest extend it for what only the audit sees.
AUDIT_FLAGS = (
    "unsourced",
    "anonymous_source",
    "secondary_source_only",
    "source_unreachable",
    "unknown_source",
    "circular_reporting",
    "single_origin",
    "rebuilt_source",
    "fetch_failed",  # the claim's verdict is fetch_failed: the tool failed, not the source
)
MAX_DEPTH = 12
# A tree, not a graph, is drawn: pages that all link to one another multiply
# the paths, so one citation's tree stops growing here.
MAX_NODES = 2000


def _norm_url(url: str) -> str:
    """The same document under trivially different URLs: case of host, fragment, last slash."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


Cycle = list[tuple[str, str]]  # (source key, snapshot id) from the cited source down


class _Graph:
    """The report's sources and snapshots, indexed for walking links."""

    def __init__(self, report: Mapping[str, Any]) -> None:
        self.sources: dict[str, Mapping[str, Any]] = {}
        for i, s in enumerate(report.get("sources") or []):
            if not isinstance(s, Mapping) or not isinstance(s.get("key"), str):
                raise InputError(f"report: sources[{i}]: missing key 'key'")
            self.sources[s["key"]] = s
        self.snapshots: list[Mapping[str, Any]] = []
        self.by_source: dict[str, list[Mapping[str, Any]]] = {}
        self.by_url: dict[str, Mapping[str, Any]] = {}
        self.trees: dict[str | None, tuple[dict[str, Any], list[Cycle]]] = {}
        self.failures: dict[str, dict[str, str]] = {}  # claim -> source -> error
        for f in report.get("failures") or []:
            if isinstance(f, Mapping) and f.get("claim") and f.get("source"):
                self.failures.setdefault(str(f["claim"]), {})[str(f["source"])] = \
                    str(f.get("error") or "failed")
        for i, snap in enumerate(report.get("snapshots") or []):
            if not isinstance(snap, Mapping) or not isinstance(snap.get("id"), str):
                raise InputError(f"report: snapshots[{i}]: missing key 'id'")
            if not isinstance(snap.get("source"), str):
                raise InputError(f"report: snapshots[{i}]: missing key 'source'")
            self.snapshots.append(snap)
            self.by_source.setdefault(snap["source"], []).append(snap)
            for key in ("requested_url", "final_url"):
                url = snap.get(key)
                if isinstance(url, str) and url:
                    self.by_url.setdefault(_norm_url(url), snap)

    def role(self, key: str) -> str | None:
        src = self.sources.get(key)
        role = src.get("role") if src else None
        return role if isinstance(role, str) else None

    def target(self, url: str) -> Mapping[str, Any] | None:
        return self.by_url.get(_norm_url(url))



def _snapshot_node(g: _Graph, snap: Mapping[str, Any], path: Cycle, cycles: list[Cycle],
                   budget: list[int]) -> dict[str, Any]:
    """One snapshot on a chain; `path` holds (source, snapshot id) from the cited source down."""
    key = snap["source"]
    node: dict[str, Any] = {
        "snapshot": snap["id"],
        "source": key,
        "role": g.role(key),
        "url": snap.get("final_url") or snap.get("requested_url"),
        "status": snap.get("status", "ok"),
        "reconstructed": bool(snap.get("reconstructed")),
    }
    if node["status"] != "ok":
        node["end"] = "source_unreachable"
        return node
    if node["role"] == "primary":
        node["end"] = "primary"
        return node
    budget[0] -= 1
    if len(path) > MAX_DEPTH or budget[0] <= 0:
        node["end"] = "walk_limit"
        return node
    here = [*path, (key, snap["id"])]
    links: list[dict[str, Any]] = []
    unfetched = 0
    for url in snap.get("links") or []:
        if budget[0] <= 0:
            node["end"] = "walk_limit"
            break
        t = g.target(url) if isinstance(url, str) else None
        if t is None:
            unfetched += 1
            continue
        if t["id"] == snap["id"]:
            continue  # a page linking to itself says nothing about where it came from
        on_path = [i for i, (_, sid) in enumerate(here) if sid == t["id"]]
        src_on_path = [i for i, (k, _) in enumerate(here) if k == t["source"] and k != key]
        if on_path or src_on_path:
            start = (on_path or src_on_path)[0]
            cycle = [*here[start:], (t["source"], t["id"])]
            if len({k for k, _ in cycle}) > 1:
                budget[0] -= 1
                cycles.append(cycle)
                links.append({"link": url, "snapshot": t["id"], "source": t["source"],
                              "role": g.role(t["source"]), "end": "circular",
                              "cycle": [sid for _, sid in cycle]})
            continue  # the same outlet citing itself again: a loop, not a second voice
        links.append({"link": url, **_snapshot_node(g, t, here, cycles, budget)})
    if links:
        node["links"] = links
    elif "end" not in node:
        node["end"] = "links_not_fetched" if unfetched else "no_link"
    if unfetched:
        node["links_not_fetched"] = unfetched
    return node


def _source_node(g: _Graph, key: str | None, cycles: list[Cycle]) -> dict[str, Any]:
    """A cited source's tree; it depends on the source alone, so it is drawn once a report."""
    cached = g.trees.get(key)
    if cached is None:
        found: list[Cycle] = []
        cached = g.trees[key] = (_draw_source(g, key, found), found)
    cycles.extend(cached[1])
    return cached[0]


def _draw_source(g: _Graph, key: str | None, cycles: list[Cycle]) -> dict[str, Any]:
    if key is None or key not in g.sources:
        return {"source": key, "role": None, "end": "unknown_source"}
    src = g.sources[key]
    node: dict[str, Any] = {"source": key, "name": src.get("name") or key, "role": g.role(key)}
    snaps = g.by_source.get(key, [])
    if not snaps:
        node["end"] = "no_snapshot"
        return node
    budget = [MAX_NODES]
    node["snapshots"] = [_snapshot_node(g, s, [], cycles, budget) for s in snaps]
    return node


def _leaves(node: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    if "end" in node:
        yield node
    for child in [*node.get("snapshots", []), *node.get("links", [])]:
        yield from _leaves(child)


def _paths(node: Mapping[str, Any], above: tuple[Mapping[str, Any], ...] = ()
           ) -> Iterator[tuple[Mapping[str, Any], ...]]:
    """Root-to-leaf paths through snapshots (the source node itself is not on them)."""
    here = (*above, node) if "snapshot" in node else above
    children = [*node.get("snapshots", []), *node.get("links", [])]
    if not children:
        yield here
    for child in children:
        yield from _paths(child, here)


def _origins(tree: Mapping[str, Any]) -> dict[str, tuple[set[str], set[str]]]:
    """Origin source → (outlets that lead to it through links, the origin's snapshot ids)."""
    out: dict[str, tuple[set[str], set[str]]] = {}
    for path in _paths(tree):
        if len(path) < 2 or path[-1].get("end") in ("circular", "source_unreachable"):
            continue
        origin = path[-1]
        outlets = {n["source"] for n in path[:-1] if n["source"] != origin["source"]}
        if outlets:
            entry = out.setdefault(origin["source"], (set(), set()))
            entry[0].update(outlets)
            entry[1].add(origin["snapshot"])
    return out


def _effective_citations(claim: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]]
                         ) -> tuple[list[Mapping[str, Any]], bool]:
    """A part of a compound claim without citations of its own rests on its parent's."""
    seen: set[str] = set()
    c: Mapping[str, Any] | None = claim
    inherited = False
    while c is not None and c["id"] not in seen:
        if c["citations"]:
            return list(c["citations"]), inherited
        seen.add(c["id"])
        c = by_id.get(c.get("parent") or "")
        inherited = True
    return [], False


def _claim_chain(g: _Graph, claim: Mapping[str, Any],
                 by_id: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    citations, inherited = _effective_citations(claim, by_id)
    entries: list[dict[str, Any]] = []
    mine: list[Cycle] = []
    failed = _failures_for(g, claim, by_id)
    for ct in citations:
        key = ct.get("source")
        cite: dict[str, Any] = {
            "cited_as": ct.get("cited_as"), "source": key,
            "inferred": bool(ct.get("inferred")), "inherited": inherited,
            "chain": _source_node(g, key if isinstance(key, str) else None, mine)}
        if isinstance(key, str) and key in failed:
            cite["failed"] = failed[key]
        entries.append(cite)
    # A citation whose fetch failed says nothing about where the chain ends.
    leaves = [leaf for e in entries if "failed" not in e for leaf in _leaves(e["chain"])]
    ends = sorted({leaf["end"] for leaf in leaves}
                  | ({"fetch_failed"} if any("failed" in e for e in entries) else set()),
                  key=ENDS.index)
    reaches = "primary" in ends
    origins: dict[str, tuple[set[str], set[str]]] = {}
    for e in entries:
        for origin, (outlets, snaps) in _origins(e["chain"]).items():
            entry = origins.setdefault(origin, (set(), set()))
            entry[0].update(outlets)
            entry[1].update(snaps)
    single = {o: v for o, v in origins.items() if len(v[0]) >= 2}

    flags = set()
    anonymous = "anonymous_source" in claim["flags"]
    if "unsourced" in claim["flags"] or (not citations and not anonymous):
        flags.add("unsourced")
    if anonymous:
        flags.add("anonymous_source")
    if not reaches and any(leaf.get("role") == "secondary" and leaf.get("status", "ok") == "ok"
                           for leaf in leaves):
        flags.add("secondary_source_only")
    if not reaches and ("source_unreachable" in ends or "no_snapshot" in ends):
        flags.add("source_unreachable")
    if "unknown_source" in ends:
        flags.add("unknown_source")
    if mine:
        flags.add("circular_reporting")
    if single:
        flags.add("single_origin")
    verdict = claim.get("verdict") or {}
    if "fetch_failed" in ends or verdict.get("reason") == "fetch_failed":
        flags.add("fetch_failed")
    if any(leaf.get("end") == "primary" and leaf.get("reconstructed") for leaf in leaves) or any(
            e.get("reconstructed") for e in verdict.get("evidence") or []):
        flags.add("rebuilt_source")
    return {
        "claim": claim["id"],
        "text": claim["text"],
        "flags": [f for f in AUDIT_FLAGS if f in flags],
        "reaches_primary": reaches,
        "ends": ends,
        "citations": entries,
        "circular": [list(k) for k in dict.fromkeys(_cycle_key([sid for _, sid in c])
                                                    for c in mine)],
        "single_origins": [{"origin": o, "snapshots": sorted(v[1]), "outlets": sorted(v[0])}
                           for o, v in sorted(single.items())],
    }


def _failures_for(g: _Graph, claim: Mapping[str, Any],
                  by_id: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """source key -> error, for the fetch items of this claim (or the claims it
    inherits citations from) that failed in the run."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    c: Mapping[str, Any] | None = claim
    while c is not None and c["id"] not in seen:
        seen.add(c["id"])
        for source, error in g.failures.get(c["id"], {}).items():
            out.setdefault(source, error)
        c = by_id.get(c.get("parent") or "")
    return out


def _cycle_key(ids: Sequence[str]) -> tuple[str, ...]:
    """A cycle the same whichever member it was entered from."""
    if len(ids) > 1 and ids[0] == ids[-1]:
        ring = list(ids[:-1])
        i = ring.index(min(ring))
        ring = ring[i:] + ring[:i]
        return (*ring, ring[0])
    return tuple(ids)


def audit(report: Mapping[str, Any]) -> dict[str, Any]:
    """Source chains and flags for every claim, circular reporting and shared origins."""
    check_report(report)
    g = _Graph(report)
    by_id = {c["id"]: c for c in report["claims"]}
    chains = [_claim_chain(g, v.claim, by_id) for v in claims_in_order(report)]

    source_of = {snap["id"]: snap["source"] for snap in g.snapshots}
    circular: dict[tuple[str, ...], dict[str, Any]] = {}
    for ch in chains:
        for cyc in ch["circular"]:
            k = _cycle_key(cyc)
            entry = circular.setdefault(k, {"snapshots": list(k),
                                            "sources": [source_of[s] for s in k], "claims": []})
            if ch["claim"] not in entry["claims"]:
                entry["claims"].append(ch["claim"])

    # Shared origins across the whole report: walked from every secondary source
    # that was fetched, cited or not, so an outlet nobody cited still counts.
    origins: dict[str, tuple[set[str], set[str]]] = {}
    for key in sorted(g.sources):
        if g.role(key) == "primary" or key not in g.by_source:
            continue
        for origin, (outlets, snaps) in _origins(_source_node(g, key, [])).items():
            entry2 = origins.setdefault(origin, (set(), set()))
            entry2[0].update(outlets)
            entry2[1].update(snaps)
    single_origins = []
    for origin, (outlets, snaps) in sorted(origins.items()):
        if len(outlets) < 2:
            continue
        claims = [ch["claim"] for ch in chains
                  if any(o["origin"] == origin for o in ch["single_origins"])]
        single_origins.append({"origin": origin, "role": g.role(origin),
                               "snapshots": sorted(snaps), "outlets": sorted(outlets),
                               "claims": claims})
    flag_counts = {f: sum(f in ch["flags"] for ch in chains) for f in AUDIT_FLAGS}
    return {
        "run": report["run"].get("id"),
        "chains": chains,
        "circular": list(circular.values()),
        "single_origins": single_origins,
        "summary": {"claims": len(chains),
                    "reach_primary": sum(ch["reaches_primary"] for ch in chains),
                    "flags": {f: n for f, n in flag_counts.items() if n}},
    }


# ---------------------------------------------------------------- the terminal view

def _node_line(node: Mapping[str, Any]) -> str:
    if "snapshot" in node:
        role = node.get("role") or "no role"
        bits = [f"snapshot {node['snapshot']}", f"[{node['source']}, {role}]",
                str(node.get("status", "ok"))]
        if node.get("url"):
            bits.append(str(node["url"]))
        if node.get("reconstructed"):
            bits.append(REBUILT_MARK)
    else:
        bits = [f"source {node.get('source') or '(none)'}",
                f"({node.get('role') or 'not in the registry'})"]
    end = node.get("end")
    if end == "primary":
        bits.append("✓ primary source")
    elif end == "circular":
        bits.append("✗ circular: " + " → ".join(node.get("cycle", [])))
    elif end:
        bits.append(f"✗ dead end: {end}")
    if node.get("links_not_fetched"):
        bits.append(f"({node['links_not_fetched']} link(s) not fetched)")
    return " ".join(bits)


def _tree_lines(node: Mapping[str, Any], prefix: str) -> list[str]:
    lines = []
    children = [*node.get("snapshots", []), *node.get("links", [])]
    for i, child in enumerate(children):
        last = i == len(children) - 1
        arrow = "links to " if "link" in child else ""
        lines.append(f"{prefix}{'└─ ' if last else '├─ '}{arrow}{_node_line(child)}")
        lines += _tree_lines(child, prefix + ("   " if last else "│  "))
    return lines


def render_audit_text(result: Mapping[str, Any]) -> str:
    """The audit as plain text for the terminal: one tree per claim, then the findings."""
    lines: list[str] = []
    for ch in result["chains"]:
        flags = f"  [{', '.join(ch['flags'])}]" if ch["flags"] else ""
        reach = "reaches a primary source" if ch["reaches_primary"] else "no primary source"
        text = " ".join(str(ch["text"]).split())
        lines.append(f"{ch['claim']}  {reach}{flags}")
        lines.append(f"  “{text[:100]}{'…' if len(text) > 100 else ''}”")
        if not ch["citations"]:
            lines.append("  └─ cites nothing")
        for i, ct in enumerate(ch["citations"]):
            last = i == len(ch["citations"]) - 1
            how = " (inferred)" if ct["inferred"] else ""
            how += " (from its parent claim)" if ct["inherited"] else ""
            if ct.get("failed"):
                lines.append(f"  {'└─' if last else '├─'} cited as “{ct['cited_as'] or '?'}”"
                             f"{how} → {ct['source']}: fetch failed: {ct['failed']}")
                continue
            lines.append(f"  {'└─' if last else '├─'} cited as “{ct['cited_as'] or '?'}”{how} → "
                         + _node_line(ct["chain"]))
            lines += _tree_lines(ct["chain"], "  " + ("   " if last else "│  "))
        lines.append("")
    if result["circular"]:
        lines.append("Circular reporting:")
        for c in result["circular"]:
            lines.append("  " + " → ".join(f"{src} ({sid})" for src, sid
                                          in zip(c["sources"], c["snapshots"], strict=True))
                         + f"  — claims: {', '.join(c['claims']) or 'none'}")
        lines.append("")
    if result["single_origins"]:
        lines.append("Several outlets, one origin:")
        for o in result["single_origins"]:
            lines.append(f"  {', '.join(o['outlets'])} → {o['origin']} ({o['role'] or 'no role'};"
                         f" {', '.join(o['snapshots'])})"
                         + f"  — claims: {', '.join(o['claims']) or 'none'}")
        lines.append("")
    s = result["summary"]
    flags = ", ".join(f"{f} {n}" for f, n in s["flags"].items()) or "none"
    lines.append(f"{s['reach_primary']} of {s['claims']} claims reach a primary source; "
                 f"flags: {flags}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- W3C PROV

def _when(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError as e:
        raise InputError(f"report: '{value}' is not an ISO date-time") from e


_PROV_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _local(value: object) -> str:
    """A PROV-N-safe local name: ids pass as they are, anything else gets a stable slug."""
    s = str(value)
    if _PROV_LOCAL.fullmatch(s):
        return s
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", s).strip("_.-")[:40]
    return f"{slug or 'x'}_{hashlib.sha256(s.encode()).hexdigest()[:8]}"


def prov_document(report: Mapping[str, Any], result: Mapping[str, Any]) -> Any:
    """The report's provenance as a prov.model.ProvDocument (see `prov_json`)."""
    from prov.constants import PROV
    from prov.model import ProvDocument

    check_report(report)
    g = _Graph(report)
    doc = ProvDocument()
    doc.add_namespace("verify", "urn:verify:")
    for prefix in ("article", "claim", "verdict", "snapshot", "source", "run", "fetch", "review"):
        doc.add_namespace(prefix, f"urn:verify:{prefix}:")
    run = report["run"]
    article = report["article"]
    chains = {ch["claim"]: ch for ch in result.get("chains", [])}

    tool = doc.agent("verify:tool", {"prov:type": PROV["SoftwareAgent"],
                                     "prov:label": report["tool"],
                                     "verify:version": report["version"]})
    for key, src in sorted(g.sources.items()):
        doc.agent(f"source:{_local(key)}", {"prov:type": PROV["Organization"],
                                    "prov:label": str(src.get("name") or key),
                                    "verify:role": str(src.get("role") or "")})
    art = doc.entity(f"article:{_local(article.get('sha256') or 'unknown')}", {
        "prov:type": "verify:Article",
        "prov:label": str(article.get("title") or article.get("location") or ""),
        "prov:location": str(article.get("url") or article.get("location") or ""),
        "verify:sha256": str(article.get("sha256") or ""),
    })

    snaps = {}
    for snap in g.snapshots:
        rebuilt = bool(snap.get("reconstructed"))
        ent = doc.entity(f"snapshot:{_local(snap['id'])}", {
            "prov:type": "verify:Snapshot",
            "prov:location": str(snap.get("final_url") or snap.get("requested_url") or ""),
            "verify:sha256": str(snap.get("sha256") or ""),
            "verify:status": str(snap.get("status") or "ok"),
            "verify:reconstructed": rebuilt,
        })
        # A rebuilt copy was not fetched: its activity says so.
        act = doc.activity(f"fetch:{_local(snap['id'])}", _when(snap.get("fetched_at")), None,
                           {"prov:type": "verify:Rebuild" if rebuilt else "verify:Fetch"})
        doc.wasGeneratedBy(ent, act)
        doc.wasAssociatedWith(act, tool)
        if snap["source"] in g.sources:
            doc.wasAttributedTo(ent, f"source:{_local(snap['source'])}")
        snaps[snap["id"]] = ent
    for snap in g.snapshots:  # a secondary document derives from what it links to
        for url in snap.get("links") or []:
            t = g.target(url) if isinstance(url, str) else None
            if t is not None and t["id"] != snap["id"]:
                doc.wasDerivedFrom(snaps[snap["id"]], snaps[t["id"]], other_attributes={
                    "prov:type": "verify:Cites"})

    judge = doc.activity(f"run:{_local(run.get('id') or 'unknown')}", _when(run.get("started_at")),
                         _when(run.get("finished_at")),
                         {"prov:type": "verify:Judge",
                          "verify:ruleset": str(run.get("ruleset") or ""),
                          "verify:as_of": str(run.get("as_of") or "")})
    doc.wasAssociatedWith(judge, tool)
    for view in claims_in_order(report):
        c = view.claim
        ent = doc.entity(f"claim:{_local(c['id'])}", {
            "prov:type": "verify:Claim", "prov:value": c["text"], "verify:kind": c["kind"],
            "verify:flags": " ".join(c["flags"]),
            "verify:audit_flags": " ".join(chains.get(c["id"], {}).get("flags", [])),
        })
        doc.wasDerivedFrom(ent, art)
        if c.get("parent"):
            doc.wasDerivedFrom(ent, f"claim:{_local(c['parent'])}")
        v = view.verdict
        if v is None:
            continue
        attrs: dict[str, Any] = {"prov:type": "verify:Verdict", "verify:label": v["label"],
                                 "verify:reason": v["reason"],
                                 "verify:qualifier": str(v.get("qualifier") or "")}
        if isinstance(v.get("confidence"), int | float):
            attrs["verify:confidence"] = float(v["confidence"])
        verdict = doc.entity(f"verdict:{_local(c['id'])}", attrs)
        doc.wasGeneratedBy(verdict, judge)
        doc.used(judge, ent)
        doc.wasDerivedFrom(verdict, ent)
        for ev in view.evidence:
            sid = ev.get("snapshot") or _snapshot_for(g, ev)
            if sid in snaps:
                doc.wasDerivedFrom(verdict, snaps[sid], other_attributes={
                    "prov:type": PROV["Quotation"],
                    "verify:quote": str((ev.get("quote") or {}).get("exact", ""))})
        review = c.get("review")
        if isinstance(review, Mapping) and review.get("label"):
            by = str(review.get("by") or "unknown")
            person = doc.agent(f"review:by.{_local(by)}",
                               {"prov:type": PROV["Person"], "prov:label": by})
            rev = doc.entity(f"review:{_local(c['id'])}", {"prov:type": "verify:Review",
                                                   "verify:label": str(review["label"]),
                                                   "verify:note": str(review.get("note") or "")})
            doc.wasDerivedFrom(rev, verdict)
            doc.wasAttributedTo(rev, person)
    return doc


def _snapshot_for(g: _Graph, ev: Mapping[str, Any]) -> str | None:
    """Evidence names its snapshot by id, else by the payload hash, else by URL."""
    sha = ev.get("snapshot_sha256")
    for snap in g.by_source.get(ev.get("source", ""), []):
        if sha and snap.get("sha256") == sha:
            return str(snap["id"])
    url = ev.get("url")
    t = g.target(url) if isinstance(url, str) else None
    return str(t["id"]) if t is not None else None


def prov_json(report: Mapping[str, Any], result: Mapping[str, Any]) -> dict[str, Any]:
    """W3C PROV-JSON: article, claims, verdicts, snapshots; fetch and judge; agents."""
    doc = prov_document(report, result)
    value: dict[str, Any] = json.loads(doc.serialize(format="json"))
    return value


__all__ = ["AUDIT_FLAGS", "ENDS", "audit", "prov_document", "prov_json", "render_audit_text"]
