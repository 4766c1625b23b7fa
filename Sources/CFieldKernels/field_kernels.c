#include "field_kernels.h"

#include <float.h>
#include <math.h>

/* On x86-64 Linux each kernel is compiled twice, for baseline x86-64 and for x86-64-v3 (AVX2,
   FMA); the loader picks one for the machine (an ifunc). Elsewhere: one baseline version. */
#if defined(__x86_64__) && defined(__linux__)
#define KERNEL __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define KERNEL
#endif

/* Neurons per block: the block's H_ij stay in registers across the d products. */
#define LANES 8

/* Four doubles, read and written at any alignment; in the x86-64-v3 clones one AVX register. The
   kernels only pass them between always-inlined helpers, so the ABI note of -Wpsabi (a vector
   argument without AVX in the baseline clone) concerns no call. */
#pragma clang diagnostic ignored "-Wpsabi"
typedef double quad __attribute__((vector_size(32), aligned(8)));
static inline __attribute__((always_inline)) quad load4(const double *p) {
    quad v;
    __builtin_memcpy(&v, p, 32);
    return v;
}
static inline __attribute__((always_inline)) void store4(double *p, quad v) { __builtin_memcpy(p, &v, 32); }
static inline __attribute__((always_inline)) quad splat(double x) { return (quad){x, x, x, x}; }

/* Rows per block of the forward pass: the block shares each load of V^T's columns. */
#define ROWS 4

/* Columns j .. j + LANES of `rows` (<= ROWS) consecutive rows of H = X V^T, into `block`: the
   products added in the order of k, with the same operations for every row. */
static inline __attribute__((always_inline))
void preactivation_block(int rows, long m, long d, long j, const double *x, const double *vt, quad block[ROWS][2]) {
    const quad v0 = load4(vt + j), v1 = load4(vt + j + 4);
    for (int r = 0; r < rows; r++) { block[r][0] = splat(x[r * d]) * v0; block[r][1] = splat(x[r * d]) * v1; }
    for (long k = 1; k < d; k++) {
        const quad w0 = load4(vt + k * m + j), w1 = load4(vt + k * m + j + 4);
        for (int r = 0; r < rows; r++) {
            const quad xk = splat(x[r * d + k]);
            block[r][0] += xk * w0;
            block[r][1] += xk * w1;
        }
    }
}

/* H_ij = <x_i, column j of V^T> for one pair, in the order of preactivation_block. */
static inline __attribute__((always_inline))
double preactivation(long m, long d, long j, const double *x, const double *vt) {
    double s = x[0] * vt[j];
    for (long k = 1; k < d; k++) s += x[k] * vt[k * m + j];
    return s;
}

/* `rows` (<= ROWS) consecutive rows of H = X V^T. */
static inline __attribute__((always_inline))
void preactivation_rows(int rows, long m, long d, const double *x, const double *vt, double *h) {
    long j = 0;
    for (; j + LANES <= m; j += LANES) {
        quad block[ROWS][2];
        preactivation_block(rows, m, d, j, x, vt, block);
        for (int r = 0; r < rows; r++) { store4(h + r * m + j, block[r][0]); store4(h + r * m + j + 4, block[r][1]); }
    }
    for (int r = 0; r < rows; r++) {
        for (long c = j; c < m; c++) h[r * m + c] = preactivation(m, d, c, x + r * d, vt);
    }
}

KERNEL void rf_preactivations(long n, long m, long d, const double *x, const double *vt, double *h) {
    long i = 0;
    for (; i + ROWS <= n; i += ROWS) preactivation_rows(ROWS, m, d, x + i * d, vt, h + i * m);
    for (; i < n; i++) preactivation_rows(1, m, d, x + i * d, vt, h + i * m);
}

/* `rows` (<= ROWS) consecutive rows of rf_outputs. Columns in blocks of LANES (two quads): the
   block's H_ij of every row in registers across the d products; f_i in LANES partial sums. */
