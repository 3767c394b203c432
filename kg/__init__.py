"""geokg: geopolitical knowledge graphs from news.

The public API. Heavy parts (spaCy, the store) are imported on first use, so
``import kg`` is cheap.

Examples
--------
>>> import kg
>>> kg.Actor("EGY", "Egypt", "State", "EGY").label
'Egypt'
"""

from __future__ import annotations

import importlib
from typing import Any

from kg.errors import ConfigError, InputError, KGError, ModelNotFoundError, QueryError, StoreError
from kg.model import Actor, Article, Evidence, Relation

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "ConfigError",
    "Evidence",
    "InputError",
    "KGError",
    "ModelNotFoundError",
    "QueryError",
    "Relation",
    "StoreError",
    "__version__",
    "build",
    "extract",
    "load_pipeline",
    "open_store",
    "read_articles",
]

#: public name -> module that defines it (imported lazily, see ``__getattr__``).
_LAZY = {
    "read_articles": "kg.ingest",
    "load_pipeline": "kg.nlp.pipeline",
    "extract": "kg.extract",
    "build": "kg.build",
    "open_store": "kg.store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
