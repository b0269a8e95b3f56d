"""The tokenizer lecture (Let's build the GPT Tokenizer): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

The grader keeps its own small byte-pair encoder (below), so most judges need no
reference at all: a learner's ids are decoded with the vocabulary of the learner's
own merges, re-encoded with those merges by rank, cut at the regex chunks the grader
computes, and compared. The reference's results are used where the answer is "the
same merges as the lecture's algorithm" (equality on a seeded slice of tinyshakespeare)
and "at least the reference's compression". Probes train on 5-30k character slices so
that a grading run stays in seconds; the full-size run is a slow test. The tokenizers train
with the grader's get_stats and merge (:func:`graders_pieces`), so a mistake in those costs
their own exercise only.

A check's case names its texts as :func:`text_of` reads them (``(seed, n)`` for a slice),
so that the data is read in the sandbox, not at import. The hidden checks in
grader/checks/hidden/tokenizer/ ask the same questions (mostly as ``CASES``) with other
texts, slices, vocabulary sizes, special tokens and patterns.
"""
from __future__ import annotations

import bisect
import os
import random
import sys
from functools import lru_cache

from grader.data import read_text
from grader.judge import Verdict, describe, failed, passed, scaled

# The split patterns of GPT-2 and GPT-4 (cl100k_base), as in tiktoken and the lecture.
GPT2_SPLIT_PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
GPT4_SPLIT_PATTERN = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"""

WIKI = "aaabdaaabac"                        # Wikipedia's byte-pair encoding example
MIXED = "hello 안녕하세요 👋 (привет) 你好 🌍! naïve café — ‘quoted’ \t tab\r\n"
SPLITTY = "I'm sure you've seen 12345 apples... DON'T   panic!!\n\n    indented\tline 3.14159\n"
EOT, FIM = "<|endoftext|>", "<|fim_prefix|>"
SPECIALS = {EOT: 100257, FIM: 100258}       # GPT-4's ids: special ids need not follow the merges


# --------------------------------------------------------------------------- data

@lru_cache(maxsize=None)
def _shakespeare() -> str:
    return read_text("tinyshakespeare")


def warm() -> None:
    """Called once in the sandbox's zygote, so that no fork recomputes it."""
    _shakespeare()


def corpus(seed: int, n: int) -> str:
    """``n`` characters of tinyshakespeare from a place a private RNG picks (probe and judge alike)."""
    text = _shakespeare()
    start = random.Random(seed).randrange(len(text) - n)
    return text[start:start + n]


def text_of(spec) -> str:
    """A case's text: a string, ``(seed, n)`` for :func:`corpus`, or a list of these, joined."""
    if isinstance(spec, str):
        return spec
    if isinstance(spec, tuple):
        return corpus(*spec)
    return "".join(map(text_of, spec))


def numbers(seed: int, lines: int) -> str:
    """Indented lines of numbers and runs of spaces, which Shakespeare lacks (the regex keeps them apart)."""
    rng = random.Random(seed)
    return "".join(" " * rng.choice((0, 4, 8)) + " ".join(str(rng.randrange(10 ** rng.randrange(1, 8)))
                                                          + " " * rng.randrange(1, 4) for _ in range(4)) + "\n"
                   for _ in range(lines))


def chunks(text: str, pattern: str | None) -> list[str]:
    """The regex chunks of ``text`` (the whole text as one chunk when ``pattern`` is None)."""
    if pattern is None:
        return [text] if text else []
    import regex                            # only the tokenizer's checks need it
    return regex.findall(pattern, text)


# --------------------------------------------------------------------------- the grader's own BPE

def _stats(ids: list[int], counts: dict | None = None) -> dict:
    counts = {} if counts is None else counts
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def _merge(ids: list[int], pair: tuple[int, int], idx: int) -> list[int]:
    out, i = [], 0
    while i < len(ids):
        if i < len(ids) - 1 and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(idx)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def bpe_train(text: str, num_merges: int, pattern: str | None = None) -> list[list[int]]:
    """The lecture's training, as a list of ``[id0, id1, idx]``: used to make inputs for probes."""
    parts = [list(c.encode("utf-8")) for c in chunks(text, pattern)]
    merges = []
    for i in range(num_merges):
        stats: dict = {}
        for p in parts:
            _stats(p, stats)
        if not stats:
            break
        pair = max(stats, key=stats.get)
        parts = [_merge(p, pair, 256 + i) for p in parts]
        merges.append([pair[0], pair[1], 256 + i])
    return merges


