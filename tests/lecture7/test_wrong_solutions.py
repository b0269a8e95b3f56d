"""Classic lecture 7 mistakes, made in a copy of the reference: each must lose points.

Every case edits one exact piece of a solution file, grades it through the real sandbox,
and asserts which check fails, the words of its feedback, and (where one applies) a hidden
check that fails too. The fp16 fill-value mistake only shows on a GPU; it is tested in
test_device_checks.py with the same probe under CPU autocast.
"""
from __future__ import annotations

import pytest

from tests.conftest import refused

PER_HEAD_LOOP = """        ys = []
        for h in range(self.n_head):
            att = (q[:, h] @ k[:, h].transpose(-2, -1)) * (1.0 / math.sqrt(hs))
            att = att.masked_fill(self.tril[0, 0, :T, :T] == 0, float('-inf'))
            att = self.attn_dropout(F.softmax(att, dim=-1))
            ys.append(att @ v[:, h])
        y = torch.stack(ys, dim=1)
"""
FUSED_ATTENTION = """        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(self.tril[:, :, :T, :T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        att = self.attn_dropout(att)
        y = att @ v  # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
"""
HEADS_AS_BATCH = """        k = k.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
"""
HEADS_VIEWED = """        k = k.reshape(B, self.n_head, T, hs)
        q = q.reshape(B, self.n_head, T, hs)
        v = v.reshape(B, self.n_head, T, hs)
"""

