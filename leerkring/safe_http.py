"""Outgoing HTTP requests that cannot be turned against the server's own network.

Shared by the lesson harvester (``leerkring.harvest``) and federation (fetching a remote
actor's key, later deliveries). Only http and https addresses are fetched, redirects
included. Host names are resolved here and a connection is made only to the addresses that
passed the check, for every redirect too, so a name that resolves to 127.0.0.1 is refused as
well: loopback, private, link-local and other non-public addresses are refused, except
networks listed in ``LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS`` (the one allow-list for
every outgoing request). IPv6 forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4)
are judged by that IPv4 address; Teredo and the deprecated IPv4-compatible form are
refused. No proxy from the environment is used, because the check would then see only the
proxy. Every fetch has a deadline for the whole of it (``run_within``).
"""

import http.client
import ipaddress
import socket
import threading
import time
import urllib.request
from urllib.parse import urlsplit

from .conf import leerkring_settings

ALLOWED_SCHEMES = ("http", "https")

# Why an address is refused; stored in a feed's last result, and translated in the admin form.
REFUSED_SCHEME = "only http and https addresses are fetched"
REFUSED_PRIVATE = "the address points into a private or local network"
REFUSED_UNKNOWN_HOST = "the host name could not be found"


class FetchError(Exception):
    """Something about the remote side that stops this fetch; the message is for people."""


class TooSlow(FetchError):
    """The fetch's deadline passed. Worded by the caller, not where it is raised: the fetch
    runs in a thread of its own, which does not have the caller's language."""

    def __init__(self, seconds):
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds


def is_allowed_url(url):
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


