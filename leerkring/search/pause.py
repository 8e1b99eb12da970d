"""The switch that pauses the signal handlers keeping the search documents current.

Its own module so that ``documents``, whose rebuild pauses the handlers, need not import
``signals``, which imports ``documents``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_paused = ContextVar("search_documents_paused", default=False)


@contextmanager
def paused():
    """Skip the handlers, e.g. while ``rebuild_all`` or a bulk import writes everything."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def active():
    return not _paused.get()
