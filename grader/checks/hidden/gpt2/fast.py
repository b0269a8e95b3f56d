"""The hidden checks of gpt2.fast: other sizes, other documents."""

CASES = {"flash_attention": [dict(seed=151, B=3, nh=2, T=9, hs=5)], "bf16_cpu": [dict(seed=152)],
         "document_tokens": [dict(docs=["MENENIUS:\nEither you must confess yourselves wondrous malicious,",
                                        "All:\nSpeak, speak.", ""])]}
