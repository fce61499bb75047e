// SPDX-License-Identifier: GPL-2.0
/*
 * boxhelper: the few things the test box's busybox cannot do.
 *
 *   boxhelper write FILE VALUE   write VALUE to FILE with one write(2); on
 *                                failure print "errno N" and exit 1
 *   boxhelper runas UID CMD...   drop to UID/GID (and no groups), exec CMD
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "write"))
		return do_write(argv[2], argv[3]);
	if (argc >= 4 && !strcmp(argv[1], "runas"))
		return do_runas(argv[2], argv + 3);
	fprintf(stderr, "usage: boxhelper write FILE VALUE | boxhelper runas UID CMD...\n");
	return 2;
}
