// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab version [--json]: the tool's version and ABI, and through
 * ALLOCLAB_IOC_VERSION the module's version, ABI, experiment count, the
 * running kernel, the cap on held runs, the runs held now, the bytes
 * charged for them and the memory budget. Exits 1 with what to rebuild if
 * the module's ABI is not the tool's.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"

static const char usage_text[] = "version [--json]";

/* The fields after kernel_release are ABI 2's: shown only if the ABIs agree. */
static void version_json(const struct alloclab_version *v, int same)
{
	struct out_json j;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_str(&j, "cli_version", ALLOCLAB_CLI_VERSION);
	json_int(&j, "cli_abi_version", ALLOCLAB_ABI_VERSION);
	json_str(&j, "module_version", v->module_version);
	json_uint(&j, "abi_version", v->abi_version);
	json_uint(&j, "experiments", v->nr_experiments);
	json_str(&j, "kernel_release", v->kernel_release);
	if (same) {
		json_uint(&j, "max_held", v->max_held);
		json_uint(&j, "nr_held", v->nr_held);
		json_uint(&j, "held_bytes", v->held_bytes);
		json_uint(&j, "budget_bytes", v->budget_bytes);
	}
	json_obj_end(&j);
	json_end(&j);
}

static void version_text(const struct alloclab_version *v, int same)
{
	printf("cli_version: %s\n", ALLOCLAB_CLI_VERSION);
	printf("cli_abi_version: %d\n", ALLOCLAB_ABI_VERSION);
	printf("module_version: %s\n", v->module_version);
	printf("abi_version: %u\n", v->abi_version);
	printf("experiments: %u\n", v->nr_experiments);
	printf("kernel_release: %s\n", v->kernel_release);
	if (!same)
		return;
	printf("max_held: %u\n", v->max_held);
	printf("nr_held: %u\n", v->nr_held);
	printf("held_bytes: %llu\n", (unsigned long long)v->held_bytes);
	printf("budget_bytes: %llu\n", (unsigned long long)v->budget_bytes);
}

int cmd_version(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct alloclab_version v;
	int json = out_json_default;
	int c, fd, ret, same;

	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'h':
			al_usage(stdout, usage_text);
			return 0;
		default:
			al_usage(stderr, usage_text);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		out_error("version takes no arguments");
		return EXIT_USAGE;
	}

	fd = al_dev_open();
	if (fd < 0) {
		if (!json)
			printf("cli_version: %s\ncli_abi_version: %d\n",
			       ALLOCLAB_CLI_VERSION, ALLOCLAB_ABI_VERSION);
		return 1;
	}
	memset(&v, 0, sizeof(v));
	ret = ioctl(fd, ALLOCLAB_IOC_VERSION, &v);
	if (ret < 0) {
		out_perror("ALLOCLAB_IOC_VERSION");
		close(fd);
		return 1;
	}
	close(fd);
	v.module_version[sizeof(v.module_version) - 1] = '\0';
	v.kernel_release[sizeof(v.kernel_release) - 1] = '\0';
	same = v.abi_version == ALLOCLAB_ABI_VERSION;
	if (json)
		version_json(&v, same);
	else
		version_text(&v, same);
	if (!same) {
		char buf[256];

		out_error("%s", al_abi_advice(v.abi_version, buf, sizeof(buf)));
		return 1;
	}
	return 0;
}
