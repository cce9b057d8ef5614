// SPDX-License-Identifier: GPL-2.0
/*
 * alloclab plot sweep|buddy|hist INPUT... [-o OUT.svg|OUT.png] [--title T]
 *	[--x KEY] [--kernel RELEASE]
 *
 * Reads the input into its model (plot.h), writes OUT's data file and
 * gnuplot script next to it (OUT with .dat and .gp for its suffix), then
 * runs `gnuplot` on the script (fork/exec, in OUT's directory). Without
 * gnuplot both files are kept and the message says how to install it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"
#include "plot.h"

static const char usage_text[] =
	"plot KIND INPUT... [-o OUT.svg|OUT.png] [--title T] [--x KEY] [--kernel REL]\n"
	"  sweep FILE.csv        p50 line and p90..p99 band per phase (alloclab sweep --csv)\n"
	"  buddy SNAP [SNAP [SNAP]]  free blocks per order and zone (alloclab snapshot)\n"
	"  hist RESULT           latency histogram (alloclab run NAME ... hist=1 > RESULT)\n"
	"  -o OUT                image, .svg (default alloclab-KIND.svg) or .png;\n"
	"                        OUT's .dat and .gp are written next to it and kept\n"
	"  --x KEY               sweep: the column on the x axis (default: the first key)\n"
	"  --kernel REL          the kernel release in the corner when the input has none";

struct plot_args {
	const char *kind;
	const char *out;
	const char *title;
	const char *xkey;
	const char *kernel;
	char **in;
	int nin;
	char *dir, *base;	/* OUT's directory and name without suffix */
	int png;
};

union plot_model {
	struct plot_sweep sweep;
	struct plot_buddy buddy;
	struct plot_hist hist;
};

static int parse_args(int argc, char **argv, struct plot_args *a)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' }, { "title", required_argument, NULL, 't' },
		{ "x", required_argument, NULL, 'x' }, { "kernel", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	int c;

	memset(a, 0, sizeof(*a));
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': a->out = optarg; break;
		case 't': a->title = optarg; break;
		case 'x': a->xkey = optarg; break;
		case 'k': a->kernel = optarg; break;
		case 'h': al_usage(stdout, usage_text); return 0;
		default: al_usage(stderr, usage_text); return EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		out_error("plot: give a KIND (sweep, buddy, hist) and its input file(s)");
		al_usage(stderr, usage_text);
		return EXIT_USAGE;
	}
	a->kind = argv[optind];
	a->in = argv + optind + 1;
	a->nin = argc - optind - 1;
	if (strcmp(a->kind, "sweep") && strcmp(a->kind, "buddy") && strcmp(a->kind, "hist")) {
		out_error("plot: unknown kind \"%s\" (sweep, buddy or hist)", a->kind);
		return EXIT_USAGE;
	}
	if (a->nin > (strcmp(a->kind, "buddy") ? 1 : PLOT_MAX_SNAPS)) {
		out_error("plot %s: too many inputs (%d; %s)", a->kind, a->nin,
			  strcmp(a->kind, "buddy") ? "one file" : "at most 3 snapshots");
		return EXIT_USAGE;
	}
	return -1;
}

/* OUT into directory, base name and type; 0, or EXIT_USAGE. */
static int split_out(struct plot_args *a)
{
	static char def[32];
	const char *out = a->out, *slash, *dot;

	if (!out) {
		snprintf(def, sizeof(def), "alloclab-%s.svg", a->kind);
		out = a->out = def;
	}
	slash = strrchr(out, '/');
	dot = strrchr(out, '.');
	if (!dot || (slash && dot < slash) || (strcmp(dot, ".svg") && strcmp(dot, ".png")) ||
	    dot == (slash ? slash + 1 : out)) {
		out_error("plot: -o %s: the name must end in .svg or .png", out);
		return EXIT_USAGE;
	}
	a->png = !strcmp(dot, ".png");
	a->dir = slash ? strndup(out, slash - out + (slash == out)) : strdup(".");
	a->base = strndup(slash ? slash + 1 : out, dot - (slash ? slash + 1 : out));
	if (!a->dir || !a->base) {
		out_error("out of memory");
		return 1;
	}
	return 0;
}

static int load_model(const struct plot_args *a, union plot_model *m, struct plot_meta **meta)
{
	char *text[PLOT_MAX_SNAPS] = { NULL };
	char err[512];
	int i, ret = 1;

	for (i = 0; i < a->nin; i++) {
		text[i] = proc_read_file(a->in[i]);
		if (!text[i]) {
			out_perror("plot: cannot read %s", a->in[i]);
			goto out;
		}
	}
	if (!strcmp(a->kind, "sweep")) {
		ret = plot_sweep_parse(text[0], a->xkey, &m->sweep, err, sizeof(err));
		*meta = &m->sweep.meta;
	} else if (!strcmp(a->kind, "buddy")) {
		ret = plot_buddy_parse((const char *const *)text, (const char *const *)a->in,
				       a->nin, &m->buddy, err, sizeof(err));
		*meta = &m->buddy.meta;
	} else {
		ret = plot_hist_parse(text[0], &m->hist, err, sizeof(err));
		*meta = &m->hist.meta;
	}
	if (ret) {
		out_error("plot %s: %s%s%s", a->kind, strcmp(a->kind, "buddy") ? a->in[0] : "",
			  strcmp(a->kind, "buddy") ? ": " : "", err);
		ret = 1;
	}
out:
	for (i = 0; i < a->nin; i++)
		free(text[i]);
	return ret;
}

