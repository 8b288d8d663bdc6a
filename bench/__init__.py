"""Benchmarks of citebot's engine (issue 7): speed, memory and accuracy by knowledge size.

`python -m bench` (or `make bench`) generates synthetic knowledge bases (synth.py), measures
each size in a fresh process (measure.py, run.py) against the shipped knowledge and a simple
rapidfuzz baseline, and writes the report (report.py) to bench/RESULTS.md.
"""
