"""More articles of other kinds, each with its expected claims beside it (expected.json)."""

import json
from pathlib import Path

import pytest

from verify.claims import extract_claims, load_article

DATA = Path(__file__).parent / "data"
CASES = sorted(p for p in DATA.iterdir() if (p / "expected.json").is_file())


def _article_file(folder):
    (path,) = [p for p in folder.iterdir() if p.stem == "article" and p.suffix != ".toml"]
    return path


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_article_yields_its_expected_claims(folder, registry):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    article = load_article(_article_file(folder))
    if "language" in expected:
        assert article.language == expected["language"]
    if "published" in expected:
        assert article.published.isoformat() == expected["published"]
    claims = extract_claims(article, registry)
    tops = [c for c in claims if c.parent is None]
    assert len(tops) == expected["sentences"], [c.text for c in tops]
    for c in claims:
        assert c.text == article.text[c.span[0] : c.span[1]] or c.parent is not None
    for exp in expected["claims"]:
        hits = [c for c in tops if c.text.startswith(exp["match"]) or exp["match"] in c.text]
        assert hits, exp["match"]
        claim = hits[0]
        where = f"{folder.name}: {exp['match']}"
        if "kind" in exp:
            assert claim.kind == exp["kind"], where
        if "speaker" in exp:
            assert claim.speaker == exp["speaker"], where
        if "quote" in exp:
            assert claim.quote == exp["quote"], where
        for flag in exp.get("flags", []):
            assert flag in claim.flags, (where, claim.flags)
        for flag in exp.get("not_flags", []):
            assert flag not in claim.flags, (where, claim.flags)
        if "numbers" in exp:
            got = [[q.value, q.unit] for q in claim.slots.numbers]
            for value, unit in exp["numbers"]:
                assert any(g[0] == pytest.approx(value) and g[1] == unit for g in got), (where, got)
        if "dates" in exp:
            got = [[d.year, d.month, d.day] for d in claim.slots.dates]
            assert got == exp["dates"], where
        if "entities" in exp:
            keys = {e.key for e in claim.slots.entities}
            assert set(exp["entities"]) <= keys, (where, keys)
        if "no_entities" in exp:
            keys = {e.key for e in claim.slots.entities}
            assert not set(exp["no_entities"]) & keys, (where, keys)
        if "no_numbers" in exp:
            got = [q.text for q in claim.slots.numbers]
            assert not set(exp["no_numbers"]) & set(got), (where, got)
        if "references" in exp:
            assert [list(r) for r in claim.references] == exp["references"], where
        if "negated" in exp:
            assert claim.slots.negated == exp["negated"], where
        for want in exp.get("citations", []):
            assert any(
                all(getattr(c, k) == v for k, v in want.items()) for c in claim.citations
            ), (where, claim.citations)
        if "children" in exp:
            kids = [c for c in claims if c.parent == claim.id]
            assert [c.role for c in kids] == exp["children"], where
            for text in exp.get("child_texts", []):
                assert text in [c.text for c in kids], (where, [c.text for c in kids])
            for text, refs in exp.get("child_references", []):
                kid = next(c for c in kids if c.text == text)
                assert [list(r) for r in kid.references] == refs, (where, kid.references)
            for kid in kids:  # a part's span covers the words it came from
                assert claim.span[0] <= kid.span[0] < kid.span[1] <= claim.span[1], where
