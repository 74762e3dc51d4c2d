# ruff: noqa: E501  (the pinned manifest: one file and its sha256 a line)
"""The shipped English pipeline: its files are the ones trained (sha256 pinned), it loads only
when claims are extracted, and it reads a news sentence the same way every time."""

import hashlib
import subprocess
import sys

from verify.claims.nlp import MODEL_DIR

# Written by `python training/spacy/manifest.py verify/models/en_news` after training.
SHA256 = {
    "LICENSE": "a0c892917c6eb91ce9f2421728afd263378bcdbd5d6c4eaf4bfc1bfadff237ea",
    "MODEL_CARD.md": "a43adc33c9ed97ee67256951ed4d0b940cb3c9fff253a9024db5157862c36207",
    "accuracy.json": "b5caefe0d306e2efff494a4fee180097cc7772e4036058dc6514e9c5ba8e3db8",
    "config.cfg": "9c0f40e8efda64ba825621a52e7a0a9c8b8f868a18ead3b490c97d39d7e75988",
    "meta.json": "e82a9ffbfdb86ec67fe83295d5c86e2425a81c3342f3515f1927e59fbcb00a4c",
    "morphologizer/cfg": "5f10d99ef8777913c7b07c6038709551b08caaf08fa7c8a1b27229c35d346e16",
    "morphologizer/model": "11585ebf9e825b4abfb852fecf3654d0ab2907a648d744b68fd03dbce99b4e28",
    "ner/cfg": "a7172edadafba9f472e9ac0f2660eec04b6405e471be9e20267b79c67288d22d",
    "ner/model": "473cedae2799221fa2b0bb62ebc1645e78b9d27b073056040298ed0420c45877",
    "ner/moves": "eb339dd65591b131faa71a5778c7f77cfa5145d1799d1dd2ecbcd80675bd4344",
    "parser/cfg": "e2a240ef01f95e58f5dd4c9d6e90d61f597b8d998966570d3009dd81e8879780",
    "parser/model": "37b2d9ce440aeb78cb9c78c2b355f095967cb75996405e5d1bae8072c70c2cd0",
    "parser/moves": "d1ac0016d0b07a8eceb5eb9a9eb271c5b38ac477ad99df16d9f9eddef73602bb",
    "tagger/cfg": "d418cf0f5de54f9d6baa8278026daee5666fb0e9e81a2b0d209f00f5c20fd830",
    "tagger/model": "07e9d8c73d61eaeb7085ad678e0e9c3e58e4a8ae24f89495572319f2311a3a49",
    "tok2vec/cfg": "f8a5a26e3056eb6fb06deeb3dbccfd88ae74900200c98c70b5966bbb7ec9d4de",
    "tok2vec/model": "b5d7feaf1cc5d3d6058316dd51f9cc808c414f18892af9bc726fb2f114827d56",
    "tokenizer": "b014e8bba4958b120af2d0c1c63eabb7c00379f2bacaf10df7c5325efd2ea467",
    "trainable_lemmatizer/cfg": "c29d0920fba8347ef816f9e0aaf963a50f07dc53e77525fcc51a9f4e5d818451",
    "trainable_lemmatizer/model": "b8c7e769404885490e867796279f15f781c8c53e091292236e85879baa0d9b60",
    "trainable_lemmatizer/trees": "770eea8dcccb55ccc4f81588af38efd78c2bdd70b5e92d1844fbf51a95742c0c",
    "vocab/key2row": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/lookups.bin": "76be8b528d0075f7aae98d6fa57a6d3c83ae480a8469e668d7b0af968995ac71",
    "vocab/strings.json": "411ffa1d9a7f5aa9ec844bf6f14dfc64a387e0e422ea92aae43a966dbfc04c8e",
    "vocab/vectors": "14772b683e726436d5948ad3fff2b43d036ef2ebbe3458aafed6004e05a40706",
    "vocab/vectors.cfg": "ff4359091952c8cd16f1f0482f5770fb82d1707368d5cca3c46aa501f552e3c5",
}


