"""The lecture's own numbers, reproduced by the reference solutions of lecture 2.

Where the lecture is deterministic the reference must give its numbers: vocabulary,
counts, the NLL of the names, the neural bigram's losses, the split sizes. Two places
need a word of explanation, in the tests below: the lecture's printed NLL is a float32
running sum (the exact mean differs in the 4th decimal), and the names sampled with
seed 2147483647 are not the video's on today's torch.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

from tests.conftest import solution_modules

bigram, neural, trigram, split, smoothing = vars(solution_modules(
    "lecture2", "bigram", "neural", "trigram", "split", "smoothing")).values()


@pytest.fixture(scope="module")
def vocab(words):
    return bigram.build_vocab(words)


@pytest.fixture(scope="module")
def N(words, vocab):
    return bigram.bigram_counts(words, vocab[0])


def test_vocabulary(words, vocab):
    stoi, itos = vocab
    assert len(words) == 32033
    assert len(stoi) == 27 and stoi["."] == 0 and stoi["a"] == 1 and stoi["z"] == 26
    assert all(itos[i] == ch for ch, i in stoi.items())


def test_counts(N):
    assert N.dtype == torch.int32 and N.shape == (27, 27)
    assert int(N.sum()) == 228146                 # one bigram per character plus the final '.'
    assert int(N[0, 1]) == 4410                   # names starting with 'a', the heatmap's '.a'
    p = N[0].float() / N[0].sum()
    assert torch.allclose(p[:4], torch.tensor([0.0, 0.1377, 0.0408, 0.0481]), atol=1e-4)


def test_generator_still_matches_the_lecture():
    g = torch.Generator().manual_seed(2147483647)
    assert torch.allclose(torch.rand(3, generator=g), torch.tensor([0.7081, 0.3542, 0.1054]), atol=1e-4)
    # Many samples at once are drawn as in the lecture too.
    g = torch.Generator().manual_seed(2147483647)
    p = torch.rand(3, generator=g)
    p = p / p.sum()
    draws = torch.multinomial(p, num_samples=20, replacement=True, generator=g)
    assert draws.tolist() == [1, 1, 2, 0, 0, 2, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1]


def test_sampled_names_on_this_torch(N, vocab):
    # The video samples "mor.", "axx.", "minaymoryles.", "kondlaisah.", "anchshizarie."; its
    # first draw from P[0] is 13 ('m'). Today's torch draws a *single* multinomial sample
    # another way than the 2022 version did (torch.rand and many-sample draws above still
    # match), so the same seed gives other names: these, on torch 2.13.0. The graders never
    # pin them: the checks compare a learner's names with the reference's in the same run.
    P = bigram.bigram_probs(N, k=1)
    g = torch.Generator().manual_seed(2147483647)
    first = torch.multinomial(N[0].float() / N[0].sum(), num_samples=1, replacement=True, generator=g)
    g = torch.Generator().manual_seed(2147483647)
    names = bigram.sample_names(P, vocab[1], 5, g)
    version = f"(torch {torch.__version__}: has multinomial changed again?)"
    assert first.item() == 3, version
    assert names == ["cexze.", "momasurailezitynn.", "konimittain.", "llayn.", "ka."], version


def test_nll_of_the_names(words, vocab, N):
    stoi = vocab[0]
    P = bigram.bigram_probs(N, k=1)
    # The exact mean over the 228,146 bigrams...
    assert bigram.nll(P, words, stoi) == pytest.approx(2.45458, abs=1e-5)
    assert bigram.nll(bigram.bigram_probs(N, k=0), words, stoi) == pytest.approx(2.45401, abs=1e-5)
    # ...and the lecture's printed numbers, which add float32 log-probabilities one at a
    # time (log_likelihood += logprob): 559951.5625 / 228146 = 2.4543562 with add-1
    # smoothing, 559891.75 -> 2.4540942 without. Their rounding drifts by ~2e-4, which is
    # why the checks compare NLLs to 1e-3.
    ix = torch.tensor(bigram.bigrams(words, stoi))
    for k, total in ((1, -559951.5625), (0, -559891.75)):
        logprobs = bigram.bigram_probs(N, k)[ix[:, 0], ix[:, 1]].log().numpy()
        assert float(np.add.accumulate(logprobs)[-1]) == total
    assert bigram.nll(P, ["andrejq"], stoi) == pytest.approx(3.4834, abs=1e-4)   # finite thanks to +1


def test_neural_bigram(words, vocab):
    xs, ys = neural.make_dataset(words, vocab[0])
    assert len(xs) == len(ys) == 228146 and xs.dtype == torch.int64
    g = torch.Generator().manual_seed(2147483647)
    W = torch.randn((27, 27), generator=g, requires_grad=True)
    assert neural.bigram_loss(W, xs, ys).item() == pytest.approx(3.7686, abs=1e-4)   # the first loss printed
    # 100 steps of lr 50 bring it to about the counting model's 2.45 (the regulariser
    # keeps it a little above); the loss printed in the last step, before its update:
    W = neural.train_neural_bigram(xs, ys, torch.Generator().manual_seed(2147483647), steps=99, lr=50.0)
    assert neural.bigram_loss(W, xs, ys).item() == pytest.approx(2.4901, abs=1e-4)


def test_trigram_beats_bigram(words, vocab):
    stoi = vocab[0]
    N3 = trigram.trigram_counts(words, stoi)
    assert int(N3.sum()) == 228146                # '..' + word + '.': as many examples as the bigram
    assert trigram.trigram_nll(trigram.trigram_probs(N3, k=1), words, stoi) == pytest.approx(2.2126, abs=1e-4)


def test_split_and_evaluation(words, vocab):
    train, dev, test = split.split_words(words)
    assert (len(train), len(dev), len(test)) == (25626, 3203, 3204)
    losses = split.evaluate_splits(train, dev, test, vocab[0])
    expected = {"bigram": {"train": 2.4548, "dev": 2.4533, "test": 2.4584},
                "trigram": {"train": 2.2156, "dev": 2.2365, "test": 2.2373}}
    for model, by_split in expected.items():
        for name, value in by_split.items():
            assert losses[model][name] == pytest.approx(value, abs=1e-4), (model, name)


def test_smoothing_tuned_on_dev(words, vocab):
    stoi = vocab[0]
    train, dev, test = split.split_words(words)
    ix = split.ngrams(train, stoi, 3)
    N3 = torch.zeros((27, 27, 27), dtype=torch.int32)
    N3.index_put_(tuple(ix.T), torch.ones(len(ix), dtype=torch.int32), accumulate=True)
    result = smoothing.tune_smoothing(N3, split.ngrams(dev, stoi, 3), [0.01, 0.03, 0.1, 0.3, 1, 3, 10])
    assert result["best_k"] == 0.1                # a lot less smoothing than add-1
    assert result["dev"][2] == pytest.approx(2.2225, abs=1e-4)
    # test, once, with the chosen k (the grader does this itself)
    assert smoothing.smoothed_nll(N3, split.ngrams(test, stoi, 3), 0.1) == pytest.approx(2.2240, abs=1e-4)
