"""Lecture 7's EX4 menu (RoPE, RMSNorm, SwiGLU, GQA, ALiBi, QK-norm): the reference earns every point, a
classic mistake of each feature loses points with the exact line the learner reads, and correct code
written another way (the other RoPE layout, Bloom's ALiBi bias, OLMo 2's full-width QK-norm, …) keeps
full marks. Each case edits one exact piece of a reference file and grades it through the real sandbox."""
from __future__ import annotations

import pytest

MENU = ["EX4_rope", "EX4_rmsnorm", "EX4_swiglu", "EX4_gqa", "EX4_alibi", "EX4_qknorm"]

ROPE_QKV = """        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        q, k = apply_rope(q), apply_rope(k)
"""
QKNORM_INIT = """        self.q_norm = nn.RMSNorm(n_embd // n_head, eps=1e-6)  # per head, as Qwen3
        self.k_norm = nn.RMSNorm(n_embd // n_head, eps=1e-6)
"""
QKNORM_FORWARD = """        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(self.q_norm(q), self.k_norm(k), v, is_causal=True)
"""

# (exercise, file, old, new, failing check, its feedback)
MISTAKES = {
    "RoPE applied to v as well": (
        "EX4_rope", "rope.py", "q, k = apply_rope(q), apply_rope(k)", "q, k, v = apply_rope(q), apply_rope(k), apply_rope(v)",
        "attention", "RoPESelfAttention(32, 4): v is rotated too: RoPE rotates only q and k (so that q . k sees m - n); "
        "the values keep no position"),
    "RoPE as an absolute position put into x": (
        "EX4_rope", "rope.py", ROPE_QKV,
        "        x = apply_rope(x.unsqueeze(1)).squeeze(1)  # position into the embedding, absolute\n"
        + ROPE_QKV.replace("        q, k = apply_rope(q), apply_rope(k)\n", ""),
        "attention", "RoPESelfAttention(32, 4): one vector repeated at every position gives different outputs at "
        "different positions, so the position reaches the values, not just q . k: rotate q and k after c_attn (apply_rope "
        "on each), never x or v, and add no position to x"),
    "RMSNorm subtracting the mean": (
        "EX4_rmsnorm", "rmsnorm.py", "        return x * torch.rsqrt",
        "        x = x - x.mean(-1, keepdim=True)\n        return x * torch.rsqrt", "rmsnorm",
        "RMSNorm(32): you subtract the mean first (that is LayerNorm without its bias); RMSNorm only divides by the root "
        "mean square: x * rsqrt(mean(x**2) + eps) * weight"),
    "SwiGLU with the gate on the wrong branch": (
        "EX4_swiglu", "swiglu.py", "self.w2(F.silu(self.w1(x)) * self.w3(x))", "self.w2(self.w1(x) * F.silu(self.w3(x)))",
        "swiglu", "SwiGLU(32, multiple_of=16): the SiLU gates the wrong branch: silu goes on w1(x), and w3(x) is the "
        "linear branch it multiplies: w2(silu(w1(x)) * w3(x))"),
    "SwiGLU hidden width rounded down": (
        "EX4_swiglu", "swiglu.py", "((hidden + multiple_of - 1) // multiple_of)", "(hidden // multiple_of)",
        "swiglu_rounding", "SwiGLU(20, multiple_of=32): w1.weight has shape (32, 20), expected (64, 20)"),
    "GQA tiled with .repeat instead of repeat_interleave": (
        "EX4_gqa", "gqa.py", "k.repeat_interleave(n_rep, dim=1), v.repeat_interleave(n_rep, dim=1)",
        "k.repeat(1, n_rep, 1, 1), v.repeat(1, n_rep, 1, 1)", "grouped", "GroupedQueryAttention(32, n_head=8, n_kv_head=2): query head h uses KV head h % n_kv_head, the "
        "tiling of .repeat; each KV head serves n_rep consecutive query heads (head h uses KV head h // n_rep): use "
        "repeat_interleave(n_rep, dim=1)"),
    "ALiBi bias of the wrong sign": (
        "EX4_alibi", "alibi.py", "bias = -torch.tensor(get_slopes(n_head))", "bias = torch.tensor(get_slopes(n_head))",
        "attention", "ALiBiSelfAttention(32, 4): the bias grows with the distance i - j, so far keys win: ALiBi "
        "penalises distance, add -slope_h * (i - j) with the paper's positive slopes"),
    "ALiBi slopes negative": (
        "EX4_alibi", "alibi.py", "return [start ** (i + 1) for i in range(n)]", "return [-start ** (i + 1) for i in range(n)]",
        "slopes", "get_slopes(8) are negative: the slopes are positive, and the bias is -slope * (i - j)"),
    "QK-norm on q only": (
        "EX4_qknorm", "qknorm.py", "self.q_norm(q), self.k_norm(k), v", "self.q_norm(q), k, v", "scale", "QKNormSelfAttention(32, 4): making every key 10 times larger changed the output by up to 1.69: put k "
        "through k_norm before the dot product"),
}

