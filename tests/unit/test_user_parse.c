// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the `alloclab user` parsers (userspace/user/user_parse.c) on
 * text captured from a Debian 6.1 guest (busybox `cat` reading its own
 * /proc/self/...; a cgroup made with memory.max 32M) and from the 6.18
 * development host, plus hand-made edge cases.
 */
#include "testutil.h"
#include "user/user_parse.h"

/* ---- captured text (Debian 6.1.0-56-amd64 guest unless named host_) ---- */

static const char deb61_smaps[] =
	"00400000-00401000 r--p 00000000 00:02 10                                 /bin/busybox\n"
	"Size:                  4 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   0 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          4 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd mr mw me sd \n"
	"00401000-00585000 r-xp 00001000 00:02 10                                 /bin/busybox\n"
	"Size:               1552 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                1040 kB\n"
	"Pss:                 200 kB\n"
	"Pss_Dirty:           200 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:       1040 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:         1040 kB\n"
	"Anonymous:             0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd ex mr mw me sd \n"
	"00585000-005db000 r--p 00185000 00:02 10                                 /bin/busybox\n"
	"Size:                344 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                 344 kB\n"
	"Pss:                  61 kB\n"
	"Pss_Dirty:            61 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:        344 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:          344 kB\n"
	"Anonymous:             0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd mr mw me sd \n"
	"005db000-005e2000 r--p 001da000 00:02 10                                 /bin/busybox\n"
	"Size:                 28 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  28 kB\n"
	"Pss:                  11 kB\n"
	"Pss_Dirty:            11 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:         20 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         8 kB\n"
	"Referenced:           28 kB\n"
	"Anonymous:             8 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd mr mw me ac sd \n"
	"005e2000-005e5000 rw-p 001e1000 00:02 10                                 /bin/busybox\n"
	"Size:                 12 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  12 kB\n"
	"Pss:                  12 kB\n"
	"Pss_Dirty:            12 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:        12 kB\n"
	"Referenced:           12 kB\n"
	"Anonymous:            12 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd wr mr mw me ac sd \n"
	"005e5000-005ec000 rw-p 00000000 00:00 0 \n"
	"Size:                 28 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  12 kB\n"
	"Pss:                  12 kB\n"
	"Pss_Dirty:            12 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:        12 kB\n"
	"Referenced:           12 kB\n"
	"Anonymous:            12 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd wr mr mw me ac sd \n"
	"2d4d4000-2d4f6000 rw-p 00000000 00:00 0                                  [heap]\n"
	"Size:                136 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   8 kB\n"
	"Pss:                   8 kB\n"
	"Pss_Dirty:             8 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         8 kB\n"
	"Referenced:            8 kB\n"
	"Anonymous:             8 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd wr mr mw me ac sd \n"
	"7f4a7caaf000-7f4a7cabf000 rw-p 00000000 00:00 0 \n"
	"Size:                 64 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   4 kB\n"
	"Pss_Dirty:             4 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         4 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             4 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd wr mr mw me ac sd \n"
	"7fff1b76b000-7fff1b78c000 rw-p 00000000 00:00 0                          [stack]\n"
	"Size:                132 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  12 kB\n"
	"Pss:                  12 kB\n"
	"Pss_Dirty:            12 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:        12 kB\n"
	"Referenced:           12 kB\n"
	"Anonymous:            12 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd wr mr mw me gd ac \n"
	"7fff1b7c9000-7fff1b7cd000 r--p 00000000 00:00 0                          [vvar]\n"
	"Size:                 16 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   0 kB\n"
	"Pss:                   0 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            0 kB\n"
	"Anonymous:             0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd mr pf io de dd sd \n"
	"7fff1b7cd000-7fff1b7cf000 r-xp 00000000 00:00 0                          [vdso]\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   4 kB\n"
	"Pss:                   0 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          4 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            4 kB\n"
	"Anonymous:             0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:    0\n"
	"ProtectionKey:         0\n"
	"VmFlags: rd ex mr mw me de sd \n";

static const char deb61_rollup[] =
	"00400000-7ffea0d2c000 ---p 00000000 00:00 0                              [rollup]\n"
	"Rss:                1464 kB\n"
	"Pss:                 319 kB\n"
	"Pss_Dirty:           318 kB\n"
	"Pss_Anon:             52 kB\n"
	"Pss_File:              0 kB\n"
	"Pss_Shmem:           266 kB\n"
	"Shared_Clean:          4 kB\n"
	"Shared_Dirty:       1408 kB\n"
	"Private_Clean:         0 kB\n"
	"Private_Dirty:        52 kB\n"
	"Referenced:         1464 kB\n"
	"Anonymous:            52 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n";

