# SPDX-License-Identifier: GPL-2.0
# Host unit tests of pure files of the kernel core (modules/core), included
# by tests/unit/Makefile: it adds the programs to BINS, so `make check` runs
# them with the others.
#
# The kernel .c files are compiled unchanged, against shim/linux/*.h (a few
# kernel helpers on top of the host's UAPI headers), with flags of their own:
# the userspace include paths of the CLI tests are not on their path.
# A test program test_kcore_<name>.c links modules/core/<name>.c; add a name
# to KCORE_UNITS for a new one.
#
# A behaviour the code lacks is a *_known_bug test: SKIPPED (with the failing
# case) while the bug is there, passed once it is fixed; AL_KNOWN_BUGS=1 in
# the environment makes them FAIL instead.

KCORE_UNITS := stats values

KCORE_DIR := $(SRCDIR)/kcore
KCORE_BUILD := $(BUILD)/kcore
KCORE_SRC := $(TOP)/modules/core
KCORE_CFLAGS ?= -O1 -g
override KCORE_CFLAGS += -Wall -Wextra -Werror -std=gnu11 -I$(KCORE_DIR)/shim \
	-I$(KCORE_SRC) $(CMOCKA_CFLAGS) -MMD -MP
KCORE_BINS := $(addprefix $(KCORE_BUILD)/test_kcore_,$(KCORE_UNITS))

BINS += $(KCORE_BINS)

$(KCORE_BUILD)/core/%.o: $(KCORE_SRC)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(KCORE_CFLAGS) -c -o $@ $<

$(KCORE_BUILD)/test_kcore_%.o: $(KCORE_DIR)/test_kcore_%.c
	@mkdir -p $(dir $@)
	$(CC) $(KCORE_CFLAGS) -c -o $@ $<

$(KCORE_BUILD)/test_kcore_%: $(KCORE_BUILD)/test_kcore_%.o $(KCORE_BUILD)/core/%.o
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

-include $(wildcard $(KCORE_BUILD)/*.d $(KCORE_BUILD)/core/*.d)
