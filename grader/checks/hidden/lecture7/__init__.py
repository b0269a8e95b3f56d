"""Lecture 7 (GPT from scratch): the hidden checks, the public probes and judges on other inputs (CASES)."""
