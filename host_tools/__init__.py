# drivetime host tools: the fleet office's sync client, store, reports and CLI.
# SPDX-License-Identifier: MIT