def bpe_encode(text: str, merges: list, pattern: str | None = None) -> list[int]:
    """``text`` encoded with ``merges`` by rank (lowest merge id first), chunk by chunk."""
    ranks = {(a, b): idx for a, b, idx in merges}
    out: list[int] = []
    for chunk in chunks(text, pattern):
        ids = list(chunk.encode("utf-8"))
        while len(ids) >= 2:
            stats = _stats(ids, {})
            pair = min(stats, key=lambda p: ranks.get(p, float("inf")))
            if pair not in ranks:
                break
            ids = _merge(ids, pair, ranks[pair])
        out.extend(ids)
    return out


def vocab_from(merges: list, specials: dict | None = None) -> dict[int, bytes]:
    vocab = {i: bytes([i]) for i in range(256)}
    for a, b, idx in merges:
        vocab[idx] = vocab[a] + vocab[b]
    for text, idx in (specials or {}).items():
        vocab[idx] = text.encode("utf-8")
    return vocab


# --------------------------------------------------------------------------- probe helpers

def attempt(fn, *args, **kwargs) -> dict:
    """``{"value": fn(...)}``, or ``{"raised": "TypeName: message"}`` when it raises.

    For calls whose raising is itself what a check looks at (decode of partial bytes,
    "none_raise"). NotImplementedError goes through, so a stub still reads "not implemented".
    """
    try:
        return {"value": fn(*args, **kwargs)}
    except NotImplementedError:
        raise
    except Exception as e:
        return {"raised": f"{type(e).__name__}: {e}"[:300]}


def pairs_of(stats) -> list | str:
    """get_stats' dict as ``[[id0, id1, count], ...]`` in its own order (tuple keys aren't plain data)."""
    if not isinstance(stats, dict):
        return f"get_stats returned {describe(stats)}, not a dict"
    out = []
    for pair, n in stats.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            return f"get_stats' dict has the key {pair!r:.40}; keys should be pairs (id0, id1)"
        out.append([pair[0], pair[1], n])
    return out


def merges_of(tok) -> list | str:
    """``tok.merges`` as ``[[id0, id1, idx], ...]`` in its own order, or what is wrong with it."""
    merges = getattr(tok, "merges", None)
    if not isinstance(merges, dict):
        return f"tok.merges is {describe(merges)}, not a dict {{(id0, id1): idx}}"
    out = []
    for pair, idx in merges.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            return f"tok.merges has the key {pair!r:.40}; keys should be pairs (id0, id1)"
        out.append([pair[0], pair[1], idx])
    return out


def vocab_of(tok) -> dict | str:
    """``tok.vocab`` as ``{idx: hex of its bytes}``, or what is wrong with it."""
    vocab = getattr(tok, "vocab", None)
    if not isinstance(vocab, dict):
        return f"tok.vocab is {describe(vocab)}, not a dict {{idx: bytes}}"
    out = {}
    for idx, b in vocab.items():
        if type(idx) is not int or not isinstance(b, (bytes, bytearray)):
            return f"tok.vocab maps {idx!r:.20} to {describe(b)}; it should map int ids to bytes"
        out[idx] = bytes(b).hex()
    return out


def graders_pieces(module) -> None:
    """Where the learner's tokenizer module uses base.py's get_stats and merge, it gets the grader's
    instead: their mistakes cost the get_stats and merge exercises, never a tokenizer's a second time."""
    base = sys.modules.get("base")
    for name, mine in (("get_stats", _stats), ("merge", _merge)):
        if base is not None and module is not None and getattr(module, name, None) is getattr(base, name, mine):
            setattr(module, name, mine)


def trained(cls, text: str, vocab_size: int, **kwargs):
    """A tokenizer of the learner's ``cls`` (with the grader's get_stats and merge) trained on ``text``."""
    graders_pieces(sys.modules.get(getattr(cls, "__module__", None)))
    tok = cls(**kwargs)
    tok.train(text, vocab_size)
    return tok


# --------------------------------------------------------------------------- judge helpers

