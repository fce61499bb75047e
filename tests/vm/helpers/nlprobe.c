// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: sends deliberately malformed requests to the "hpsm" generic
 * netlink family over a raw socket (no libnl: the point is to send what a
 * well-behaved library would refuse to build) and checks that each one is
 * rejected with an error and an extack message.  Prints one TAP-style line
 * per case ("ok"/"not ok") and exits 1 if any case was not rejected properly.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../../include/uapi/hpsm.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

static int fd;
static uint32_t seq = 1;
static int failures;

struct req {
	struct nlmsghdr nh;
	struct genlmsghdr gh;
	char attrs[256];
};

static int put_attr(char *buf, int off, uint16_t type, const void *data, uint16_t len)
{
	struct nlattr *a = (struct nlattr *)(buf + off);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(buf + off + NLA_HDRLEN, data, len);
	return off + NLA_ALIGN(a->nla_len);
}

/* Sends and returns the error code (0 on ACK); copies the extack message. */
static int transact(uint16_t family, uint8_t cmd, uint16_t flags, const char *attrs, int alen, char *msg,
		    size_t msglen)
{
	struct req r;
	char buf[8192];
	ssize_t n;

	memset(&r, 0, sizeof(r));
	r.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	r.nh.nlmsg_type = family;
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	r.nh.nlmsg_seq = seq++;
	r.gh.cmd = cmd;
	r.gh.version = 1;
	memcpy(r.attrs, attrs, alen);
	if (send(fd, &r, r.nh.nlmsg_len, 0) < 0)
		return -errno;
	msg[0] = 0;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != r.nh.nlmsg_seq)
				continue;
			int error;
			char *p, *end = (char *)h + h->nlmsg_len;
			if (h->nlmsg_type == NLMSG_DONE) {
				/* A dump's error comes in DONE: int error, then the extack TLVs. */
				error = *(int *)NLMSG_DATA(h);
				p = (char *)NLMSG_DATA(h) + sizeof(int);
			} else if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				int off = sizeof(*e);
				if (!(h->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
				error = e->error;
				p = (char *)e + off;
			} else {
				continue;
			}
			while (p + NLA_HDRLEN <= end) {
				struct nlattr *a = (struct nlattr *)p;
				if (a->nla_len < NLA_HDRLEN)
					break;
				if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
					snprintf(msg, msglen, "%s", (char *)a + NLA_HDRLEN);
				p += NLA_ALIGN(a->nla_len);
			}
			return error;
		}
	}
}