# Correct code written another way: full marks.
ALTERNATIVES = {
    "RoPE in the rotate-half layout (Hugging Face)": (
        "EX4_rope", "rope.py",
        "    a, b = x[..., 0::2], x[..., 1::2]  # interleaved pairs, as llama's apply_rotary_emb\n"
        "    return torch.stack((a * cos - b * sin, a * sin + b * cos), dim=-1).flatten(-2)\n",
        "    a, b = x[..., :hs // 2], x[..., hs // 2:]\n"
        "    return torch.cat((a * cos - b * sin, a * sin + b * cos), dim=-1)\n"),
    "RMSNorm dividing by sqrt": (
        "EX4_rmsnorm", "rmsnorm.py", "x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight",
        "self.weight * (x / torch.sqrt((x * x).mean(dim=-1, keepdim=True) + self.eps))"),
    "GQA by expand and reshape": (
        "EX4_gqa", "gqa.py", "k, v = k.repeat_interleave(n_rep, dim=1), v.repeat_interleave(n_rep, dim=1)",
        "k, v = (t[:, :, None].expand(B, self.n_kv_head, n_rep, T, self.head_size).reshape(B, self.n_head, T, "
        "self.head_size) for t in (k, v))"),
    "ALiBi in Bloom's form, slope * j": (
        "EX4_alibi", "alibi.py", "bias = -torch.tensor(get_slopes(n_head))[:, None, None] * distance",
        "bias = torch.tensor(get_slopes(n_head))[:, None, None] * pos[None, None, :].float().expand(1, block_size, -1)"),
    "QK-norm over the full width (OLMo 2)": (
        "EX4_qknorm", "qknorm.py", QKNORM_INIT + "        # END SOLUTION\n\n    def forward(self, x):\n        # BEGIN SOLUTION\n"
        "        B, T, C = x.shape\n" + QKNORM_FORWARD,
        QKNORM_INIT.replace("n_embd // n_head, eps", "n_embd, eps") + "        # END SOLUTION\n\n    def forward(self, x):\n"
        "        # BEGIN SOLUTION\n        B, T, C = x.shape\n"
        "        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)\n        q, k = self.q_norm(q), self.k_norm(k)\n"
        "        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))\n"
        "        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)\n"),
}


@pytest.mark.parametrize("exercise", MENU)
def test_the_reference_earns_every_point(course, tmp_path, exercise):
    from tests.conftest import copy_lecture, grade
    r = grade(course, [f"lecture7.{exercise}"], copy_lecture(course, "lecture7", tmp_path)).exercise(f"lecture7.{exercise}")
    assert r.max_points == 4 and r.points == r.max_points, [(c.name, c.feedback) for c in r.checks]


@pytest.mark.parametrize("case", MISTAKES, ids=list(MISTAKES))
def test_a_classic_mistake_loses_points(grade_mutant, case):
    exercise, file, old, new, check, feedback = MISTAKES[case]
    r = grade_mutant(f"lecture7.{exercise}", file, old, new)
    assert r.points < r.max_points
    assert r.check(check).feedback == [feedback]


@pytest.mark.parametrize("case", ALTERNATIVES, ids=list(ALTERNATIVES))
def test_correct_code_written_another_way_keeps_full_marks(grade_mutant, case):
    exercise, file, old, new = ALTERNATIVES[case]
    r = grade_mutant(f"lecture7.{exercise}", file, old, new)
    assert r.points == r.max_points, [(c.name, c.feedback) for c in r.checks if c.status != "passed"]
