# drivetime simulator: vehicle and driver models, CAN/GPS emulators, scenario runner.
# SPDX-License-Identifier: MIT
