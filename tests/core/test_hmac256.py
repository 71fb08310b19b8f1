# HMAC-SHA256 against the published RFC 4231 test vectors (runs on both interpreters).
# SPDX-License-Identifier: MIT
from binascii import unhexlify

from drivetime.hmac256 import HMAC, equal, hmac_sha256

# RFC 4231 section 4: (key, data, HMAC-SHA-256), copied from the RFC.
_CASES = (
    (b"\x0b" * 20, b"Hi There",
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),    # 4.2
    (b"Jefe", b"what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),    # 4.3
    (b"\xaa" * 20, b"\xdd" * 50,
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),    # 4.4
    (bytes(range(1, 26)), b"\xcd" * 50,
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),    # 4.5
    (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),    # 4.7
    (b"\xaa" * 131, b"This is a test using a larger than block-size key and a larger than "
     b"block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),    # 4.8
)


def test_rfc4231_vectors():
    for key, data, want in _CASES:
        assert hmac_sha256(key, data) == unhexlify(want)


def test_rfc4231_truncated_128():
    # RFC 4231 4.6: the tag truncated to 128 bits, as the journal chain stores it.
    assert hmac_sha256(b"\x0c" * 20, b"Test With Truncation")[:16] == \
        unhexlify("a3b6167473100ee06e0c796c2955552b")


def test_incremental_equals_one_shot():
    key, data = _CASES[1][0], _CASES[1][1]
    h = HMAC(key)
    for i in range(0, len(data), 5):
        h.update(data[i:i + 5])
    assert h.digest() == hmac_sha256(key, data)


def test_equal():
    assert equal(b"abc", b"abc")
    assert not equal(b"abc", b"abd")
    assert not equal(b"abc", b"ab")
