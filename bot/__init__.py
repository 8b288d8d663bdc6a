"""citebot: answers questions from a curated, sourced knowledge base."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`bot.__version__`, read when first asked for.

    One source for the version: pyproject.toml, read back from the installed metadata, so a
    release bumps one line and `--version`, the heartbeat and the package never disagree. Read
    lazily: importing importlib.metadata costs tens of milliseconds, which `python -m bot
    health` (run every few seconds by a container) must not pay.
    """
    if name != "__version__":
        raise AttributeError(f"module 'bot' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("citebot")
    except PackageNotFoundError:  # a checkout run without installing (PYTHONPATH=.)
        return "0+unknown"
