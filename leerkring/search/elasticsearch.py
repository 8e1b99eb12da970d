"""Index settings for Elasticsearch and OpenSearch: a Dutch analyzer as every text field's default.

Imported by the settings module, so it must not import Django models. The decompounder uses
the hand-kept word list of the database backends (``lexicon_nl.txt``), so "initiatief" finds
"bewonersinitiatief" on both; not their word frequency list, which only splits a word where
its parts are more common than the whole, a rule Elasticsearch's dictionary decompounder
cannot follow (it would cut ordinary words anywhere). Ascii folding makes "energiecooperatie" find
"energiecoöperatie"; Snowball's Dutch stemmer joins singular and plural.
"""

from pathlib import Path

LEXICON = Path(__file__).with_name("lexicon_nl.txt")


def lexicon_words():
    words = []
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    return words


def index_settings():
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "dutch_stop": {"type": "stop", "stopwords": "_dutch_"},
                    "dutch_stemmer": {"type": "stemmer", "language": "dutch"},
                    "dutch_decompounder": {
                        "type": "dictionary_decompounder",
                        "word_list": lexicon_words(),
                        "min_subword_size": 3,
                        "only_longest_match": False,
                    },
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "asciifolding",
                            "dutch_stop",
                            "dutch_decompounder",
                            "dutch_stemmer",
                        ],
                    },
                },
            }
        }
    }
