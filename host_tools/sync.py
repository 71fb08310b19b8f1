# The office's side of a journal download: the sync protocol's client session and the office import around it.
# SPDX-License-Identifier: MIT
"""Download a unit's journal over the sync protocol (:mod:`drivetime.syncproto`).

:class:`SyncClient` runs one download over any transport with ``write(bytes)``,
``read(timeout) -> bytes`` (``b""`` when nothing came) and ``close()``:
:class:`SerialTransport` (pyserial: a USB cable or a pseudo-terminal) and
:class:`TcpTransport`, both in :mod:`host_tools.sync_transport` (re-exported
here). Every request is resent after a timeout (the unit answers
duplicates idempotently); a cut TCP link is reconnected and the download
resumes after the last record received, with a new login. Each record
reaches ``sink`` exactly once, in seq order; whatever could not be
fetched is listed in :attr:`SyncResult.missing` with the reason.

:func:`office_sync` is ``drivetime office sync``: download what the office
store lacks, import it in one transaction, then confirm it to the unit.
The unit's side on a pty or TCP and the fault-injecting relay are in
:mod:`host_tools.sync_serve` (re-exported here).
"""

import json
import os
import struct
import time

from drivetime import syncproto as sp
from host_tools.sync_serve import Faults, relay_tcp, serve_stream, serve_tcp  # noqa: F401 (re-exported)
from host_tools.sync_transport import SerialTransport, TcpTransport  # noqa: F401 (re-exported)


# ERROR codes that answer a request; E_BAD_REQUEST is a damaged frame's echo (resend),
# E_CONFIG_REFUSED answers only a CONFIG (a late one is stale).
_ERRORS = (sp.E_AUTH_REQUIRED, sp.E_AUTH_FAILED)


class SyncAuthError(Exception):
    """The unit refused the company key (wrong key, or the unit logged an auth failure)."""


class SyncResult:
    """What a download fetched and what it could not.

    :ivar missing: ``[(first seq, last seq, reason), ...]`` not delivered to the sink.
    """

    def __init__(self, from_seq):
        self.unit_id = None
        self.journal_version = None
        self.unit_first = self.unit_last = None
        self.from_seq = from_seq
        self.next_seq = from_seq
        self.received = 0
        self.record_bytes = 0
        self.missing = []
        self.lost = []                  # (first, last): overwritten on the unit, its lost record says
        self.error = None
        self.confirmed = None
        self.logins = 0
        self.config_sent = False
        self.config_refused = []        # keys the unit refused, with its reason in config_error
        self.config_error = None

    @property
    def complete(self):
        """Every record from ``from_seq`` on arrived (records the unit overwrote are not complete)."""
        return (self.error is None and not self.missing and not self.lost
                and self.unit_last is not None and self.next_seq > self.unit_last)

    def describe(self):
        unit = self.unit_id.decode("utf-8", "replace") if self.unit_id else "?"
        lines = ["unit %s: %d records received (seq %d..%d), unit holds %s..%s, confirmed %s"
                 % (unit, self.received, self.from_seq, self.next_seq - 1, self.unit_first,
                    self.unit_last, self.confirmed)]
        if self.config_sent:
            lines.append("settings REFUSED by the unit: %s" % ", ".join(self.config_refused)
                         if self.config_refused else "settings: all taken by the unit")
        for first, last in self.lost:
            lines.append("LOST seq %d..%d: overwritten on the unit before the office confirmed them "
                         "(the unit's journal was full; its lost record says so)" % (first, last))
        for first, last, why in self.missing:
            lines.append("MISSING seq %d..%d: %s" % (first, last, why))
        if self.error:
            lines.append("ERROR: %s" % self.error)
        return "\n".join(lines)


