# The MicroPython port's buttons: software debounce and long presses.
# SPDX-License-Identifier: MIT
"""``buttons.Buttons`` polled every 2 ms over fake pins (pull-up: pressed = 0)."""

import mpport_path  # noqa: F401
from buttons import Buttons
from fake_machine import FakePin


def _run(buttons, pin, levels, t0=0, step=2):
    """Drive ``pin`` through ``levels`` (one per poll), return (name, time) pairs."""
    out = []
    t = t0
    for level in levels:
        pin.drive(level)
        for name in buttons.poll(t):
            out.append((name, t))
        t += step
    return out, t


def test_bouncing_press_gives_one_event_after_the_debounce_time():
    ack = FakePin(1)
    b = Buttons({"ack": ack}, debounce_ms=30)
    # 10 ms of bounce (0/1 every 2 ms), then held low for 100 ms, then released.
    levels = [0, 1, 0, 1, 0] + [0] * 50 + [1] * 50
    events, _ = _run(b, ack, levels)
    # The last bounce ends at 8 ms (level 0 from t=8); 30 ms later: t=38.
    assert events == [("ack", 38)]


def test_glitch_shorter_than_debounce_is_ignored_and_holding_does_not_repeat():
    mode = FakePin(1)
    b = Buttons({"mode": mode}, debounce_ms=30)
    events, t = _run(b, mode, [0] * 10 + [1] * 20)     # 20 ms low: a glitch
    assert events == []
    events, t = _run(b, mode, [0] * 1000, t0=t)       # held for 2 s
    assert [e[0] for e in events] == ["mode"]


def test_long_press_gives_the_second_name_and_short_press_the_first():
    mode = FakePin(1)
    b = Buttons({"mode": mode}, debounce_ms=30, long_press={"mode": "day"}, long_ms=1500)
    # Short: 200 ms held -> "mode" on release (after the release debounce).
    events, t = _run(b, mode, [0] * 100 + [1] * 50)
    assert [e[0] for e in events] == ["mode"]
    # Long: held 2 s -> "day" once 1500 ms after the press began, nothing on release.
    events, _ = _run(b, mode, [0] * 1000 + [1] * 50, t0=t)
    assert [e[0] for e in events] == ["day"]
    assert events[0][1] - t == 1500


def test_active_high_and_several_buttons():
    a, c = FakePin(0), FakePin(0)
    b = Buttons({"activity": a, "crew": c}, active_low=False, debounce_ms=20)
    b.poll(0)
    a.drive(1)
    c.drive(1)
    # First seen high at the 10 ms poll: accepted 20 ms later, at 30 ms.
    assert b.poll(10) == []
    assert b.poll(29) == []
    assert b.poll(30) == ["activity", "crew"]
