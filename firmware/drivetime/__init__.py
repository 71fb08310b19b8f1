# drivetime portable core: pure drivers'-hours logic for MicroPython and CPython.
# SPDX-License-Identifier: MIT
"""The portable core of drivetime.

Nothing in this package reads a clock, a pin, a file or a socket: ports and
host tools feed it plain integers and act on the data it returns.
"""

__version__ = "0.1.0"
