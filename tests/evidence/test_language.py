"""Languages: detection among the five in use, lemmas by each language's rules,
passages cut with the snapshot's language, and passage cuts that keep old ids."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text
from sqlmodel import select

from verify.evidence.language import detect, language_of, lemmas, negation_words
from verify.pipeline import StoredDocument
from verify.store.db import _alembic_config, create_store_engine, ensure_current
from verify.store.models import Passage, Snapshot
from verify.verdicts import SourceDocs, passages_for
from verify.verdicts.documents import gather
from verify.verdicts.passages import PASSAGE_CUT


def test_each_language_in_use_is_detected():
    assert detect("The parliament approved the bill by a large majority on Friday.") == "en"
    assert detect("Sejm wyraził zgodę na wypowiedzenie konwencji w czwartek.") == "pl"
    assert detect("Госдума одобрила законопроект в первом чтении во вторник.") == "ru"
    assert detect("Верховна Рада ухвалила закон у другому читанні в четвер.") == "uk"
    assert detect("Eduskunta hyväksyi lain äänin torstaina täysistunnossa.") == "fi"


def test_too_short_a_text_has_no_language_and_a_declared_one_wins():
    assert detect("1999 — 2025") is None
    assert language_of("Sejm wyraził zgodę na wypowiedzenie konwencji.", "en-GB") == "en"
    assert language_of("Sejm wyraził zgodę na wypowiedzenie konwencji.", None) == "pl"


def test_lemmas_follow_each_languages_rules():
    assert "zgoda" in lemmas("zgodę", "pl")             # Morfeusz 2
    assert "wyrazić" in lemmas("wyraził", "pl")
    assert "голос" in lemmas("голосами", "ru")          # pymorphy3
    assert "закон" in lemmas("закону", "uk")            # simplemma
    assert "laki" in lemmas("lain", "fi")
    assert lemmas("Taught", "en") == frozenset({"taught"})  # English goes through text.lemmas
    assert "nie" in negation_words("pl") and "ei" in negation_words("fi")


FI = "Tampereen uusi kirjasto avattiin 5. kesäkuuta 2022. Se on suuri."


def test_cut_2_uses_the_snapshots_language_and_cut_1_stays_as_it_was():
    old = [p for p in passages_for("snapF", FI, [], cut=1) if p.kind == "sentence"]
    new = [p for p in passages_for("snapF", FI, []) if p.kind == "sentence"]
    # English rules end a sentence at the ordinal "5."; cut 2 does not
    assert [p.text for p in old] == ["Tampereen uusi kirjasto avattiin 5.",
                                     "kesäkuuta 2022.", "Se on suuri."]
    assert [p.text for p in new] == ["Tampereen uusi kirjasto avattiin 5. kesäkuuta 2022.",
                                     "Se on suuri."]
    assert all(p.id.startswith("psg_") and p.language is None for p in old)
    assert all(p.id.startswith("psg2_") and p.language == "fi" for p in new)
    # the same span under two cuts never shares an id
    assert {p.id for p in old}.isdisjoint(p.id for p in new)


def test_ukrainian_is_cut_with_cyrillic_initials_kept():
    text = "Указ підписав Президент України В. Зеленський. Він набирає чинності негайно."
    sents = [p.text for p in passages_for("snapU", text, []) if p.kind == "sentence"]
    assert sents == ["Указ підписав Президент України В. Зеленський.",
                     "Він набирає чинності негайно."]


def _old_snapshot_row() -> Snapshot:
    return Snapshot(id="s-old", source_key="eduskunta", requested_url="https://e.test/v",
                    final_url="https://e.test/v", status="ok", fetched_at=datetime(
                        2025, 7, 1, tzinfo=UTC), payload_sha256="ab" * 32, text=FI,
                    facts=[], links=[])


def test_a_database_from_before_cuts_were_versioned_still_reads(tmp_path):
    """A database at the first revision, with passages cut the old way, is
    migrated; its snapshot reads back as cut 1 and the verdict engine derives
    exactly the stored passage ids (evidence rows keep pointing at them)."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_store_engine(url)
    with engine.connect() as conn, conn.begin():
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(text(
            "INSERT INTO snapshot (id, source_key, requested_url, final_url, status, reason,"
            " fetched_at, payload_sha256, text, reconstructed, facts, links) VALUES"
            " ('s-old', 'eduskunta', 'https://e.test/v', 'https://e.test/v', 'ok', '',"
            " '2025-07-01 00:00:00', :sha, :t, 0, '[]', '[]')"), {"sha": "ab" * 32, "t": FI})
        for p in passages_for("s-old", FI, [], cut=1):
            conn.execute(text(
                "INSERT INTO passage (id, snapshot_id, kind, start, \"end\", text) VALUES"
                " (:id, 's-old', :k, :s, :e, :t)"),
                {"id": p.id, "k": p.kind, "s": p.start, "e": p.end, "t": p.text})
    ensure_current(engine)
    from sqlmodel import Session

    with Session(engine) as s:
        row = s.get(Snapshot, "s-old")
        assert row is not None and row.passage_cut is None
        stored = {p.id for p in s.exec(select(Passage)).all()}
        doc = StoredDocument.from_row(row, "eduskunta", "test")
    assert doc.passage_cut == 1
    [d] = gather([SourceDocs("eduskunta", "primary", (doc,), ())]).docs
    assert {p.id for p in d.passages} == stored
    engine.dispose()


