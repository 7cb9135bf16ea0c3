"""Benchmarks of reglament: ratios against a baseline measured in the same process and run.

``python -m benchmarks`` prints every ratio the project tracks (see docs/benchmarks.md).
"""
