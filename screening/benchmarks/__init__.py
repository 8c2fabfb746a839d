"""Benchmarks of the matching engine: run `python -m screening.benchmarks`."""
