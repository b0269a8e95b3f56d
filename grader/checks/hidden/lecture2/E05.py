"""The hidden checks of lecture2.E05: the public ones on other logits, classes and shifts."""

CASES = {
    "manual_match": [dict(cases=((5, 10, 1.0, 0.0, 11, "5 x 10 logits"),))],
    "large_logits": [dict(cases=((16, 27, 1.0, 1000.0, 12, "logits + 1000"),
                                 (16, 27, 1.0, -1000.0, 12, "logits - 1000")))],
}