def short(ids, n: int = 12) -> str:
    ids = list(ids)
    return "[" + ", ".join(map(str, ids[:n])) + (", ..." if len(ids) > n else "") + "]"


def is_ids(x) -> bool:
    return type(x) is list and all(type(i) is int for i in x)


def outcome(res: dict, call: str) -> tuple[object, Verdict]:
    """The value of an :func:`attempt`, or a failed verdict saying what it raised."""
    if "raised" not in res:
        return res["value"], passed()
    raised = res["raised"]
    if raised.startswith("UnicodeDecodeError"):
        return None, failed(f"{call} raised {raised}: one id's bytes need not be valid UTF-8 on their "
                            f"own (an emoji is 4 bytes, a token may hold part of one); join the bytes of "
                            f"all ids first, then decode once with errors=\"replace\"")
    return None, failed(f"{call} raised {raised}")


def judge_ids(got, want: list[int], call: str, reveal: bool = False) -> Verdict:
    """A list of ids equal to ``want``; says where it first differs (the whole answer only if ``reveal``)."""
    if not is_ids(got):
        return failed(f"{call} should return a list of ints, got {describe(got)}")
    if got == want:
        return passed()
    if reveal:
        return failed(f"{call} gave {short(got)}, expected {short(want)}")
    at = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w), min(len(got), len(want)))
    where = f"got {got[at]}" if at < len(got) else "your list ends there"
    return failed(f"{call}: {len(got)} ids where {len(want)} were expected, first difference at "
                  f"position {at} ({where})")


def check_merges(merges, vocab_size: int, name: str = "tok.merges") -> Verdict:
    """Merges as :func:`merges_of` gives them: ``vocab_size - 256`` of them, ids 256, 257, ... in order."""
    if isinstance(merges, str):
        return failed(merges)
    n = vocab_size - 256
    if len(merges) != n:
        return failed(f"training to vocab_size {vocab_size} should learn {n} merges (ids 256..{vocab_size - 1}), "
                      f"{name} has {len(merges)}")
    for k, m in enumerate(merges):
        if not (type(m) is list and len(m) == 3 and all(type(i) is int for i in m)):
            return failed(f"{name}: entry {k} is not (int, int) -> int")
        a, b, idx = m
        if idx != 256 + k:
            return failed(f"{name}: merge {k} has id {idx}; new ids count up from 256 in the order the "
                          f"merges are learned, so merge {k} is {256 + k}")
        if not (0 <= a < idx and 0 <= b < idx):
            return failed(f"{name}: merge {k} -> {idx} pairs ({a}, {b}), an id that doesn't exist yet")
    return passed()


def explain_merge(text: str, pattern: str | None, merges: list, k: int) -> str:
    """Why merge ``k`` of ``merges`` is not the pair the lecture's rule picks (merges before it agree)."""
    parts = [list(c.encode("utf-8")) for c in chunks(text, pattern)]
    for a, b, idx in merges[:k]:
        parts = [_merge(p, (a, b), idx) for p in parts]
    stats: dict = {}
    for p in parts:
        _stats(p, stats)
    a, b, idx = merges[k]
    mine, best = stats.get((a, b), 0), max(stats.values(), default=0)
    where = "within the regex chunks" if pattern else "in the ids"
    head = f"merge {k} (id {idx}): your pair ({a}, {b})"
    if mine == 0:
        joined = [i for p in parts for i in p]
        across = pattern is not None and (a, b) in _stats(joined, {})
        extra = (": it spans two chunks; split the text with the pattern first and count pairs inside "
                 "each chunk only" if across else "")
        return f"{head} never occurs {where} after the merges before it{extra}"
    if mine < best:
        return (f"{head} occurs {mine} times {where} at that step, but another pair occurs {best} "
                f"times: merge the most frequent pair" +
                ("; count the pairs of all chunks into one dict (get_stats(chunk_ids, stats))" if pattern else ""))
    return (f"{head} ties with another pair at {best} occurrences; on a tie take the pair that occurs "
            f"first (max(stats, key=stats.get) over get_stats' first-occurrence order)")


def judge_merges(got, want: list, text: str, pattern: str | None, vocab_size: int) -> Verdict:
    """The learner's merges equal the reference's, with the reason for the first that differs."""
    verdict = check_merges(got, vocab_size)
    if not verdict:
        return verdict
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return failed(explain_merge(text, pattern, got, k))
    return passed()


