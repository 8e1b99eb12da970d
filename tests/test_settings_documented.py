"""The README's table of the settings the apps read names exactly the settings of the conf
modules, each with the default the code uses (docs/architecture.md, Contracts)."""

import re
from pathlib import Path

from leerkring import conf as leerkring_conf
from practices import conf as practices_conf

README = Path(__file__).resolve().parent.parent / "README.md"
TABLE_INTRO = "Settings the apps read, with their defaults:"
CODE = re.compile(r"`([^`]*)`")


def shown(value):
    """A default as the README writes it: a string as it is, anything else as Python."""
    return value if isinstance(value, str) else repr(value)


def in_code():
    return {
        f"{prefix}{name}": shown(default)
        for prefix, defaults in (
            ("LEERKRING_", leerkring_conf.DEFAULTS),
            ("PRACTICES_", practices_conf.DEFAULTS),
        )
        for name, default in defaults.items()
    }


def table_rows(text):
    """The rows of the table after its introduction, each as its cells."""
    lines = text.split(TABLE_INTRO, 1)[1].strip().splitlines()
    rows = []
    for line in lines[2:]:  # below the header and its rule
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


def in_readme(text):
    """Setting and default of every row; a row may name several, with as many defaults."""
    documented = {}
    for names_cell, defaults_cell, _meaning in table_rows(text):
        names, defaults = CODE.findall(names_cell), CODE.findall(defaults_cell)
        assert len(names) == len(defaults), names_cell
        for name, default in zip(names, defaults, strict=True):
            assert name not in documented, f"{name} is in the table twice"
            documented[name] = default
    return documented


def test_the_readme_lists_every_setting_with_the_default_of_the_code():
    assert in_readme(README.read_text(encoding="utf-8")) == in_code()


def test_a_setting_missing_from_the_readme_is_noticed():
    text = README.read_text(encoding="utf-8")
    without = "\n".join(
        line for line in text.splitlines() if not line.startswith("| `LEERKRING_DIGEST_HOUR`")
    )

    assert in_readme(without) != in_code()
