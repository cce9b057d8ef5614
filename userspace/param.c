// SPDX-License-Identifier: GPL-2.0
/*
 * param.c - typed parameter records as text. See param.h.
 */
#include <stdio.h>
#include <string.h>

#include "param.h"

#define TERMINATE(s) ((s)[sizeof(s) - 1] = '\0')

void param_terminate(struct alloclab_param *p)
{
	TERMINATE(p->name);
	TERMINATE(p->unit);
	TERMINATE(p->def_str);
	TERMINATE(p->choices);
	TERMINATE(p->help);
}

const char *param_type_name(unsigned int type, char *buf, size_t len)
{
	static const char *const names[] = {
		[ALLOCLAB_P_U64] = "u64",
		[ALLOCLAB_P_BOOL] = "bool",
		[ALLOCLAB_P_ENUM] = "enum",
		[ALLOCLAB_P_GFP] = "gfp",
		[ALLOCLAB_P_STRING] = "string",
	};

	if (type < sizeof(names) / sizeof(names[0]))
		return names[type];
	snprintf(buf, len, "type%u", type);
	return buf;
}

const char *param_choice(const char *choices, unsigned int i, char *buf, size_t len)
{
	const char *s = choices, *bar;
	size_t n;

	for (; i; i--) {
		s = strchr(s, '|');
		if (!s)
			return NULL;
		s++;
	}
	bar = strchr(s, '|');
	n = bar ? (size_t)(bar - s) : strlen(s);
	if (!n || !len)
		return NULL;
	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

const char *param_default(const struct alloclab_param *p, char *buf, size_t len)
{
	if (p->def_str[0]) {
		snprintf(buf, len, "%s", p->def_str);
		return buf;
	}
	switch (p->type) {
	case ALLOCLAB_P_U64:
	case ALLOCLAB_P_BOOL:
		snprintf(buf, len, "%llu", (unsigned long long)p->def);
		return buf;
	case ALLOCLAB_P_ENUM:
		if (p->def < 0xffffffffULL &&
		    param_choice(p->choices, (unsigned int)p->def, buf, len))
			return buf;
		break;
	}
	snprintf(buf, len, "-");
	return buf;
}

const char *param_range(const struct alloclab_param *p, char *buf, size_t len)
{
	switch (p->type) {
	case ALLOCLAB_P_U64:
		snprintf(buf, len, "%llu..%llu%s%s", (unsigned long long)p->min,
			 (unsigned long long)p->max, p->unit[0] ? " " : "", p->unit);
		break;
	case ALLOCLAB_P_BOOL:
		snprintf(buf, len, "0|1");
		break;
	case ALLOCLAB_P_ENUM:
	case ALLOCLAB_P_GFP:
		snprintf(buf, len, "%s", p->choices[0] ? p->choices :
			 p->type == ALLOCLAB_P_GFP ? "flags" : "-");
		break;
	default:
		snprintf(buf, len, "text");
	}
	return buf;
}

const char *param_format(const struct alloclab_param *p, char *buf, size_t len)
{
	char def[sizeof(p->def_str) + 24], range[sizeof(p->choices) + 64];

	snprintf(buf, len, "%s=%s (%s)%s%s", p->name,
		 param_default(p, def, sizeof(def)), param_range(p, range, sizeof(range)),
		 p->help[0] ? " " : "", p->help);
	return buf;
}
