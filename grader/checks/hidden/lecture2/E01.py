"""The hidden checks of lecture2.E01: the public ones on other words, a six-character vocabulary,
other k, reg, steps, lr and seed."""
from grader.checks.common import STOI
from grader.checks.hidden.lecture2 import SMALL, SMALL_STOI

CASES = {
    "trigram_counts_match": [dict(vocabs=(((1000, 121), STOI), (SMALL, SMALL_STOI)))],
    "trigram_probs_match": [dict(words=(1000, 122), ks=(0.3,))],
    "trigram_beats_bigram": [dict(words=(2000, 123), k=0.5)],
    "trigram_dataset": [dict(words=(400, 125), extra=("a", "b"))],
    "trigram_loss_match": [dict(words=(150, 126), scale=1.0, seed=9, regs=(0.0, 0.2))],
    "trigram_training": [dict(words=(150, 126), seed=77, steps=6, lr=30.0, reg=0.02)],
}
