# `drivetime office import FILE --unit ID`: store a unit's journal download, all of it or nothing.
# SPDX-License-Identifier: MIT
"""Store a download (raw journal bytes of one unit) in the office database in
one transaction (docs/office-guide.md): exit 0 stored or nothing new, 2
refused, with what was wrong and where."""

import sys

from host_tools.commands import (EXIT_BAD_INPUT, EXIT_COMPLIANT, add_db_argument,
                                 add_keys_argument, office_keys)

GROUP = "office"
NAME = "import"
HELP = "store a unit's journal download (all of it or nothing)"
DESCRIPTION = ("Check a download (raw journal bytes of one unit) and store it in one transaction. "
               "Exit status: 0 stored (or nothing new), 2 refused, with what was wrong and where.")


def add_arguments(imp):
    imp.add_argument("file", metavar="FILE", help="the download (raw journal bytes); '-' reads stdin")
    imp.add_argument("--unit", required=True, metavar="ID", help="the unit the download came from")
    add_db_argument(imp)
    add_keys_argument(imp)


def run(args):
    from host_tools import office
    from host_tools.store import Store

    keys = office_keys(args, "import")
    if keys is None:
        return EXIT_BAD_INPUT
    if args.unit not in keys:
        print("drivetime office import: no key for unit %s in %s" % (args.unit, args.keys), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as f:
                data = f.read()
    except OSError as exc:
        print("drivetime office import: cannot read %s: %s" % (args.file, exc.strerror or exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    with Store(args.db) as store:
        try:
            result = office.import_download(store, args.unit, data, keys[args.unit], source=args.file)
        except office.DownloadRefused as exc:
            print("drivetime office import: refused, nothing stored: %s" % exc, file=sys.stderr)
            return EXIT_BAD_INPUT
        if result.added:
            found = store.db["infringements"].count_where("unit_id = ?", [args.unit])
            print("unit %s: %d records in the download, %d new (seq %d..%d); %d infringements on record"
                  % (args.unit, result.offered, result.added, result.first_seq, result.last_seq, found))
        else:
            print("unit %s: %d records in the download, none new; nothing stored" % (args.unit, result.offered))
    return EXIT_COMPLIANT
