# Routes for the simulated vehicle: waypoints with the country of each leg, border crossings, position by distance.
# SPDX-License-Identifier: MIT
"""A route is a list of waypoints ``(lat, lon, country)`` in degrees (north
and east positive); the country is the one of the leg that starts at the
waypoint (the last waypoint's is the destination's). A border crossing is a
waypoint whose country differs from the previous one's: the vehicle crosses
it at that waypoint's distance from the start.

Distances are great-circle (haversine on the mean Earth radius, IUGG
6 371 008.8 m); inside a leg the position is interpolated linearly in
latitude and longitude, which is a few metres off the great circle on
legs of 100 km or more: the simulator needs a plausible track, not survey
accuracy, and the GPS emulator adds metres of noise anyway.

A vehicle may drive further than the route is long: ``shuttle`` routes
(the default) are driven there and back again (Hamburg - Salzburg -
Hamburg - ...), so a month of driving stays on the map; otherwise the
vehicle stays at the destination.

Countries are the distinguishing signs the unit's menu offers (``D``,
``A``, ``NL``, ``B``, ...: :data:`drivetime.unit.UNIT_SETTINGS` countries).
"""

import math
from collections import namedtuple

EARTH_RADIUS_M = 6371008.8

Position = namedtuple("Position", ("lat", "lon", "course", "country", "leg"))
"""Where a distance along the route is: degrees, course over ground in
degrees (0 north, 90 east), the country, and the leg index (0-based; legs
of the way back count on from the last one of the way there)."""

Border = namedtuple("Border", ("distance_m", "lat", "lon", "before", "after"))
"""A border crossing at ``distance_m`` from the start, from ``before`` to ``after``."""


def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres between two points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1, lon1, lat2, lon2):
    """Initial course (degrees true, 0 <= c < 360) from point 1 to point 2."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


class Route:
    """Waypoints with countries; positions by distance travelled.

    :param name: a short name (``hamburg-salzburg``)
    :param waypoints: at least two ``(lat, lon, country)``
    :param shuttle: drive there and back again past the end (else stop there)
    :raises ValueError: fewer than two waypoints, or a coordinate out of range
    """

    def __init__(self, name, waypoints, shuttle=True):
        if len(waypoints) < 2:
            raise ValueError("a route needs two waypoints or more")
        for lat, lon, country in waypoints:
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not country:
                raise ValueError("bad waypoint %r" % ((lat, lon, country),))
        self.name = name
        self.waypoints = tuple(tuple(w) for w in waypoints)
        self.shuttle = shuttle
        self.starts = [0.0]            # distance of each waypoint from the start
        for a, b in zip(self.waypoints, self.waypoints[1:]):
            self.starts.append(self.starts[-1] + haversine_m(a[0], a[1], b[0], b[1]))
        self.length_m = self.starts[-1]
        self.borders = [Border(self.starts[i], w[0], w[1], self.waypoints[i - 1][2], w[2])
                        for i, w in enumerate(self.waypoints) if i and
                        w[2] != self.waypoints[i - 1][2]]

    def __repr__(self):
        return "Route(%r, %d waypoints, %.0f km)" % (self.name, len(self.waypoints),
                                                      self.length_m / 1000)

    def _one_way(self, d):
        """(index of the leg, fraction along it) at distance ``d`` of the way there."""
        d = max(0.0, min(d, self.length_m))
        i = 0
        while i < len(self.starts) - 2 and self.starts[i + 1] <= d:
            i += 1
        span = self.starts[i + 1] - self.starts[i]
        return i, ((d - self.starts[i]) / span if span else 0.0)

    def at(self, distance_m):
        """The :class:`Position` at ``distance_m`` travelled from the start."""
        back = False
        d = distance_m
        if self.shuttle and self.length_m > 0:
            d = distance_m % (2 * self.length_m)
            if d > self.length_m:
                d, back = 2 * self.length_m - d, True
        i, f = self._one_way(d)
        a, b = self.waypoints[i], self.waypoints[i + 1]
        lat = a[0] + (b[0] - a[0]) * f
        lon = a[1] + (b[1] - a[1]) * f
        course = bearing_deg(a[0], a[1], b[0], b[1])
        country = a[2]
        if f >= 1.0 or (d >= self.length_m):
            country = b[2]
        if back:
            course = (course + 180.0) % 360.0
            i = 2 * (len(self.waypoints) - 1) - 1 - i
        return Position(lat, lon, course, country, i)

    def country_at(self, distance_m):
        """The country at ``distance_m`` travelled."""
        return self.at(distance_m).country

    def crossings(self, from_m, to_m):
        """The borders crossed driving from ``from_m`` to ``to_m`` (there and back
        counted): a list of ``(distance travelled, before, after)``."""
        out = []
        if to_m <= from_m or not self.borders:
            return out
        period = 2 * self.length_m
        if not self.shuttle:
            return [(b.distance_m, b.before, b.after) for b in self.borders
                    if from_m < b.distance_m <= to_m]
        for k in range(int(from_m // period), int(to_m // period) + 1):
            base = k * period
            for b in self.borders:
                for at, before, after in ((base + b.distance_m, b.before, b.after),
                                          (base + period - b.distance_m, b.after, b.before)):
                    if from_m < at <= to_m:
                        out.append((at, before, after))
        out.sort()
        return out


# The A7 / A9 / A8 motorways; the border on the A8/A1 at Walserberg.
HAMBURG_SALZBURG = (
    (53.5503, 10.0007, "D"),    # Hamburg
    (52.3745, 9.7386, "D"),     # Hannover
    (51.3127, 9.4797, "D"),     # Kassel
    (49.7913, 9.9534, "D"),     # Würzburg
    (49.4521, 11.0767, "D"),    # Nürnberg
    (48.7665, 11.4258, "D"),    # Ingolstadt
    (48.1351, 11.5820, "D"),    # München
    (47.8571, 12.1181, "D"),    # Rosenheim
    (47.7880, 12.9570, "A"),    # Walserberg: the border D -> A
    (47.8095, 13.0550, "A"),    # Salzburg
)
# The A16 / E19, border at Hazeldonk / Meer.
ROTTERDAM_ANTWERP = (
    (51.9244, 4.4777, "NL"),    # Rotterdam
    (51.5719, 4.7683, "NL"),    # Breda
    (51.4470, 4.7480, "B"),     # Hazeldonk / Meer: the border NL -> B
    (51.2194, 4.4025, "B"),     # Antwerpen
)
# Deliveries around Frankfurt, all in Germany, back where it started.
FRANKFURT_LOOP = (
    (50.1109, 8.6821, "D"),     # Frankfurt
    (50.0956, 8.7761, "D"),     # Offenbach
    (49.8728, 8.6512, "D"),     # Darmstadt
    (49.9929, 8.2473, "D"),     # Mainz
    (50.1109, 8.6821, "D"),     # Frankfurt
)

ROUTES = {
    "hamburg-salzburg": HAMBURG_SALZBURG,
    "rotterdam-antwerp": ROTTERDAM_ANTWERP,
    "frankfurt-loop": FRANKFURT_LOOP,
}


def route(name, shuttle=True):
    """A built-in route by name (:data:`ROUTES`).

    :raises KeyError: an unknown name (the message lists the known ones)
    """
    if name not in ROUTES:
        raise KeyError("unknown route %r (known: %s)" % (name, ", ".join(sorted(ROUTES))))
    return Route(name, ROUTES[name], shuttle)
