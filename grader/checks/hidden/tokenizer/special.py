"""The hidden checks of tokenizer.special."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import judge_special, special_probe


HIDDEN_SPECIALS = {"<|im_start|>": 300, "<|im_end|>": 301, "[SEP]": 5000}
HIDDEN_SPECIAL_TEXTS = [
    "<|im_start|>user\nSPEED? [SEP] Press P!<|im_end|>\n<|im_start|>assistant<|im_end|>",
    "<|endoftext|> isn't registered here, nor is [SEP ], so S, E and P stay letters[SEP]",
    "plain text, with im_start and | bars | but no special token",
]


@check(weight=2)
def allowed_special_hidden(sub):
    return special_probe(sub, HIDDEN_SPECIALS, HIDDEN_SPECIAL_TEXTS, [{"[SEP]"}, {"<|im_end|>", "[SEP]"}], 161)


allowed_special_hidden.judge(lambda got, want: judge_special(
    got, HIDDEN_SPECIALS, HIDDEN_SPECIAL_TEXTS, [{"[SEP]"}, {"<|im_end|>", "[SEP]"}]))
