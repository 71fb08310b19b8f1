# HMAC-SHA256 (RFC 2104 / FIPS 198-1) over hashlib.sha256, for the journal chain and sync auth.
# SPDX-License-Identifier: MIT
"""HMAC-SHA256 written out by hand, because MicroPython has no ``hmac`` module.

``HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m))`` where ``K'`` is the
key padded with zeros to the 64-byte SHA-256 block (hashed first when it is
longer than a block), ``ipad`` = 0x36 and ``opad`` = 0x5C repeated (RFC 2104
section 2). Checked against RFC 4231's test vectors (tests/core) and against
CPython's :mod:`hmac` (tests/host).
"""

import hashlib

_BLOCK = 64     # SHA-256 block size in bytes (FIPS 180-4)


def _pads(key):
    """Return the inner and outer padded keys for ``key`` (bytes)."""
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = bytes(key) + bytes(_BLOCK - len(key))
    return bytes([b ^ 0x36 for b in key]), bytes([b ^ 0x5C for b in key])


class HMAC:
    """An incremental HMAC-SHA256: ``update()`` any number of times, then ``digest()``.

    :param key: the secret key (bytes of any length).
    :param msg: optional first chunk of the message.

    ``digest()`` may be called once; MicroPython's sha256 objects cannot be
    copied, so the inner hash is finished there.
    """

    __slots__ = ("_inner", "_opad")

    def __init__(self, key, msg=None):
        ipad, self._opad = _pads(key)
        self._inner = hashlib.sha256(ipad)
        if msg:
            self._inner.update(msg)

    def update(self, data):
        """Add ``data`` (bytes) to the message."""
        self._inner.update(data)

    def digest(self):
        """Return the 32-byte tag."""
        outer = hashlib.sha256(self._opad)
        outer.update(self._inner.digest())
        return outer.digest()


def hmac_sha256(key, msg):
    """Return HMAC-SHA256(``key``, ``msg``) as 32 bytes."""
    return HMAC(key, msg).digest()


def equal(a, b):
    """Compare two tags in time independent of where they differ."""
    if len(a) != len(b):
        return False
    diff = 0
    for x, y in zip(a, b):
        diff |= x ^ y
    return diff == 0
