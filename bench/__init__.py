"""Load benchmarks: simulated phones against a real Samling server on loopback."""