static inline __attribute__((always_inline))
void output_rows(int rows, long m, long d, const double *x, const double *vt, const double *mask, const double *o,
                 double alpha, double *h, double *f) {
    quad partial[ROWS][2];
    for (int r = 0; r < rows; r++) partial[r][0] = partial[r][1] = splat(0);
    long j = 0;
    for (; j + LANES <= m; j += LANES) {
        quad block[ROWS][2];
        if (vt) {
            preactivation_block(rows, m, d, j, x, vt, block);
            for (int r = 0; r < rows; r++) {
                store4(h + r * m + j, block[r][0]);
                store4(h + r * m + j + 4, block[r][1]);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                block[r][0] = load4(h + r * m + j);
                block[r][1] = load4(h + r * m + j + 4);
            }
        }
        const quad o0 = load4(o + j), o1 = load4(o + j + 4);
        for (int r = 0; r < rows; r++) {
            partial[r][0] += load4(mask + r * m + j) * block[r][0] * o0;
            partial[r][1] += load4(mask + r * m + j + 4) * block[r][1] * o1;
        }
    }
    for (int r = 0; r < rows; r++) {
        /* The last m mod LANES columns, then the partial sums in a fixed order: the same bits on
           every run, whatever the blocks of rows. */
        double s = 0;
        for (long c = j; c < m; c++) {
            if (vt) h[r * m + c] = preactivation(m, d, c, x + r * d, vt);
            const double hc = h[r * m + c];
            s += mask[r * m + c] * hc * o[c];
        }
        for (int l = 0; l < 4; l++) s += partial[r][0][l];
        for (int l = 0; l < 4; l++) s += partial[r][1][l];
        f[r] = alpha * s;
    }
}

KERNEL void rf_outputs(long n, long m, long d, const double *x, const double *vt, const double *mask,
                       const double *o, double alpha, double *h, double *f) {
    long i = 0;
    for (; i + ROWS <= n; i += ROWS) output_rows(ROWS, m, d, x + i * d, vt, mask + i * m, o, alpha, h + i * m, f + i);
    for (; i < n; i++) output_rows(1, m, d, x + i * d, vt, mask + i * m, o, alpha, h + i * m, f + i);
}

/* Inputs per pass of the backward pass over a block of columns: the block's PASS_INPUTS x LANES
   entries of D^T stay in registers while every row adds into them. */
#define PASS_INPUTS 6

/* Columns j .. j + LANES of rf_backward, for inputs k0 .. k0 + kc of D^T (none when dt is NULL);
   E and da with the first inputs only. Each column's terms are added in the order of i. */
static inline __attribute__((always_inline))
void backward_columns(long n, long ld, long d, long k0, long kc, long j, const double *x, const double *mask,
                      const double *g, const double *h, double *e, double *dt, double *da) {
    quad sum[PASS_INPUTS][2], da0 = splat(0), da1 = splat(0);
    for (long k = 0; k < kc; k++) {
        sum[k][0] = load4(dt + (k0 + k) * ld + j);
        sum[k][1] = load4(dt + (k0 + k) * ld + j + 4);
    }
    if (da) { da0 = load4(da + j); da1 = load4(da + j + 4); }
    for (long i = 0; i < n; i++) {
        const quad gi = splat(g[i]);
        const quad e0 = load4(mask + i * ld + j) * gi, e1 = load4(mask + i * ld + j + 4) * gi;
        if (e) { store4(e + i * ld + j, e0); store4(e + i * ld + j + 4, e1); }
        const double *xi = x + i * d + k0;
        for (long k = 0; k < kc; k++) {
            const quad xk = splat(xi[k]);
            sum[k][0] += xk * e0;
            sum[k][1] += xk * e1;
        }
        if (da) { da0 += e0 * load4(h + i * ld + j); da1 += e1 * load4(h + i * ld + j + 4); }
    }
    for (long k = 0; k < kc; k++) {
        store4(dt + (k0 + k) * ld + j, sum[k][0]);
        store4(dt + (k0 + k) * ld + j + 4, sum[k][1]);
    }
    if (da) { store4(da + j, da0); store4(da + j + 4, da1); }
}

/* backward_columns with a constant number of inputs, so that the sums are unrolled into registers. */
#define WITH_INPUTS(count) \
    case count: backward_columns(n, ld, d, k0, count, j, x, mask, g, h, first ? e : 0, dt, first ? da : 0); break;

