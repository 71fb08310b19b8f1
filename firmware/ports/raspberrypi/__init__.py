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
