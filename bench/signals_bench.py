# Cost of the signal pipeline per second of input (CAN frames + NMEA sentences), for `make bench`.
# SPDX-License-Identifier: MIT
"""How long :class:`drivetime.signals.SignalPipeline` takes for each second of a vehicle's input.

Runs under CPython (bench/run.py imports it) and MicroPython (run.py starts
``micropython -X heapsize=192K bench/signals_bench.py``, which prints
``key=value`` lines).

The input is a generated stretch of a day (tests/core/signal_day.py, 20
minutes: a boot on the board's clock corrected by the first fix, drives with
a red light, a GPS outage, a CAN outage, a stop with a button press): CCVS1
at 10 Hz and TCO1 at 20 Hz from the bus, an RMC + VTG + GGA burst once a
second from the receiver, a tick a second as a port's main loop gives. The
events of each second are generated first, then fed and timed, so only the
pipeline's own work is measured (decoders, motion, time base, recorder and
the one-minute rule; no engine).

Figures: ``us_per_input_s`` (microseconds of pipeline work per second of
input), ``us_per_event`` (per frame, burst or tick fed), ``frames``,
``sentences``, ``seconds``, ``minutes`` (minute intervals produced), and
``heap_pipeline`` under MicroPython: ``gc.mem_alloc()`` at the end of the run
(the generator dropped) minus the same before the pipeline was made, both
after ``gc.collect()``: what the pipeline's state holds after 20 minutes.
"""

import gc
import sys
import time


def _root():
    here = globals().get("__file__") or ""
    i = here.rfind("/")
    bench = here[:i] if i > 0 else "."
    return bench + "/.."


_ROOT = _root()
for _p in (_ROOT + "/tests/core", _ROOT + "/firmware"):
    if _p not in sys.path:
        sys.path.insert(0, _p)

# The signal path first, and the compiler's garbage collected before the next
# import, or MicroPython's 192K heap is left too fragmented for the day's lists.
from drivetime.signals import SignalPipeline  # noqa: E402

gc.collect()
from drivetime.activity import BREAK_REST  # noqa: E402
from signal_day import BOOT_MS, iter_day  # noqa: E402

gc.collect()

SCRIPT = [
    ("stop", 2), ("drive", 6, 60), ("stop", 0, 40), ("drive", 6, 70, 20), ("stop", 3),
    ("drive", 3, 50),
    ("gps_outage", 240, 60), ("can_outage", 600, 60),
    ("select", 15 * 60 + 30, BREAK_REST),
]

try:
    _now_us = time.ticks_us          # MicroPython

    def _since(t0):
        return time.ticks_diff(time.ticks_us(), t0)
except AttributeError:              # CPython
    def _now_us():
        return time.perf_counter_ns() // 1000

    def _since(t0):
        return _now_us() - t0


def _feed(p, batch):
    for mono, kind, payload in batch:
        if kind == "can":
            p.can_frame(mono, payload[0], payload[1])
        elif kind == "nmea":
            p.nmea_bytes(mono, payload)
        elif kind == "rtc":
            p.rtc(mono, payload[0], payload[1])
        else:
            p.select(mono, payload)


def measure(script=SCRIPT):
    """Feed the generated stretch second by second; :returns: a dict of figures."""
    events, truth = iter_day(script, rtc_error_s=-40)
    gc.collect()
    heap0 = gc.mem_alloc() if hasattr(gc, "mem_alloc") else 0
    p = SignalPipeline()
    spent = fed = 0
    batch = []
    tick = BOOT_MS + 999
    for ev in events:
        while ev[0] > tick:             # the second is complete: feed it, then tick
            t0 = _now_us()
            _feed(p, batch)
            p.tick(tick)
            spent += _since(t0)
            fed += len(batch) + 1
            batch = []
            tick += 1000
        batch.append(ev)
    t0 = _now_us()
    _feed(p, batch)
    p.finish(BOOT_MS + truth["seconds"] * 1000)
    spent += _since(t0)
    fed += len(batch)
    events = batch = None               # the generator and its frame caches
    gc.collect()
    heap = (gc.mem_alloc() - heap0) if heap0 else 0
    st = p.stats()
    seconds = truth["seconds"]
    return {"seconds": seconds, "frames": st["j1939"]["ok"] + st["j1939"]["rejected"],
            "sentences": st["nmea"]["ok"] + st["nmea"]["rejected"], "events": fed,
            "us_per_input_s": spent // seconds, "us_per_event": spent * 1000 // fed / 1000,
            "minutes": len(p.minutes), "heap_pipeline": heap}


TARGET_CPYTHON_US = 1000       # per second of input: 0.1 % of real time on the host
# The unix port on the host; a board some 40 times slower must stay under 10 %
# of real time: 100 ms / 40.
TARGET_MP_US = 2500
TARGET_MP_HEAP = 16 * 1024     # bytes the pipeline's state holds after 20 minutes


def figures(micropython=None, heapsize="192K"):
    """Measure on CPython, and under ``micropython`` (a path) if given.

    :returns: rows ``(label, value, target, passed, detail)`` for bench/run.py
    """
    from mpcall import run_script
    cp = measure()
    rows = [("signals: CPython us per second of input", "%d" % cp["us_per_input_s"],
             "<= %d" % TARGET_CPYTHON_US, cp["us_per_input_s"] <= TARGET_CPYTHON_US,
             "(%d frames + %d sentences in %d s; %.2f us per event)"
             % (cp["frames"], cp["sentences"], cp["seconds"], cp["us_per_event"]))]
    if micropython is None:
        return rows
    mp = run_script(micropython, heapsize, __file__)
    us, heap = int(mp["us_per_input_s"]), int(mp["heap_pipeline"])
    rows.append(("signals: MicroPython us per second of input", "%d" % us,
                 "<= %d" % TARGET_MP_US, us <= TARGET_MP_US,
                 "(%s us per event; heapsize=%s)" % (mp["us_per_event"], heapsize)))
    rows.append(("signals: MicroPython heap of the pipeline (B)", "%d" % heap,
                 "<= %d" % TARGET_MP_HEAP, heap <= TARGET_MP_HEAP,
                 "(after %s s of input)" % mp["seconds"]))
    return rows


def main():
    for key, value in sorted(measure().items()):
        print("%s=%s" % (key, value))


if __name__ == "__main__":
    main()
