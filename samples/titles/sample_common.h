/* sample_common.h: what every sample title shares. */
#ifndef CORDON_SAMPLE_COMMON_H
#define CORDON_SAMPLE_COMMON_H

/* Keep a helper a real call in every variant (no inlining, no cloning, no
 * interprocedural shortcuts), so the call chain a title documents exists at
 * -O2 too and its expected path names real functions. Clang has no noipa;
 * noinline is the closest it offers. */
#if defined(__clang__)
#define SAMPLE_KEEP __attribute__((noinline))
#else
#define SAMPLE_KEEP __attribute__((noinline, noipa))
#endif

#endif
