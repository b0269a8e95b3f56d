"""The public checks of tokenizer.special."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import EOT, FIM, SPECIALS, special_probe, special_tokens_encoded


@check(weight=2, case=dict(specials=SPECIALS, subsets=[{EOT}], seed=51, texts=[
    "Hello world!<|endoftext|>To be, or not to be<|fim_prefix|> that is the question.<|endoftext|>",
    "no special tokens here, only < and | and > and endoftext, and <|fim_suffix|>, which is not registered"]))
def allowed_special(sub, specials, texts, subsets, seed):
    return special_probe(sub, specials, texts, subsets, seed)


allowed_special.judge(special_tokens_encoded)


@check(case=dict(specials=SPECIALS, subsets=[{FIM}, {EOT, FIM}], seed=52, texts=[
    "<|endoftext|><|endoftext|>Hello<|endoftext|>world<|fim_prefix|>",
    "a<|endoftext|>a <|fim_prefix|> 1<|endoftext|>2 <|endoftext|>\n\n<|endoftext|>"]))
def specials_stand_alone(sub, specials, texts, subsets, seed):
    return special_probe(sub, specials, texts, subsets, seed)


specials_stand_alone.judge(special_tokens_encoded)