static const char deb61_status[] =
	"Name:\tcat\n"
	"Umask:\t0022\n"
	"State:\tR (running)\n"
	"Tgid:\t112\n"
	"Ngid:\t0\n"
	"Pid:\t112\n"
	"PPid:\t109\n"
	"TracerPid:\t0\n"
	"Uid:\t0\t0\t0\t0\n"
	"Gid:\t0\t0\t0\t0\n"
	"FDSize:\t64\n"
	"Groups:\t \n"
	"NStgid:\t112\n"
	"NSpid:\t112\n"
	"NSpgid:\t0\n"
	"NSsid:\t0\n"
	"VmPeak:\t    2324 kB\n"
	"VmSize:\t    2324 kB\n"
	"VmLck:\t       0 kB\n"
	"VmPin:\t       0 kB\n"
	"VmHWM:\t       4 kB\n"
	"VmRSS:\t       4 kB\n"
	"RssAnon:\t       4 kB\n"
	"RssFile:\t       0 kB\n"
	"RssShmem:\t       0 kB\n"
	"VmData:\t     240 kB\n"
	"VmStk:\t     132 kB\n"
	"VmExe:\t    1552 kB\n"
	"VmLib:\t       8 kB\n"
	"VmPTE:\t      28 kB\n"
	"VmSwap:\t       0 kB\n"
	"HugetlbPages:\t       0 kB\n"
	"CoreDumping:\t0\n"
	"THP_enabled:\t1\n"
	"Threads:\t1\n"
	"SigQ:\t0/3796\n"
	"SigPnd:\t0000000000000000\n"
	"ShdPnd:\t0000000000000000\n"
	"SigBlk:\t0000000000000000\n"
	"SigIgn:\t0000000000000000\n"
	"SigCgt:\t0000000000000000\n"
	"CapInh:\t0000000000000000\n"
	"CapPrm:\t000001ffffffffff\n"
	"CapEff:\t000001ffffffffff\n"
	"CapBnd:\t000001ffffffffff\n"
	"CapAmb:\t0000000000000000\n"
	"NoNewPrivs:\t0\n"
	"Seccomp:\t0\n"
	"Seccomp_filters:\t0\n"
	"Speculation_Store_Bypass:\tnot vulnerable\n"
	"SpeculationIndirectBranch:\talways enabled\n"
	"Cpus_allowed:\t3\n"
	"Cpus_allowed_list:\t0-1\n"
	"Mems_allowed:\t00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000001\n"
	"Mems_allowed_list:\t0\n"
	"voluntary_ctxt_switches:\t0\n"
	"nonvoluntary_ctxt_switches:\t1\n";

static const char deb61_maps[] =
	"00400000-00401000 r--p 00000000 00:02 10                                 /bin/busybox\n"
	"00401000-00585000 r-xp 00001000 00:02 10                                 /bin/busybox\n"
	"00585000-005db000 r--p 00185000 00:02 10                                 /bin/busybox\n"
	"005db000-005e2000 r--p 001da000 00:02 10                                 /bin/busybox\n"
	"005e2000-005e5000 rw-p 001e1000 00:02 10                                 /bin/busybox\n"
	"005e5000-005ec000 rw-p 00000000 00:00 0 \n"
	"153b6000-153d8000 rw-p 00000000 00:00 0                                  [heap]\n"
	"7fe5a0e20000-7fe5a0e30000 rw-p 00000000 00:00 0 \n"
	"7ffc4df3f000-7ffc4df60000 rw-p 00000000 00:00 0                          [stack]\n"
	"7ffc4df69000-7ffc4df6d000 r--p 00000000 00:00 0                          [vvar]\n"
	"7ffc4df6d000-7ffc4df6f000 r-xp 00000000 00:00 0                          [vdso]\n";

static const char deb61_stat[] =
	"114 (cat) R 109 0 0 0 -1 4194304 59 0 0 0 0 0 0 0 20 0 1 0 344 2379776 1 18446744073709551615 4198400 5785993 140727754682080 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 6141704 6178576 294604800 140727754686326 140727754686346 140727754686346 140727754686441 0\n";

static const char deb61_mounts[] =
	"rootfs / rootfs rw,size=485928k,nr_inodes=121482,inode64 0 0\n"
	"proc /proc proc rw,relatime 0 0\n"
	"sysfs /sys sysfs rw,relatime 0 0\n"
	"devtmpfs /dev devtmpfs rw,relatime,size=485928k,nr_inodes=121482,mode=755,inode64 0 0\n"
	"debugfs /sys/kernel/debug debugfs rw,relatime 0 0\n"
	"cgroup2 /sys/fs/cgroup cgroup2 rw,relatime 0 0\n"
	"tmpfs /tmp tmpfs rw,relatime,inode64 0 0\n"
	"devpts /dev/pts devpts rw,relatime,mode=600,ptmxmode=000 0 0\n";

