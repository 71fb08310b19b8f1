# `drivetime office reanalyse`: derive every timeline, card and verdict again from the stored records.
# SPDX-License-Identifier: MIT
"""Re-derive everything the office holds from the stored journal records
(:func:`host_tools.analysis.refresh`, one transaction): each unit's timeline
with the card in at each minute, then every driver's and unit's verdicts.
For a database filled before migration 0005 (rows without a driver, verdicts
per unit) or after a change of the rules.  Exit status: 0 done, 2 bad input."""


from host_tools.commands import EXIT_COMPLIANT, add_db_argument, missing_db

GROUP = "office"
NAME = "reanalyse"
HELP = "derive timelines, cards and infringements again from the stored records"
DESCRIPTION = (
    "Derive every unit's timeline (with the driver card in at each minute) and every driver's "
    "and unit's infringements again from the stored journal records, in one transaction: for a "
    "database filled before the per-driver analysis (migration 0005) or after a rules change. "
    "The records themselves are not touched. Exit status: 0 done, 2 bad input.")


def add_arguments(parser):
    add_db_argument(parser)


def _counts(store):
    q = store.db.conn.execute
    return {"intervals": q("select count(*) from activity_intervals").fetchone()[0],
            "without_driver": q("select count(*) from activity_intervals "
                                "where driver_id is null").fetchone()[0],
            "infringements": q("select count(*) from infringements").fetchone()[0],
            "records": q("select count(*) from records").fetchone()[0]}


def run(args):
    from host_tools import analysis
    from host_tools.store import Store

    bad = missing_db(args, "reanalyse")     # nothing to re-derive is a mistake here
    if bad is not None:
        return bad
    with Store(args.db) as store:
        before = _counts(store)
        analysis.refresh(store)
        after = _counts(store)
        units, drivers = len(store.unit_ids()), len(store.driver_ids())
    print("reanalysed %d records of %d units: %d activity intervals (%d with no card in), "
          "%d drivers" % (after["records"], units, after["intervals"], after["without_driver"],
                          drivers))
    print("infringements: %d (before: %d)" % (after["infringements"], before["infringements"]))
    return EXIT_COMPLIANT