/* The corner text: the input's kernel, --kernel, or this machine's (said so). */
static void kernel_note(const struct plot_args *a, const struct plot_meta *m, char *buf,
			size_t len)
{
	struct utsname u;

	if (a->kernel)
		snprintf(buf, len, "kernel %s", a->kernel);
	else if (m->kernel[0])
		snprintf(buf, len, "kernel %s", m->kernel);
	else if (!uname(&u)) {
		snprintf(buf, len, "kernel %s (where plotted; the input does not say)", u.release);
		fprintf(stderr, "%s: plot: %s does not record its kernel: the corner shows this "
			"machine's (%s); give --kernel REL for the one it ran on\n", out_prog,
			a->in[0], u.release);
	} else {
		snprintf(buf, len, "kernel unknown");
	}
}

/* Write @name in @dir through @fn. 0 or 1 (said why). */
static int write_file(const char *dir, const char *name, const struct plot_args *a,
		      const union plot_model *m, const struct plot_out *o, int script)
{
	char path[4096];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		out_perror("plot: cannot create %s", path);
		return 1;
	}
	if (!strcmp(a->kind, "sweep"))
		script ? plot_sweep_script(&m->sweep, o, f) : plot_sweep_data(&m->sweep, f);
	else if (!strcmp(a->kind, "buddy"))
		script ? plot_buddy_script(&m->buddy, o, f) : plot_buddy_data(&m->buddy, f);
	else
		script ? plot_hist_script(&m->hist, o, f) : plot_hist_data(&m->hist, f);
	if (fflush(f) || ferror(f)) {
		out_perror("plot: writing %s", path);
		ret = 1;
	}
	if (fclose(f) && !ret) {
		out_perror("plot: closing %s", path);
		ret = 1;
	}
	return ret;
}

/* Is an executable @prog in PATH? */
static int in_path(const char *prog)
{
	const char *p = getenv("PATH");
	char path[4096];
	size_t n;

	for (; p && *p; p += n + (p[n] == ':')) {
		n = strcspn(p, ":");
		snprintf(path, sizeof(path), "%.*s/%s", (int)n, n ? p : ".", prog);
		if (!access(path, X_OK))
			return 1;
	}
	return 0;
}

/* gnuplot SCRIPT in @dir; 0 if it ran cleanly and left a non-empty image. */
static int run_gnuplot(const struct plot_args *a, const char *script, const char *image)
{
	char path[4096];
	struct stat st;
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0) {
		out_perror("plot: fork");
		return 1;
	}
	if (!pid) {
		if (chdir(a->dir))
			_exit(126);
		execlp("gnuplot", "gnuplot", script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			out_perror("plot: waiting for gnuplot");
			return 1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		out_error("plot: gnuplot failed (%s %d) on %s/%s: its message is above",
			  WIFEXITED(status) ? "exit" : "signal",
			  WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), a->dir, script);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/%s", a->dir, image);
	if (stat(path, &st) || !st.st_size) {
		out_error("plot: gnuplot ran but %s is missing or empty", path);
		return 1;
	}
	return 0;
}

static int render(const struct plot_args *a, const union plot_model *m,
		  const struct plot_meta *meta)
{
	char image[1024], data[1024], script[1024], note[256];
	struct plot_out o = { .image = image, .data = data, .png = a->png, .title = a->title,
			      .kernel_note = note };

	snprintf(image, sizeof(image), "%s.%s", a->base, a->png ? "png" : "svg");
	snprintf(data, sizeof(data), "%s.dat", a->base);
	snprintf(script, sizeof(script), "%s.gp", a->base);
	kernel_note(a, meta, note, sizeof(note));
	if (write_file(a->dir, data, a, m, &o, 0) || write_file(a->dir, script, a, m, &o, 1))
		return 1;
	if (!in_path("gnuplot")) {
		out_error("plot: gnuplot is not installed: wrote %s/%s and %s/%s; install it "
			  "(Debian: apt-get install gnuplot-nox), then run `gnuplot %s` in %s",
			  a->dir, data, a->dir, script, script, a->dir);
		return 1;
	}
	if (run_gnuplot(a, script, image))
		return 1;
	printf("wrote %s (gnuplot script %s/%s, data %s/%s)\n", a->out, a->dir, script, a->dir,
	       data);
	return 0;
}

int cmd_plot(int argc, char **argv)
{
	union plot_model m;
	struct plot_meta *meta = NULL;
	struct plot_args a;
	int ret;

	ret = parse_args(argc, argv, &a);
	if (ret >= 0)
		return ret;
	ret = split_out(&a);
	if (!ret)
		ret = load_model(&a, &m, &meta);
	if (!ret) {
		ret = render(&a, &m, meta);
		if (!strcmp(a.kind, "sweep"))
			plot_sweep_free(&m.sweep);
		else if (!strcmp(a.kind, "buddy"))
			plot_buddy_free(&m.buddy);
		else
			plot_hist_free(&m.hist);
	}
	free(a.dir);
	free(a.base);
	return ret;
}
