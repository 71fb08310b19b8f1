# Freeze drivetime into a MicroPython firmware image (bytecode in flash, not in the heap).
# SPDX-License-Identifier: MIT
# Build, e.g. for a Pico W, from a micropython checkout:
#   make -C ports/rp2 BOARD=RPI_PICO_W FROZEN_MANIFEST=/path/to/drivetime/firmware/ports/micropython/manifest.py
# See docs/install-micropython.md ("Frozen firmware"). The fakes (fake_*.py) stay out.
include("$(PORT_DIR)/boards/manifest.py")
require("ssd1306")
package("drivetime", base_path="../..")
for name in ("app.py", "buttons.py", "clock.py", "display_ssd1306.py", "gps_uart.py",
             "journal_flash.py", "mcp2515.py", "storage.py", "sync_uart.py"):
    module(name)
# main.py stays a file on the board's filesystem, so pins can be changed there
# (or in board_config.py) without rebuilding.