static const char deb61_cpuinfo[] =
	"processor\t: 0\n"
	"vendor_id\t: AuthenticAMD\n"
	"cpu family\t: 15\n"
	"model\t\t: 107\n"
	"model name\t: QEMU TCG CPU version 2.5+\n"
	"stepping\t: 1\n"
	"microcode\t: 0x1000065\n"
	"cpu MHz\t\t: 2094.520\n"
	"cache size\t: 512 KB\n"
	"physical id\t: 0\n"
	"siblings\t: 2\n"
	"core id\t\t: 0\n"
	"cpu cores\t: 2\n"
	"apicid\t\t: 0\n"
	"initial apicid\t: 0\n"
	"fpu\t\t: yes\n"
	"fpu_exception\t: yes\n"
	"cpuid level\t: 13\n"
	"wp\t\t: yes\n"
	"flags\t\t: fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush acpi mmx fxsr sse sse2 ss ht syscall nx mmxext pdpe1gb rdtscp lm 3dnowext 3dnow rep_good nopl cpuid extd_apicid pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy svm cr8_legacy abm sse4a 3dnowprefetch vmmcall fsgsbase bmi1 avx2 smep bmi2 erms mpx adx smap clflushopt clwb xsaveopt xgetbv1 arat npt vgif umip pku ospke vaes la57\n"
	"bugs\t\t: fxsave_leak sysret_ss_attrs null_seg swapgs_fence amd_e400 spectre_v1 spectre_v2\n"
	"bogomips\t: 4189.04\n"
	"TLB size\t: 1024 4K pages\n"
	"clflush size\t: 64\n"
	"cache_alignment\t: 64\n"
	"address sizes\t: 40 bits physical, 57 bits virtual\n"
	"power management:\n";

static const char deb61_meminfo[] =
	"MemTotal:         981476 kB\n"
	"MemFree:          941804 kB\n"
	"MemAvailable:     874932 kB\n"
	"Buffers:               0 kB\n"
	"Cached:             3136 kB\n"
	"SwapCached:            0 kB\n"
	"Active:             1956 kB\n"
	"Inactive:           1580 kB\n"
	"Active(anon):       1956 kB\n"
	"Inactive(anon):     1580 kB\n"
	"Active(file):          0 kB\n"
	"Inactive(file):        0 kB\n"
	"Unevictable:           0 kB\n"
	"Mlocked:               0 kB\n"
	"SwapTotal:             0 kB\n"
	"SwapFree:              0 kB\n"
	"Zswap:                 0 kB\n"
	"Zswapped:              0 kB\n"
	"Dirty:                 0 kB\n"
	"Writeback:             0 kB\n"
	"AnonPages:           384 kB\n"
	"Mapped:             1736 kB\n"
	"Shmem:              3136 kB\n"
	"KReclaimable:       8872 kB\n"
	"Slab:              15968 kB\n"
	"SReclaimable:       8872 kB\n"
	"SUnreclaim:         7096 kB\n"
	"KernelStack:         948 kB\n"
	"PageTables:          184 kB\n"
	"SecPageTables:         0 kB\n"
	"NFS_Unstable:          0 kB\n"
	"Bounce:                0 kB\n"
	"WritebackTmp:          0 kB\n"
	"CommitLimit:      490736 kB\n"
	"Committed_AS:       5160 kB\n"
	"VmallocTotal:   13743895347199 kB\n"
	"VmallocUsed:        5708 kB\n"
	"VmallocChunk:          0 kB\n"
	"Percpu:              520 kB\n"
	"HardwareCorrupted:     0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemHugePages:        0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FileHugePages:         0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"HugePages_Total:       0\n"
	"HugePages_Free:        0\n"
	"HugePages_Rsvd:        0\n"
	"HugePages_Surp:        0\n"
	"Hugepagesize:       2048 kB\n"
	"Hugetlb:               0 kB\n"
	"DirectMap4k:       28544 kB\n"
	"DirectMap2M:     1019904 kB\n"
	"DirectMap1G:           0 kB\n";

static const char deb61_dentry[] =
	"10342\t8\t45\t0\t0\t0\n";

static const char deb61_cg_controllers[] =
	"cpuset cpu io memory hugetlb pids rdma misc\n";

static const char deb61_cg_events[] =
	"low 0\n"
	"high 0\n"
	"max 0\n"
	"oom 0\n"
	"oom_kill 0\n"
	"oom_group_kill 0\n";

static const char deb61_cg_self[] =
	"0::/cap\n";

static const char host_rollup[] =
	"55b075a01000-7fff95c87000 ---p 00000000 00:00 0                          [rollup]\n"
	"Rss:                1760 kB\n"
	"Pss:                 237 kB\n"
	"Pss_Dirty:           112 kB\n"
	"Pss_Anon:            112 kB\n"
	"Pss_File:            125 kB\n"
	"Pss_Shmem:             0 kB\n"
	"Shared_Clean:       1608 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:        40 kB\n"
	"Private_Dirty:       112 kB\n"
	"Referenced:         1760 kB\n"
	"Anonymous:           112 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n";

