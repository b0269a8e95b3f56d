"""The hidden checks of tokenizer.save_load: merges of newlines and spaces, the GPT-2 pattern, "[SEP]"."""
from grader.checks.tokenizer import GPT2_SPLIT_PATTERN

CASES = {"round_trip": [dict(tokenizers=[
    dict(text=["\n\n  \n" * 30, (171, 3000)], merges=40, pattern="", specials={}, prefix="course"),
    dict(text=(172, 2000), merges=20, pattern=GPT2_SPLIT_PATTERN, specials={"[SEP]": 999}, prefix="again")])]}
