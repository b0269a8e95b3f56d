"""The tokenizer lecture's classic mistakes, each a mutation of the reference: the checks
must take points off and tell the learner what to look at."""
import pytest


def feedback(result, check: str) -> str:
    return "\n".join(result.check(check).feedback)


def test_get_stats_ignoring_counts(grade_mutant):
    r = grade_mutant("tokenizer.get_stats", "base.py",
                     "counts = {} if counts is None else counts", "counts = {}")
    assert r.check("wikipedia_stats").status == "passed"
    assert r.check("accumulates").points == 0
    assert "should add to the dict `counts` in place" in feedback(r, "accumulates")
    assert r.check("accumulates_case1").points == 0
    assert r.points <= r.max_points / 2


def test_get_stats_missing_the_last_pair(grade_mutant):
    r = grade_mutant("tokenizer.get_stats", "base.py", "zip(ids, ids[1:])", "zip(ids[:-1], ids[1:-1])")
    assert r.points == 0
    assert "counts the pair (97, 99) 0 times, but it occurs 1 times" in feedback(r, "wikipedia_stats")


def test_merge_counting_overlapping_pairs_twice(grade_mutant):
    # after a match the scan moves on by one id, so "aaa" becomes two merges
    r = grade_mutant("tokenizer.merge", "base.py", "            newids.append(idx)\n            i += 2",
                     "            newids.append(idx)\n            i += 1")
    assert r.points == 0
    text = feedback(r, "lecture_examples")
    assert "merge([5, 6, 6, 7, 9, 1], (6, 7), 99) gave [5, 6, 99, 7, 9, 1], expected [5, 6, 99, 9, 1]" in text
    assert ("merge([97, 97, 97], (97, 97), 256) gave [256, 256, 97], expected [256, 97]; occurrences may "
            "not overlap") in text
    assert "first difference at position" in feedback(r, "lecture_examples_case1")


@pytest.mark.parametrize("old, new", [
    ("            newids.append(idx)\n            i += 2", "            newids.append(idx)\n            i += 1"),
    ("zip(ids, ids[1:])", "zip(ids[:-1], ids[1:-1])"),
    ("counts = {} if counts is None else counts", "counts = {}"),
])
def test_a_wrong_get_stats_or_merge_costs_its_own_exercise_only(course, tmp_path, old, new):
    """The tokenizers train with the grader's get_stats and merge where they import base.py's, so a mistake
    there costs the get_stats or merge exercise (tested above) and not the three tokenizers a second time."""
    from tests.conftest import copy_lecture, grade
    root = copy_lecture(course, "tokenizer", tmp_path)
    path = root / "tokenizer" / "base.py"
    assert path.read_text().count(old) == 1
    path.write_text(path.read_text().replace(old, new))
    report = grade(course, ["tokenizer.basic", "tokenizer.regex", "tokenizer.special"], root)
    for e in ("tokenizer.basic", "tokenizer.regex", "tokenizer.special"):
        assert report.exercise(e).points == report.exercise(e).max_points, e


def test_decode_token_by_token_without_replace(grade_mutant):
    r = grade_mutant("tokenizer.basic", "basic.py",
                     'text_bytes = b"".join(self.vocab[idx] for idx in ids)\n'
                     '        return text_bytes.decode("utf-8", errors="replace")',
                     'return "".join(self.vocab[idx].decode("utf-8") for idx in ids)')
    assert r.check("wikipedia_example").status == "passed"
    assert r.check("matches_reference").status == "passed"
    assert r.check("round_trips").points == 0
    text = feedback(r, "round_trips")
    assert "decode(encode('é')) raised UnicodeDecodeError" in text
    assert 'join the bytes of all ids first, then decode once with errors="replace"' in text
    assert r.check("round_trips_case1").points == 0
    assert r.points < r.max_points


def test_decode_token_by_token_with_replace(grade_mutant):
    # errors="replace" alone doesn't save per-token decoding: a character split over ids becomes U+FFFDs
    r = grade_mutant("tokenizer.basic", "basic.py",
                     'text_bytes = b"".join(self.vocab[idx] for idx in ids)\n'
                     '        return text_bytes.decode("utf-8", errors="replace")',
                     'return "".join(self.vocab[idx].decode("utf-8", errors="replace") for idx in ids)')
    assert r.check("round_trips").points == 0
    assert "decode(encode('é')) gave the string '\ufffd\ufffd', not the text back" in feedback(r, "round_trips")