static const char host_smaps[] =
	"5588a89a9000-5588a89ab000 r--p 00000000 fe:00 247498                     /usr/bin/head\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                   8 kB\n"
	"Pss:                   8 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:         8 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:            8 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd mr mw me \n"
	"5588a89ab000-5588a89b1000 r-xp 00002000 fe:00 247498                     /usr/bin/head\n"
	"Size:                 24 kB\n"
	"KernelPageSize:        4 kB\n"
	"MMUPageSize:           4 kB\n"
	"Rss:                  24 kB\n"
	"Pss:                  24 kB\n"
	"Pss_Dirty:             0 kB\n"
	"Shared_Clean:          0 kB\n"
	"Shared_Dirty:          0 kB\n"
	"Private_Clean:        24 kB\n"
	"Private_Dirty:         0 kB\n"
	"Referenced:           24 kB\n"
	"Anonymous:             0 kB\n"
	"KSM:                   0 kB\n"
	"LazyFree:              0 kB\n"
	"AnonHugePages:         0 kB\n"
	"ShmemPmdMapped:        0 kB\n"
	"FilePmdMapped:         0 kB\n"
	"Shared_Hugetlb:        0 kB\n"
	"Private_Hugetlb:       0 kB\n"
	"Swap:                  0 kB\n"
	"SwapPss:               0 kB\n"
	"Locked:                0 kB\n"
	"THPeligible:           0\n"
	"VmFlags: rd ex mr mw me \n";

static const char host_hybrid_mounts[] =
	"tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0\n"
	"cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n"
	"cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0\n"
	"cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n";

static const char host_hybrid_cgroup[] =
	"9:name=systemd:/\n"
	"4:memory:/process_api/8228ca21d92f1143b9461f01c2172f2f\n"
	"1:cpu:/\n"
	"0::/\n";

/* ---- "Key: value kB" ---- */

