# Test helpers shared by pytest (CPython) and tests/mp_run.py (MicroPython).
# SPDX-License-Identifier: MIT
"""Helpers for the core's tests, usable under both interpreters.

Only builtins are used, so a test module may ``from support import ...``
under pytest and under ``micropython tests/mp_run.py`` alike.
"""

_MASK32 = 0xFFFFFFFF


def _name(obj):
    """Return a readable name for an exception type (or tuple) or callable."""
    if isinstance(obj, tuple):
        return " or ".join(_name(o) for o in obj)
    return getattr(obj, "__name__", repr(obj))


def raises(exc_type, fn, *args, **kwargs):
    """Call ``fn(*args, **kwargs)`` and return the exception it raises.

    :param exc_type: the expected exception class, or a tuple of classes.
    :param fn: the callable under test.
    :returns: the exception instance, for further asserts on its message.
    :raises AssertionError: when ``fn`` returns normally.

    Any exception other than ``exc_type`` propagates unchanged.
    """
    try:
        fn(*args, **kwargs)
    except exc_type as exc:
        return exc
    raise AssertionError("expected %s from %s" % (_name(exc_type), _name(fn)))


def press(unit, mono, *names):
    """Press the unit's buttons ``names`` in turn at ``mono`` (ms), ticking after each.

    :param unit: a :class:`drivetime.unit.Unit`
    :returns: the outputs of all the ticks, in order
    """
    out = []
    for name in names:
        unit.on_button(mono, name)
        out.extend(unit.tick(mono))
    return out


class Rng:
    """Tiny deterministic PRNG (xorshift32) giving the same draws everywhere.

    The sequence depends only on the seed, so a property check driven by it
    exercises identical cases under CPython and MicroPython. Every value is
    masked to 32 bits.

    :param seed: any int; 0 (a fixed point of xorshift) is replaced.
    """

    __slots__ = ("_x",)

    def __init__(self, seed=1):
        x = seed & _MASK32
        self._x = x if x else 0x9E3779B9

    def u32(self):
        """Return the next raw value, ``0 <= v < 2**32``."""
        x = self._x
        x ^= (x << 13) & _MASK32
        x ^= x >> 17
        x ^= (x << 5) & _MASK32
        self._x = x
        return x

    def randint(self, a, b):
        """Return an int ``n`` with ``a <= n <= b`` (both ends included).

        :raises ValueError: when ``b < a``.
        """
        if b < a:
            raise ValueError("empty range")
        span = b - a + 1
        if span <= 1 << 32:
            # Rejection sampling: no modulo bias.
            limit = (1 << 32) - (1 << 32) % span
            v = self.u32()
            while v >= limit:
                v = self.u32()
            return a + v % span
        # Wider than 32 bits: combine draws (bias is negligible here).
        v = 0
        bits = 0
        while (1 << bits) < span:
            v = (v << 32) | self.u32()
            bits += 32
        return a + v % span

    def choice(self, seq):
        """Return one element of the non-empty sequence ``seq``.

        :raises IndexError: when ``seq`` is empty.
        """
        if not seq:
            raise IndexError("choice from an empty sequence")
        return seq[self.randint(0, len(seq) - 1)]

    def random_bool(self, p_percent):
        """Return True with probability ``p_percent`` / 100 (0 never, 100 always)."""
        return self.randint(0, 99) < p_percent


class ManualClock:
    """A port's monotonic clock the test moves: ``now()`` is ``t`` (ms)."""

    def __init__(self, t=0):
        self.t = t

    def now(self):
        return self.t


def fresh_dir(path, make=False):
    """Remove ``path`` and all it holds (a test's journal folder from an
    earlier run); with ``make`` create it again, empty.  :returns: ``path``"""
    import os
    try:
        names = os.listdir(path)
    except OSError:
        names = ()
    for name in names:
        try:
            os.remove(path + "/" + name)
        except OSError:             # a folder
            fresh_dir(path + "/" + name)
    try:
        os.rmdir(path)
    except OSError:
        pass
    if make:
        os.mkdir(path)
    return path