static uint16_t resolve(void)
{
	char attrs[64], msg[256], buf[8192];
	struct req r;
	int alen = put_attr(attrs, 0, CTRL_ATTR_FAMILY_NAME, HPSM_GENL_NAME, sizeof(HPSM_GENL_NAME));
	ssize_t n;

	memset(&r, 0, sizeof(r));
	r.nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN + alen);
	r.nh.nlmsg_type = GENL_ID_CTRL;
	r.nh.nlmsg_flags = NLM_F_REQUEST;
	r.nh.nlmsg_seq = seq++;
	r.gh.cmd = CTRL_CMD_GETFAMILY;
	r.gh.version = 1;
	memcpy(r.attrs, attrs, alen);
	(void)msg;
	if (send(fd, &r, r.nh.nlmsg_len, 0) < 0)
		return 0;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return 0;
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	if (h->nlmsg_type == NLMSG_ERROR)
		return 0;
	char *p = (char *)NLMSG_DATA(h) + GENL_HDRLEN, *end = (char *)h + h->nlmsg_len;
	while (p + NLA_HDRLEN <= end) {
		struct nlattr *a = (struct nlattr *)p;
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
		p += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

/* expect_err: the errno expected (negative), 0 for "any error". */
static void expect_rejected(uint16_t fam, const char *what, uint8_t cmd, uint16_t flags, const char *attrs,
			    int alen, int expect_err)
{
	char msg[256];
	int err = transact(fam, cmd, flags, attrs, alen, msg, sizeof(msg));
	int good = err < 0 && (expect_err == 0 || err == expect_err) && msg[0];

	if (!good)
		failures++;
	printf("%s - malformed request rejected: %s (error %d, extack \"%s\")\n", good ? "ok" : "not ok", what, err,
	       msg);
}

int main(void)
{
	int one = 1;
	char a[256];
	uint64_t u64v = 0;
	uint32_t u32v;
	uint8_t u8v;
	uint16_t fam;
	int n;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0) {
		perror("nlprobe: socket");
		return 2;
	}
	fam = resolve();
	if (!fam) {
		fprintf(stderr, "nlprobe: hpsm family not found\n");
		return 2;
	}

	/* Wrong length: HPSM_A_EV_SINCE is u64, send 2 bytes. */
	n = put_attr(a, 0, HPSM_A_EV_SINCE, &u64v, 2);
	expect_rejected(fam, "GET_EVENTS with a 2-byte since", HPSM_CMD_GET_EVENTS, NLM_F_DUMP, a, n, -EINVAL);
	/* Out of range: a CPU that does not exist. */
	u32v = 4000;
	n = put_attr(a, 0, HPSM_A_EV_CPU, &u32v, 4);
	expect_rejected(fam, "GET_EVENTS for cpu 4000", HPSM_CMD_GET_EVENTS, NLM_F_DUMP, a, n, -EINVAL);
	/* Reply-only attribute in a request. */
	u32v = 1;
	n = put_attr(a, 0, HPSM_A_CPU_ID, &u32v, 4);
	expect_rejected(fam, "reply-only attribute in a request", HPSM_CMD_GET_CPUS, NLM_F_DUMP, a, n, -EINVAL);
	/* SET_CONFIG with observe=7 (range 0..1). */
	u8v = 7;
	n = put_attr(a, 0, HPSM_A_CFG_OBSERVE, &u8v, 1);
	expect_rejected(fam, "SET_CONFIG observe=7", HPSM_CMD_SET_CONFIG, 0, a, n, -ERANGE);
	/* SET_CONFIG with nothing to set. */
	expect_rejected(fam, "SET_CONFIG with no attribute", HPSM_CMD_SET_CONFIG, 0, a, 0, -EINVAL);
	/* INJECT: errno 0 (range 1..4095). */
	n = put_attr(a, 0, HPSM_A_INJ_SECTION, &(uint32_t){HPSM_SEC_PREP_HW}, 4);
	n = put_attr(a, n, HPSM_A_INJ_ERRNO, &(uint32_t){0}, 4);
	expect_rejected(fam, "INJECT errno 0", HPSM_CMD_INJECT, 0, a, n, -ERANGE);
	/* INJECT: a section that holds no callbacks. */
	n = put_attr(a, 0, HPSM_A_INJ_SECTION, &(uint32_t){HPSM_SEC_SYNC_UP}, 4);
	n = put_attr(a, n, HPSM_A_INJ_ERRNO, &(uint32_t){5}, 4);
	expect_rejected(fam, "INJECT on the SYNC checkpoint", HPSM_CMD_INJECT, 0, a, n, -EINVAL);
	/* INJECT: section out of range. */
	n = put_attr(a, 0, HPSM_A_INJ_SECTION, &(uint32_t){999}, 4);
	n = put_attr(a, n, HPSM_A_INJ_ERRNO, &(uint32_t){5}, 4);
	expect_rejected(fam, "INJECT section 999", HPSM_CMD_INJECT, 0, a, n, -ERANGE);
	/* INJECT: callback name not NUL-terminated. */
	n = put_attr(a, 0, HPSM_A_INJ_CALLBACK, "abc", 3);
	n = put_attr(a, n, HPSM_A_INJ_ERRNO, &(uint32_t){5}, 4);
	expect_rejected(fam, "INJECT with an unterminated name", HPSM_CMD_INJECT, 0, a, n, -EINVAL);
	/* INJECT: unknown callback. */
	n = put_attr(a, 0, HPSM_A_INJ_CALLBACK, "no:such", 8);
	n = put_attr(a, n, HPSM_A_INJ_ERRNO, &(uint32_t){5}, 4);
	expect_rejected(fam, "INJECT an unknown callback", HPSM_CMD_INJECT, 0, a, n, -ENOENT);
	/* INJECT: both a callback and a section. */
	n = put_attr(a, 0, HPSM_A_INJ_CALLBACK, "x", 2);
	n = put_attr(a, n, HPSM_A_INJ_SECTION, &(uint32_t){HPSM_SEC_PREP_HW}, 4);
	n = put_attr(a, n, HPSM_A_INJ_ERRNO, &(uint32_t){5}, 4);
	expect_rejected(fam, "INJECT with both a callback and a section", HPSM_CMD_INJECT, 0, a, n, -EINVAL);
	/* An attribute type beyond the family's maxattr. */
	n = put_attr(a, 0, 200, &u32v, 4);
	expect_rejected(fam, "unknown attribute type 200", HPSM_CMD_GET_CONFIG, 0, a, n, 0);
	/* A truncated attribute header (length shorter than the header). */
	memset(a, 0, 8);
	((struct nlattr *)a)->nla_len = 2;
	((struct nlattr *)a)->nla_type = HPSM_A_EV_SINCE;
	expect_rejected(fam, "truncated attribute", HPSM_CMD_GET_CONFIG, 0, a, 4, 0);

	/* Unknown commands: no extack is promised by genetlink, only the error. */
	{
		char msg[256];
		int err = transact(fam, 99, 0, a, 0, msg, sizeof(msg));
		printf("%s - unknown command 99 rejected (error %d)\n", err == -EOPNOTSUPP ? "ok" : "not ok", err);
		failures += err != -EOPNOTSUPP;
		err = transact(fam, HPSM_CMD_EVENTS, 0, a, 0, msg, sizeof(msg));
		printf("%s - notification-only command rejected (error %d)\n", err == -EOPNOTSUPP ? "ok" : "not ok",
		       err);
		failures += err != -EOPNOTSUPP;
	}

	/* The family still answers a good request. */
	{
		char msg[256];
		int err = transact(fam, HPSM_CMD_GET_CONFIG, 0, a, 0, msg, sizeof(msg));
		printf("%s - GET_CONFIG still answered after the malformed ones (%d)\n", err == 0 ? "ok" : "not ok",
		       err);
		failures += err != 0;
	}
	return failures ? 1 : 0;
}
