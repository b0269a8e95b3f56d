"""The hidden checks of tokenizer.regex: other slices, sizes and numbers, the hidden texts, GPT-2 on them."""
from grader.checks.hidden.tokenizer import HIDDEN_TEXTS
from grader.checks.tokenizer import MIXED, numbers

CASES = {
    "chunk_boundaries": [dict(train=[(131, 12000), numbers(11, 120)], vocab_size=256 + 100,
                              held_out=[(132, 1000), numbers(12, 10)] + HIDDEN_TEXTS)],
    "matches_reference_regex": [dict(train=(141, 12000), vocab_size=256 + 120, held_out=[(142, 2000)] + HIDDEN_TEXTS)],
    "given_pattern": [dict(train=(143, 12000), vocab_size=256 + 64,
                           held_out=[(144, 1500), MIXED, "  you'll see 2024's   numbers!!\n"])],
    "compresses_shakespeare_regex": [dict(train=(151, 20000), vocab_size=512, held_out=(152, 10000))],
}
