#ifndef RELUFLOW_COPENBLAS_SHIM_H
#define RELUFLOW_COPENBLAS_SHIM_H

/* pkg-config openblas puts OpenBLAS's own include directory first, so this is its cblas.h. */
#include <cblas.h>

#endif
