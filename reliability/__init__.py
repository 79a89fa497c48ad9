"""Reliability harnesses for newsmon: hostile files, kill-and-rerun, concurrent readers, no network.

Each module is usable from the tests (small default parameters) and from ``python -m reliability.report``, which runs
the long versions and writes the figures into RELIABILITY.md.
"""
