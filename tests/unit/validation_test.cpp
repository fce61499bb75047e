// SPDX-License-Identifier: GPL-2.0
//
// hpsm_install() refuses a bad description with the right errno and exactly
// one error line naming the problem, and leaves nothing half-installed.  A
// one-sided callback must be declared asymmetric with a reason.
#include "fake_kernel.h"

#include <cerrno>
#include <cstring>
#include <functional>

namespace testing_hpsm {
namespace {

int dummy_startup(unsigned, void *)
{
	return 0;
}
void dummy_teardown(unsigned, void *) {}

hpsm_callback valid_cb()
{
	hpsm_callback cb{};
	cb.name = "test:valid";
	cb.section = HPSM_SEC_INIT_HW;
	cb.startup = dummy_startup;
	cb.teardown = dummy_teardown;
	return cb;
}

// What a C client can store in the enum field; in C++ a static_cast of an
// out-of-range value would itself be undefined.
void store_section(hpsm_callback &cb, int raw)
{
	static_assert(sizeof(raw) == sizeof(cb.section));
	std::memcpy(&cb.section, &raw, sizeof(raw));
}

// Names and reasons hold HPSM_NAME_MAX / HPSM_REASON_MAX bytes with the NUL.
const std::string kLongestName(HPSM_NAME_MAX - 1, 'n');
const std::string kNameTooLong(HPSM_NAME_MAX, 'n');
const std::string kReasonTooLong(HPSM_REASON_MAX, 'r');

struct BadCase {
	const char *label;
	std::function<void(hpsm_callback &)> spoil;
	int err;
	const char *says; // a word the error line must contain
};

const BadCase kBadCases[] = {
    {"NullName", [](hpsm_callback &cb) { cb.name = nullptr; }, -EINVAL, "name"},
    {"EmptyName", [](hpsm_callback &cb) { cb.name = ""; }, -EINVAL, "name"},
    {"NameTooLong", [](hpsm_callback &cb) { cb.name = kNameTooLong.c_str(); }, -ENAMETOOLONG, "longer"},
    {"SectionOffline", [](hpsm_callback &cb) { cb.section = HPSM_SEC_OFFLINE; }, -EINVAL, "section"},
    {"SectionSyncUp", [](hpsm_callback &cb) { cb.section = HPSM_SEC_SYNC_UP; }, -EINVAL, "section"},
    {"SectionSyncDown", [](hpsm_callback &cb) { cb.section = HPSM_SEC_SYNC_DOWN; }, -EINVAL, "section"},
    {"SectionSched", [](hpsm_callback &cb) { cb.section = HPSM_SEC_SCHED; }, -EINVAL, "section"},
    {"SectionOnline", [](hpsm_callback &cb) { cb.section = HPSM_SEC_ONLINE; }, -EINVAL, "section"},
    {"SectionCount", [](hpsm_callback &cb) { cb.section = HPSM_SEC_COUNT; }, -EINVAL, "section"},
    {"SectionNegative", [](hpsm_callback &cb) { store_section(cb, -1); }, -EINVAL, "section"},
    {"SectionHuge", [](hpsm_callback &cb) { store_section(cb, 1000); }, -EINVAL, "section"},
    {"NoStartupNoTeardown",
     [](hpsm_callback &cb) {
	     cb.startup = nullptr;
	     cb.teardown = nullptr;
     },
     -EINVAL, "neither"},
    {"UnknownFlag", [](hpsm_callback &cb) { cb.flags = 0x2; }, -EINVAL, "flags"},
    {"UnknownHighFlag", [](hpsm_callback &cb) { cb.flags = HPSM_CB_ASYMMETRIC | 0x80000000u; }, -EINVAL, "flags"},
    // Declared asymmetry.
    {"StartupOnlyUndeclared", [](hpsm_callback &cb) { cb.teardown = nullptr; }, -EINVAL, "ASYMMETRIC"},
    {"TeardownOnlyUndeclared", [](hpsm_callback &cb) { cb.startup = nullptr; }, -EINVAL, "ASYMMETRIC"},
    {"DeclaredWithoutReason",
     [](hpsm_callback &cb) {
	     cb.teardown = nullptr;
	     cb.flags = HPSM_CB_ASYMMETRIC;
     },
     -EINVAL, "reason"},
    {"DeclaredWithEmptyReason",
     [](hpsm_callback &cb) {
	     cb.teardown = nullptr;
	     cb.flags = HPSM_CB_ASYMMETRIC;
	     cb.reason = "";
     },
     -EINVAL, "reason"},
    {"DeclaredButTwoSided",
     [](hpsm_callback &cb) {
	     cb.flags = HPSM_CB_ASYMMETRIC;
	     cb.reason = "not really";
     },
     -EINVAL, "both"},
    {"ReasonTooLong",
     [](hpsm_callback &cb) {
	     cb.startup = nullptr;
	     cb.flags = HPSM_CB_ASYMMETRIC;
	     cb.reason = kReasonTooLong.c_str();
     },
     -ENAMETOOLONG, "reason"},
};

void PrintTo(const BadCase &c, std::ostream *os)
{
	*os << c.label;
}

class BadCallback : public CoreTest, public ::testing::WithParamInterface<BadCase> {};

// One error line that says what is wrong, no callback run, the lock balanced,
// and a valid install right after gets slot 0: the refused one took nothing.
void expect_refused_cleanly(const char *says)
{
	EXPECT_EQ(fake::log().size(), 1u) << fake::log_text();
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 1u) << fake::log_text();
	if (!fake::log().empty()) {
		EXPECT_NE(fake::log()[0].text.find(says), std::string::npos) << fake::log_text();
	}
	EXPECT_TRUE(journal().empty());
	EXPECT_FALSE(fake::excluded());
	EXPECT_EQ(fake::lock_acquisitions(), fake::lock_releases());
	const hpsm_callback ok = valid_cb();
	EXPECT_EQ(hpsm_core_install(&ok, 1), 0) << fake::log_text();
}

TEST_P(BadCallback, IsRefusedWithOneErrorLine)
{
	hpsm_callback cb = valid_cb();
	GetParam().spoil(cb);
	EXPECT_EQ(hpsm_core_install(&cb, 1), GetParam().err);
	EXPECT_TRUE(nothing_installed());
	expect_refused_cleanly(GetParam().says);
}

TEST_P(BadCallback, IsRefusedWithoutCallsToo)
{
	hpsm_callback cb = valid_cb();
	GetParam().spoil(cb);
	EXPECT_EQ(hpsm_core_install(&cb, 0), GetParam().err);
	EXPECT_TRUE(nothing_installed());
	expect_refused_cleanly(GetParam().says);
}

INSTANTIATE_TEST_SUITE_P(Install, BadCallback, ::testing::ValuesIn(kBadCases),
                         [](const auto &info) { return std::string(info.param.label); });

using Validation = CoreTest;

TEST_F(Validation, NullCallbackIsEINVAL)
{
	EXPECT_EQ(hpsm_core_install(nullptr, 1), -EINVAL);
	expect_refused_cleanly("name");
}

TEST_F(Validation, NameOfThirtyOneCharactersFits)
{
	hpsm_callback cb = valid_cb();
	cb.name = kLongestName.c_str();
	const int id = hpsm_core_install(&cb, 1);
	ASSERT_GE(id, 0) << fake::log_text();
	EXPECT_EQ(std::string(machine.callback(id)->name), kLongestName);
}

TEST_F(Validation, DuplicateNameIsEEXIST)
{
	Probe &first = add("dup", HPSM_SEC_PREP_HW);
	Probe &second = probe("dup", HPSM_SEC_ENABLE); // another section: still one namespace
	clear();

	EXPECT_EQ(install(second), -EEXIST);
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 1u) << fake::log_text();
	EXPECT_EQ(fake::log().size(), 1u) << fake::log_text();
	EXPECT_TRUE(journal().empty()) << "a refused duplicate runs nothing";
	EXPECT_TRUE(section_ids(HPSM_SEC_ENABLE).empty());
	EXPECT_EQ(section_ids(HPSM_SEC_PREP_HW), std::vector<int>{first.id});
	EXPECT_EQ(fake::lock_acquisitions(), fake::lock_releases());
}

