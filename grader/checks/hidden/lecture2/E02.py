"""The hidden checks of lecture2.E02: the public ones on other lists, n and k."""

CASES = {
    "split_match": [dict(lists=((10, 140), (57, 187)))],
    "ngrams_match": [dict(words=(100, 141), extra=("a",), ns=(1, 4))],
    "evaluate": [dict(words=(4000, 142), seed=7, k=0.5)],
}
