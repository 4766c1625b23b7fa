#include "field_kernels.h"

#include <float.h>

/* On x86-64 Linux each kernel is compiled twice, for baseline x86-64 and for x86-64-v3 (AVX2,
   FMA); the loader picks one for the machine (an ifunc). Elsewhere: one baseline version. */
#if defined(__x86_64__) && defined(__linux__)
#define KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define KERNEL
#endif

/* Neurons per block: the block's H_ij stay in registers across the d products. */
#define LANES 8

/* Row i of H: h_j = sum_k x_k vt_kj. */
static inline __attribute__((always_inline))
void row_preactivations(long m, long d, const double *restrict x, const double *restrict vt,
                        double *restrict h) {
    long j = 0;
    for (; j + LANES <= m; j += LANES) {
        double block[LANES];
        for (int l = 0; l < LANES; l++) block[l] = x[0] * vt[j + l];
        for (long k = 1; k < d; k++) {
            const double xk = x[k];
            const double *restrict vk = vt + k * m + j;
            for (int l = 0; l < LANES; l++) block[l] += xk * vk[l];
        }
        for (int l = 0; l < LANES; l++) h[j + l] = block[l];
    }
    for (; j < m; j++) {
        double s = x[0] * vt[j];
        for (long k = 1; k < d; k++) s += x[k] * vt[k * m + j];
        h[j] = s;
    }
}

KERNEL void rf_preactivations(long n, long m, long d, const double *x, const double *vt, double *h) {
    for (long i = 0; i < n; i++) row_preactivations(m, d, x + i * d, vt, h + i * m);
}

KERNEL void rf_outputs(long n, long m, long d, const double *x, const double *vt, const double *mask,
                       const double *o, double alpha, double *h, double *f) {
    for (long i = 0; i < n; i++) {
        double *restrict hi = h + i * m;
        const double *restrict mi = mask + i * m;
        if (vt) row_preactivations(m, d, x + i * d, vt, hi);
        /* LANES partial sums in a fixed order: the same bits on every run. */
        double partial[LANES] = {0};
        long j = 0;
        for (; j + LANES <= m; j += LANES) {
            for (int l = 0; l < LANES; l++) partial[l] += mi[j + l] * hi[j + l] * o[j + l];
        }
        double s = 0;
        for (; j < m; j++) s += mi[j] * hi[j] * o[j];
        for (int l = 0; l < LANES; l++) s += partial[l];
        f[i] = alpha * s;
    }
}

/* Columns per tile of the backward pass: the tile of D^T (d x 64 doubles) stays in the L1 cache
   while every row adds into it. */
#define TILE 64

KERNEL void rf_backward(long n, long m, long ld, long d, const double *x, const double *mask, const double *g,
                        const double *h, double *e, double *dt, double *da) {
    for (long t = 0; t < m; t += TILE) {
        const long end = t + TILE < m ? t + TILE : m;
        for (long i = 0; i < n; i++) {
            const double *restrict mi = mask + i * ld, *restrict xi = x + i * d, *restrict hi = h + i * ld;
            double *restrict ei = e ? e + i * ld : 0;
            const double gi = g[i];
            long j = t;
            for (; j + LANES <= end; j += LANES) {
                double block[LANES];
                for (int l = 0; l < LANES; l++) block[l] = mi[j + l] * gi;
                if (ei) for (int l = 0; l < LANES; l++) ei[j + l] = block[l];
                if (dt) {
                    for (long k = 0; k < d; k++) {
                        const double xk = xi[k];
                        double *restrict dk = dt + k * ld + j;
                        for (int l = 0; l < LANES; l++) dk[l] += xk * block[l];
                    }
                }
                if (da) for (int l = 0; l < LANES; l++) da[j + l] += block[l] * hi[j + l];
            }
            for (; j < end; j++) {
                const double eij = mi[j] * gi;
                if (ei) ei[j] = eij;
                if (dt) for (long k = 0; k < d; k++) dt[k * ld + j] += xi[k] * eij;
                if (da) da[j] += eij * hi[j];
            }
        }
    }
}

KERNEL void rf_input_products(long n, long d, const double *xt, const double *v, double *out) {
    double *restrict o = out;
    for (long i = 0; i < n; i++) o[i] = 0;
    for (long k = 0; k < d; k++) {
        const double vk = v[k];
        const double *restrict xk = xt + k * n;
        for (long i = 0; i < n; i++) o[i] += vk * xk[i];
    }
}

/* The row scans: every pair is tested, without branches, and the answers are or-ed. */

KERNEL int rf_any_before(long count, double bound, const double *values, const double *rates, const double *active,
                         const double *levels, double row_level) {
    const double widened = bound * (1 + 8 * DBL_EPSILON);
    int any = 0;
    for (long j = 0; j < count; j++) {
        const double s = 2 * active[j] - 1, value = s * values[j], rate = s * rates[j];
        any |= (rate < 0) & (value > row_level * levels[j]) & (value < widened * -rate);
    }
    return any;
}

KERNEL int rf_any_past(long count, const double *values, const double *active, const double *levels,
                       double row_level) {
    int any = 0;
    for (long j = 0; j < count; j++) any |= (2 * active[j] - 1) * values[j] < -(row_level * levels[j]);
    return any;
}

KERNEL int rf_any_turning(long count, const double *start_rates, const double *end_rates, const double *active) {
    int any = 0;
    for (long j = 0; j < count; j++) {
        const double s = 2 * active[j] - 1;
        any |= (s * start_rates[j] < 0) & (s * end_rates[j] > 0);
    }
    return any;
}
