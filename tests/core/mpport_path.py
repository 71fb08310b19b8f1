# Puts the MicroPython port's folder on sys.path for the port's tests (both interpreters).
# SPDX-License-Identifier: MIT
"""Importing this module makes ``firmware/ports/micropython`` importable.

The port's modules sit flat in that folder, as they do on the board's
filesystem (``import mcp2515``). The folder is found from the
``tests/core`` entry that pytest (pyproject ``pythonpath``) and
``tests/mp_run.py`` both put on ``sys.path``.
"""

import sys

PORT = None
for _p in sys.path:
    if _p.rstrip("/").endswith("tests/core"):
        PORT = _p.rstrip("/")[:-len("tests/core")] + "firmware/ports/micropython"
        break
if PORT is None:
    raise ImportError("tests/core is not on sys.path")
if PORT not in sys.path:
    sys.path.insert(0, PORT)
