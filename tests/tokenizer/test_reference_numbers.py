"""The tokenizer lecture's numbers, from the reference solutions.

The lecture trains on the text of a blog post about Unicode, which the course doesn't
ship, so its own counts (616 bytes -> 451 tokens ...) can't be reproduced here; the
numbers below are the lecture's deterministic examples (Wikipedia's "aaabdaaabac", the
merge example, the regex splits it shows) and the reference on tinyshakespeare.
"""
import time
from pathlib import Path

import pytest

from tests.conftest import solution_modules


@pytest.fixture(scope="module")
def ref():
    """The reference modules (they import each other as top-level modules, as in the sandbox)."""
    return vars(solution_modules("tokenizer", "base", "basic", "regex_tokenizer"))


@pytest.fixture(scope="module")
def shakespeare():
    from grader import course, data
    c = course.load(Path(__file__).resolve().parents[2])
    return data.locate(data.manifest(c.manifest)["tinyshakespeare"], download=False).read_text()


def test_wikipedia_example(ref):
    ids = list("aaabdaaabac".encode("utf-8"))
    stats = ref["base"].get_stats(ids)
    assert max(stats, key=stats.get) == (97, 97) and stats[(97, 97)] == 4
    tok = ref["basic"].BasicTokenizer()
    tok.train("aaabdaaabac", 256 + 3)
    # Wikipedia: aa -> Z, Za -> Y, Yb -> X ... as bytes: (97, 97) -> 256, (256, 97) -> 257, (257, 98) -> 258
    assert tok.merges == {(97, 97): 256, (256, 97): 257, (257, 98): 258}
    assert tok.vocab[258] == b"aaab"
    assert tok.encode("aaabdaaabac") == [258, 100, 258, 97, 99]
    assert tok.decode([258, 100, 258, 97, 99]) == "aaabdaaabac"


def test_merge_examples(ref):
    merge = ref["base"].merge
    assert merge([5, 6, 6, 7, 9, 1], (6, 7), 99) == [5, 6, 99, 9, 1]      # the lecture's example
    assert merge([97, 97, 97], (97, 97), 256) == [256, 97]
    assert merge([97, 97, 97, 97], (97, 97), 256) == [256, 256]


def test_utf8_lengths():
    # the lecture's Korean greeting: 26 characters, 39 bytes
    assert len("안녕하세요 👋 (hello in Korean!)") == 26
    assert len("안녕하세요 👋 (hello in Korean!)".encode("utf-8")) == 39


def test_split_patterns(ref):
    import regex
    gpt2, gpt4 = ref["regex_tokenizer"].GPT2_SPLIT_PATTERN, ref["regex_tokenizer"].GPT4_SPLIT_PATTERN
    text = "Hello've world123 how's are you!!!?"                          # the lecture's example
    assert regex.findall(gpt2, text) == ["Hello", "'ve", " world", "123", " how", "'s", " are", " you", "!!!?"]
    assert regex.findall(gpt4, text) == regex.findall(gpt2, text)
    # GPT-2's contractions are case-sensitive, GPT-4's are not; GPT-4 cuts numbers into 1-3 digits
    assert regex.findall(gpt2, "HOW'S") == ["HOW", "'", "S"]
    assert regex.findall(gpt4, "HOW'S") == ["HOW", "'S"]
    assert regex.findall(gpt4, " 1234567") == [" ", "123", "456", "7"]
    assert regex.findall(gpt2, " 1234567") == [" 1234567"]


def test_shakespeare_slice(ref, shakespeare):
    text = shakespeare[:20000]
    basic = ref["basic"].BasicTokenizer()
    basic.train(text, 320)
    assert list(basic.merges)[:5] == [(101, 32), (116, 104), (116, 32), (115, 32), (111, 117)]   # "e ", "th", ...
    assert len(basic.encode(text)) == 13068
    rt = ref["regex_tokenizer"].RegexTokenizer()
    rt.train(text, 320)
    # inside chunks, a space starts a word: " t", "he", "ou", " a", then " t" + "he"
    assert list(rt.merges)[:5] == [(32, 116), (104, 101), (111, 117), (32, 97), (256, 257)]
    assert rt.vocab[260] == b" the"
    assert len(rt.encode_ordinary(text)) == 12980


def test_special_tokens(ref):
    tok = ref["regex_tokenizer"].RegexTokenizer()
    tok.train("hello world, hello there", 260)
    tok.register_special_tokens({"<|endoftext|>": 100257})
    text = "hello<|endoftext|>world"
    assert tok.encode(text, allowed_special="all") == \
        tok.encode_ordinary("hello") + [100257] + tok.encode_ordinary("world")
    assert tok.encode(text, allowed_special="none") == tok.encode_ordinary(text)
    with pytest.raises(ValueError):
        tok.encode(text)
    assert tok.decode(tok.encode(text, allowed_special="all")) == text


def test_save_load(ref, tmp_path):
    tok = ref["regex_tokenizer"].RegexTokenizer()
    tok.train("hello world, hello there\n\n  spaces", 270)
    tok.register_special_tokens({"<|endoftext|>": 100257})
    tok.save(str(tmp_path / "toy"))
    loaded = ref["regex_tokenizer"].RegexTokenizer()
    loaded.load(str(tmp_path / "toy.model"))
    assert (loaded.merges, loaded.pattern, loaded.special_tokens, loaded.vocab) == \
        (tok.merges, tok.pattern, tok.special_tokens, tok._build_vocab())
    text = "hello there<|endoftext|>"
    assert loaded.encode(text, allowed_special="all") == tok.encode(text, allowed_special="all")


@pytest.mark.slow
def test_full_shakespeare_to_512(ref, shakespeare):
    """Training the reference to vocab 512 on all 1,115,394 characters: one to two minutes of CPU."""
    started = time.perf_counter()
    basic = ref["basic"].BasicTokenizer()
    basic.train(shakespeare, 512)
    ids = basic.encode(shakespeare)
    print(f"BasicTokenizer: train + encode {time.perf_counter() - started:.1f} s")
    assert list(basic.merges)[:5] == [(101, 32), (116, 104), (116, 32), (115, 32), (100, 32)]
    assert len(ids) == 568210                                       # 1.963 bytes per token
    assert basic.decode(ids) == shakespeare

    started = time.perf_counter()
    rt = ref["regex_tokenizer"].RegexTokenizer()
    rt.train(shakespeare, 512)
    ids = rt.encode_ordinary(shakespeare)
    print(f"RegexTokenizer: train + encode {time.perf_counter() - started:.1f} s")
    assert list(rt.merges)[:5] == [(32, 116), (104, 101), (32, 97), (111, 117), (32, 115)]
    assert len(ids) == 547276                                       # 2.038 bytes per token
    assert rt.decode(ids) == shakespeare
