#ifndef RELUFLOW_COPENBLAS_SHIM_H
#define RELUFLOW_COPENBLAS_SHIM_H

#include <stddef.h>
/* pkg-config openblas puts OpenBLAS's own include directory first, so this is its cblas.h. */
#include <cblas.h>

/* LAPACK's symmetric eigensolver, exported by libopenblas (Fortran calling convention: arguments
   by pointer, column-major, hidden lengths of the character arguments last). OpenBLAS ships no
   LAPACK header in its include directory, and GSL's matrix headers would bring GSL's own cblas.h,
   whose enums clash with OpenBLAS's. */
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
            double *work, const int *lwork, int *info, size_t jobz_length, size_t uplo_length);

#endif
