"""verify: source verification and provenance for fact-checkers."""

__version__ = "0.1.0"
