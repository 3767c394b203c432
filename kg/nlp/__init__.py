"""The language stage: spaCy pipeline loading and geokg's pipeline components.

``pipeline`` loads a model and adds the components; ``actors`` resolves
mentions to actors of the knowledge base; ``coref`` links pronouns and
definite descriptions; ``relations`` reads the relations. Components are
registered once, in :mod:`kg.nlp.factories` (also exposed to spaCy through the
``spacy_factories`` entry points, so ``nlp.add_pipe("geokg_relations")`` works
in any spaCy program once geokg is installed).
"""

from __future__ import annotations

__all__: list[str] = []
