"""Print the sha256 of every file of the shipped model, for tests/claims/test_language_model.py.

    python training/spacy/manifest.py verify/models/en_news
"""

import hashlib
import sys
from pathlib import Path

root = Path(sys.argv[1])
for p in sorted(root.rglob("*")):
    if p.is_file():
        print(f'    "{p.relative_to(root)}": "{hashlib.sha256(p.read_bytes()).hexdigest()}",')