class SyncClient:
    """One download session.

    :param connect: a transport, or a callable returning a new one (allows reconnects).
    :param key: the company key (bytes).
    :param sink: ``sink(first seq, count, journal bytes)`` for records ``first ..
        first + count - 1``; each seq is passed once, in order.
    :param commit: ``commit(result)`` called after the last batch and before the unit is
        told (ACK) that it may drop what it sent; when it raises, nothing is confirmed.
    :param resume: ``resume(unit id) -> first seq to fetch``, asked after the first login
        when :meth:`run` is given no ``from_seq`` (the office store's last seq + 1).
    :param progress: ``progress(last seq received, last seq on the unit)``.
    :param config: settings (a dict) sent once in CONFIG after the first login; the
        keys the unit refused are in :attr:`SyncResult.config_refused`.
    """

    def __init__(self, connect, key, sink, commit=None, progress=None, timeout=0.5, retries=8,
                 reconnects=3, max_bytes=4096, confirm=True, resume=None, config=None):
        self._connect = connect if callable(connect) else (lambda: connect)
        self.key, self.sink, self.commit, self.progress = key, sink, commit, progress
        self.timeout, self.retries, self.reconnects = timeout, retries, reconnects
        self.max_bytes, self.confirm, self.resume = max_bytes, confirm, resume
        self.config = config
        self.link = None
        self._reader = sp.FrameReader()
        self._frame_bytes = max_bytes

    def _request(self, data, want, accept=lambda payload: True, errors=_ERRORS):
        """Send ``data`` (bytes, or ``data(try number)``) until a ``want`` frame that ``accept`` likes comes back.

        :param errors: the ERROR codes that answer this request (others are stale or noise)
        :returns: (type, payload) of that frame, or of an ERROR frame
        :raises TimeoutError: after ``retries`` resends
        """
        for attempt in range(self.retries + 1):
            self.link.write(data(attempt) if callable(data) else data)
            deadline = time.monotonic() + self.timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                for ftype, payload in self._reader.feed(self.link.read(left)):
                    if ftype == sp.T_ERROR and payload[:1] and payload[0] in errors:
                        return ftype, payload
                    if ftype == sp.T_HELLO:
                        self._hello = payload
                    if ftype in want and accept(payload):
                        return ftype, payload
        raise TimeoutError("no answer from the unit after %d tries" % (self.retries + 1))

    def _login(self, result):
        session = os.urandom(sp.SESSION_LEN)
        self._hello = None
        ftype, nonce = self._request(sp.frame(sp.T_HELLO, bytes([sp.PROTO]) + session),
                                     (sp.T_CHALLENGE,), lambda p: self._hello is not None)
        if ftype == sp.T_ERROR:
            raise SyncAuthError(nonce[1:].decode("utf-8", "replace"))
        proto, version, first, last, confirmed = struct.unpack("<BBIII", self._hello[:14])
        result.unit_id, result.journal_version = self._hello[14:], version
        result.unit_first, result.unit_last, result.confirmed = first, last, confirmed
        answer = sp.auth_answer(self.key, nonce, session, result.unit_id)
        ftype, payload = self._request(sp.frame(sp.T_RESPONSE, answer), (sp.T_ACK,),
                                       lambda p: len(p) == 4)
        if ftype == sp.T_ERROR:
            raise SyncAuthError("the unit refused the company key: %s"
                                % payload[1:].decode("utf-8", "replace"))
        result.logins += 1

    def _open(self, result):
        if self.link is not None:
            try:
                self.link.close()
            except OSError:
                pass
        self.link = self._connect()
        self._reader = sp.FrameReader()
        self._login(result)

    def run(self, from_seq=None):
        """Fetch every record from ``from_seq`` on; :returns: a :class:`SyncResult`."""
        ask = from_seq is None and self.resume is not None
        result = SyncResult(1 if from_seq is None else from_seq)
        tries = self.reconnects + 1
        while tries:
            tries -= 1
            try:
                self._open(result)
                if ask:
                    ask = False
                    result.from_seq = result.next_seq = self.resume(result.unit_id.decode())
                if self.config and not result.config_sent:
                    self._configure(result)
                self._download(result)
                break
            except SyncAuthError as exc:
                result.error = str(exc)
                break
            except (OSError, TimeoutError) as exc:
                result.error = "link lost: %s" % exc
        else:
            last = result.unit_last if result.unit_last is not None else result.next_seq - 1
            if last >= result.next_seq:
                result.missing.append((result.next_seq, last, result.error))
            self._close()
            return result
        try:
            if result.error is None:
                self._finish(result)
        finally:
            self._close()
        return result

    def _configure(self, result):
        """Send the settings once; the unit's journal then holds a ``config`` record per change."""
        payload = json.dumps(self.config, sort_keys=True).encode("utf-8")
        ftype, answer = self._request(sp.frame(sp.T_CONFIG, payload), (sp.T_ACK,), lambda p: len(p) == 5,
                                      _ERRORS + (sp.E_CONFIG_REFUSED,))
        result.config_sent = True
        if ftype == sp.T_ERROR:
            text = answer[1:].decode("utf-8", "replace")
            result.config_error = text
            keys = text[len("refused: "):].split(",") if text.startswith("refused: ") else sorted(self.config)
            result.config_refused = [k for k in keys if k]
            if answer[0] != sp.E_CONFIG_REFUSED:
                raise SyncAuthError(text)

    def _download(self, result):
        result.error = None
        while result.next_seq <= result.unit_last:
            seq = result.next_seq

            def get(attempt):
                # a lost answer on a noisy line: ask for smaller frames, which get through more often
                if attempt:
                    self._frame_bytes = max(256, self._frame_bytes // 2)
                return sp.frame(sp.T_GET, struct.pack("<IH", seq, self._frame_bytes))
            ftype, payload = self._request(get, (sp.T_RECORDS,), lambda p: p[:4] == struct.pack("<I", seq))
            self._frame_bytes = min(self.max_bytes, self._frame_bytes * 2)
            if ftype == sp.T_ERROR:
                raise TimeoutError("unit error %r" % payload)     # e.g. the unit restarted: log in again
            _, first, last, count, blob = sp.unpack_records(payload)
            result.unit_last = last
            if first > seq:
                result.missing.append((seq, min(first, last + 1) - 1, "not held by the unit"))
            if count:
                self.sink(first, count, blob)
                result.received += count
                result.record_bytes += len(blob)
            result.next_seq = max(seq, first) + count
            if self.progress is not None:
                self.progress(result.next_seq - 1, last)

    def _finish(self, result):
        if self.commit is not None:
            self.commit(result)
        done = result.next_seq - 1
        if self.confirm and done >= 1:
            try:
                ftype, payload = self._request(sp.frame(sp.T_ACK, struct.pack("<I", done)), (sp.T_ACK,),
                                               lambda p: len(p) == 4 and struct.unpack("<I", p)[0] >= done)
                if ftype == sp.T_ACK:
                    result.confirmed = struct.unpack("<I", payload)[0]
            except (OSError, TimeoutError) as exc:
                result.error = "records stored, but the unit did not confirm: %s" % exc

    def _close(self):
        if self.link is not None:
            try:
                self.link.close()
            except OSError:
                pass
            self.link = None


def office_sync(connect, company_key, store, unit_keys, source="sync", progress=None, config=None):
    """Download what ``store`` lacks from a unit and import it in one transaction.

    The unit is confirmed (ACK) only after the import committed, so a refused
    or failed import leaves the unit keeping everything.

    :param unit_keys: ``{unit id: journal key}`` (the office key file).
    :param config: settings for the unit (CONFIG, sent after the login, before the
        download, so the ``config`` records the unit journals come with it).
    :returns: (:class:`SyncResult`, the office ``ImportResult`` or None)
    :raises host_tools.office.DownloadRefused: the records failed the import's checks.
    """
    from host_tools import office
    parts, stored = [], []

    def resume(unit_id):
        if unit_id not in unit_keys:
            raise office.DownloadRefused("no journal key for unit %s in the key file" % unit_id)
        state = store.chain_state(unit_id)
        return state[0] + 1 if state else 1

    def commit(result):
        if parts:
            unit_id = result.unit_id.decode()
            stored.append(office.import_download(store, unit_id, b"".join(parts),
                                                 unit_keys[unit_id], source=source))
            gap = stored[-1].gap
            if gap is not None:         # explained by the unit's lost record: not missing, lost
                result.lost.append(gap)
                result.missing = [m for m in result.missing if not gap[0] <= m[0] <= m[1] <= gap[1]]

    client = SyncClient(connect, company_key, lambda first, count, blob: parts.append(blob),
                        commit=commit, progress=progress, resume=resume, config=config)
    result = client.run()
    return result, (stored[0] if stored else None)
