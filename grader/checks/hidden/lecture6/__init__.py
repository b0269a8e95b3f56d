"""Lecture 6 (WaveNet): the hidden checks, the public probes and judges on other inputs (CASES)."""
