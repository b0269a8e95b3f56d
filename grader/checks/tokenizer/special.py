"""The public checks of tokenizer.special."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import EOT, FIM, SPECIALS, judge_special, special_probe


SPECIAL_TEXTS = ["Hello world!<|endoftext|>To be, or not to be<|fim_prefix|> that is the question.<|endoftext|>",
                 "no special tokens here, only < and | and > and endoftext"]
SPECIAL_SUBSETS = [{EOT}]


@check(weight=2)
def allowed_special(sub):
    return special_probe(sub, SPECIALS, SPECIAL_TEXTS, SPECIAL_SUBSETS, 51)


allowed_special.judge(lambda got, want: judge_special(got, SPECIALS, SPECIAL_TEXTS, SPECIAL_SUBSETS))

STAND_ALONE = ["<|endoftext|><|endoftext|>Hello<|endoftext|>world<|fim_prefix|>",
               "a<|endoftext|>a <|fim_prefix|> 1<|endoftext|>2 <|endoftext|>\n\n<|endoftext|>"]


@check()
def specials_stand_alone(sub):
    return special_probe(sub, SPECIALS, STAND_ALONE, [{FIM}], 52)


specials_stand_alone.judge(lambda got, want: judge_special(got, SPECIALS, STAND_ALONE, [{FIM}]))