def judge_vocab(got, merges: list, name: str = "tok.vocab", specials: dict | None = None) -> Verdict:
    """``tok.vocab`` holds every byte and every merge's bytes, as its merges say."""
    if isinstance(got, str):
        return failed(got)
    for idx, b in vocab_from(merges, specials).items():
        if idx not in got:
            return failed(f"{name} has no entry for id {idx}")
        if got[idx] != b.hex():
            return failed(f"{name}[{idx}] is {bytes.fromhex(got[idx])!r}, but it should be {b!r}: "
                          f"vocab[idx] = vocab[id0] + vocab[id1] for a merge (id0, id1) -> idx")
    return passed()


def token_bytes(ids: list[int], vocab: dict[int, bytes], call: str) -> tuple[list[bytes] | None, Verdict]:
    unknown = next((i for i in ids if i not in vocab), None)
    if unknown is not None:
        return None, failed(f"{call} gave the id {unknown}, which no merge of yours made")
    return [vocab[i] for i in ids], passed()


def judge_encoding(ids, text: str, merges: list, pattern: str | None, call: str) -> Verdict:
    """Ids of ``text`` that decode back to it, respect the chunks and follow the merges by rank."""
    if not is_ids(ids):
        return failed(f"{call} should return a list of ints, got {describe(ids)}")
    pieces, verdict = token_bytes(ids, vocab_from(merges), call)
    if not verdict:
        return verdict
    if b"".join(pieces) != text.encode("utf-8"):
        return failed(f"{call}: your ids' bytes, joined, are not the text's UTF-8 bytes")
    if pattern is not None and ids != bpe_encode(text, merges, pattern) and ids == bpe_encode(text, merges):
        return failed(f"{call} encodes the whole text as one chunk: split it with the pattern first "
                      f"(re.findall(self.pattern, text)) and encode each chunk on its own")
    if pattern is not None:
        ends, pos, parts = [], 0, chunks(text, pattern)
        for c in parts:
            pos += len(c.encode("utf-8"))
            ends.append(pos)
        pos = 0
        for i, b in enumerate(pieces):
            start, pos = pos, pos + len(b)
            j = bisect.bisect_right(ends, start)
            if j < len(ends) and ends[j] < pos:
                return failed(f"{call}: token {i} ({b!r}) spans the regex chunks {parts[j]!r} and "
                              f"{parts[j + 1]!r}; encode each chunk of re.findall(pattern, text) on its own")
    expected = bpe_encode(text, merges, pattern)
    if ids != expected:
        at = next((i for i, (g, w) in enumerate(zip(ids, expected)) if g != w), min(len(ids), len(expected)))
        return failed(f"{call}: {len(ids)} ids where your own merges give {len(expected)}, first difference "
                      f"at position {at}: apply the merges by rank, always merging the pair with the lowest "
                      f"merge id first (min(stats, key=lambda p: merges.get(p, inf))), until no pair has one")
    return passed()


def compression(merges: list, text: str, pattern: str | None) -> float:
    return len(text.encode("utf-8")) / max(1, len(bpe_encode(text, merges, pattern)))


def judge_compression(got, want, vocab_size: int, held_out: str, pattern: str | None) -> Verdict:
    """Bytes per token on text the training never saw, with the grader's encoder: at least the reference's."""
    verdict = check_merges(got, vocab_size)
    if not verdict:
        return verdict
    goal = compression(want, held_out, pattern)
    mine = goal if got == want else compression(got, held_out, pattern)
    return scaled(mine, 1.0, 0.995 * goal,
                  f"compression of held-out Shakespeare with your merges (bytes per token, the "
                  f"reference gets {goal:.3f})")