def test_encode_picking_the_most_frequent_pair(grade_mutant):
    # encode chooses pairs the way train does (most frequent in this text) instead of by merge rank:
    # the training text still comes out right, other text does not
    r = grade_mutant("tokenizer.basic", "basic.py",
                     'pair = min(stats, key=lambda p: self.merges.get(p, float("inf")))',
                     "pair = max(stats, key=stats.get)")
    assert r.check("wikipedia_example").status == "passed"
    assert r.check("matches_reference").points == 0
    text = feedback(r, "matches_reference")
    assert "encode(held-out text): " in text
    assert "apply the merges by rank, always merging the pair with the lowest merge id first" in text
    assert r.check("matches_reference_case1").points == 0
    assert r.points < r.max_points


def test_encode_in_training_order_is_not_a_mistake(grade_mutant):
    # One pass over the merges in the order they were learned gives exactly the ids of the
    # lowest-rank-first loop (a pair made by merge k only ever has a rank above k), so the
    # checks must accept it: it is the lecture's loop written differently, not a wrong solution.
    r = grade_mutant("tokenizer.basic", "basic.py",
                     '        while len(ids) >= 2:\n'
                     '            stats = get_stats(ids)\n'
                     '            pair = min(stats, key=lambda p: self.merges.get(p, float("inf")))\n'
                     '            if pair not in self.merges:\n'
                     '                break                       # nothing left to merge\n'
                     '            ids = merge(ids, pair, self.merges[pair])\n',
                     '        for pair, idx in self.merges.items():\n'
                     '            ids = merge(ids, pair, idx)\n')
    assert r.points == r.max_points


ONE_CHUNK = ("encode_ordinary(text) encodes the whole text as one chunk: split it with the pattern first "
             "(re.findall(self.pattern, text)) and encode each chunk on its own")
ENCODE_SPLIT = "        for chunk in re.findall(self.pattern, text):\n"


def test_regex_split_skipped(grade_mutant):
    # neither train nor encode_ordinary splits: merges across chunks, and ids that follow them
    r = grade_mutant("tokenizer.regex", "regex_tokenizer.py", "re.findall(self.pattern, text)", "[text]", count=2)
    for name in ("chunk_boundaries", "matches_reference_regex", "given_pattern", "chunk_boundaries_case1",
                 "matches_reference_regex_case1", "given_pattern_case1"):
        assert r.check(name).points == 0, name
    # merges learned across chunks are mostly useless inside them: some compression, far from full
    for name in ("compresses_shakespeare_regex", "compresses_shakespeare_regex_case1"):
        assert 0 < r.check(name).points < 0.6 * r.check(name).max_points, name
        assert "compression of held-out Shakespeare with your merges" in feedback(r, name)
    assert r.check("compresses_shakespeare_regex_case1").points < r.check(name).max_points / 2
    assert r.check("chunk_boundaries").feedback == [ONE_CHUNK]
    assert r.check("matches_reference_regex").feedback == [
        "merge 0 (id 256): your pair (101, 32) never occurs within the regex chunks after the merges before it: it "
        "spans two chunks; split the text with the pattern first and count pairs inside each chunk only", ONE_CHUNK]


def test_encode_ordinary_without_the_split(grade_mutant):
    # train splits, encode_ordinary does not: right merges, which across chunk boundaries (numbers, runs of
    # spaces) merge what the split keeps apart; the public checks train on numbers and indented lines to show it
    r = grade_mutant("tokenizer.regex", "regex_tokenizer.py", ENCODE_SPLIT, "        for chunk in [text]:\n")
    for name in ("chunk_boundaries", "given_pattern", "chunk_boundaries_case1"):
        assert r.check(name).feedback == [ONE_CHUNK], name
        assert r.check(name).points == 0, name
    assert r.check("matches_reference_regex").status == "passed"       # its merges are right
    assert r.points < 0.7 * r.max_points