TEST_F(Validation, FullTableIsENOSPC)
{
	std::vector<Probe *> all;
	for (int i = 0; i < HPSM_MAX_CALLBACKS; i++)
		all.push_back(&add("cb" + std::to_string(i), kCallbackSections[i % 6], i));
	Probe &extra = probe("extra", HPSM_SEC_ENABLE);
	clear();

	EXPECT_EQ(install(extra), -ENOSPC);
	EXPECT_EQ(fake::log().size(), 1u) << fake::log_text();
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 1u) << fake::log_text();
	EXPECT_TRUE(journal().empty());
	size_t listed = 0;
	for (u32 s : kCallbackSections)
		listed += section_ids(s).size();
	EXPECT_EQ(listed, static_cast<size_t>(HPSM_MAX_CALLBACKS));

	// One slot freed is one slot usable again.
	ASSERT_EQ(hpsm_core_remove(all[17]->id, 1), 0);
	EXPECT_EQ(install(extra), all[17]->id);
}

// ---- declared asymmetry -------------------------------------------------------

using Asymmetry = CoreTest;

TEST_F(Asymmetry, DeclaredStartupOnlyIsAcceptedAndKeepsItsReason)
{
	Probe &p = probe("once", HPSM_SEC_PREP_DATA);
	p.has_teardown = false;
	p.reason = "allocates a buffer that lives as long as the module";
	ASSERT_GE(install(p), 0) << fake::log_text();

	const hpsm::Callback *cb = machine.callback(p.id);
	ASSERT_NE(cb, nullptr);
	EXPECT_EQ(std::string(cb->reason), p.reason);
	EXPECT_EQ(cb->flags, HPSM_CB_ASYMMETRIC);
	EXPECT_EQ(fake::log_count(HPSM_LOG_ERR), 0u) << fake::log_text();
}