def judge_stats(got, lists: list[list[int]], call: str) -> Verdict:
    """get_stats' pairs (as :func:`pairs_of` gives them) are those of ``lists``, counted together."""
    if isinstance(got["stats"], str):
        return failed(got["stats"])
    if not got["untouched"]:
        return failed(f"get_stats({call}) changed the list it was given")
    counts: dict = {}
    for ids in lists:
        _stats(ids, counts)
    g, w = got["stats"], [[a, b, n] for (a, b), n in counts.items()]
    if g == w:
        return passed()
    as_dict = {(p[0], p[1]): p[2] for p in g if type(p) is list and len(p) == 3}
    wanted = {(p[0], p[1]): p[2] for p in w}
    if as_dict == wanted and len(g) == len(w):
        return failed(f"get_stats({call}) counts right, but the pairs are not in the order they first occur; "
                      f"fill one dict left to right (train breaks ties by this order)")
    for pair, n in wanted.items():
        if as_dict.get(pair, 0) != n:
            return failed(f"get_stats({call}) counts the pair {pair} {as_dict.get(pair, 0)} times, but it "
                          f"occurs {n} times (every adjacent pair, zip(ids, ids[1:]))")
    extra = next(p for p in as_dict if p not in wanted)
    return failed(f"get_stats({call}) counts the pair {extra}, which is not an adjacent pair of the ids")


# =========================================================================== tokenizer.merge

def merge_cases(sub, cases: list) -> list:
    out = []
    for ids, pair, idx in cases:
        before = list(ids)
        out.append({"out": sub.merge(ids, pair, idx), "untouched": ids == before})
    return out


def merges_replace_the_pair(got, cases: list, reveal: bool) -> Verdict:
    """merge's output for each of ``cases`` is the grader's; the answer shown only if ``reveal``."""
    if type(got) is not list or len(got) != len(cases):
        return failed(f"expected {len(cases)} results, got {describe(got)}")
    verdict = passed()
    for g, (ids, pair, idx) in zip(got, cases):
        call = f"merge({short(ids, 8)}, {pair}, {idx})"
        v = judge_ids(g["out"], _merge(ids, pair, idx), call, reveal=reveal)
        if not v and pair[0] == pair[1] and is_ids(g["out"]) and any(ids[i:i + 3] == [pair[0]] * 3 for i in range(len(ids))):
            v = failed(v.feedback[0] + "; occurrences may not overlap: after a match skip past both ids "
                       "(\"aaa\" holds one (a, a), so merge([97, 97, 97], (97, 97), 256) == [256, 97])")
        verdict = verdict & v
        if not g["untouched"]:
            verdict = verdict & failed(f"{call} changed the list it was given; build a new list")
    return verdict


RAW_DECODES = [[240, 159, 152, 128], [128], [104, 105, 240, 159], [255, 97]]


def round_trip_probe(tok, texts: list[str], raw: list[list[int]]) -> dict:
    out = {"texts": [], "raw": [attempt(tok.decode, ids) for ids in raw]}
    for text in texts:
        ids = attempt(tok.encode, text)
        back = attempt(tok.decode, ids["value"]) if is_ids(ids.get("value")) else {"value": None}
        out["texts"].append({"ids": ids, "back": back})
    return out


def round_trips_exact(got, texts: list, raw: list[list[int]], vocab_size: int) -> Verdict:
    """decode(encode(text)) is each of ``texts`` (see text_of), and decode of ``raw`` ids replaces bad bytes."""
    verdict = passed()
    for res, text in zip(got["texts"], map(text_of, texts)):
        call = f"encode({text[:30]!r})"
        ids, v = outcome(res["ids"], call)
        if v and not is_ids(ids):
            v = failed(f"{call} should return a list of ints, got {describe(ids)}")
        if v and not all(0 <= i < vocab_size for i in ids):
            v = failed(f"{call} gave an id outside 0..{vocab_size - 1}")
        if v:
            back, v = outcome(res["back"], f"decode({call})")
            if v and back != text:
                v = failed(f"decode({call}) gave {describe(back)}, not the text back")
        verdict = verdict & v
        if not verdict:
            return verdict
    for res, ids in zip(got["raw"], raw):
        call = f"decode({ids})"
        text, v = outcome(res, call)
        want = bytes(ids).decode("utf-8", errors="replace")
        if v and text != want:
            v = failed(f"{call} gave {describe(text)}, expected {want!r}: join the bytes of all ids, then "
                       f"decode them once with errors=\"replace\"")
        verdict = verdict & v
    return verdict


