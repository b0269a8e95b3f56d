"""The public checks of lecture7.EX4."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture7 import KV, checks, judge_kv_generate, judge_kv_step, kv_generate_probe, kv_step_probe
from grader.judge import failed, passed

KV_SMALL = dict(vocab_size=17, n_embd=20, n_head=5, n_layer=1, block_size=10)


def cached_logits_match_full_pass(got, want, T0, T1):
    return judge_kv_step(got, want, f"{T1} token{'s' if T1 > 1 else ''} after {T0}", T0)


def cached_tokens_match_full_recomputation(got, want, cfg, B, T0, n):
    return judge_kv_generate(got, want, f"generate_cached(idx ({B}, {T0}), {n}) with block_size "
                                        f"{cfg['block_size']}")


checks(kv_step_probe, cached_logits_match_full_pass, one_step=dict(cfg=KV, weight=2, seed=61, B=2, T0=7, T1=1),
       chunk_after_cache=dict(cfg=KV_SMALL, weight=2, seed=66, B=2, T0=4, T1=3))
checks(kv_generate_probe, cached_tokens_match_full_recomputation,
       greedy_matches=dict(cfg=KV, weight=2, seed=62, B=2, T0=4, n=10),
       past_block_size=dict(cfg=KV, seed=65, B=2, T0=1, n=20),
       long_prompt=dict(cfg=KV_SMALL, seed=67, B=2, T0=12, n=4))


@check(case=dict(cfg=KV, seed=63, B=2, T0=4, n=10))
def uses_the_cache(sub, **case):
    return kv_generate_probe(sub, **case)


@uses_the_cache.judge
def prompt_fed_once_then_one_token_a_step(got, want, T0):
    if got["fed"] > want["fed"]:
        return failed(f"generate_cached fed {got['fed']} tokens through the model to add {got['n']} tokens to a "
                      f"{T0}-token prompt; with a cache that takes {want['fed']}: the prompt once, then only "
                      f"the newest token at each step")
    return passed()
