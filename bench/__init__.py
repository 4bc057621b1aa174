"""Benchmarks for Xiangzhi: `python -m bench` prints figures; nothing here asserts a timing.

Each run uses its own database (a throwaway SQLite file under var/bench/ unless
BENCH_DATABASE_URL names another), never the development database.
"""
