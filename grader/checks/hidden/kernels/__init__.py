"""The kernels lecture's hidden checks: the public probes on other sizes (CASES)."""
