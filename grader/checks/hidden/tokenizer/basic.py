"""The hidden checks of tokenizer.basic: other slices and sizes, and the hidden texts."""
from grader.checks.hidden.tokenizer import HIDDEN_TEXTS
from grader.checks.tokenizer import RAW_DECODES

CASES = {
    "round_trips": [dict(train=[(111, 4000), "aaaaaaa" * 20], vocab_size=300, texts=HIDDEN_TEXTS + [(112, 1000)],
                         raw=[[226, 130], [0xE2, 0x82, 0xAC, 0xF0], [192, 128], [237, 160, 128]] + RAW_DECODES[:1])],
    "matches_reference": [dict(train=(121, 25000), vocab_size=256 + 80, held_out=[(122, 2500)] + HIDDEN_TEXTS)],
}