# (target, file, old, new, failing public check, words in its feedback, failing hidden check)
MISTAKES = {
    # lecture7.attention
    "mask transposed (triu): the future leaks": (
        "lecture7.attention", "gpt.py", "self.register_buffer('tril', torch.tril(torch.ones(block_size, block_size)))",
        "self.register_buffer('tril', torch.triu(torch.ones(block_size, block_size)))",
        "head", "Head(8, n_embd=32, block_size=16) is not causal: changing the inputs after position 0 changed the output at position 0",
        "head_other_sizes_case1"),
    "no masked_fill: the future leaks": (
        "lecture7.attention", "gpt.py", "        wei = wei.masked_fill(self.tril[:T, :T] == 0, float('-inf'))  # (B, T, T)\n",
        "", "head", "the mask must hide every later position", "head_other_sizes_case1"),
    "scores scaled by C**-0.5 (n_embd), the video's slip": (
        "lecture7.attention", "gpt.py", "wei = q @ k.transpose(-2, -1) * k.shape[-1]**-0.5",
        "wei = q @ k.transpose(-2, -1) * C**-0.5",
        "head", "the scores are scaled by n_embd**-0.5 (C, the width of x), the lecture's slip", "head_other_sizes_case1"),
    "softmax over the wrong axis: each key's weights sum to 1, not each query's": (
        "lecture7.attention", "gpt.py", "wei = F.softmax(wei, dim=-1)  # (B, T, T)",
        "wei = F.softmax(wei, dim=-2)  # (B, T, T)",
        "head", "Head(8, n_embd=32, block_size=16) is not causal", "head_other_sizes_case1"),
    "heads concatenated in reverse": (
        "lecture7.attention", "gpt.py", "out = torch.cat([h(x) for h in self.heads], dim=-1)",
        "out = torch.cat([h(x) for h in reversed(self.heads)], dim=-1)",
        "multihead", "MultiHeadAttention(4, 8, n_embd=32, block_size=16) output", "multihead_other_sizes_case1"),
    # lecture7.block
    "post-norm instead of pre-norm": (
        "lecture7.block", "gpt.py",
        "        x = x + self.sa(self.ln1(x))\n        x = x + self.ffwd(self.ln2(x))\n",
        "        x = self.ln1(x + self.sa(x))\n        x = self.ln2(x + self.ffwd(x))\n",
        "block", "this is post-norm (norm after the residual add", "block_other_sizes_case1"),
    "LayerNorm with the unbiased variance (the lecture's LayerNorm1d)": (
        "lecture7.block", "gpt.py", "xvar = x.var(-1, keepdim=True, unbiased=False)", "xvar = x.var(-1, keepdim=True)",
        "layernorm", "you divide by n - 1 (the unbiased variance", "layernorm_case1"),
    "LayerNorm over dim 1, as LayerNorm1d did for 2-D input": (
        "lecture7.block", "gpt.py",
        "xmean = x.mean(-1, keepdim=True)  # mean over the features of each position\n"
        "        xvar = x.var(-1, keepdim=True, unbiased=False)",
        "xmean = x.mean(1, keepdim=True)  # mean over the features of each position\n"
        "        xvar = x.var(1, keepdim=True, unbiased=False)",
        "layernorm", "you normalise over dim 1 (time, for a (B, T, C) input)", "layernorm_case1"),
    "FeedForward without the 4x inner width": (
        "lecture7.block", "gpt.py",
        "nn.Linear(n_embd, 4 * n_embd),\n            nn.ReLU(),\n            nn.Linear(4 * n_embd, n_embd),",
        "nn.Linear(n_embd, n_embd),\n            nn.ReLU(),\n            nn.Linear(n_embd, n_embd),",
        "feedforward", "net.0.weight has shape (32, 32), expected (128, 32)", "feedforward_case1"),
    # lecture7.model
    "generate doesn't crop to block_size": (
        "lecture7.model", "gpt.py", "idx_cond = idx[:, -self.block_size:]", "idx_cond = idx",
        "generate", "generate raised IndexError: index out of range in self: the position table has only "
                    "block_size = 16 rows", "generate_long_prompt_case1"),
    "generate crops the first block_size tokens": (
        "lecture7.model", "gpt.py", "idx_cond = idx[:, -self.block_size:]", "idx_cond = idx[:, :self.block_size]",
        "generate", "at step 14 the model was not fed the last 16 tokens", "generate_long_prompt_case1"),
    "generate reads the first position's logits": (
        "lecture7.model", "gpt.py", "logits = logits[:, -1, :]  # becomes (B, C)",
        "logits = logits[:, 0, :]  # becomes (B, C)",
        "generate", "take logits[:, -1, :] (the prediction after the last token)", "generate_long_prompt_case1"),
    "generate takes the argmax instead of sampling": (
        "lecture7.model", "gpt.py", "idx_next = torch.multinomial(probs, num_samples=1)  # (B, 1)",
        "idx_next = probs.argmax(dim=-1, keepdim=True)  # (B, 1)",
        "generate", "generate never called torch.multinomial", "generate_long_prompt_case1"),
    "generate samples from the logits": (
        "lecture7.model", "gpt.py", "idx_next = torch.multinomial(probs, num_samples=1)  # (B, 1)",
        "idx_next = torch.multinomial(logits, num_samples=1)  # (B, 1)",
        "generate", "torch.multinomial was given values that are not probabilities", "generate_long_prompt_case1"),
    "no _init_weights: torch's default init": (
        "lecture7.model", "gpt.py", "        self.apply(self._init_weights)\n", "",
        "init_loss", "should be within 0.1 of -log(1/65) = 4.1744", None),
    "no position embeddings": (
        "lecture7.model", "gpt.py", "x = tok_emb + pos_emb  # (B,T,C)", "x = tok_emb  # (B,T,C)",
        "logits_and_loss", "GPTLanguageModel(65, 32, 4, 2, 16): logits", "logits_other_sizes_case1"),
    # lecture7.EX1
    "heads made by a reshape without the transpose": (
        "lecture7.EX1", "fused_attention.py", HEADS_AS_BATCH, HEADS_VIEWED,
        "matches_multihead", "with the weights of a MultiHeadAttention laid out as the docstring says",
        "matches_multihead_other_sizes_case1"),
    "fused scores scaled by C**-0.5": (
        "lecture7.EX1", "fused_attention.py", "att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))",
        "att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C))",
        "matches_multihead", "CausalSelfAttention(32, 4) output", "matches_multihead_other_sizes_case1"),
    "a Python loop over the heads": (
        "lecture7.EX1", "fused_attention.py", FUSED_ATTENTION, PER_HEAD_LOOP,
        "no_head_loop", "fused_attention.py line 70: a for loop is a Python loop (make the heads a batch dimension",
        None),
    "fused mask not causal (no masked_fill)": (
        "lecture7.EX1", "fused_attention.py",
        "        att = att.masked_fill(self.tril[:, :, :T, :T] == 0, float('-inf'))\n", "",
        "causal", "CausalSelfAttention is not causal", "matches_multihead_other_sizes_case1"),
    "mask kept as a plain attribute": (
        "lecture7.EX1", "fused_attention.py", 'self.register_buffer("tril", ', 'setattr(self, "tril", ',
        "mask_is_a_buffer", "self.tril is a plain tensor attribute, so .to(device) leaves it on the CPU", None),
    # lecture7.EX4
    "cached tokens' positions restart at 0": (
        "lecture7.EX4", "kv_cache.py", "pos = torch.arange(past, past + T, device=idx.device)",
        "pos = torch.arange(T, device=idx.device)",
        "one_step", "the new tokens sit at positions 7, 8, … (T_past = 7 cached)", "chunk_after_cache_case1"),
    "KV cache off by one position": (
        "lecture7.EX4", "kv_cache.py", "past = 0 if cache is None else cache[0][0].size(2)",
        "past = 0 if cache is None else cache[0][0].size(2) - 1",
        "one_step", "while a full forward pass over all the tokens gets them right", "chunk_after_cache_case1"),
    "cached mask not offset by the cache length": (
        "lecture7.EX4", "kv_cache.py", "self.tril[past:past + T, :past + T] == 0", "self.tril[:T, :past + T] == 0",
        "one_step", "each may attend to every cached key", "chunk_after_cache_case1"),
    "generate_cached never uses the cache": (
        "lecture7.EX4", "kv_cache.py", "logits, cache = self(idx[:, -1:], cache)  # only the newest token",
        "logits, cache = self(idx[:, -self.block_size:])",
        "uses_the_cache", "generate_cached fed 85 tokens through the model to add 10 tokens to a 4-token prompt; "
                          "with a cache that takes 13", "uses_the_cache_case1"),
    "generate_cached feeds the previous token again": (
        "lecture7.EX4", "kv_cache.py", "logits, cache = self(idx[:, -1:], cache)  # only the newest token",
        "logits, cache = self(idx[:, -2:-1], cache)",
        "greedy_matches", "generation with the cache parts from full recomputation at new token",
        "greedy_matches_case1"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    target, file, old, new, check, words, hidden = MISTAKES[mistake]
    r = grade_mutant(target, file, old, new)
    assert r.points < r.max_points
    failing = r.check(check)
    assert failing.status == "failed" and failing.points == 0, failing
    assert any(words in line for line in failing.feedback), failing.feedback
    if hidden:
        assert r.check(hidden).status in ("failed", "error"), r.check(hidden)


def test_proj_from_n_embd_fails_the_public_other_sizes(grade_mutant):
    """The video's proj = nn.Linear(n_embd, n_embd) works when head_size * num_heads == n_embd, as in
    the lecture; the public multihead_other_sizes has 2 heads of 7 for n_embd 24, and names the shape."""
    r = grade_mutant("lecture7.attention", "gpt.py", "self.proj = nn.Linear(head_size * num_heads, n_embd)",
                     "self.proj = nn.Linear(n_embd, n_embd)")
    assert r.check("multihead").status == "passed"
    public = r.check("multihead_other_sizes")
    assert public.status == "error" and "mat1 and mat2 shapes cannot be multiplied" in public.feedback[0], public


NO_MASK = ("        wei = wei.masked_fill(self.tril[:T, :T] == 0, float('-inf'))  # (B, T, T)\n", "")
NO_POSITIONS = ("x = tok_emb + pos_emb  # (B,T,C)", "x = tok_emb  # (B,T,C)")


def graded(grade_mutant, edit, exercises=("attention", "block", "model")) -> dict:
    return {ex: grade_mutant(f"lecture7.{ex}", "gpt.py", *edit) for ex in exercises}


def lost(r) -> list:
    return [(c.name, c.feedback) for c in r.checks if c.points < c.max_points]


def test_a_missing_mask_costs_the_attention_exercise_only(grade_mutant):
    """Block and model are built of the course's attention: the leak is the attention exercise's."""
    r = graded(grade_mutant, NO_MASK)
    assert r["attention"].check("head").feedback == [
        "Head(8, n_embd=32, block_size=16) is not causal: changing the inputs after position 0 changed the output "
        "at position 0 (by 0.66); the mask must hide every later position (position t attends only to positions "
        "<= t)"]
    assert not lost(r["block"]) and not lost(r["model"]), (lost(r["block"]), lost(r["model"]))


def test_an_upstream_bug_is_not_blamed_on_generate(grade_mutant):
    """No position embeddings: forward's logits are wrong, but generate does what it should with them."""
    r = graded(grade_mutant, NO_POSITIONS, ("model",))["model"]
    assert [name for name, _ in lost(r)] == ["logits_and_loss", "logits_other_sizes", "dropout",
                                             "logits_other_sizes_case1", "dropout_case1"], lost(r)
    assert r.check("generate").status == r.check("generate_long_prompt").status == "passed"


DROPOUT_MISTAKES = {
    "Head without dropout": (
        ("        wei = self.dropout(wei)\n", ""), "attention",
        "Head(dropout=0.5): in training mode two forward passes under different seeds gave the same output: apply "
        "self.dropout to the attention weights, after the softmax"),
    "heads built without dropout": (
        ("Head(head_size, n_embd, block_size, dropout) for _", "Head(head_size, n_embd, block_size) for _"), "attention",
        "MultiHeadAttention(dropout=0.5): in training mode two forward passes under different seeds gave the same "
        "output: its heads drop nothing: pass dropout on to each Head"),
    "feed-forward built without dropout": (
        ("self.ffwd = FeedForward(n_embd, dropout)", "self.ffwd = FeedForward(n_embd)"), "block",
        "Block(dropout=0.5): in training mode the ffwd branch drops nothing (two forward passes under different "
        "seeds agree while the other branch adds nothing): pass dropout on to FeedForward (its net ends in "
        "nn.Dropout)"),
    "blocks built without dropout": (
        ("Block(n_embd, n_head, block_size, dropout) for _", "Block(n_embd, n_head, block_size) for _"), "model",
        "GPTLanguageModel(65, 32, 4, 2, 16, dropout=0.5): in training mode block 0 drops nothing (two forward passes "
        "under different seeds agree): pass dropout on to each Block"),
}


@pytest.mark.parametrize("mistake", list(DROPOUT_MISTAKES))
def test_dropout_never_applied_is_told(grade_mutant, mistake):
    """Dropout that never drops passes every eval-mode check; in training mode two seeds must differ."""
    edit, exercise, line = DROPOUT_MISTAKES[mistake]
    r = graded(grade_mutant, edit)
    name = "block_dropout" if exercise == "block" else "dropout"
    assert r[exercise].check(name).feedback == [line], r[exercise].check(name).feedback
    assert {n for n, _ in lost(r[exercise])} <= {name, f"{name}_case1"}, lost(r[exercise])
    assert all(not lost(r[ex]) for ex in r if ex != exercise), {ex: lost(r[ex]) for ex in r if ex != exercise}


BRANCH_DROPOUT = (
    "        self.sa = MultiHeadAttention(n_head, head_size, n_embd, block_size, dropout)\n"
    "        self.ffwd = FeedForward(n_embd, dropout)\n",
    "        self.sa = MultiHeadAttention(n_head, head_size, n_embd, block_size)\n"
    "        self.ffwd = FeedForward(n_embd)\n"
    "        self.drop = nn.Dropout(dropout)\n")
BRANCH_FORWARD = ("        x = x + self.sa(self.ln1(x))\n        x = x + self.ffwd(self.ln2(x))\n",
                  "        x = x + self.drop(self.sa(self.ln1(x)))\n        x = x + self.drop(self.ffwd(self.ln2(x)))\n")


def test_dropout_at_other_legal_places_keeps_full_marks(course, tmp_path):
    """F.dropout in the Head instead of the module; the Block dropping its branches' outputs itself."""
    from tests.conftest import copy_lecture, grade
    root = copy_lecture(course, "lecture7", tmp_path)
    path = root / "lecture7" / "gpt.py"
    text = path.read_text()
    for old, new in (("wei = self.dropout(wei)", "wei = F.dropout(wei, self.dropout.p, self.training)"),
                     BRANCH_DROPOUT, BRANCH_FORWARD):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text)
    report = grade(course, ["lecture7.attention", "lecture7.block", "lecture7.model"], root)
    assert report.points == report.max_points, [lost(e) for e in report.exercises]


def test_cache_not_refilled_past_block_size(grade_mutant):
    r = grade_mutant("lecture7.EX4", "kv_cache.py", "if cache is None or idx.size(1) > self.block_size:",
                     "if cache is None:")
    assert r.check("greedy_matches").status == "passed"
    failing = r.check("past_block_size")
    assert failing.status == "error" and "IndexError: index out of range in self" in failing.feedback[0], failing


def test_cuda_checks_skip_without_cuda(course):
    """Here there is no GPU: the CUDA checks are skipped with the reason and count for nothing."""
    import torch
    from tests.conftest import grade
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    r = grade(course, ["lecture7.EX1"], course.solutions).exercise("lecture7.EX1")
    cuda = [c for c in r.checks if c.name.startswith("cuda_")]
    assert [c.name for c in cuda] == ["cuda_matches_cpu", "cuda_autocast_bf16", "cuda_autocast_fp16"]
    for c in cuda:
        assert c.status == "skipped" and c.max_points == 0
        assert c.feedback == ["needs CUDA, which this machine does not have"]
    assert r.points == r.max_points == pytest.approx(10, abs=1e-3)


def test_reference_scores_full_marks(course):
    from tests.conftest import grade
    report = grade(course, [e.id for e in course.resolve(["lecture7"]) if not e.training], course.solutions)
    assert all(c.status in ("passed", "skipped") for e in report.exercises for c in e.checks), [
        (c.id, c.feedback) for e in report.exercises for c in e.checks if c.status not in ("passed", "skipped")]
    assert report.points == report.max_points == pytest.approx(74, abs=1e-3)    # EX3 trains: a slow test


def test_stubs_score_nothing(course):
    from tests.conftest import grade
    report = grade(course, ["lecture7"], course.exercises_dir)
    assert report.points == 0
    assert all("not implemented yet" in c.feedback[0] for e in report.exercises for c in e.checks
               if c.status != "skipped")


# --------------------------------------------------------------------------- EX1: no loop over heads, from the source

def test_head_loop_with_the_counters_forged(grade_mutant):
    """The loop runs with torch's function mode switched off (so CountCalls sees nothing) and the output
    detached into a one-node graph (so graph_size sees nothing grow): the child's counts would say "no
    loop"; reaching torch._C voids the submission before anything runs."""
    forged = ("        with torch._C.DisableTorchFunction():\n" + "".join("    " + line + "\n"
              for line in PER_HEAD_LOOP.splitlines()))
    r = grade_mutant("lecture7.EX1", "fused_attention.py", FUSED_ATTENTION, forged)
    assert r.points == 0
    assert r.check("no_head_loop").feedback == r.check("matches_multihead").feedback == [
        refused("fused_attention.py line 69", "torch._C")]


def test_head_loop_as_map_in_a_helper(grade_mutant):
    """map over the heads, in a method forward calls: reach follows the name into the helper."""
    helper = ("        y = torch.stack(list(map(lambda h: self._one(q[:, h], k[:, h], v[:, h], T, hs), "
              "range(self.n_head))), dim=1)\n")
    r = grade_mutant("lecture7.EX1", "fused_attention.py", FUSED_ATTENTION, helper)
    assert r.check("no_head_loop").status == "failed"        # _one is missing: forward itself maps
    assert r.check("no_head_loop").feedback[0].endswith(": map(...) is a Python loop (make the heads a batch "
                                                        "dimension, (B, n_head, T, head_size), and attend for all "
                                                        "of them with one batched matmul)")


def test_fused_attention_with_einsum_keeps_full_marks(grade_mutant):
    r = grade_mutant("lecture7.EX1", "fused_attention.py", FUSED_ATTENTION,
                     "        att = torch.einsum('bhtd,bhsd->bhts', q, k) * (1.0 / math.sqrt(hs))\n"
                     "        att = att.masked_fill(self.tril[:, :, :T, :T] == 0, float('-inf'))\n"
                     "        att = self.attn_dropout(F.softmax(att.double(), dim=-1).float())\n"
                     "        y = torch.einsum('bhts,bhsd->bhtd', att, v)\n")
    assert r.points == r.max_points, [(c.name, c.feedback) for c in r.checks if c.points < c.max_points]
