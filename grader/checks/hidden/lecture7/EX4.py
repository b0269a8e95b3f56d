"""The hidden checks of lecture7.EX4."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture7 import failed, judge_kv_generate, judge_kv_step, kv_generate_probe, kv_step_probe, passed


KV_OTHER = dict(vocab_size=11, n_embd=24, n_head=3, n_layer=3, block_size=12)


@check(weight=2)
def chunk_after_cache(sub):
    return kv_step_probe(sub, KV_OTHER, seed=141, B=3, T0=5, T1=3)


@chunk_after_cache.judge
def _(got, want):
    return judge_kv_step(got, want, "three tokens after 5", 5)


@check(weight=2)
def greedy_other_sizes(sub):
    return {"short_prompt": kv_generate_probe(sub, KV_OTHER, seed=151, B=3, T0=1, n=15),
            "long_prompt": kv_generate_probe(sub, KV_OTHER, seed=143, B=2, T0=14, n=4)}


@greedy_other_sizes.judge
def _(got, want):
    return judge_kv_generate(got["short_prompt"], want["short_prompt"], "from 1 token, 15 new, block_size 12") & \
        judge_kv_generate(got["long_prompt"], want["long_prompt"], "from a 14-token prompt, block_size 12")


@check()
def uses_the_cache_other(sub):
    return kv_generate_probe(sub, KV_OTHER, seed=144, B=1, T0=2, n=9)


@uses_the_cache_other.judge
def _(got, want):
    if got["fed"] > want["fed"]:
        return failed(f"generate_cached fed {got['fed']} tokens through the model where the cache needs "
                      f"{want['fed']}")
    return passed()