static void test_kv_ull(void **state)
{
	unsigned long long v = 0;

	(void)state;
	assert_int_equal(up_kv_ull(deb61_status, "VmSize", &v), 0);
	assert_int_equal(v, 2324);
	/* status's VmRSS lags behind (split RSS counters on 6.1): 4 kB while
	 * smaps counts 1468 kB for the same process */
	assert_int_equal(up_kv_ull(deb61_status, "VmRSS", &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(up_kv_ull(deb61_status, "Threads", &v), 0);
	assert_int_equal(v, 1);
	/* a prefix of a key is not the key */
	assert_int_equal(up_kv_ull(deb61_status, "Rss", &v), -1);
	assert_int_equal(up_kv_ull(deb61_status, "VmRS", &v), -1);
	/* not a number */
	assert_int_equal(up_kv_ull(deb61_status, "Name", &v), -1);
	assert_int_equal(up_kv_ull(deb61_meminfo, "MemTotal", &v), 0);
	assert_true(v > 900 * 1024 && v < 1024 * 1024);
	assert_int_equal(up_kv_ull(deb61_meminfo, "Cached", &v), 0);
	assert_int_equal(up_kv_ull(deb61_meminfo, "SReclaimable", &v), 0);
	assert_int_equal(up_kv_ull(deb61_meminfo, "NoSuchKey", &v), -1);
	assert_int_equal(up_kv_ull("", "MemTotal", &v), -1);
	assert_int_equal(up_kv_ull("MemTotal:", "MemTotal", &v), -1);
	assert_int_equal(up_kv_ull("MemTotal: 12", "MemTotal", &v), 0);
	assert_int_equal(v, 12);
}

/* ---- smaps ---- */

static void test_smaps_sum(void **state)
{
	struct up_smaps s;

	(void)state;
	assert_int_equal(up_smaps_sum(deb61_smaps, &s), 0);
	assert_int_equal(s.nvma, 11);
	assert_int_equal(s.size, 2324);		/* = VmSize */
	assert_int_equal(s.rss, 1468);
	assert_int_equal(s.pss, 320);
	assert_int_equal(s.shared_clean, 4);
	assert_int_equal(s.shared_dirty, 1408);
	assert_int_equal(s.private_clean, 0);
	assert_int_equal(s.private_dirty, 56);
	assert_int_equal(s.anonymous, 56);
	assert_int_equal(s.swap, 0);
	assert_int_equal(s.locked, 0);
	assert_int_equal(UP_USS(&s), 56);
	/* smem's order */
	assert_true(UP_USS(&s) <= s.pss && s.pss <= s.rss && s.rss <= s.size);
	/* Rss = shared + private, page by page */
	assert_int_equal(s.rss, s.shared_clean + s.shared_dirty + UP_USS(&s));
}

static void test_smaps_rollup(void **state)
{
	struct up_smaps s;

	(void)state;
	assert_int_equal(up_smaps_sum(deb61_rollup, &s), 0);
	assert_int_equal(s.nvma, 1);		/* the [rollup] line */
	assert_int_equal(s.size, 0);		/* no Size: in a rollup */
	assert_int_equal(s.rss, 1464);
	assert_int_equal(s.pss, 319);		/* Pss_Dirty/Pss_Anon... not added */
	assert_int_equal(s.private_dirty, 52);
	assert_int_equal(s.shared_dirty, 1408);
	/* the host's (6.18) has more fields (KSM, Pss_File, ...): same result */
	assert_int_equal(up_smaps_sum(host_rollup, &s), 0);
	assert_int_equal(s.nvma, 1);
	assert_true(s.rss > 0 && UP_USS(&s) <= s.pss && s.pss <= s.rss);
	assert_int_equal(up_smaps_sum(host_smaps, &s), 0);
	assert_int_equal(s.nvma, 2);
	assert_true(s.size >= s.rss);
}

static void test_smaps_vma(void **state)
{
	unsigned long start = 0, end = 0;
	struct up_smaps v;

	(void)state;
	/* inside the stack */
	assert_int_equal(up_smaps_vma(deb61_smaps, 0x7fff1b770123UL, &v, &start, &end), 0);
	assert_int_equal(start, 0x7fff1b76b000UL);
	assert_int_equal(end, 0x7fff1b78c000UL);
	assert_int_equal(v.size, 132);
	assert_int_equal(v.rss, 12);
	assert_int_equal(v.private_dirty, 12);
	assert_int_equal(v.nvma, 1);
	/* the first byte of the heap; its end is exclusive */
	assert_int_equal(up_smaps_vma(deb61_smaps, 0x2d4d4000UL, &v, NULL, NULL), 0);
	assert_int_equal(v.size, 136);
	assert_int_equal(v.rss, 8);
	assert_int_equal(up_smaps_vma(deb61_smaps, 0x2d4f6000UL, &v, NULL, NULL), -1);
	assert_int_equal(v.nvma, 0);
	/* the last VMA of the file */
	assert_int_equal(up_smaps_vma(deb61_smaps, 0x7fff1b7cd000UL, &v, &start, NULL), 0);
	assert_int_equal(start, 0x7fff1b7cd000UL);
	/* NULL page: no VMA */
	assert_int_equal(up_smaps_vma(deb61_smaps, 0, &v, NULL, NULL), -1);
}

static void test_smaps_odd(void **state)
{
	struct up_smaps s;

	(void)state;
	/* a kernel thread: empty smaps */
	assert_int_equal(up_smaps_sum("", &s), 0);
	assert_int_equal(s.nvma, 0);
	assert_int_equal(s.rss, 0);
	/* not smaps at all */
	assert_int_equal(up_smaps_sum("hello\nworld\n", &s), -1);
	/* a header only: a VMA with nothing resident yet */
	assert_int_equal(up_smaps_sum("00400000-00401000 r--p 00000000 00:02 10 /x\nRss: 4 kB\n", &s), 0);
	assert_int_equal(s.rss, 4);
	/* a garbled number is skipped, the rest counted */
	assert_int_equal(up_smaps_sum("Rss: x kB\nPss: 2 kB\n", &s), 0);
	assert_int_equal(s.rss, 0);
	assert_int_equal(s.pss, 2);
}

/* ---- status ---- */

static void test_status(void **state)
{
	struct up_status st;

	(void)state;
	assert_int_equal(up_status_parse(deb61_status, &st), 0);
	assert_string_equal(st.name, "cat");
	assert_int_equal(st.pid, 112);
	assert_int_equal(st.ppid, 109);
	assert_int_equal(st.threads, 1);
	assert_int_equal(st.vm_peak, 2324);
	assert_int_equal(st.vm_size, 2324);
	assert_int_equal(st.vm_rss, 4);
	assert_int_equal(st.rss_anon, 4);
	assert_int_equal(st.rss_file, 0);
	assert_int_equal(st.vm_lck, 0);
	assert_int_equal(st.vm_swap, 0);
	/* a kernel thread has no Vm* lines */
	assert_int_equal(up_status_parse("Name:\tkworker/0:1\nUmask:\t0000\nState:\tI (idle)\n"
					 "Tgid:\t12\nPid:\t12\nPPid:\t2\nThreads:\t1\n", &st), 0);
	assert_string_equal(st.name, "kworker/0:1");
	assert_int_equal(st.pid, 12);
	assert_int_equal(st.vm_size, 0);
	/* blanks in the name are kept, a long name is cut */
	assert_int_equal(up_status_parse("Name:\tmy prog\nPid:\t7\n", &st), 0);
	assert_string_equal(st.name, "my prog");
	/* no Pid: not a status file */
	assert_int_equal(up_status_parse("Name:\tx\nVmRSS:\t4 kB\n", &st), -1);
	assert_int_equal(up_status_parse("", &st), -1);
}

/* ---- maps ---- */

static void test_maps(void **state)
{
	struct up_map m;

	(void)state;
	assert_int_equal(up_maps_line(deb61_maps, &m), 0);
	assert_int_equal(m.start, 0x400000UL);
	assert_int_equal(m.end, 0x401000UL);
	assert_string_equal(m.perms, "r--p");
	assert_int_equal(m.offset, 0);
	assert_int_equal(m.inode, 10);
	assert_string_equal(m.path, "/bin/busybox");

	assert_int_equal(up_maps_find(deb61_maps, 0x5db123UL, &m), 0);
	assert_int_equal(m.offset, 0x1da000UL);
	assert_string_equal(m.perms, "r--p");
	/* the anonymous bss tail: no path (the line ends in a blank) */
	assert_int_equal(up_maps_find(deb61_maps, 0x5e5000UL, &m), 0);
	assert_string_equal(m.path, "");
	assert_string_equal(m.perms, "rw-p");
	assert_int_equal(m.inode, 0);
	assert_int_equal(up_maps_find(deb61_maps, 0x153c0000UL, &m), 0);
	assert_string_equal(m.path, "[heap]");
	assert_int_equal(up_maps_find(deb61_maps, 0x1000UL, &m), -1);

	assert_int_equal(up_maps_named(deb61_maps, "[stack]", &m), 0);
	assert_int_equal(m.start, 0x7ffc4df3f000UL);
	assert_int_equal(m.end, 0x7ffc4df60000UL);
	assert_int_equal(up_maps_named(deb61_maps, "[vdso]", &m), 0);
	assert_string_equal(m.perms, "r-xp");
	assert_int_equal(up_maps_named(deb61_maps, "[vsyscall]", &m), -1);

	/* a path with blanks and a deleted file */
	assert_int_equal(up_maps_line("7f00-7f01 rw-s 00000000 00:05 1234   /dev/zero (deleted)\n", &m), 0);
	assert_string_equal(m.path, "/dev/zero (deleted)");
	assert_string_equal(m.perms, "rw-s");
	assert_int_equal(m.start, 0x7f00UL);
	/* the kernel half: vsyscall on x86 */
	assert_int_equal(up_maps_line("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0"
				      "                  [vsyscall]", &m), 0);
	assert_int_equal(m.start, 0xffffffffff600000UL);
	assert_string_equal(m.path, "[vsyscall]");
	/* not maps lines */
	assert_int_equal(up_maps_line("Rss: 4 kB", &m), -1);
	assert_int_equal(up_maps_line("00400000-00401000", &m), -1);
	assert_int_equal(up_maps_line("00400000-00401000 r--p", &m), -1);
	assert_int_equal(up_maps_line("", &m), -1);
}

/* ---- stat ---- */

static void test_stat(void **state)
{
	unsigned long long mi = 1, ma = 1;

	(void)state;
	assert_int_equal(up_stat_faults(deb61_stat, &mi, &ma), 0);
	assert_int_equal(mi, 59);
	assert_int_equal(ma, 0);
	/* a comm with blanks and parentheses */
	assert_int_equal(up_stat_faults("7 (a) b) (c) S 1 7 7 0 -1 4194560 123 5 6 0 0 0\n",
					&mi, &ma), 0);
	assert_int_equal(mi, 123);
	assert_int_equal(ma, 6);
	assert_int_equal(up_stat_faults("7 (x) S 1 7\n", &mi, &ma), -1);
	assert_int_equal(up_stat_faults("no parenthesis", &mi, &ma), -1);
}

/* ---- cpuinfo, dentry-state ---- */

static void test_cpuinfo(void **state)
{
	int p = 0, v = 0;

	(void)state;
	assert_int_equal(up_cpuinfo_addr_sizes(deb61_cpuinfo, &p, &v), 0);
	assert_int_equal(p, 40);
	assert_int_equal(v, 57);		/* QEMU -cpu max: la57 */
	assert_int_equal(up_cpuinfo_addr_sizes("address sizes\t: 39 bits physical, 48 bits virtual\n",
					       &p, &v), 0);
	assert_int_equal(p, 39);
	assert_int_equal(v, 48);
	/* arm64 has no such line */
	assert_int_equal(up_cpuinfo_addr_sizes("processor\t: 0\nBogoMIPS\t: 125.00\n"
					       "CPU implementer\t: 0x41\n", &p, &v), -1);
	assert_int_equal(up_cpuinfo_addr_sizes("address sizes\t: lots\n", &p, &v), -1);
}

static void test_dentry_state(void **state)
{
	long long v[6];

	(void)state;
	assert_int_equal(up_dentry_state(deb61_dentry, v), 6);
	assert_int_equal(v[0], 10342);
	assert_int_equal(v[1], 8);
	assert_int_equal(v[2], 45);
	assert_int_equal(v[4], 0);
	assert_int_equal(up_dentry_state("31331\t11000\t45\t0\t20000\t0\n", v), 6);
	assert_int_equal(v[4], 20000);
	assert_int_equal(up_dentry_state("12", v), -1);
	assert_int_equal(up_dentry_state("", v), -1);
}

/* ---- cgroup ---- */

static void test_cgroup2_mount(void **state)
{
	char p[256];

	(void)state;
	assert_int_equal(up_cgroup2_mount(deb61_mounts, p, sizeof(p)), 0);
	assert_string_equal(p, "/sys/fs/cgroup");
	/* systemd's hybrid layout: v1 controllers, v2 at unified */
	assert_int_equal(up_cgroup2_mount(host_hybrid_mounts, p, sizeof(p)), 0);
	assert_string_equal(p, "/sys/fs/cgroup/unified");
	/* an escaped blank in the mount point */
	assert_int_equal(up_cgroup2_mount("none /my\\040cg cgroup2 rw 0 0\n", p, sizeof(p)), 0);
	assert_string_equal(p, "/my cg");
	/* cgroup (v1) is not cgroup2 */
	assert_int_equal(up_cgroup2_mount("cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n",
					  p, sizeof(p)), -1);
	assert_int_equal(up_cgroup2_mount("", p, sizeof(p)), -1);
}

static void test_proc_cgroup2(void **state)
{
	char p[256];

	(void)state;
	assert_int_equal(up_proc_cgroup2(deb61_cg_self, p, sizeof(p)), 0);
	assert_string_equal(p, "/cap");
	assert_int_equal(up_proc_cgroup2(host_hybrid_cgroup, p, sizeof(p)), 0);
	assert_string_equal(p, "/");
	assert_int_equal(up_proc_cgroup2("4:memory:/a\n1:cpu:/\n", p, sizeof(p)), -1);
	assert_int_equal(up_proc_cgroup2("0::/a/very/long/path\n", p, 8), -1);
}

static void test_cg_value(void **state)
{
	unsigned long long v = 0;
	int is_max = -1;

	(void)state;
	assert_int_equal(up_cg_value("33554432\n", &v, &is_max), 0);
	assert_int_equal(v, 33554432ULL);
	assert_int_equal(is_max, 0);
	assert_int_equal(up_cg_value("max\n", &v, &is_max), 0);
	assert_int_equal(is_max, 1);
	assert_true(v == ~0ULL);
	assert_int_equal(up_cg_value("540672", &v, &is_max), 0);
	assert_int_equal(v, 540672);
	assert_int_equal(up_cg_value("12abc\n", &v, &is_max), -1);
	assert_int_equal(up_cg_value("maximum\n", &v, &is_max), -1);
	assert_int_equal(up_cg_value("", &v, &is_max), -1);
	assert_int_equal(up_cg_value("-1\n", &v, &is_max), -1);
}

static void test_cg_keyed(void **state)
{
	unsigned long long v = 99;

	(void)state;
	assert_int_equal(up_cg_keyed(deb61_cg_events, "oom_kill", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(up_cg_keyed(deb61_cg_events, "oom_group_kill", &v), 0);
	assert_int_equal(up_cg_keyed(deb61_cg_events, "max", &v), 0);
	/* "oom" is its own key, not a prefix of oom_kill */
	assert_int_equal(up_cg_keyed("oom_kill 3\noom_group_kill 0\noom 1\n", "oom", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(up_cg_keyed("oom_kill 3\n", "oom_kill", &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(up_cg_keyed(deb61_cg_events, "oom_killed", &v), -1);
	assert_int_equal(up_cg_keyed("oom_kill x\n", "oom_kill", &v), -1);
}

static void test_cg_has_word(void **state)
{
	(void)state;
	assert_int_equal(up_cg_has_word(deb61_cg_controllers, "memory"), 1);
	assert_int_equal(up_cg_has_word(deb61_cg_controllers, "cpu"), 1);
	assert_int_equal(up_cg_has_word(deb61_cg_controllers, "misc"), 1);
	assert_int_equal(up_cg_has_word(deb61_cg_controllers, "mem"), 0);
	assert_int_equal(up_cg_has_word("cpuset io\n", "cpu"), 0);
	assert_int_equal(up_cg_has_word("", "memory"), 0);
	assert_int_equal(up_cg_has_word("\n", "memory"), 0);
}

/* ---- option values ---- */

static void test_parse_size(void **state)
{
	unsigned long long b = 0;
	char err[160];

	(void)state;
	assert_int_equal(up_parse_size("64", 1ULL << 20, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 64ULL << 20);
	assert_int_equal(up_parse_size("64", 1024, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 64ULL << 10);
	assert_int_equal(up_parse_size("4K", 1ULL << 20, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 4096);
	assert_int_equal(up_parse_size("512KiB", 1, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 512 * 1024);
	assert_int_equal(up_parse_size("1g", 1, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 1ULL << 30);
	assert_int_equal(up_parse_size("3MB", 1, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 3ULL << 20);
	assert_int_equal(up_parse_size("10b", 1ULL << 20, &b, err, sizeof(err)), 0);
	assert_int_equal(b, 10);

	assert_int_equal(up_parse_size("-5", 1, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "negative"));
	assert_int_equal(up_parse_size("0", 1, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "greater than 0"));
	assert_int_equal(up_parse_size("1.5M", 1, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "whole number"));
	assert_int_equal(up_parse_size("12X", 1, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown unit"));
	assert_int_equal(up_parse_size("M", 1, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a number"));
	assert_int_equal(up_parse_size("", 1, &b, err, sizeof(err)), -1);
	assert_int_equal(up_parse_size("99999999999999999999", 1, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too large"));
	assert_int_equal(up_parse_size("17179869184G", 1, &b, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "too large"));
}

static void test_parse_uint(void **state)
{
	unsigned long long v = 0;
	char err[160];

	(void)state;
	assert_int_equal(up_parse_uint("12", 100, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 12);
	assert_int_equal(up_parse_uint("0", 100, &v, err, sizeof(err)), 0);
	assert_int_equal(up_parse_uint("-1", 100, &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "negative"));
	assert_int_equal(up_parse_uint("abc", 100, &v, err, sizeof(err)), -1);
	assert_int_equal(up_parse_uint("5x", 100, &v, err, sizeof(err)), -1);
	assert_int_equal(up_parse_uint("101", 100, &v, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "at most 100"));
	assert_int_equal(up_parse_uint("", 100, &v, err, sizeof(err)), -1);
}

/* ---- the leak rule ---- */

static void test_uss_growing(void **state)
{
	static const unsigned long long leak[] = { 1052, 1312, 1572, 1832, 2092, 2352 };
	static const unsigned long long steady[] = { 1056, 1056, 1056, 1056, 1056, 1056 };
	static const unsigned long long drop[] = { 100, 200, 300, 250, 400 };
	static const unsigned long long once[] = { 100, 100, 100, 400 };
	static const unsigned long long mostly[] = { 100, 150, 150, 200, 250 };

	(void)state;
	assert_int_equal(up_uss_growing(leak, 6, 64), 1);	/* from the guest */
	assert_int_equal(up_uss_growing(steady, 6, 64), 0);
	assert_int_equal(up_uss_growing(drop, 5, 64), 0);	/* a drop: not a leak */
	assert_int_equal(up_uss_growing(once, 4, 64), 0);	/* one step up */
	assert_int_equal(up_uss_growing(mostly, 5, 64), 1);	/* 3 of 4 intervals */
	assert_int_equal(up_uss_growing(mostly, 5, 200), 0);	/* grew 150 < 200 */
	assert_int_equal(up_uss_growing(leak, 2, 64), 0);	/* too few samples */
}

static void test_kill_order(void **state)
{
	/* /dev/kmsg records and dmesg lines, as the 6.1 guest printed them */
	static const char kmsg[] =
		"6,812,30441211,-;alloclab invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL)\n"
		"3,840,30448390,-;Memory cgroup out of memory: Killed process 231 (alloclab) "
		"total-vm:10432kB, anon-rss:8196kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:52kB oom_score_adj:1000\n"
		"6,841,30449030,-;oom_reaper: reaped process 231 (alloclab), now anon-rss:0kB\n"
		"3,860,30501123,-;Memory cgroup out of memory: Killed process 232 (alloclab) "
		"total-vm:60000kB, anon-rss:57344kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:140kB oom_score_adj:0\n";
	static const char dmesg[] =
		"[   30.501123] Memory cgroup out of memory: Killed process 23 (alloclab) total-vm:1kB\n";

	(void)state;
	assert_int_equal(up_kill_order(kmsg, 232, 231), 2);	/* 231 first */
	assert_int_equal(up_kill_order(kmsg, 231, 232), 1);
	assert_int_equal(up_kill_order(kmsg, 23, 2), 0);	/* 231 is not 23 */
	assert_int_equal(up_kill_order(dmesg, 232, 23), 2);
	assert_int_equal(up_kill_order(dmesg, 2, 3), 0);
	assert_int_equal(up_kill_order("", 1, 2), 0);
	assert_int_equal(up_kill_order("Killed process x (y)", 1, 2), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kv_ull),
		cmocka_unit_test(test_smaps_sum),
		cmocka_unit_test(test_smaps_rollup),
		cmocka_unit_test(test_smaps_vma),
		cmocka_unit_test(test_smaps_odd),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_cpuinfo),
		cmocka_unit_test(test_dentry_state),
		cmocka_unit_test(test_cgroup2_mount),
		cmocka_unit_test(test_proc_cgroup2),
		cmocka_unit_test(test_cg_value),
		cmocka_unit_test(test_cg_keyed),
		cmocka_unit_test(test_cg_has_word),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_uss_growing),
		cmocka_unit_test(test_kill_order),
	};

	return cmocka_run_group_tests_name("user_parse", tests, NULL, NULL);
}
