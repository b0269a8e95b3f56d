"""The hidden checks of lecture7.EX3: the public probes and judges on inputs learners never see."""

CASES = {"row_means": [dict(rows=6, cols=2)]}
