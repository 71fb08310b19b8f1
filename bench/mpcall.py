# Run a bench script under MicroPython and read back the figures it prints.
# SPDX-License-Identifier: MIT
"""The MicroPython halves of the benchmarks print ``key=value`` lines; this
runs one in a subprocess (CPython side only) and returns them as a dict."""

import subprocess


def run_script(micropython, heapsize, script, timeout=600):
    """Run ``script`` with ``micropython -X heapsize=...``.

    :returns: the ``key=value`` lines it printed, as a dict of strings
    :raises RuntimeError: when the script fails, with its output
    """
    out = subprocess.run([micropython, "-X", "heapsize=" + heapsize, script],
                         capture_output=True, text=True, timeout=timeout)
    if out.returncode:
        raise RuntimeError("%s failed under MicroPython:\n%s%s" % (script, out.stdout, out.stderr))
    return dict(line.split("=", 1) for line in out.stdout.split() if "=" in line)