KERNEL void rf_backward(long n, long m, long ld, long d, const double *x, const double *mask, const double *g,
                        const double *h, double *e, double *dt, double *da) {
    const long inputs = dt ? d : 0;
    long j = 0;
    for (; j + LANES <= m; j += LANES) {
        long k0 = 0;
        do {
            const int first = k0 == 0;
            const long kc = inputs - k0 < PASS_INPUTS ? inputs - k0 : PASS_INPUTS;
            switch (kc) {
                WITH_INPUTS(0) WITH_INPUTS(1) WITH_INPUTS(2) WITH_INPUTS(3) WITH_INPUTS(4) WITH_INPUTS(5) WITH_INPUTS(6)
            }
            k0 += PASS_INPUTS;
        } while (k0 < inputs);
    }
    for (; j < m; j++) {
        for (long i = 0; i < n; i++) {
            const double eij = mask[i * ld + j] * g[i];
            if (e) e[i * ld + j] = eij;
            if (dt) for (long k = 0; k < d; k++) dt[k * ld + j] += x[i * d + k] * eij;
            if (da) da[j] += eij * h[i * ld + j];
        }
    }
}

KERNEL void rf_column_combinations(long n, long m, long d, const double *x, const double *matrix,
                                   const double *weights, const long *columns, long count, double *out) {
    /* Multiply, then add: no fused multiply-add, so that a column's sum has the same bits
       whichever columns are formed with it, and those of the plain loop. */
#pragma clang fp contract(off)
    for (long c = 0; c < count * d; c++) out[c] = 0;
    for (long i = 0; i < n; i++) {
        const double *restrict xi = x + i * d, *restrict row = matrix + i * m;
        const double wi = weights ? weights[i] : 1;
        for (long c = 0; c < count; c++) {
            /* A zero coefficient adds +-0: only the sign of a zero sum can differ from skipping it,
               and a branch on it is mispredicted about half the time on an activation mask. */
            const double coefficient = row[columns[c]] * wi;
            double *restrict sum = out + c * d;
            for (long k = 0; k < d; k++) sum[k] += coefficient * xi[k];
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

KERNEL long rf_orbit_first_crossing(long n, const double *b, const double *q, const double *active, long stride,
                                    const double *norms, double level_factor, const long *skip, long skip_count,
                                    int screens, double p_horizon, double sum, double difference, double *factor) {
    /* The operations of NeuronOrbit.crossingFactor, in its order and without fused multiply-adds. */
#pragma clang fp contract(off)
    long best_sample = -1, next_skip = 0;
    double best_factor = INFINITY;
    for (long i = 0; i < n; i++) {
        if (next_skip < skip_count && skip[next_skip] == i) { next_skip++; continue; }
        const double side = active[i * stride] != 0 ? 1 : -1, bi = b[i], qi = q[i];
        const double level = norms[i] * level_factor;
        if (screens && side * (bi + p_horizon * qi) + level >= 0) continue;
        if (qi == 0) continue;
        const double c = (-level / side - bi) / qi;
        double best = INFINITY;
        double candidates[2];
        int count = 0;
        if (sum == 0) {
            if (c != 0) candidates[count++] = difference / (2 * c);
        } else {
            const double disc = c * c - sum * difference;
            if (!(disc >= 0)) continue;
            const double root = c + (c >= 0 ? 1 : -1) * sqrt(disc);
            candidates[count++] = root / sum;
            if (root != 0) candidates[count++] = difference / root;
        }
        for (int r = 0; r < count; r++) {
            const double e = candidates[r];
            if (e > 1 && e < best && side * qi * (sum * e * e - difference) < 0) best = e;
        }
        if (best < best_factor) { best_factor = best; best_sample = i; }
    }
    *factor = best_factor;
    return best_sample;
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

KERNEL int rf_any_reaching(long count, double span, const double *values, const double *start_rates,
                           const double *end_rates, const double *active, const double *levels, double row_level) {
    int any = 0;
    for (long j = 0; j < count; j++) {
        const double s = 2 * active[j] - 1, r0 = s * start_rates[j], r1 = s * end_rates[j];
        const double slowest = r0 < r1 ? r0 : r1;
        any |= s * values[j] + span * (slowest < 0 ? slowest : 0) <= row_level * levels[j];
    }
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
