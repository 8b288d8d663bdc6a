"""citebot: answers questions from a curated, sourced knowledge base."""

__version__ = "0.1.0"
