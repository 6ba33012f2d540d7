/* sample_common.h: what every sample title shares. */
#ifndef CORDON_SAMPLE_COMMON_H
#define CORDON_SAMPLE_COMMON_H

/* GCC: keep a helper a real call in every variant (no inlining, no cloning,
 * no interprocedural shortcuts), so the call chain a title documents exists
 * at -O2 too and its expected path names real functions. */
#define SAMPLE_KEEP __attribute__((noinline, noipa))

#endif
