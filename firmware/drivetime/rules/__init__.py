# The rule machines of the engine, one module per article group.
# SPDX-License-Identifier: MIT
"""Each machine is fed runs ``(kind, start, end)`` in time order, keeps a
bounded state, appends closed :class:`~drivetime.infringement.Infringement`
records to a shared sink, and reports open ones and its counters on demand.
"""


def clone_state(obj):
    """Copy a machine: its attributes, with lists and dicts copied one level.

    Tuples and ints are shared; nested machines are cloned through their own
    ``clone``. Written by hand because MicroPython has no ``copy`` module.
    """
    new = object.__new__(obj.__class__)
    for key, value in obj.__dict__.items():
        kind = type(value)
        if kind is list:
            value = list(value)
        elif kind is dict:
            value = dict(value)
        elif hasattr(value, "clone"):
            value = value.clone()
        setattr(new, key, value)
    return new