def test_a_new_snapshot_is_cut_with_its_language_where_stored_and_where_judged():
    row = _old_snapshot_row()
    row.passage_cut, row.language = PASSAGE_CUT, "fi"
    doc = StoredDocument.from_row(row, "eduskunta", "test")
    [d] = gather([SourceDocs("eduskunta", "primary", (doc,), ())]).docs
    assert {p.id for p in d.passages} == {
        p.id for p in passages_for("s-old", FI, [], language="fi", cut=PASSAGE_CUT)}
    assert {p.language for p in d.passages} == {"fi"}


def test_simplemma_tables_are_read_from_tries_in_the_cache_folder(tmp_path, monkeypatch):
    """uk and fi lemmas come from MARISA tries written once to the cache folder:
    the same lemmas as simplemma's own dicts, a damaged trie rebuilt."""
    import simplemma

    from verify.cache import cache_dir
    from verify.evidence import language

    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path))
    language._simplemma.cache_clear()
    try:
        words = ["закону", "підписав", "ратифікації", "країни", "президентом", "зброя"]
        ours = language._simplemma()
        assert [ours.lemmatize(w, lang="uk") for w in words] == \
            [simplemma.lemmatize(w, lang="uk") for w in words]
        tries = list(cache_dir().glob("simplemma/*/uk.dic"))
        assert len(tries) == 1 and tries[0].stat().st_size > 1_000_000
        assert not list(cache_dir().glob("simplemma/*/*.tmp"))
        tries[0].write_bytes(b"not a trie")  # damaged: rebuilt on the next process's first use
        language._simplemma.cache_clear()
        again = language._simplemma()
        assert again.lemmatize("закону", lang="uk") == simplemma.lemmatize("закону", lang="uk")
        assert tries[0].stat().st_size > 1_000_000
    finally:
        language._simplemma.cache_clear()


def test_detection_among_the_languages_a_caller_names():
    """A fact's rendering is English or its page's language: detected among those
    two, it is never a third; with one candidate nothing is weighed."""
    text = "sejm, vote of 25 Jun 2025: Sprawozdanie Komisji o rządowym projekcie ustawy"
    assert detect(text, among=("pl", "en")) == "pl"
    assert detect("Finland: withdrawal; notification received 10 Jul 2025",
                  among=("en", "en")) == "en"
    assert detect("Finland: withdrawal; notification received 10 Jul 2025",
                  among=("de", "en")) == "en"  # German is not in use: English alone
    assert detect("1999 — 2025", among=("pl", "en")) is None
    assert detect("Eduskunta hyväksyi lain äänin torstaina.", among=("fi", "en")) == "fi"
