"""citebot: answers questions from a curated, sourced knowledge base."""

from importlib.metadata import PackageNotFoundError, version

# One source for the version: pyproject.toml, read back from the installed metadata, so a
# release bumps one line and `--version`, the heartbeat and the package can never disagree.
try:
    __version__ = version("citebot")
except PackageNotFoundError:  # a checkout run without installing (PYTHONPATH=.)
    __version__ = "0+unknown"