class _SafeRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses (urllib would also follow ftp://)."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_allowed_url(newurl):
            raise FetchError(f"redirect to a refused address: {newurl[:200]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


# IPv6 prefixes whose addresses lead to an IPv4 host through a gateway or relay (6to4,
# 2002::/16, is recognised by ipaddress itself).
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052; the IPv4 address is the last 32 bits
TEREDO = ipaddress.ip_network("2001::/32")  # RFC 4380


def _ip(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip


def _is_public(ip):
    # is_global alone is not enough: Python 3.11 calls multicast, site-local and parts of the
    # reserved ranges (::/8, where ::127.0.0.1 lies) global.
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
    )


def _is_public_address(ip):
    if ip.version == 6:
        if ip in TEREDO:
            # The Teredo relay, not this server, decides where the packets end up.
            return False
        if ip in NAT64:
            # A NAT64 gateway connects to the IPv4 address inside, so 64:ff9b::7f00:1 is its
            # 127.0.0.1. The prefix lies in ::/8, which ipaddress calls reserved, so it is
            # judged by the IPv4 address alone; on an IPv6-only host with DNS64 every IPv4
            # site has such an address.
            return _is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None and not _is_public(ip.sixtofour):
            return False
    return _is_public(ip)


def is_fetchable_address(address):
    """Whether the harvester may connect to this IP address: a public one, or one of the
    networks in ``LEERKRING_HARVEST_ALLOWED_PRIVATE_NETWORKS`` (e.g. a municipality's own
    intranet, or 127.0.0.1 in tests).

    An IPv6 address that carries an IPv4 address (NAT64, 6to4) is public only when that IPv4
    address is; the allow-list is matched against the address itself, not the IPv4 address
    inside, because the gateway that unpacks it may stand in another network than ours."""
    try:
        ip = _ip(address)
    except ValueError:
        return False
    allowed = leerkring_settings.HARVEST_ALLOWED_PRIVATE_NETWORKS
    if any(ip in ipaddress.ip_network(network, strict=False) for network in allowed):
        return True
    return _is_public_address(ip)


def _resolve(host, port):
    """The addresses to connect to, or FetchError if the host is unknown or not allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(REFUSED_UNKNOWN_HOST) from None
    # One non-public address among them is enough to refuse: which one a client gets
    # is up to the resolver, and an attacker controls that resolver.
    if not infos or any(not is_fetchable_address(info[4][0]) for info in infos):
        raise FetchError(REFUSED_PRIVATE)
    return infos


def refused_host_reason(url):
    """Why the harvester would refuse this address, in words for people, or "" if it would not.

    For checking a form; the fetch itself checks again, for every connection it makes.
    """
    if not is_allowed_url(url):
        return REFUSED_SCHEME
    try:
        _resolve(urlsplit(url).hostname, None)
    except FetchError as error:
        return str(error)
    return ""


class Deadline:
    """The time one fetch may take, redirects included, and the means to cut off the
    connections it opened when that time is up, from another thread than the one reading."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._handles = []

    def remaining(self):
        return max(0.0, self.ends_at - time.monotonic())

    def track(self, sock):
        # A duplicate descriptor, because wrapping the socket in TLS detaches the socket object
        # itself; shutting down any descriptor of a connection ends it for all of them.
        with self._lock:
            if self.expired:
                raise TooSlow(self.seconds)
            self._handles.append(sock.dup())

    def expire(self):
        with self._lock:
            self.expired = True
            for handle in self._handles:
                try:
                    handle.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed by the other side

    def release(self):
        with self._lock:
            handles, self._handles = self._handles, []
        for handle in handles:
            handle.close()


class _GuardedConnectionMixin:
    """Resolve the host ourselves and connect only to addresses that passed the check, so
    that not even a TCP handshake reaches the local network (a redirect included)."""

    deadline = None  # a Deadline, set by _guarded()

    def connect(self):
        infos = _resolve(self.host, self.port)
        last_error = None
        for family, kind, proto, _name, address in infos:
            left = self.deadline.remaining()
            if not left:
                raise TooSlow(self.deadline.seconds)
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(min(self.timeout, left))
                sock.connect(address)
                sock.settimeout(self.timeout)
                self.deadline.track(sock)
            except OSError as error:
                sock.close()
                last_error = error
                continue
            except TooSlow:
                sock.close()
                raise
            self.sock = sock
            return
        raise last_error or OSError("no address to connect to")


class _GuardedHTTPConnection(_GuardedConnectionMixin, http.client.HTTPConnection):
    pass


class _GuardedHTTPSConnection(http.client.HTTPSConnection, _GuardedHTTPConnection):
    # HTTPSConnection.connect() calls super().connect() for the bare socket, then does the
    # TLS handshake with the host name, so certificates are still checked against the name.
    pass


def _guarded(connection_class, deadline):
    # urllib builds each connection itself, with arguments of its own choosing.
    def build(*args, **kwargs):
        connection = connection_class(*args, **kwargs)
        connection.deadline = deadline
        return connection

    return build


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_guarded(_GuardedHTTPConnection, self.deadline), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(
            _guarded(_GuardedHTTPSConnection, self.deadline), req, context=self._context
        )


def opener(deadline):
    # Built by hand instead of build_opener(), which would add file:, ftp: and data: handlers
    # and a proxy handler.
    opener = urllib.request.OpenerDirector()
    for handler in (
        _GuardedHTTPHandler(deadline),
        _GuardedHTTPSHandler(deadline),
        _SafeRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def run_within(seconds, work, *, name="leerkring-fetch"):
    """``work(deadline)`` in a thread of its own, cut off after ``seconds``: TooSlow then.

    This thread keeps the deadline whatever the fetch waits for: a name lookup, too, which
    no socket timeout bounds. At the deadline the fetch's connections are shut down, which
    ends the thread's read as well.
    """
    deadline = Deadline(seconds)
    outcome = {}

    def run():
        try:
            outcome["value"] = work(deadline)
        except Exception as error:
            outcome["error"] = error
        finally:
            deadline.release()

    worker = threading.Thread(target=run, name=name, daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        deadline.expire()
        raise TooSlow(seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
