# Runs the core's tests (tests/core/test_*.py) without pytest, under MicroPython or CPython.
# SPDX-License-Identifier: MIT
"""Minimal test runner for the MicroPython unix port.

Usage (from anywhere)::

    micropython -X heapsize=192K tests/mp_run.py [FILTER | =MODULE]

Puts ``firmware/`` and ``tests/core/`` on ``sys.path``, imports every
``tests/core/test_*.py`` whose module name contains FILTER (all when absent;
``=MODULE`` picks exactly one, which ``make test-mp`` does so that each
module starts on a fresh heap, as on a board),
calls each top-level callable named ``test_*`` after a ``gc.collect()``, and
prints one final line ``N passed, M failed``. Exits with status 1 when M > 0.
A module that fails to import counts as one failure.
"""

import gc
import os
import sys


def _parent(path):
    """Return the directory part of ``path`` ('' when there is none)."""
    path = path.rstrip("/")
    i = path.rfind("/")
    if i < 0:
        return ""
    return path[:i] or "/"


def _join(*parts):
    out = ""
    for part in parts:
        if not out or part.startswith("/"):
            out = part
        else:
            out = out.rstrip("/") + "/" + part
    return out


def _repo_root():
    """Return the repository root, from this script's path or the cwd."""
    here = globals().get("__file__") or ""
    root = _parent(_parent(here)) if "/" in here else ""
    if not root:
        # Run as `tests/mp_run.py` from the root, or as `mp_run.py` from tests/.
        root = "." if "/" in here else ".."
    try:
        os.stat(_join(root, "tests/core"))
        return root
    except OSError:
        pass
    try:
        os.stat("tests/core")
        return "."
    except OSError:
        return root


def _print_exception(exc):
    pe = getattr(sys, "print_exception", None)
    if pe is not None:
        pe(exc)
        return
    import traceback

    traceback.print_exception(type(exc), exc, exc.__traceback__)


def _describe(exc):
    text = str(exc)
    name = type(exc).__name__
    return name + ": " + text if text else name


def _run_module(name, failures):
    """Import one test module and run its tests; return (passed, failed)."""
    gc.collect()
    loaded = set(sys.modules)
    try:
        mod = __import__(name)
    except Exception as exc:  # noqa: BLE001 - report, never stop the run
        print("FAIL %s (import): %s" % (name, _describe(exc)))
        _print_exception(exc)
        failures.append(name + " (import)")
        for key in list(sys.modules):
            if key not in loaded:
                del sys.modules[key]
        return 0, 1
    names = sorted(k for k in dir(mod) if k.startswith("test_"))
    passed = failed = 0
    for fname in names:
        fn = getattr(mod, fname)
        if not callable(fn):
            continue
        gc.collect()
        try:
            fn()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # noqa: BLE001 - includes SystemExit
            failed += 1
            label = name + "." + fname
            print("FAIL %s: %s" % (label, _describe(exc)))
            _print_exception(exc)
            failures.append(label)
        else:
            passed += 1
    print("%s: %d ok, %d failing" % (name, passed, failed))
    # Drop the module and everything it imported (the engine is ~70 KB
    # compiled from source), so the next module starts on a clean heap, as
    # it would on a board.
    del mod
    for key in list(sys.modules):
        if key not in loaded:
            del sys.modules[key]
    gc.collect()
    return passed, failed


def main(argv):
    # Collect often (after every 8 KB allocated), as a long-running board
    # would be set up to: compiling modules from source otherwise leaves the
    # small heap fragmented.
    if hasattr(gc, "threshold"):
        gc.threshold(8192)
    root = _repo_root()
    core_tests = _join(root, "tests/core")
    for p in (core_tests, _join(root, "firmware")):
        if p not in sys.path:
            sys.path.insert(0, p)
    pattern = argv[1] if len(argv) > 1 else ""
    exact = pattern.startswith("=")
    modules = sorted(
        f[:-3]
        for f in os.listdir(core_tests)
        if f.startswith("test_") and f.endswith(".py")
        and (f[:-3] == pattern[1:] if exact else pattern in f[:-3])
    )
    if not modules:
        print("no test module matches %r" % pattern)
        return 1
    passed = failed = 0
    failures = []
    for name in modules:
        p, f = _run_module(name, failures)
        passed += p
        failed += f
    if failures:
        print("failed: " + ", ".join(failures))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    if main(sys.argv):
        sys.exit(1)
