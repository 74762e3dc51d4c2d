"""The shipped English pipeline: its files are the ones trained (sha256 pinned), it loads only
when claims are extracted, and it reads a news sentence the same way every time."""

import hashlib
import subprocess
import sys

from verify.claims.nlp import MODEL_DIR

# Written by `python training/spacy/manifest.py verify/models/en_news` after training.
SHA256 = {
}


def test_model_files_are_the_trained_ones():
    files = {
        str(p.relative_to(MODEL_DIR)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(MODEL_DIR.rglob("*")) if p.is_file()
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
