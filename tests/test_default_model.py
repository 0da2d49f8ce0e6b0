"""Behaviour that depends on the shipped default model (models/framing-nli-minilm)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import framing
from conftest import EXAMPLES
from framing.cli import app

pytestmark = pytest.mark.slow

OBVIOUS = [  # (premise, hypothesis that it entails, the hypothesis's negation)
    ("The mayor said on Monday that the bridge will reopen next week.", "Someone said something.", "Nobody said anything."),
    ("Three firefighters were injured when the roof of the warehouse collapsed.", "People were hurt.", "Nobody was hurt."),
    ("The council voted to close the library on Sundays.", "The council held a vote.", "The council did not vote."),
    ("A dog is running across a grassy field.", "An animal is outside.", "No animal is outside."),
    ("The company reported a loss of 40 million dollars last year.", "The company lost money.", "The company did not lose money."),
]


@pytest.fixture(scope="module")
def default_nli() -> framing.NLIModel:
    return framing.NLIModel.load()


@pytest.mark.parametrize("premise, positive, negative", OBVIOUS)
def test_entailment_beats_contradiction_on_obvious_pairs_and_the_reverse_on_negations(default_nli, premise, positive, negative):
    probs = {}
    for hyp in (positive, negative):
        enc = default_nli.tokenizer(premise, hyp, return_tensors="pt")
        import torch

        with torch.inference_mode():
            p = torch.softmax(default_nli.model(**enc).logits[0], -1)
        probs[hyp] = (p[default_nli.entail_index].item(), p[default_nli.contra_index].item())
    assert probs[positive][0] > probs[positive][1]
    assert probs[negative][1] > probs[negative][0]


def test_default_model_has_a_verified_card_with_its_accuracy(default_nli):
    card = default_nli.card
    assert card["weights_sha256"] and card["evaluation"]["mnli_dev_matched"]["n"] == 9815
    res = CliRunner().invoke(app, ["info"])
    assert res.exit_code == 0, res.output
    assert "framing-nli-minilm" in res.output and "accuracy on mnli_dev_matched: 0." in res.output


def test_example_corpus_outlets_rank_as_written():
    corpus = framing.Scorer().score(EXAMPLES)
    profiles = {p.outlet: p for p in framing.profile_outlets(corpus)}
    assert set(profiles) == {"meridian-post", "civic-dispatch", "the-rampart", "harbor-ledger"}
    top = {m: max(profiles.values(), key=lambda p: p.rate(m)).outlet for m in ("hedging", "attribution", "loaded_language")}
    assert top == {"hedging": "meridian-post", "attribution": "civic-dispatch", "loaded_language": "the-rampart"}
    assert all(p.n_articles >= 2 and p.n_sentences >= 30 for p in profiles.values())
