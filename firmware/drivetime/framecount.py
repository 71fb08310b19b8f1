# Counters of accepted, rejected and ignored CAN frames, shared by the CAN decoders.
# SPDX-License-Identifier: MIT
"""Bad frames are counted and dropped, never raised into the main loop
(DESIGN.md, decoders). The J1939 and OBD-II decoders keep the same counters
and report them in the same shape.
"""


class FrameCounters:
    """Base of the CAN decoders: :attr:`frames_ok`, :attr:`frames_rejected`
    (with a count per reason in :attr:`rejected`) and :attr:`frames_ignored`."""

    def __init__(self):
        self.frames_ok = 0
        self.frames_rejected = 0
        self.frames_ignored = 0
        self.rejected = {}

    def _reject(self, reason):
        self.frames_rejected += 1
        self.rejected[reason] = self.rejected.get(reason, 0) + 1
        return None

    def _ignore(self):
        self.frames_ignored += 1
        return None

    def stats(self):
        """Return the counters as a new dict (for diagnostics and the journal)."""
        out = {"ok": self.frames_ok, "rejected": self.frames_rejected,
               "ignored": self.frames_ignored}
        for k in self.rejected:
            out["rejected_" + k] = self.rejected[k]
        return out
