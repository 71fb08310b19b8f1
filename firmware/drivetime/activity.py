# Activity codes, interval flags and names shared by every part of the core.
# SPDX-License-Identifier: MIT
"""Driver activities as the tachograph records them (Annex IC req 045).

Codes follow the tachograph's own numbering (break/rest 0, availability 1,
work 2, driving 3); ``UNKNOWN`` marks time with no record (a gap), which the
rules count as break/rest for driving times (Annex IC App 14 Addendum §1) but
which is always reported as missing data.

Flags qualify an interval with conditions that are not activities:

- ``FLAG_MOVING``: a break taken while the vehicle moves (a co-driver's break,
  Art 7 third paragraph). It is a break for Art 7 but never a rest.
- ``FLAG_OUT_OF_SCOPE``: Annex IC definition (gg); driving inside such a
  period is not driving under Reg. 561/2006 and counts as other work.
- ``FLAG_FERRY``: on a ferry or train with access to a sleeper (Art 9(1)).
"""

BREAK_REST = 0
AVAILABILITY = 1
OTHER_WORK = 2
DRIVING = 3
UNKNOWN = 4

FLAG_MOVING = 1
FLAG_OUT_OF_SCOPE = 2
FLAG_FERRY = 4

NAMES = ("break_rest", "availability", "other_work", "driving", "unknown")
CODES = {"break_rest": BREAK_REST, "availability": AVAILABILITY,
         "other_work": OTHER_WORK, "driving": DRIVING, "unknown": UNKNOWN}


def code_of(name):
    """Return the activity code for a name used in files and on screens.

    :param name: one of :data:`NAMES`
    :raises ValueError: for any other name
    """
    try:
        return CODES[name]
    except KeyError:
        raise ValueError("unknown activity %r (expected one of %s)" % (name, ", ".join(NAMES)))
