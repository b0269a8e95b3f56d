"""Let's reproduce GPT-2 (124M): the hidden checks, the public probes and judges on other inputs (CASES)."""
