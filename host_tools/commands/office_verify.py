# `drivetime office verify`: re-check the HMAC chain of everything stored.
# SPDX-License-Identifier: MIT
"""Re-run every stored unit's HMAC chain from the stored bytes: exit 0 all
whole, 1 a chain is broken, 2 bad input (no database, no key for a unit)."""


from host_tools.commands import (EXIT_BAD_INPUT, EXIT_COMPLIANT, EXIT_INFRINGEMENTS,
                                 add_db_argument, add_keys_argument, missing_db, office_keys)

GROUP = "office"
NAME = "verify"
HELP = "re-check the HMAC chain of the stored journals"
DESCRIPTION = ("Re-run every stored unit's HMAC chain from the stored bytes. Exit status: 0 all whole, "
               "1 a chain is broken, 2 bad input (no database, no key for a unit).")


def add_arguments(verify):
    verify.add_argument("--unit", metavar="ID", help="only this unit")
    add_db_argument(verify)
    add_keys_argument(verify)


def run(args):
    from host_tools import office
    from host_tools.store import Store

    bad = missing_db(args, "verify")
    if bad is not None:
        return bad
    keys = office_keys(args, "verify")
    if keys is None:
        return EXIT_BAD_INPUT
    broken = missing_key = False
    with Store(args.db) as store:
        for unit_id in ([args.unit] if args.unit else store.unit_ids()):
            unit = store.unit(unit_id)
            if unit is None:
                print("unit %s: not in %s" % (unit_id, args.db))
                missing_key = True
                continue
            if unit_id not in keys:
                print("unit %s: no key in %s, not checked" % (unit_id, args.keys))
                missing_key = True
                continue
            problems = office.verify(store, unit_id, keys[unit_id])
            span = "records %s..%s" % (unit["first_seq"], unit["last_seq"])
            if problems:
                broken = True
                print("unit %s: %s: CHAIN BROKEN" % (unit_id, span))
                for problem in problems:
                    print("  " + problem)
            else:
                print("unit %s: %s: chain whole" % (unit_id, span))
    if broken:
        return EXIT_INFRINGEMENTS
    return EXIT_BAD_INPUT if missing_key else EXIT_COMPLIANT