@pytest.mark.parametrize("old, new, count", [
    ("re.findall(self.pattern, text)", "[text]", 2),
    (ENCODE_SPLIT, "        for chunk in [text]:\n", 1),
])
def test_special_tokens_are_judged_apart_from_the_split(grade_mutant, old, new, count):
    # the split's mistake costs the regex exercise, not the special-token one a second time
    r = grade_mutant("tokenizer.special", "regex_tokenizer.py", old, new, count=count)
    assert r.points == r.max_points


def test_encode_ordinary_caching_chunks_is_not_a_mistake(grade_mutant):
    # encoding each distinct chunk once (a cache, as fast tokenizers do), the chunks found with finditer, and the
    # merges applied in the order learned (see test_encode_in_training_order_is_not_a_mistake)
    from tests.conftest import ROOT
    body = (ROOT / "solutions" / "tokenizer" / "regex_tokenizer.py").read_text() \
        .split("def encode_ordinary(")[1].split("# BEGIN SOLUTION\n")[1].split("        # END SOLUTION")[0]
    r = grade_mutant("tokenizer.regex", "regex_tokenizer.py", body, """\
        ids, cache = [], {}
        for chunk in (m.group() for m in re.finditer(self.pattern, text)):
            if chunk not in cache:
                chunk_ids = list(chunk.encode("utf-8"))
                for pair, idx in self.merges.items():       # in the order learned: the ids of rank order
                    chunk_ids = merge(chunk_ids, pair, idx)
                cache[chunk] = chunk_ids
            ids.extend(cache[chunk])
        return ids
""")
    assert r.points == r.max_points


def test_train_ignoring_the_given_pattern(grade_mutant):
    # train splits with GPT-4's pattern whatever the tokenizer was made with: the public given_pattern shows it
    r = grade_mutant("tokenizer.regex", "regex_tokenizer.py", "text_chunks = re.findall(self.pattern, text)",
                     "text_chunks = re.findall(GPT4_SPLIT_PATTERN, text)")
    for name in ("given_pattern", "given_pattern_case1"):
        assert r.check(name).feedback == ["tok.merges are those of the GPT-4 pattern, not of the pattern the "
                                          "tokenizer was made with: split the text with self.pattern"], name
    assert r.check("matches_reference_regex").status == "passed"


def test_regex_counting_each_distinct_chunk_once(grade_mutant):
    # "speeding up" training by counting the pairs of each distinct chunk once, forgetting how
    # often the chunk occurs (" the" counts as much as " Coriolanus")
    r = grade_mutant("tokenizer.regex", "regex_tokenizer.py",
                     "            for chunk_ids in ids:\n                get_stats(chunk_ids, stats)\n",
                     "            for chunk_ids in dict.fromkeys(map(tuple, ids)):\n"
                     "                get_stats(list(chunk_ids), stats)\n")
    assert r.check("chunk_boundaries").status == "passed"     # its merges are wrong, but it encodes by them
    assert r.check("matches_reference_regex").points == 0
    text = feedback(r, "matches_reference_regex")
    assert "within the regex chunks at that step, but another pair occurs" in text
    assert "count the pairs of all chunks into one dict (get_stats(chunk_ids, stats))" in text
    assert r.check("compresses_shakespeare_regex").points < r.check("compresses_shakespeare_regex").max_points
    assert r.points < r.max_points


def test_ties_broken_by_the_larger_pair(grade_mutant):
    # a "deterministic" tie-break of one's own: the learner's merges part from the lecture's at the first tie
    r = grade_mutant("tokenizer.basic", "basic.py", "            pair = max(stats, key=stats.get)\n",
                     "            pair = max(stats, key=lambda p: (stats[p], p))\n")
    assert r.check("wikipedia_example").status == "passed"     # its one tie goes the same way by luck
    assert "ties with another pair" in feedback(r, "matches_reference")


def test_special_tokens_not_escaped(grade_mutant):
    r = grade_mutant("tokenizer.special", "regex_tokenizer.py", '"|".join(re.escape(k) for k in special)',
                     '"|".join(special)')
    assert r.points == 0
    text = feedback(r, "allowed_special")
    assert ("encode('Hello world!<|endoftext|>To be, or not t…', allowed_special='all') gave the special "
            "tokens [], expected ['<|endoftext|>', '<|fim_prefix|>', '<|endoftext|>']") in text
    assert "re.escape each special token" in text
    assert "gave the special tokens []" in feedback(r, "allowed_special_case1")


