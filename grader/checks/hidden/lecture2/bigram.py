"""The hidden checks of lecture2.bigram: the public ones on other words, a six-character vocabulary,
other smoothing strengths and generator seeds."""
from grader.checks.common import STOI
from grader.checks.hidden.lecture2 import SMALL, SMALL_STOI

CASES = {
    "vocab": [dict(words=(SMALL, (3000, 101)))],
    "counts_match": [dict(vocabs=(((1000, 102), STOI), (SMALL, SMALL_STOI)))],
    "probs_match": [dict(words=(500, 103), ks=(0.5, 3))],
    "nll_match": [dict(scores=(((800, 104), 2, (300, 105), STOI), (SMALL, 1, ("bob", "emma"), SMALL_STOI)))],
    "sampling": [dict(draws=(((800, 106), 2, STOI, 20, 42), (SMALL, 0.5, SMALL_STOI, 10, 7)))],
}
