"""Lecture 3 (makemore: MLP): the hidden checks.

Other names, sizes, generator seeds, and, for the training exercises, a split whose
seed the learner's code doesn't know: the training words it gets and the dev words it
is scored on both come from that split.
"""

HIDDEN_SPLIT = 20240917          # the held-out split's seed; never shown to learners
