// SPDX-License-Identifier: GPL-2.0
/*
 * boxhelper: the few things the test box's busybox cannot do.
 *
 *   boxhelper write FILE VALUE   write VALUE to FILE with one write(2); on
 *                                failure print "errno N" and exit 1
 *   boxhelper runas UID CMD...   drop to UID/GID (and no groups), exec CMD
 *   boxhelper now                CLOCK_MONOTONIC in ns
 *   boxhelper cycle N CPU...     N offline+online cycles of each CPU in turn,
 *                                prints the elapsed ns; exit 1 on any failure
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int do_write(const char *file, const char *value)
{
	int fd = open(file, O_WRONLY);
	ssize_t n;

	if (fd < 0) {
		printf("errno %d\n", errno);
		return 1;
	}
	n = write(fd, value, strlen(value));
	if (n < 0) {
		printf("errno %d\n", errno);
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

static int do_runas(const char *uid_s, char **argv)
{
	uid_t uid = (uid_t)strtoul(uid_s, NULL, 10);

	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		perror("boxhelper runas");
		return 126;
	}
	execvp(argv[0], argv);
	perror("boxhelper runas: exec");
	return 127;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int write_online(const char *cpu, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%s/online", cpu);
	return do_write(path, value);
}

static int do_cycle(int n, char **cpus, int ncpus)
{
	unsigned long long t0 = now_ns();
	int i, c;

	for (i = 0; i < n; i++)
		for (c = 0; c < ncpus; c++)
			if (write_online(cpus[c], "0") || write_online(cpus[c], "1"))
				return 1;
	printf("%llu\n", now_ns() - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%llu\n", now_ns());
		return 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "cycle"))
		return do_cycle(atoi(argv[2]), argv + 3, argc - 3);
	if (argc == 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "runas"))
		return do_runas(argv[2], argv + 3);
	fprintf(stderr, "usage: boxhelper write FILE VALUE | runas UID CMD... | now | cycle N CPU...\n");
	return 2;
}
