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


# Kinds of run for the machines that judge rest blocks (daily and weekly rest).
REST = 0     # break/rest: counts as rest
INTER = 1    # an Art 9 interruption inside a joined rest block: not rest, does not end it


class RestBlocks:
    """Base of the machines that judge whole rest blocks: consecutive REST
    and INTER runs make one block, whose rest is the REST minutes in it."""

    rest_start = -1             # the block in progress, if rest_start >= 0
    rest_end = -1
    rest_acc = 0

    rest_inters = ()            # INTER runs [a, b) of the block (in progress or last closed)

    def _rest_run(self, kind, a, b):
        """Add a REST or INTER run to the block in progress."""
        if self.rest_start >= 0:
            self.rest_end = b
        else:
            self.rest_start, self.rest_end, self.rest_acc = a, b, 0
            self.rest_inters = []
        if kind == REST:
            self.rest_acc += b - a
        elif self.rest_inters and self.rest_inters[-1][1] == a:
            self.rest_inters[-1] = (self.rest_inters[-1][0], b)
        else:
            self.rest_inters.append((a, b))

    def _end_rest_block(self):
        """Close the block in progress: ``(start, end, rest minutes)``, or None."""
        start = self.rest_start
        if start < 0:
            return None
        self.rest_start = -1
        return start, self.rest_end, self.rest_acc