def merges_vocab_and_encoding(got, want, train, vocab_size: int, held_out) -> Verdict:
    """The BasicTokenizer's merges equal the reference's, its vocab and its encoding of ``held_out`` its merges'."""
    verdict = judge_merges(got["merges"], want["merges"], text_of(train), None, vocab_size)
    if not check_merges(got["merges"], vocab_size):
        return verdict
    verdict = verdict & judge_vocab(got["vocab"], got["merges"])
    return verdict & judge_encoding(got["ids"], text_of(held_out), got["merges"], None, "encode(held-out text)")


# =========================================================================== tokenizer.regex

def regex_probe(sub, pattern: str | None, train, vocab_size: int, held_out) -> dict:
    """A RegexTokenizer (of ``pattern``, or the default) trained on ``train``, and its encoding of ``held_out``."""
    tok = trained(sub.RegexTokenizer, text_of(train), vocab_size, **({} if pattern is None else {"pattern": pattern}))
    ids = tok.encode_ordinary(text_of(held_out))
    return {"merges": merges_of(tok), "vocab": vocab_of(tok), "ids": ids,
            "text": attempt(tok.decode, ids) if is_ids(ids) else {"value": None}}


def judge_regex(got, pattern: str | None, train, vocab_size: int, held_out, reference=None) -> Verdict:
    """Chunk boundaries, rank order and round trip on ``held_out``, by the learner's own merges; with
    the ``reference``'s merges, equal merges too."""
    pattern, text, held_out = pattern or GPT4_SPLIT_PATTERN, text_of(train), text_of(held_out)
    verdict = check_merges(got["merges"], vocab_size)
    if not verdict:
        return verdict
    if reference is not None:
        verdict = judge_merges(got["merges"], reference, text, pattern, vocab_size)
        if not verdict and pattern != GPT4_SPLIT_PATTERN and \
                got["merges"] == bpe_train(text, vocab_size - 256, GPT4_SPLIT_PATTERN):
            verdict = failed("tok.merges are those of the GPT-4 pattern, not of the pattern the tokenizer was "
                             "made with: split the text with self.pattern")
    verdict = verdict & judge_vocab(got["vocab"], got["merges"]) & \
        judge_encoding(got["ids"], held_out, got["merges"], pattern, "encode_ordinary(text)")
    decoded, v = outcome(got["text"], "decode(encode_ordinary(text))")
    if v and decoded != held_out:
        v = failed(f"decode(encode_ordinary(text)) gave {describe(decoded)}, not the text back")
    return verdict & v


def chunks_respected(got, pattern: str | None, train, vocab_size: int, held_out) -> Verdict:
    """The regex tokenizer's encoding by its own merges: within the chunks, by rank, back to the text."""
    return judge_regex(got, pattern, train, vocab_size, held_out)


def merges_equal_the_reference_within_chunks(got, want, pattern: str | None, train, vocab_size: int,
                                             held_out) -> Verdict:
    """:func:`chunks_respected`, and the merges equal to the reference's."""
    return judge_regex(got, pattern, train, vocab_size, held_out, want["merges"])


# =========================================================================== tokenizer.special

MODES = ("all", "none", "none_raise")


def split_specials(text: str, allowed) -> list[str]:
    """``text`` cut around the ``allowed`` special tokens' texts (kept as parts of their own)."""
    if not allowed:
        return [text]
    import regex
    return regex.split("(" + "|".join(regex.escape(k) for k in allowed) + ")", text)


def special_probe(sub, specials: dict, texts: list[str], subsets: list[set], seed: int) -> dict:
    """Train a small RegexTokenizer, register ``specials`` and encode ``texts`` every way.

    Also returns the learner's own ``encode_ordinary`` of every piece of ordinary text, so
    special tokens are judged on their own, whatever encode_ordinary's merges do.
    """
    tok = trained(sub.RegexTokenizer, corpus(seed, 5000), 256 + 32)
    tok.register_special_tokens(dict(specials))
    out = {"merges": merges_of(tok), "texts": []}
    for text in texts:
        res = {mode: attempt(tok.encode, text, allowed_special=mode) for mode in MODES}
        res["default"] = attempt(tok.encode, text)
        res["subsets"] = [attempt(tok.encode, text, allowed_special=set(s)) for s in subsets]
        ids = res["all"].get("value")
        res["decoded"] = attempt(tok.decode, ids) if is_ids(ids) else {"value": None}
        pieces = {part for allowed in [specials, *subsets, ()] for part in split_specials(text, allowed)}
        res["ordinary"] = {part: tok.encode_ordinary(part) for part in sorted(pieces - set(specials))}
        out["texts"].append(res)
    return out


