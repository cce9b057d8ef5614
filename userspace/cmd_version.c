// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab version [--json]: the tool's version and ABI, and through
 * ALLOCLAB_IOC_VERSION the module's version, ABI, experiment count and the
 * running kernel.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"

static const char usage_text[] = "version [--json]";

int cmd_version(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct alloclab_version v;
	int json = out_json_default;
	int c, fd, ret;

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

	if (json) {
		struct out_json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "cli_version", ALLOCLAB_CLI_VERSION);
		json_int(&j, "cli_abi_version", ALLOCLAB_ABI_VERSION);
		json_str(&j, "module_version", v.module_version);
		json_uint(&j, "abi_version", v.abi_version);
		json_uint(&j, "experiments", v.nr_experiments);
		json_str(&j, "kernel_release", v.kernel_release);
		json_obj_end(&j);
		json_end(&j);
	} else {
		printf("cli_version: %s\n", ALLOCLAB_CLI_VERSION);
		printf("cli_abi_version: %d\n", ALLOCLAB_ABI_VERSION);
		printf("module_version: %s\n", v.module_version);
		printf("abi_version: %u\n", v.abi_version);
		printf("experiments: %u\n", v.nr_experiments);
		printf("kernel_release: %s\n", v.kernel_release);
	}
	if (v.abi_version != ALLOCLAB_ABI_VERSION) {
		out_error("module ABI %u differs from this tool's ABI %d: rebuild one of them",
			  v.abi_version, ALLOCLAB_ABI_VERSION);
		return 1;
	}
	return 0;
}
