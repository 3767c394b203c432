"""Agent nouns of a possessed sector (issue 21): "officials of Turkey's army".

An agent noun before "of STATE's AGENT" used to take the state as its own
("officials of Turkey"), after which the possessive phrase found the state
mention it had just consumed and ``_demonym_groups`` raised ``ValueError:
list.remove(x): x not in list``. The possessive phrase is the sector, and the
agent noun before "of" is of that sector. Sentences written for these tests.
"""

from __future__ import annotations

import json

import pytest

from kg.extract import prepare_doc
from kg.nlp.actors import mentions_of

pytestmark = pytest.mark.model


def _mentions(nlp, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    doc = nlp(prepare_doc(nlp, text, "2021-06-01"))
    return {doc[m.start : m.end].text: m.actor.id for m in mentions_of(doc)}


@pytest.mark.parametrize(
    ("sentence", "surface", "actor_id"),
    [
        # "sector of X's Y"
        (
            "Chile received delegates of Peru's government.",
            "delegates of Peru's government",
            "PER_GOV",
        ),
        (
            "Commanders of Turkey's army toured Azerbaijan.",
            "Commanders of Turkey's army",
            "TUR_MIL",
        ),
        (
            "Soldiers of Russia's navy seized a Ukrainian tug.",
            "Soldiers of Russia's navy",
            "RUS_MIL",
        ),
        # nested possessives: the innermost sector phrase decides
        (
            "Lawmakers of Iran's parliament's budget committee rejected the plan.",
            "Lawmakers of Iran's parliament",
            "IRN_LEG",
        ),
        # a possessed noun that is no agent: the agent noun stays the state's
        ("Troops of Russia's western district shelled Kharkiv.", "Troops of Russia", "RUS_MIL"),
        ("Officials of Chile's largest port welcomed the ship.", "Officials of Chile", "CHL_GOV"),
        # two of them in one clause
        (
            "Envoys of Spain's government met officers of Morocco's police.",
            "officers of Morocco's police",
            "MAR_COP",
        ),
    ],
)
def test_agent_noun_of_a_possessed_sector(nlp, sentence, surface, actor_id) -> None:  # type: ignore[no-untyped-def]
    assert _mentions(nlp, sentence).get(surface) == actor_id


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        ("Brazil hosted leaders of Argentina's government.", "BRA", "ARG_GOV"),
        ("Generals of Egypt's army visited Sudan.", "EGY_MIL", "SDN"),
        ("Spokesmen of Kenya's police accused Somali militants.", "KEN_COP", None),
        (
            "Colombia met envoys of Ecuador's government and diplomats of Peru's government.",
            "COL",
            "ECU_GOV",
        ),
        ("Rwanda's army's officers and officials of Uganda's army's command met.", None, None),
        ("Soldiers of Mali's army's own units, of Niger's army, fought.", None, None),
    ],
)
def test_possessive_sentences_extract_without_error(extract_text, sentence, source, target) -> None:  # type: ignore[no-untyped-def]
    relations = extract_text(sentence)  # raised ValueError before the fix
    pairs = {(r.source.id, r.target.id) for r in relations}
    if source is not None and target is not None:
        assert (source, target) in pairs
    elif source is not None:
        assert source in {s for s, _ in pairs}


def test_cli_extract_of_a_possessed_sector_exits_zero() -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(
        cli, ["extract", "-"], input="Chile received delegates of Peru's government.\n"
    )
    assert result.exit_code == 0, result.output
    targets = {json.loads(line)["target"]["id"] for line in result.stdout.splitlines()}
    assert targets == {"PER_GOV"}
