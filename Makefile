# SPDX-License-Identifier: GPL-2.0
# alloclab top-level Makefile.
#   make                      modules for KDIR + the alloclab CLI
#   make KDIR=... ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-   cross build
KDIR ?= /lib/modules/$(shell uname -r)/build
W ?= 1

.PHONY: all modules userspace clean
all: modules userspace

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=$(W) modules

userspace:
	$(MAKE) -C userspace CC=$(CROSS_COMPILE)gcc

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace clean
