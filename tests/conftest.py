"""Shared fixtures: a tiny random-weight BERT NLI model built on the spot (no network, no shipped model)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "corpus"
WORDS = """the a an of to in and or is are was were be been it this that he she they we you said says told
according may might could would will can not no officials minister mayor police report reports reportedly
allegedly appears seems likely possibly perhaps bridge river city council water spill company outlet plan
slammed disastrous scandal regime reckless chaos shameful on at by for with from as after before new
someone person organisation claim uncertain writer sure whether true sentence what emotionally charged
language biased statement hedged rain wet sun dry cat dog sat mat""".split()


def build_tiny_model(folder: Path, id2label: dict[int, str] | None = None, seed: int = 0, card: bool = False) -> Path:
    """Save a 2-layer random BERT sequence classifier with a small word-level vocabulary; with ``card``, a card.json
    holding the weights' sha256 as framing's trainer writes one (without it, loading warns "weights not verified")."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", ",", "'", '"', "!", "?", ":", ";", "-"]
    vocab += sorted(set(WORDS)) + [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
    words = list(dict.fromkeys(vocab))
    (folder / "vocab.txt").write_text("\n".join(words) + "\n")
    # transformers 5 takes the vocabulary as ``vocab`` (a dict or a vocab.txt path) and ignores ``vocab_file=``,
    # which would leave only the 5 special tokens; transformers 4 takes ``vocab_file=``
    try:
        tokenizer = BertTokenizerFast(vocab=str(folder / "vocab.txt"), do_lower_case=True)
    except (TypeError, ValueError):
        tokenizer = None
    if tokenizer is None or tokenizer.vocab_size != len(words):
        tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    assert tokenizer.vocab_size == len(words), (tokenizer.vocab_size, len(words))
    id2label = id2label or {0: "ENTAILMENT", 1: "Neutral", 2: "contradiction"}
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=256, num_labels=len(id2label),
                        id2label=id2label, label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(seed)
    model = BertForSequenceClassification(config).eval()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    if card:
        from framing._modelcard import weights_sha256, write_card

        write_card(folder, {"weights_sha256": weights_sha256(folder)})
    elif (folder / "card.json").exists():
        (folder / "card.json").unlink()
    return folder


def lines(output: str) -> list[str]:
    """The non-blank lines of a command's output."""
    return [line for line in output.splitlines() if line.strip()]


def interrupt_scoring(scorer, corpus: Path, out: Path, after: int = 3) -> list[str]:
    """Run ``score_file`` one document per shard and stop it, as Ctrl-C would, when the ``after``-th shard
    starts; the scorer is restored. Returns the ids of the documents it was asked to score."""
    from framing._batch import score_file

    original, calls = scorer.score, []

    def flaky(docs, **kw):
        calls.append(docs[0].id)
        if len(calls) == after:
            raise KeyboardInterrupt
        return original(docs, **kw)

    scorer.score = flaky
    try:
        with pytest.raises(KeyboardInterrupt):
            score_file(corpus, out, scorer, shard_size=1)
    finally:
        scorer.score = original
    return calls


def assert_user_error(res, fragment: str, code: int = 2) -> None:
    """A CLI error as users must see it: exit ``code`` (2), one error line that contains ``fragment``, no traceback.

    A model that loaded before the error was found may have printed its one-line "weights not verified" warning
    first (the tiny test models have no card); Python shows it once per process, so whether it appears depends on
    which test loaded the model first: it is not counted."""
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output, res.output
    errors = [x for x in lines(res.output) if not x.startswith("warning: ") or "weights not verified" not in x]
    assert len(errors) == 1, res.output
    assert fragment in res.output, res.output


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-nli"))


@pytest.fixture(scope="session")
def tiny_scorer(tiny_model: Path):
    import framing

    return framing.Scorer(tiny_model)


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    """A folder corpus: two outlets, two articles each, with some boilerplate."""
    texts = {
        "alpha/a1.txt": "Bridge reopens after repairs\n\nBy Ann Lee\n\nThe bridge reopened on Monday. Officials said the river was calm.\n\nShare this article\n",
        "alpha/a2.txt": "Council meets\n\nThe council may approve the plan. It reportedly has support.\n",
        "beta/b1.txt": "Disastrous spill\n\nThe reckless company caused chaos. The regime slammed critics.\n\nRead more: Other news\n",
        "beta/b2.txt": "Water report\n\nThe water report was published on Tuesday. The minister said the water is safe.\n",
    }
    for rel, text in texts.items():
        f = tmp_path / "corpus" / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    return tmp_path / "corpus"