def judge_ordinary(got: dict, merges: list) -> Verdict:
    """The learner's encode_ordinary of each piece: ids whose bytes are the piece's (its merges are
    the regex exercise's business)."""
    vocab = vocab_from(merges)
    for part, ids in got.items():
        call = f"encode_ordinary({part[:30]!r})"
        if not is_ids(ids):
            return failed(f"{call} should return a list of ints, got {describe(ids)}")
        pieces, verdict = token_bytes(ids, vocab, call)
        if not verdict:
            return verdict
        if b"".join(pieces) != part.encode("utf-8"):
            return failed(f"{call}: the ids' bytes are not the text's bytes")
    return passed()


def judge_special_encode(got, text: str, allowed: dict, ordinary: dict, specials: dict, call: str) -> Verdict:
    ids, verdict = outcome(got, call)
    if not verdict:
        return verdict
    if not is_ids(ids):
        return failed(f"{call} should return a list of ints, got {describe(ids)}")
    want = [i for part in split_specials(text, allowed)
            for i in ([allowed[part]] if part in allowed else ordinary[part])]
    if ids == want:
        return passed()
    if not allowed:
        return failed(f"{call} should be encode_ordinary of the whole text: no special token is allowed")
    inverse = {v: k for k, v in specials.items()}
    got_special = [inverse[i] for i in ids if i in inverse]
    want_special = [inverse[i] for i in want if i in inverse]
    if got_special != want_special:
        hint = (" (the text between them is ordinary; '|' and '[' mean something to a regex: re.escape "
                "each special token before joining them into a pattern)" if len(got_special) < len(want_special)
                else "")
        return failed(f"{call} gave the special tokens {got_special}, expected {want_special}{hint}")
    at = next((i for i, (g, w) in enumerate(zip(ids, want)) if g != w), min(len(ids), len(want)))
    return failed(f"{call}: the special tokens are right but the text around them is not encode_ordinary "
                  f"of each piece on its own (first difference at position {at}); a special token is "
                  f"never merged with its neighbours")


def special_tokens_encoded(got, specials: dict, texts: list[str], subsets: list[set]) -> Verdict:
    """encode of each text with every allowed_special, next to the learner's own encode_ordinary."""
    verdict = check_merges(got["merges"], 256 + 32)
    for res, text in zip(got["texts"], texts):
        if not verdict:
            return verdict
        verdict = judge_ordinary(res["ordinary"], got["merges"])
        if not verdict:
            return verdict
        shown = repr(text) if len(text) <= 40 else repr(text[:40])[:-1] + "…" + repr(text[:40])[-1]
        present = any(s in text for s in specials)

        def encoded(r, allowed: dict, mode: str) -> Verdict:
            return judge_special_encode(r, text, allowed, res["ordinary"], specials,
                                        f"encode({shown}, allowed_special={mode})")

        verdict = encoded(res["all"], specials, "'all'") & encoded(res["none"], {}, "'none'")
        for subset, r in zip(subsets, res["subsets"]):
            verdict = verdict & encoded(r, {k: v for k, v in specials.items() if k in subset},
                                        "{" + ", ".join(map(repr, sorted(subset))) + "}")
        for mode in ("none_raise", "default"):
            call = f"encode({shown}" + (", allowed_special='none_raise')" if mode == "none_raise" else ")")
            if present:
                if "raised" not in res[mode]:
                    verdict = verdict & failed(f"{call} should raise: the text holds a special token and "
                                               f"allowed_special is \"none_raise\"" +
                                               (" (the default)" if mode == "default" else ""))
            elif "raised" in res[mode]:
                verdict = verdict & failed(f"{call} raised {res[mode]['raised']}, but the text holds no registered "
                                           f"special token: \"none_raise\" raises only for those registered")
            else:
                verdict = verdict & judge_special_encode(res[mode], text, {}, res["ordinary"], specials, call)
        if is_ids(res["all"].get("value")):
            decoded, v = outcome(res["decoded"], f"decode(encode({shown}, allowed_special='all'))")
            if v and decoded != text:
                v = failed(f"decode(encode({shown}, allowed_special='all')) gave {describe(decoded)}, not "
                           f"the text back: a special token's id decodes to its text")
            verdict = verdict & v
    return verdict


