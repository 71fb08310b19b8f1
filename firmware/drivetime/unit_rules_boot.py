# Which rule settings the cab unit takes from its journal at boot (a small module, loaded once a boot).
# SPDX-License-Identifier: MIT
"""The rule settings' journal texts the restore takes
(:meth:`drivetime.unit.Unit.restore`; journalled as
:mod:`drivetime.unit_port` describes): the latest of each, unless the
port's value now differs from the one the last power-up journalled (an
installer's edit: the port's wins), as :mod:`drivetime.restore` does for
the driver and the crew.

Apart from :mod:`drivetime.unit_rules` (which parses and checks them) so
that a unit whose journal holds none, most, never loads that; the unit
forgets this module after the boot.
"""

from drivetime.export import journal_records
from drivetime.unit_port import RULE_DEFAULTS, RULE_KEYS


def rule_texts(unit, journal):
    """:returns: ``{key: journal text}`` of those that differ from the port's"""
    latest, block, up = {}, [], None
    echo = None                     # the last power-up's five (None: the defaults)
    for r in journal_records(journal):
        if r.kind == "power" and r.fields["on"]:
            up, block, echo = r.seq, [], None
        elif r.kind == "config" and r.fields["key"] in RULE_KEYS:
            k, n = r.fields["key"], len(block)
            latest[k] = r.fields["value"]
            # the power-up's five: seq power+3 .. power+7, in RULE_KEYS order
            if up is not None and n < 5 and r.seq == up + 3 + n and k == RULE_KEYS[n]:
                block.append(latest[k])
                if n == 4:
                    echo = block
    port, out = unit._port_rules, {}
    for i, k in enumerate(RULE_KEYS):
        was = str(RULE_DEFAULTS[i]) if echo is None else echo[i]
        if k in latest and was == str(port[i]) and latest[k] != was:
            out[k] = latest[k]
    _forget()
    return out


def _forget():
    """Drop this module (as drivetime.messages.table does a language)."""
    import sys

    import drivetime
    sys.modules.pop(__name__, None)
    name = __name__.split(".")[-1]
    if hasattr(drivetime, name):
        delattr(drivetime, name)
