from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from conftest import build_tiny_model
from framing import ModelError, NLIModel
from framing._nli import find_label_indices


@pytest.mark.parametrize(
    "id2label, expected",
    [
        ({0: "entailment", 1: "neutral", 2: "contradiction"}, (0, 2)),
        ({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}, (2, 0)),
        ({"0": "Contradiction", "1": "Entailment"}, (1, 0)),
        ({0: "entailment", 1: "not_entailment"}, (0, None)),
    ],
)
def test_label_indices_are_found_case_insensitively(id2label, expected):
    assert find_label_indices(id2label) == expected


def test_a_checkpoint_without_entailment_label_is_refused_before_scoring(tmp_path: Path):
    folder = build_tiny_model(tmp_path / "m", id2label={0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    with pytest.raises(ModelError, match="no 'entailment' label.*LABEL_0, LABEL_1, LABEL_2"):
        NLIModel.load(folder)


def test_missing_model_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(ModelError, match="model folder not found"):
        NLIModel.load(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="has no config.json"):
        NLIModel.load(tmp_path / "empty")


def test_weights_that_do_not_match_the_card_are_refused(tiny_model: Path, tmp_path: Path):
    from framing._files import sha256_file

    folder = tmp_path / "m"
    shutil.copytree(tiny_model, folder)
    weights = folder / "model.safetensors"
    (folder / "card.json").write_text(json.dumps({"weights_sha256": {"model.safetensors": sha256_file(weights)}}))
    NLIModel.load(folder)  # matches: loads
    data = bytearray(weights.read_bytes())
    data[-10] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256 does not match the model card"):
        NLIModel.load(folder)


def test_batched_sorted_deduplicated_scores_equal_one_by_one(tiny_model: Path):
    nli = NLIModel.load(tiny_model, batch_size=3)
    premises = ["the cat sat on the mat .", "rain", "the river was wet after the rain , officials said .", "rain"] * 3
    hypotheses = ["it is wet .", "the sun is dry .", "someone said this .", "the sun is dry ."] * 3
    batched = nli.score_pairs(premises, hypotheses)
    single = NLIModel.load(tiny_model, batch_size=1)
    one_by_one = np.array([single.score_pairs([p], [h])[0] for p, h in zip(premises, hypotheses)])
    assert batched.shape == (12,)
    np.testing.assert_allclose(batched, one_by_one, atol=1e-5)
    assert np.all((batched > 0) & (batched < 1))
    calls = []
    nli.score_pairs(premises, hypotheses, progress=calls.append)
    assert sum(calls) == 3  # three distinct pairs are scored, once each


def test_entail_vs_contra_ignores_neutral(tiny_model: Path):
    import torch

    full = NLIModel.load(tiny_model)
    two_way = NLIModel.load(tiny_model, score_mode="entail_vs_contra")
    pair = (["the bridge may fail ."], ["this claim is uncertain ."])
    enc = full.tokenizer(*pair, return_tensors="pt")
    with torch.inference_mode():
        logits = full.model(**enc).logits[0]
    expected = torch.softmax(logits[[0, 2]], dim=-1)[0].item()
    assert two_way.score_pairs(*pair)[0] == pytest.approx(expected, abs=1e-6)
    assert full.score_pairs(*pair)[0] == pytest.approx(torch.softmax(logits, -1)[0].item(), abs=1e-6)
    with pytest.raises(ModelError, match="score_mode"):
        NLIModel.load(tiny_model, score_mode="logits")
