# The Raspberry Pi port: python-can, pyserial, gpiozero and luma.oled adapters around the portable core.
# SPDX-License-Identifier: MIT
"""drivetime on a Raspberry Pi (CPython), installed as ``drivetime_pi``.

Adapters (each real one with its fake beside it, same interface):
:mod:`~drivetime_pi.can_adapter`, :mod:`~drivetime_pi.gps_adapter`,
:mod:`~drivetime_pi.gpio_adapter`, :mod:`~drivetime_pi.display`;
:mod:`~drivetime_pi.config` reads the TOML file and :mod:`~drivetime_pi.main`
runs the loop (``drivetime unit --config FILE``). Nothing of the rules lives
here: the unit in :mod:`drivetime.unit` decides, the port carries it out.
"""


class AdapterError(Exception):
    """An adapter failed (an unplugged adapter, a broken serial link, a bus
    error). The main loop shows it as a fault and reopens the adapter; it
    never stops the unit.

    :param source: ``"can"``, ``"gps"``, ``"gpio"`` or ``"display"``
    :param message: what happened, for the log
    """

    def __init__(self, source, message):
        Exception.__init__(self, "%s: %s" % (source, message))
        self.source = source