# =========================================================================== tokenizer.save_load

def save_load_probe(sub, merges: list, pattern: str, specials: dict, prefix: str) -> dict:
    """Save a tokenizer made from ``merges`` (the grader's), load it into a fresh one, report both."""
    tok = sub.Tokenizer()
    tok.merges = {(a, b): idx for a, b, idx in merges}
    tok.pattern = pattern
    tok.special_tokens = dict(specials)
    tok.vocab = tok._build_vocab()
    tok.save(prefix)
    model = None
    if os.path.isfile(prefix + ".model"):
        with open(prefix + ".model", encoding="utf-8", errors="replace") as f:
            model = f.read(1 << 20)
    new = sub.Tokenizer()
    loaded = attempt(new.load, prefix + ".model")
    if "raised" in loaded:
        return {"model": model, "raised": loaded["raised"]}
    return {"model": model, "merges": merges_of(new), "pattern": getattr(new, "pattern", None),
            "special": dict(getattr(new, "special_tokens", None) or {}), "vocab": vocab_of(new)}


def saved_merges(spec: dict) -> list:
    """The merges a save_load case saves: the grader's, learned from its text."""
    return bpe_train(text_of(spec["text"]), spec["merges"], spec["pattern"] or None)


def saved_and_loaded(got, tokenizers: list[dict]) -> Verdict:
    """Each tokenizer's .model file in the lecture's format, and load giving back what was saved."""
    verdict = passed()
    for g, spec in zip(got, tokenizers):
        merges, pattern, specials, file = saved_merges(spec), spec["pattern"], spec["specials"], spec["prefix"] + ".model"
        if g["model"] is None:
            verdict &= failed(f"save({spec['prefix']!r}) should write the file {file}")
            continue
        lines, want_lines = g["model"].rstrip("\n").split("\n"), model_file(merges, pattern, specials).rstrip("\n").split("\n")
        if lines != want_lines:
            at = next((i for i, (a, b) in enumerate(zip(lines, want_lines)) if a != b), min(len(lines), len(want_lines)))
            verdict &= failed(f"{file} doesn't follow the format in save's docstring: line {at + 1} is "
                              f"{lines[at][:60]!r}" if at < len(lines) else f"{file} ends early: every merge gets a line")
        verdict &= judge_loaded(g, merges, pattern, specials, repr(file))
    return verdict


def model_file(merges: list, pattern: str, specials: dict) -> str:
    """The lecture's (minbpe's) .model format."""
    lines = ["minbpe v1", pattern, str(len(specials))] + [f"{s} {i}" for s, i in specials.items()]
    return "\n".join(lines + [f"{a} {b}" for a, b, _ in merges]) + "\n"


def judge_loaded(got, merges: list, pattern: str, specials: dict, what: str) -> Verdict:
    """What ``load`` put into a fresh Tokenizer: the same merges, pattern, special tokens and vocab."""
    if "raised" in got:
        return failed(f"load({what}) raised {got['raised']}")
    if isinstance(got["merges"], str):
        return failed(f"after load({what}): {got['merges']}")
    verdict = passed()
    if got["merges"] != merges:
        verdict = failed(f"after load({what}), tok.merges differs from what was saved "
                         f"({len(got['merges'])} merges, {len(merges)} saved); the n-th merge line is "
                         f"id 256 + n")
    if got["pattern"] != pattern:
        verdict = verdict & failed(f"after load({what}), tok.pattern is {describe(got['pattern'])}, not "
                                   f"the pattern that was saved")
    if got["special"] != specials:
        verdict = verdict & failed(f"after load({what}), tok.special_tokens is {describe(got['special'])}, "
                                   f"expected {specials}")
    if verdict:
        verdict = judge_vocab(got["vocab"], merges, f"tok.vocab after load({what})", specials)
        if not verdict:
            verdict = failed(verdict.feedback[0] + "; rebuild it with self._build_vocab() once merges and "
                             "special tokens are loaded")
    return verdict