def test_model_files_are_the_trained_ones():
    files = {
        str(p.relative_to(MODEL_DIR)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(MODEL_DIR.rglob("*")) if p.is_file() and p.name != "SHA256SUMS"
    }
    assert files == SHA256


def test_importing_verify_and_its_help_do_not_load_spacy():
    code = (
        "import sys\n"
        "import verify, verify.claims, verify.cli, verify.pipeline\n"
        "from verify.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_parse_is_deterministic_and_loaded_once():
    from verify.claims import nlp

    text = "Gov. Ana Reyes said on Sept. 4 that the city would hire 40 new teachers."
    first = [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in nlp.parse(text, "en")]
    second = [(t.text, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in nlp.parse(text, "en")]
    assert first == second
    assert nlp.pipeline() is nlp.pipeline()
    assert nlp.parse(text, "pl") is None  # other languages keep the patterns


def test_a_long_text_is_parsed_in_pieces_joined_into_one_doc(monkeypatch):
    """Above CHUNK_CHARS the text is parsed a piece at a time (cut after paragraph
    breaks) and joined: the same text and token offsets, every piece's sentences
    and entities kept, each paragraph parsed as it is alone."""
    from verify.claims import nlp

    paras = [f"The council in Lisbon approved {n} new schools on {n} May 2024, the mayor said. "
             f"Mayor Ana Costa called the vote a turning point for the city." for n in range(3, 40)]
    text = "\n\n".join(paras) + "\n"
    pieces = nlp.chunks(text, 1_000)
    assert "".join(pieces) == text and len(pieces) > 3
    assert all(len(p) <= 1_000 and (p.endswith("\n\n") or p is pieces[-1]) for p in pieces)
    whole = nlp.pipeline()(text)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 1_000)
    joined = nlp.parse(text, "en")
    assert joined.text == text
    assert [t.idx for t in joined] == [t.idx for t in whole]
    sents = [(s.start_char, s.end_char) for s in joined.sents if s.text.strip()]
    assert sents == [(s.start_char, s.end_char) for s in whole.sents if s.text.strip()]
    assert len(sents) == 2 * len(paras)
    ents = [(e.start_char, e.end_char, e.label_) for e in joined.ents]
    assert ents == [(e.start_char, e.end_char, e.label_) for e in whole.ents]
    assert len({label for _, _, label in ents}) >= 2, ents


def test_a_long_parse_tells_its_progress(monkeypatch):
    from verify.claims import nlp

    text = "\n\n".join(f"The council approved {n} new schools, the mayor said." for n in range(60))
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 1_000)
    lines: list[str] = []
    nlp.parse(text, "en", progress=lines.append)
    assert len(lines) == len(nlp.chunks(text, 1_000)) >= 3
    assert lines[-1] == f"claims: parsed {len(text):,}/{len(text):,} characters"


def test_loading_the_pipeline_leaves_spacys_command_line_unloaded():
    """spaCy's __init__ would import its CLI (typer, weasel, jinja2, httpx): the pipeline
    loads and parses without any of it, and spacy.cli's modules still import on demand."""
    code = ("import sys\n"
            "from verify.claims.nlp import pipeline\n"
            "doc = pipeline()('The minister said the vote passed.')\n"
            "print([t.dep_ for t in doc])\n"
            "print(sorted(m for m in ('typer', 'weasel', 'jinja2', 'httpx') if m in sys.modules))\n"
            "import spacy.cli._util\n"
            "print(spacy.cli._util.__file__.endswith('_util.py'))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    deps, loaded, util = r.stdout.splitlines()
    assert deps == "['det', 'nsubj', 'ROOT', 'det', 'nsubj', 'ccomp', 'punct']"
    assert loaded == "[]"
    assert util == "True"
