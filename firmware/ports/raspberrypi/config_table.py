# Checking one table of the Pi unit's TOML config against its schema: known keys, types, choices.
# SPDX-License-Identifier: MIT
"""The schema check of :mod:`drivetime_pi.config`, and its error.

A schema is a dict ``key -> kind`` where a kind is a type (``int``, ``str``,
``bool``), a tuple of types (``(int, str)``: either), a tuple of values (a
choice: ``("goods", "passengers")``), a dict (a sub-table with its own
schema) or :data:`TABLE` (a table checked later, by
:mod:`drivetime_pi.config_sections`, or passed through). TOML ``true`` is
not an integer here, though Python's ``bool`` is one.

Every message names the file, the section and the key; an unknown key
gets the nearest known one as a hint (a typo) or the list of known keys.
"""

import difflib

TABLE = dict        # a kind: any table, checked later or passed through


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


def check_table(given, schema, path, where):
    """Check the table ``given`` (section ``where`` of the file ``path``) against ``schema``.

    :returns: the checked keys and values (sub-tables checked too)
    :raises ConfigError: an unknown key, a value of the wrong type or not one of a choice
    """
    out = {}
    for key, value in given.items():
        name = "[%s] %s" % (where, key)
        if key not in schema:
            raise ConfigError("%s: unknown key %s%s" % (path, name, hint(key, schema)))
        kind = schema[key]
        if isinstance(kind, dict):                  # a sub-table with known keys
            if not isinstance(value, dict):
                raise ConfigError("%s: %s must be a table [%s.%s]" % (path, name, where, key))
            value = check_table(value, kind, path, where + "." + key)
        elif kind is TABLE:                         # checked later, or passed through
            if not isinstance(value, dict):
                raise ConfigError("%s: %s must be a table [%s.%s]" % (path, name, where, key))
        elif isinstance(kind, tuple) and not isinstance(kind[0], type):   # a choice
            if value not in kind or isinstance(value, bool):
                raise ConfigError("%s: %s = %r: expected one of %s"
                                  % (path, name, value, ", ".join(repr(k) for k in kind)))
        elif not is_kind(value, kind):
            raise ConfigError("%s: %s = %r: expected %s" % (path, name, value, kind_name(kind)))
        out[key] = value
    return out


def is_kind(value, kind):
    """Whether ``value`` is of the type (or one of the tuple of types) ``kind``."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False                                # TOML true is not a pin number
    return isinstance(value, kinds)


def kind_name(kind):
    """The type(s) ``kind`` in words, for a message."""
    names = {int: "an integer", str: "a string", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def hint(key, known):
    """`` (did you mean X?)`` for the nearest of ``known``, else `` (known: ...)``."""
    close = difflib.get_close_matches(str(key), list(known), 1)
    return " (did you mean %s?)" % close[0] if close else " (known: %s)" % ", ".join(known)
