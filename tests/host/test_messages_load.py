# The message table loader after a failed import (a full heap on a board).
# SPDX-License-Identifier: MIT
"""A language switch drops the old table before importing the new one; when
that import fails (MemoryError on a board whose heap is full), the next
call must import again, not hand out a missing table."""

import builtins

import pytest

from drivetime import messages


def test_a_failed_language_import_is_retried_not_left_as_no_table(monkeypatch):
    messages.table("en")
    real_import = builtins.__import__

    def full_heap(name, *args, **kwargs):
        if name == "drivetime.messages_de":
            raise MemoryError("memory allocation failed")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", full_heap)
    with pytest.raises(MemoryError):
        messages.text("de", "w_continuous_driving")
    monkeypatch.setattr(builtins, "__import__", real_import)
    # The language shown before (the driver stays on English) and then the
    # new one load again: neither call meets a table of None.
    assert messages.text("en", "w_continuous_driving") == "Break due"
    assert messages.text("de", "w_continuous_driving") == messages.table("de")["w_continuous_driving"]
