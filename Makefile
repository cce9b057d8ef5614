# SPDX-License-Identifier: GPL-2.0
# alloclab top-level Makefile.
#   make                      modules for KDIR + the alloclab CLI
#   make KDIR=... ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-   cross build
#
# Test bed (Debian kernels in QEMU; see scripts/):
#   make deps                 install what is missing (apt-get; kernels into .cache/)
#   make build [KERNEL=kid]   modules + static CLI for the test kernels (all, or one)
#   make demo                 deps, build, boot amd64-6.1, run the default plan, report
#   make vm [KERNEL=kid]      shell in a VM with alloclab loaded (default amd64-6.1)
#   make vmtest [KERNEL=kid] [TESTS=a,b]   run guest tests in one VM
#   make bench                slab, pages, vmalloc, mempool, dma, edu (and cma where the
#                             kernel has it) figures on the amd64-6.1 VM
#   make unit                 host unit tests (cmocka)
#   make check                everything; ends with "N passed, N failed"
# Kernel ids: amd64-6.1 amd64-6.12 arm64-6.1 amd64-6.1-debug (KASAN, lockdep, kmemleak,
# fault injection, DMA-API debug, CMA; built once per machine into /var/cache/alloclab)
KDIR ?= /lib/modules/$(shell uname -r)/build
W ?= 1
KERNEL ?= amd64-6.1
TESTS ?=

.PHONY: all modules userspace clean distclean deps build demo vm vmtest bench unit check
all: modules userspace

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=$(W) modules

userspace:
	$(MAKE) -C userspace CC=$(CROSS_COMPILE)gcc

deps:
	bash scripts/deps.sh

build: deps
	bash scripts/build.sh $(if $(filter command line,$(origin KERNEL)),$(KERNEL),all)

demo:
	bash scripts/demo.sh

vm: deps
	bash scripts/build.sh $(KERNEL)
	bash scripts/vm.sh --kernel $(KERNEL) --shell

vmtest: deps
	bash scripts/build.sh $(KERNEL)
	bash scripts/vm.sh --kernel $(KERNEL) $(if $(TESTS),--tests $(TESTS))

bench: deps
	bash scripts/build.sh amd64-6.1
	bash scripts/vm.sh --kernel amd64-6.1 --tests bench --log build/logs/bench.log
	@echo
	@sh scripts/bench-table.sh build/logs/bench.log

unit:
	$(MAKE) -C tests/unit check

check:
	bash scripts/check.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace clean
	rm -rf build

distclean: clean
	rm -rf .cache
