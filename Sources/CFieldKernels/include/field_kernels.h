#ifndef RELUFLOW_FIELD_KERNELS_H
#define RELUFLOW_FIELD_KERNELS_H

/* Row-by-row kernels of the two-layer ReLU field at small input dimension d. All matrices are
   row-major: X is n x d, V^T is d x m (the hidden weights transposed), H, the mask and E are
   n x m. Each row of H is formed, used and stored while it is in the cache, instead of one pass
   over n x m for every product and elementwise step. */

/* H = X V^T. */
void rf_preactivations(long n, long m, long d, const double *x, const double *vt, double *h);

/* H = X V^T (skipped when vt is NULL: H is then read as given) and the outputs
   f_i = alpha sum_j mask_ij H_ij o_j. */
void rf_outputs(long n, long m, long d, const double *x, const double *vt, const double *mask,
                const double *o, double alpha, double *h, double *f);

/* With E = mask .* g (E_ij = mask_ij g_i), each output when it is not NULL: E itself; D^T += X^T E
   (d x m, D^T_kj += sum_i x_ik E_ij); da_j += sum_i E_ij H_ij (D^T and da are added into: a sum
   over the rows can be formed block of rows by block). The m columns are read and written with
   row length ld >= m (the mask, H, E and D^T of a block of columns of wider matrices); each
   column's terms are added in the order of i, whatever the blocks. */
void rf_backward(long n, long m, long ld, long d, const double *x, const double *mask, const double *g,
                 const double *h, double *e, double *dt, double *da);

/* For each listed column c of the n x m matrix M (columns[c], count of them), the d-vector
   out_c = sum_i w_i M_i,columns[c] x_i (w_i = 1 when weights is NULL), added in the order of i,
   each product rounded before it is added (no fused multiply-add); a zero coefficient adds +-0,
   so the sums are those of the terms with a nonzero coefficient (up to the sign of a zero sum).
   out is count x d. */
void rf_column_combinations(long n, long m, long d, const double *x, const double *matrix, const double *weights,
                            const long *columns, long count, double *out);

/* out_i = <v, x_i> for every sample, from X^T (d x n): one pass over X^T's rows, each term added
   in the order of k. */
void rf_input_products(long n, long d, const double *xt, const double *v, double *out);

/* The earliest crossing of one neuron's orbit (NeuronOrbit.crossingFactor for each sample, with
   the same operations): for each sample i not in the increasing list `skip`, the pair's side
   s = +1 when active[i * stride] != 0 else -1, its rounding level norms_i level_factor, and
   b_i = <w_perp, x_i>, q_i = <e, x_i>; when `screens`, a pair with
   s (b_i + p_horizon q_i) + level >= 0 is passed over. Returns the sample whose factor E > 1 is
   the smallest (the first such sample on ties; -1 when there is none) and writes E to *factor. */
long rf_orbit_first_crossing(long n, const double *b, const double *q, const double *active, long stride,
                             const double *norms, double level_factor, const long *skip, long skip_count,
                             int screens, double p_horizon, double sum, double difference, double *factor);

/* Scans of one row of the n x m pair arrays (sample i, every neuron j), with s_j = 2 active_j - 1
   the pair's side, value_j = s_j values_j and rate_j = s_j rates_j. Each returns whether some j
   has, for rf_any_before: rate_j < 0, value_j > row_level levels_j and
   value_j < bound (1 + 8 ulp) (-rate_j) (a pair moving towards its surface that may reach it
   before `bound`); for rf_any_past: value_j < -(row_level levels_j) (past its surface by more
   than its rounding level); for rf_any_turning: s_j start_rates_j < 0 < s_j end_rates_j (a pair
   heading to its surface at a step's start and away from it at its end); for rf_any_reaching:
   value_j + span min(0, s_j start_rates_j, s_j end_rates_j) <= row_level levels_j (a pair that a
   step of length `span`, its rate between the two, may bring to its surface). */
int rf_any_before(long count, double bound, const double *values, const double *rates, const double *active,
                  const double *levels, double row_level);
int rf_any_past(long count, const double *values, const double *active, const double *levels, double row_level);
int rf_any_turning(long count, const double *start_rates, const double *end_rates, const double *active);
int rf_any_reaching(long count, double span, const double *values, const double *start_rates,
                    const double *end_rates, const double *active, const double *levels, double row_level);

#endif
