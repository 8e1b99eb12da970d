"""How often people may do things: counted per person or per address, in the shared cache.

The counts live in Django's default cache. With several worker processes that cache must
be shared (a database or Redis cache, see the production settings); a process-local cache
lets each worker count on its own, so four workers would allow four times the limit, and
``manage.py check`` warns about it (``leerkring.W007``).

The client's address is the one allauth determines (``ALLAUTH_TRUSTED_PROXY_COUNT`` or
``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``), so behind a proxy the limits of one office are not
those of everyone the proxy serves, and a forged header counts for nothing unless the
proxy is trusted.
"""

import time

from django.core.cache import cache


def client_address(request):
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - an unknown address is counted as one address
        return "unknown"


def _buckets(key, window_seconds):
    now = time.time()
    window = int(now // window_seconds)
    elapsed = (now % window_seconds) / window_seconds
    return f"leerkring:rate:{key}:{window}", f"leerkring:rate:{key}:{window - 1}", elapsed


def allow(key, limit, window_seconds):
    """Count one more hit for ``key``; whether the hits of the last window are within ``limit``.

    A sliding window, estimated from two fixed ones (the current and the one before, the
    latter weighted by how much of it still lies within the last ``window_seconds``): the
    counts are atomic with ``add`` and ``incr`` on every shared cache, and a burst across a
    window's edge is counted as one burst, not as two allowances.
    """
    current, previous, elapsed = _buckets(key, window_seconds)
    if cache.add(current, 1, 2 * window_seconds + 10):
        count = 1
    else:
        try:
            count = cache.incr(current)
        except ValueError:  # expired between add and incr
            cache.add(current, 1, 2 * window_seconds + 10)
            count = 1
    return cache.get(previous, 0) * (1 - elapsed) + count <= limit


def used(key, window_seconds):
    """The hits counted for ``key`` within the last window, as ``allow`` estimates them."""
    current, previous, elapsed = _buckets(key, window_seconds)
    return cache.get(previous, 0) * (1 - elapsed) + cache.get(current, 0)
