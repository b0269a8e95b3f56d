"""The hidden checks of tokenizer.special: special tokens that are regex syntax, ids among the merges'."""

CASES = {"allowed_special": [dict(
    specials={"<|im_start|>": 300, "<|im_end|>": 301, "[SEP]": 5000}, seed=161,
    subsets=[{"[SEP]"}, {"<|im_end|>", "[SEP]"}], texts=[
        "<|im_start|>user\nSPEED? [SEP] Press P!<|im_end|>\n<|im_start|>assistant<|im_end|>",
        "<|endoftext|> isn't registered here, nor is [SEP ], so S, E and P stay letters[SEP]",
        "plain text, with im_start and | bars | but no special token"])]}
