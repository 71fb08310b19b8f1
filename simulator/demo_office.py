# The office's side of the demo: a new unit's keys, then 'drivetime office sync' and 'report' run as the office would.
# SPDX-License-Identifier: MIT
"""Provisioning (:func:`provision`: a unit key and a company key, as a fleet
office sets up a new unit) and :class:`OfficeSide`, the part of
:class:`simulator.demo.Demo` that plays the office: ``drivetime office sync
--host 127.0.0.1:PORT`` into a fresh database, as a separate process, while
the unit loop keeps serving; the stored chain verified
(:func:`host_tools.office.verify`); then ``drivetime office report`` for the
driver and the day (JSON for the checks, the terminal tables shown)."""

import json
import os
import shutil
import subprocess
import sys
import time

UNIT_ID = "DEMO-UNIT-01"


def provision(workdir, unit_id=UNIT_ID):
    """New keys for one unit: ``unit.key`` and ``company.key`` (hex, the unit's
    files) and ``office-keys.json`` (the office's). :returns: dict of the paths and keys"""
    unit_key, company_key = os.urandom(32), os.urandom(32)
    paths = {"unit_key": os.path.join(workdir, "unit.key"),
             "company_key": os.path.join(workdir, "company.key"),
             "office_keys": os.path.join(workdir, "office-keys.json")}
    for name, key in (("unit_key", unit_key), ("company_key", company_key)):
        with open(paths[name], "w", encoding="ascii") as f:
            f.write(key.hex() + "\n")
    with open(paths["office_keys"], "w", encoding="utf-8") as f:
        json.dump({"units": {unit_id: unit_key.hex()}, "company": company_key.hex()}, f, indent=1)
    paths.update(unit=unit_key, company=company_key)
    return paths


def drivetime_command():
    """How to run ``drivetime``: the script beside this Python, else ``python -m host_tools.cli``."""
    script = os.path.join(os.path.dirname(sys.executable), "drivetime")
    return [script] if os.path.exists(script) else [sys.executable, "-m", "host_tools.cli"]


class OfficeSide:
    """The office's commands against the running demo unit; mixed into
    :class:`simulator.demo.Demo` (needs ``loop``, ``db``, ``keys``, ``card``,
    ``sc``, ``workdir``, ``out`` and ``timings``)."""

    def _office(self, args):
        """``drivetime office ARGS`` as its own process while the unit loop serves."""
        width = shutil.get_terminal_size((110, 24)).columns if sys.stdout.isatty() else 110
        env = dict(os.environ, COLUMNS=str(width))
        proc = subprocess.Popen(drivetime_command() + ["office"] + args, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env)
        while proc.poll() is None:
            self.loop.step()
            time.sleep(0.0005)
        return proc.returncode, proc.stdout.read()

    def sync(self):
        """The office downloads the unit.

        :returns: (exit status, its output, the problems :func:`host_tools.office.verify`
            finds, the records the office holds as ``[(seq, raw bytes)]``)
        """
        from host_tools import office
        from host_tools.store import Store

        began = time.monotonic()
        args = ["sync", "--host", "127.0.0.1:%d" % self.loop.sync.address[1], "--db", self.db,
                "--keys", self.keys["office_keys"]]
        self.out("\n$ drivetime office " + " ".join(args))
        rc, text = self._office(args)
        self.out(text.strip())
        with Store(self.db) as store:
            problems = office.verify(store, UNIT_ID, self.keys["unit"])
            held = [(r["seq"], bytes(r["raw"])) for r in store.records(UNIT_ID)]
        self.out("office: %d records of %s held; chain %s" % (
            len(held), UNIT_ID, "verified" if not problems else "BROKEN: " + "; ".join(problems[:3])))
        self.timings["sync"] = time.monotonic() - began
        return rc, text, problems, held

    def report(self):
        """``drivetime office report`` for the driver and the day: as JSON (kept in
        ``report.json``: the model the checks read) and as the terminal's tables.

        :returns: (exit status, the tables, the report model dict or None)
        """
        began = time.monotonic()
        day = self.day()
        args = ["report", "--driver", self.card, "--from", day, "--to", day, "--db", self.db]
        path = os.path.join(self.workdir, "report.json")
        rc_json, text = self._office(args + ["--format", "json", "-o", path])
        model = None
        if rc_json in (0, 1) and os.path.exists(path):
            with open(path, "r", encoding="utf-8") as f:
                model = json.load(f)
        else:
            self.out(text.rstrip())
        self.out("\n$ drivetime office " + " ".join(args))
        rc, text = self._office(args)
        self.out(text.rstrip())
        self.timings["report"] = time.monotonic() - began
        return rc, text, model

    def day(self):
        """The scenario's first day, ``YYYY-MM-DD``."""
        from drivetime.timeutil import format_minute
        return format_minute(self.sc.start // 60)[:10]

    def journal_records(self):
        """The unit's journal files decoded: ``[(seq, raw bytes)]`` of its data records."""
        from drivetime.journal import Decoder
        folder = os.path.join(self.workdir, "journal")
        dec = Decoder(self.keys["unit"])
        out = []
        for name in sorted(n for n in os.listdir(folder) if n.startswith("j")):
            with open(os.path.join(folder, name), "rb") as f:
                out.extend((r.seq, bytes(r.raw)) for r in dec.feed(f.read()))
        return out
