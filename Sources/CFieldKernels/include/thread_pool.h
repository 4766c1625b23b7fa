#ifndef RELUFLOW_THREAD_POOL_H
#define RELUFLOW_THREAD_POOL_H

/* A fixed set of threads that run the blocks of one pass over the pair arrays. A field calls it
   for every pass (tens of thousands per second), so an idle worker spins for a while before it
   sleeps: waking a sleeping thread costs tens of microseconds, as much as a pass at n = m = 400. */

typedef struct rf_pool rf_pool;

/* A pool of `threads` - 1 workers besides the calling thread (NULL when threads < 2 or a thread
   could not be started: `rf_pool_run` then runs every block on the calling thread). */
rf_pool *rf_pool_create(int threads);
void rf_pool_destroy(rf_pool *pool);

/* Runs task(context, b) for b = 0 ..< blocks (at most the pool's threads), block 0 on the calling
   thread, and returns when every block is done. One caller at a time. */
void rf_pool_run(rf_pool *pool, long blocks, void (*task)(void *context, long block), void *context);

#endif
