// SPDX-License-Identifier: GPL-2.0
/*
 * Tables the core must refuse at registration: each breaks one rule of
 * family.h. At load the module tries every one; how many were refused is the
 * read-only parameter rejected_tables, which the guest test compares with
 * bad_tables (their number). A table the core accepted is unregistered again
 * at once and makes the module refuse to load.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/err.h>
#include "selftest.h"

static int bad_run(struct al_worker *w)
{
	return 0;
}

static const char * const bad_choices[] = { "a", "b", NULL };

static const struct al_param bad_enum_default[] = {
	{ .name = "mode2", .help = "default past the choices", .type = AL_P_ENUM, .def = 2,
	  .choices = bad_choices },
	{ }
};

static const struct al_param bad_min_max[] = {
	{ .name = "size", .help = "min above max", .type = AL_P_U64, .def = 5, .min = 10,
	  .max = 1 },
	{ }
};

static const struct al_param bad_def_range[] = {
	{ .name = "size", .help = "default outside min..max", .type = AL_P_U64, .def = 0,
	  .min = 1, .max = 10 },
	{ }
};

static const struct al_param bad_dup[] = {
	{ .name = "size", .help = "once", .type = AL_P_U64, .def = 1, .min = 0, .max = 10 },
	{ .name = "size", .help = "twice", .type = AL_P_U64, .def = 1, .min = 0, .max = 10 },
	{ }
};

static const struct al_param bad_core_name[] = {
	{ .name = "cpus", .help = "the core's own", .type = AL_P_U64, .def = 1, .min = 0,
	  .max = 10 },
	{ }
};

static const struct al_param bad_gfp[] = {
	{ .name = "gfp", .help = "no such flag", .type = AL_P_GFP, .def_str = "KERNEL|BOGUS" },
	{ }
};

static const struct al_phase_desc bad_phases[] = {
	{ "alloc", ALLOCLAB_U_OBJECTS }, { "alloc", ALLOCLAB_U_OBJECTS }, { }
};

#define BAD(nm, ...) { .name = nm, .summary = "refused", .run = bad_run, __VA_ARGS__ }

static const struct al_experiment bad_tables[][1] = {
	{ BAD("bad_enum", .params = bad_enum_default) },
	{ BAD("bad_minmax", .params = bad_min_max) },
	{ BAD("bad_default", .params = bad_def_range) },
	{ BAD("bad_dup", .params = bad_dup) },
	{ BAD("bad_corename", .params = bad_core_name) },
	{ BAD("bad_gfp", .params = bad_gfp) },
	{ BAD("bad_phases", .phases = bad_phases) },
	{ BAD("bad_hold", .flags = AL_EXP_HOLD) },		/* no ->release */
	{ BAD("bad_mmap", .flags = AL_EXP_MMAP) },		/* no HOLD, no ->mmap */
	{ BAD("Bad Name") },
	{ BAD("null") },					/* taken by the main table */
	{ { .name = "bad_norun", .summary = "no run" } },
};

static unsigned int st_rejected;
module_param_named(rejected_tables, st_rejected, uint, 0444);
MODULE_PARM_DESC(rejected_tables, "malformed tables the core refused at load");

static unsigned int st_nbad = ARRAY_SIZE(bad_tables);
module_param_named(bad_tables, st_nbad, uint, 0444);
MODULE_PARM_DESC(bad_tables, "malformed tables tried at load");

/**
 * st_try_bad_tables() - register every malformed table; count the refusals
 *
 * Return: 0 if the core refused them all, -EINVAL if it accepted one.
 */
int st_try_bad_tables(void)
{
	struct al_instance *inst;
	unsigned int i;
	int ret = 0;

	for (i = 0; i < ARRAY_SIZE(bad_tables); i++) {
		inst = alloclab_register(bad_tables[i], 1);
		if (IS_ERR(inst)) {
			st_rejected++;
			continue;
		}
		pr_err("the core accepted the malformed table %s\n", bad_tables[i][0].name);
		alloclab_unregister(inst);
		ret = -EINVAL;
	}
	return ret;
}
