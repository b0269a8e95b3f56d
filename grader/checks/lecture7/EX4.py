"""The public checks of lecture7.EX4."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture7 import KV, judge_kv_generate, judge_kv_step, kv_generate_probe, kv_step_probe
from grader.judge import failed, passed


@check(weight=2)
def one_step(sub):
    return kv_step_probe(sub, KV, seed=61, B=2, T0=7, T1=1)


@one_step.judge
def _(got, want):
    return judge_kv_step(got, want, "one token after 7", 7)


@check(weight=2)
def greedy_matches(sub):
    return kv_generate_probe(sub, KV, seed=62, B=2, T0=4, n=10)


@greedy_matches.judge
def _(got, want):
    return judge_kv_generate(got, want, "generate_cached(idx (2, 4), 10)")


@check()
def uses_the_cache(sub):
    return kv_generate_probe(sub, KV, seed=63, B=2, T0=4, n=10)


@uses_the_cache.judge
def _(got, want):
    if got["fed"] > want["fed"]:
        return failed(f"generate_cached fed {got['fed']} tokens through the model to add {got['n']} tokens to a "
                      f"4-token prompt; with a cache that takes {want['fed']}: the prompt once, then only "
                      f"the newest token at each step")
    return passed()


@check()
def past_block_size(sub):
    return kv_generate_probe(sub, KV, seed=65, B=2, T0=5, n=20)


@past_block_size.judge
def _(got, want):
    return judge_kv_generate(got, want, "generate_cached(idx (2, 5), 20) past block_size 16")
