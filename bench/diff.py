#!/usr/bin/env python
"""Benchmark of the revision compare's diff (strategies.diff.text_diff): its CPU time on the inputs that
made the old word diff quadratic, and on the worst the budgets allow.

    .venv/bin/python bench/diff.py

Target: every case <= 1 s of CPU (the old diff: 57 s for two different 5,000-word texts, over 180 s for
10,000 words). Exit status 0 when met, 1 when not.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TARGET_SECONDS = 1.0
VOCABULARY = ["offer", "e-mail", "store", "price", "delivery", "клиент", "opinia", "고객", "the", "a", "of", "and"]


def words(seed: int, count: int, per_line: int = 12) -> str:
    """Words from a small vocabulary, so they repeat: what makes a diff do the most work."""
    chosen = [VOCABULARY[(seed * 7 + index * (seed + 5)) % len(VOCABULARY)] for index in range(count)]
    return "\n".join(" ".join(chosen[start : start + per_line]) for start in range(0, count, per_line))


def main() -> int:
    import django

    django.setup()
    from strategies.diff import LINE_BUDGET, WORD_BUDGET, text_diff, tokenize

    side = int(LINE_BUDGET**0.5)
    count = int(WORD_BUDGET**0.5)  # the most words two one-line paragraphs can have and be compared word by word
    while len(tokenize(words(1, count, 10**6))) * len(tokenize(words(2, count, 10**6))) > WORD_BUDGET:
        count -= 1
    cases = {
        "two different 5,000-word texts": (words(1, 5_000), words(2, 5_000)),
        "two different 10,000-word texts": (words(1, 10_000), words(2, 10_000)),
        "two different 100,000-word texts": (words(1, 100_000), words(2, 100_000)),
        "the same, without line breaks": (words(1, 100_000, 10**6), words(2, 100_000, 10**6)),
        "100,000 words, one word changed": (words(1, 100_000), words(1, 100_000).replace("store", "shop", 1)),
        f"{side} x {side} lines, repeating (the line budget)": (
            "\n".join(["offer", "price"] * (side // 2)),
            "\n".join(["price", "offer", "store"] * (side // 3)),
        ),
        f"one changed paragraph of {count} words (the word budget)": (words(1, count, 10**6), words(2, count, 10**6)),
    }
    worst = 0.0
    print(f"Budgets: {LINE_BUDGET:,} lines x lines, {WORD_BUDGET:,} words x words.")
    for name, (before, after) in cases.items():
        started = time.process_time()
        diff = text_diff(before, after)
        seconds = time.process_time() - started
        worst = max(worst, seconds)
        print(f"{name:55} {seconds * 1000:8.1f} ms CPU   word by word: {'yes' if diff.by_word else 'no '}")
    met = worst <= TARGET_SECONDS
    print(f"Worst case {worst * 1000:.0f} ms: {'met' if met else 'missed'} (target <= {TARGET_SECONDS * 1000:.0f} ms)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