// A symmetric callback has no reason to keep, whatever the caller passed.
TEST_F(Asymmetry, TwoSidedCallbackKeepsNoReason)
{
	hpsm_callback cb = valid_cb();
	cb.reason = "ignored";
	const int id = hpsm_core_install(&cb, 1);
	ASSERT_GE(id, 0);
	EXPECT_EQ(std::string(machine.callback(id)->reason), "");
}

// The longest reason that fits is kept whole.
TEST_F(Asymmetry, ReasonOfMaximumLengthIsKeptWhole)
{
	const std::string longest(HPSM_REASON_MAX - 1, 'r');
	Probe &p = probe("long", HPSM_SEC_ENABLE);
	p.has_startup = false;
	p.reason = longest.c_str();
	ASSERT_GE(install(p), 0) << fake::log_text();
	EXPECT_EQ(std::string(machine.callback(p.id)->reason), longest);
}

// Startup-only: runs on the way up, nothing on the way down; teardown-only:
// counts as up without a call, runs on the way down.
TEST_F(Asymmetry, OneSidedCallbacksRunTheirOneSide)
{
	Probe &up_only = probe("up_only", HPSM_SEC_INIT_HW);
	up_only.has_teardown = false;
	up_only.reason = "r";
	Probe &down_only = probe("down_only", HPSM_SEC_PREP_HW);
	down_only.has_startup = false;
	down_only.reason = "r";
	ASSERT_GE(install(up_only), 0);
	ASSERT_GE(install(down_only), 0);
	EXPECT_EQ(journal_strs(), (std::vector<std::string>{"+up_only@0", "+up_only@1", "+up_only@2"}));
	clear();

	ASSERT_EQ(kernel.cpu_up(3), 0);
	EXPECT_EQ(journal_strs(), std::vector<std::string>{"+up_only@3"});
	EXPECT_EQ(machine.up_mask(3), bits({&up_only, &down_only}));
	clear();
	kernel.cpu_down(3);
	EXPECT_EQ(journal_strs(), std::vector<std::string>{"-down_only@3"});
	EXPECT_EQ(machine.up_mask(3), 0u);
}

// ---- the hotplug exclusion lock -------------------------------------------------

// Every path through install and remove leaves the lock as it found it, and
// the paths that touch the table take it exactly once.
TEST_F(Validation, ExclusionLockIsTakenOnceAndBalancedOnEveryPath)
{
	auto lock_delta = [](const std::function<int()> &op, int want_ret) {
		const unsigned before = fake::lock_acquisitions();
		EXPECT_EQ(op(), want_ret) << fake::log_text();
		EXPECT_FALSE(fake::excluded());
		EXPECT_EQ(fake::lock_acquisitions(), fake::lock_releases());
		return fake::lock_acquisitions() - before;
	};
	Probe &a = probe("a", HPSM_SEC_ENABLE);
	Probe &flaky = probe("flaky", HPSM_SEC_PREP_HW);
	flaky.fail_cpu = 1;
	flaky.fail_ret = -EAGAIN;
	Probe &dup = probe("a", HPSM_SEC_PREP_HW);
	hpsm_callback bad = valid_cb();
	bad.section = HPSM_SEC_SYNC_UP;

	EXPECT_EQ(lock_delta([&] { return install(a, true); }, 0), 1u);
	EXPECT_EQ(lock_delta([&] { return install(dup, false); }, -EEXIST), 1u);
	EXPECT_EQ(lock_delta([&] { return install(flaky, true); }, -EAGAIN), 1u);
	EXPECT_LE(lock_delta([&] { return hpsm_core_install(&bad, 1); }, -EINVAL), 1u);
	EXPECT_EQ(lock_delta([&] { return hpsm_core_remove(a.id, 1); }, 0), 1u);
	EXPECT_EQ(lock_delta([&] { return hpsm_core_remove(a.id, 0); }, -ENOENT), 1u);
	EXPECT_EQ(lock_delta([&] { return install(a, false); }, 0), 1u);
	EXPECT_EQ(lock_delta([&] { return hpsm_core_remove(a.id, 0); }, 0), 1u);
}

TEST_F(Validation, FullTableReleasesTheLock)
{
	for (int i = 0; i < HPSM_MAX_CALLBACKS; i++)
		add_nocalls("cb" + std::to_string(i), HPSM_SEC_PREP_HW);
	const unsigned before = fake::lock_acquisitions();
	Probe &extra = probe("extra", HPSM_SEC_PREP_HW);
	EXPECT_EQ(install(extra), -ENOSPC);
	EXPECT_EQ(fake::lock_acquisitions(), before + 1);
	EXPECT_EQ(fake::lock_releases(), before + 1);
}

} // namespace
} // namespace testing_hpsm
