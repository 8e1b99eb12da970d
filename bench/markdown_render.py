"""Render time of hostile and ordinary Markdown: a benchmark, not a test.

    .venv/bin/python bench/markdown_render.py

Prints the time of one render of each text, as a reply or an opening post would be shown.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_site.settings.test")

TEXTS = {
    "20,000 unclosed [ (an opening post)": "[" * 20_000,
    "10,000 unclosed [ (a reply)": "[" * 10_000,
    "5,000 unclosed ![": "![" * 5_000,
    "2,500 [a]( never closed": "[a](" * 2_500,
    "2,500 [*_`": "[*_`" * 2_500,
    "5,000 nested >": ">" * 5_000 + " x",
    "10,000 characters of words": ("woord " * 1_700)[:10_000],
    "1,600 reference links": "[a][b]" * 1_600,
}


def main():
    import django

    django.setup()
    from leerkring.markdown import render_markdown

    for name, text in TEXTS.items():
        started = time.perf_counter()
        render_markdown(text)
        print(f"{name:40} {(time.perf_counter() - started) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
