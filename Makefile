# SPDX-License-Identifier: GPL-3.0-or-later
# Shortcuts for the README's two commands.
.PHONY: run test
run:
	bash build-aux/dev run
test:
	bash build-aux/dev test
