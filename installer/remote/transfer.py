"""Bulk data over an SSH session: a stream of chunks into a command's stdin on the target.

Measured on loopback (2 cores, one 269 MB blob, see bench/README.md): paramiko's default aes128-ctr
~150 MB/s, aes128-gcm ~200 MB/s; writing 1 MiB at a time into Channel.sendall costs another ~25 %
(it re-slices the whole buffer for every 32 KiB packet), so we hand it one packet's worth at a time.
The remote side's window and packet size (OpenSSH: 2 MiB, 32 KiB) bound a channel; a second
transport or channel helped ~15 % at best on 2 cores (the GIL), not worth a second login."""
from __future__ import annotations

import logging
import socket
import time
from typing import Callable, Iterable

import paramiko

from .ssh import Result, close_quietly

log = logging.getLogger(__name__)

PACKET_OVERHEAD = 64  # paramiko keeps this much of the peer's max packet for the message header
STALL_SECONDS = 120   # no window from the peer for this long: the link is dead even if TCP has not noticed


def cipher(session) -> str:
    """The cipher the session moves data with (AES-GCM when the server offers it: ssh.FAST_CIPHERS)."""
    return session.client.get_transport().local_cipher


def stream(session, script: str, chunks: Iterable[bytes], *, sudo: bool = True,
           on_sent: Callable[[int], None] = lambda n: None, timeout: float | None = None) -> Result:
    """Run `script` on the target with the chunks as its stdin; on_sent(n) after each chunk (progress,
    cancel: an exception from it closes the channel, so the remote command sees end of input).
    Returns the command's result even when it stopped reading early (its output says why); raises
    the session's "connection lost" error when the connection itself is gone."""
    command, prefix = session.wrap(script, sudo, b"")
    chan = session.channel()
    try:
        chan.settimeout(STALL_SECONDS)
        chan.exec_command(command)
        if prefix:
            chan.sendall(prefix)  # sudo's password line, read before the command starts
        if not _send_chunks(chan, chunks, on_sent):
            log.info("%s: the command stopped reading its input early", session.host)
        chan.shutdown_write()
        out, err = session.drain(chan, time.monotonic() + (timeout or session.command_timeout), script[:80])
        return Result(chan.recv_exit_status(), out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    except (socket.error, EOFError, paramiko.SSHException) as error:
        raise session.lost(error) from None
    finally:
        close_quietly(chan)


def _send_chunks(chan, chunks: Iterable[bytes], on_sent) -> bool:
    """True when every chunk went out; False when the remote command closed its input first."""
    for chunk in chunks:
        if not _send_packets(chan, chunk):
            return False
        on_sent(len(chunk))
    return True


def _send_packets(chan, chunk: bytes) -> bool:
    view, size = memoryview(chunk), max(1024, chan.out_max_packet_size - PACKET_OVERHEAD)
    for start in range(0, len(chunk), size):
        if chan.closed or chan.eof_received and chan.exit_status_ready():
            return False
        try:
            chan.sendall(bytes(view[start:start + size]))
        except socket.timeout:
            raise
        except socket.error:
            if chan.get_transport() is None or not chan.get_transport().is_active():
                raise
            return False  # the channel, not the connection, was closed: the command ended
    return True
