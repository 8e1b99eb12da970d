"""A tiny real SMTP server on 127.0.0.1 for the tests: it speaks enough of RFC 5321 for
Django's SMTP backend (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), counts the
connections made to it and keeps every message it accepted.

``hang_up`` makes it close every connection before its greeting, as a mail server that is
going down does; ``refused`` holds addresses it answers 550 for.
"""

import socket
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Received:
    sender: str
    recipients: list
    data: bytes


@dataclass
class SMTPState:
    connections: int = 0
    messages: list = field(default_factory=list)
    hang_up: bool = False
    refused: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line):
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self):
        state = self.server.state
        with state.lock:
            state.connections += 1
            hang_up = state.hang_up
        if hang_up:
            return
        self.reply("220 localhost test SMTP")
        sender, recipients = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            argument = command[5:].strip()
            if verb == "EHLO":
                self.wfile.write(b"250-localhost\r\n250 8BITMIME\r\n")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "MAIL":
                sender, recipients = _address(argument), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = _address(argument)
                if address.lower() in state.refused:
                    self.reply("550 No such user here")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.read_data(state, sender, recipients)
                sender, recipients = None, []
                self.reply("250 OK: queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_data(self, state, sender, recipients):
        lines = []
        while True:
            line = self.rfile.readline()
            if not line or line in (b".\r\n", b".\n"):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        with state.lock:
            state.messages.append(Received(sender, list(recipients), b"".join(lines)))


def _address(argument):
    """The address of ``FROM:<a@b> SIZE=…`` or ``TO:<a@b>``."""
    value = argument.split(":", 1)[1] if ":" in argument else argument
    value = value.strip().split(" ", 1)[0]
    return value.strip("<>")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SMTPServer:
    """Start with :meth:`start` (on ``port``, or a free one), stop with :meth:`stop`."""

    def __init__(self, port=0):
        self.port = port
        self.state = SMTPState()
        self._server = None
        self._thread = None

    @property
    def connections(self):
        return self.state.connections

    @property
    def messages(self):
        return list(self.state.messages)

    def recipients(self):
        return sorted(address for message in self.messages for address in message.recipients)

    def start(self):
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.state = self.state
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def free_port():
    """A port nothing listens on (for a mail server that is not there)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