def test_none_raise_that_does_not_raise(grade_mutant):
    r = grade_mutant("tokenizer.special", "regex_tokenizer.py",
                     "                    raise ValueError(", "                    print(")
    assert r.check("allowed_special").points == 0
    text = feedback(r, "allowed_special")
    assert "allowed_special='none_raise') should raise: the text holds a special token" in text
    assert "should raise: the text holds a special token and allowed_special is \"none_raise\" (the default)" in text
    assert r.check("specials_stand_alone").points == 0


def test_none_raise_for_any_special_looking_text(grade_mutant):
    # raising for anything like "<|...|>", registered or not: the public text's "<|fim_suffix|>" is not
    r = grade_mutant("tokenizer.special", "regex_tokenizer.py", "                if token in text:\n",
                     "                if re.search(r\"<\\|\\w+\\|>\", text):\n")
    assert r.check("allowed_special").feedback[0] == (
        "encode('no special tokens here, only < and | and…', allowed_special='none_raise') raised ValueError: the "
        "text contains the special token '<|endoftext|>'; pass allowed_special to encode it, but the text holds no "
        "registered special token: \"none_raise\" raises only for those registered")
    assert r.check("specials_stand_alone").status == "passed"


def test_load_forgetting_the_vocab(grade_mutant):
    r = grade_mutant("tokenizer.save_load", "base.py",
                     "        self.special_tokens = special_tokens\n        self.vocab = self._build_vocab()\n",
                     "        self.special_tokens = special_tokens\n")
    assert r.points == 0
    assert ("tok.vocab after load('shakespeare.model') has no entry for id 256; rebuild it with "
            "self._build_vocab()") in feedback(r, "round_trip")


def test_save_sorting_the_merges(grade_mutant):
    # merges written sorted by pair, not in the order learned: on load, line n becomes id 256 + n,
    # and a merge may name an id whose own line comes later
    r = grade_mutant("tokenizer.save_load", "base.py", "for idx1, idx2 in self.merges:",
                     "for idx1, idx2 in sorted(self.merges):")
    assert r.points == 0
    text = feedback(r, "round_trip")
    assert "shakespeare.model doesn't follow the format in save's docstring: line 6 is '10 10'" in text
    assert "load('shakespeare.model') raised KeyError: 280" in text       # a merge of ids not made yet
    assert "after load('again.model'), tok.merges differs from what was saved" in feedback(r, "round_trip_case1")


def test_training_that_ignores_the_counts(grade_mutant):
    # merges the first pair it sees, not the most frequent: a tokenizer in name only
    r = grade_mutant("tokenizer.basic", "basic.py", "            pair = max(stats, key=stats.get)\n",
                     "            pair = next(iter(stats))\n")
    assert r.check("compresses_shakespeare").points < 0.01         # 1.001 bytes per token
    assert "full points need at least" in feedback(r, "compresses_shakespeare")
    assert r.check("round_trips").status == "passed"            # it still round-trips
    assert r.check("matches_reference").points == 0


def test_untrained_merges_earn_no_compression_points(course):
    """Integrity of the compression checks: merges that learned nothing from the text score 0."""
    from grader import data
    from grader.checks.tokenizer import GPT4_SPLIT_PATTERN, bpe_train, corpus, judge_compression
    data._located["tinyshakespeare"] = str(data.locate(data.manifest(course.manifest)["tinyshakespeare"]))
    want = bpe_train(corpus(31, 20000), 256)
    held_out = corpus(32, 5000)
    assert judge_compression(want, want, 512, held_out, None).fraction == 1
    assert judge_compression([], want, 512, held_out, None).fraction == 0
    chain = [[0, 1, 256]] + [[i - 1, 0, i] for i in range(257, 512)]      # merges no text contains
    for pattern in (None, GPT4_SPLIT_PATTERN):
        v = judge_compression(chain, want, 512, held_out, pattern)
        assert v.fraction == 0
        assert "compression of held-out Shakespeare with your merges" in v.feedback[0]
