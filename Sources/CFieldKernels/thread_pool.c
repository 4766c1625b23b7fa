#include "thread_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#if defined(__x86_64__)
#define RELAX() __builtin_ia32_pause()
#else
#define RELAX() ((void)0)
#endif

/* Polls of an idle worker before it sleeps (a pause is 10 to 140 cycles: 0.2 to 3 ms), and
   between the yields of a thread that waits (a worker, or the caller for its workers): with more
   threads than free cores, a waiting thread gives its core to the one it waits for. */
#define SPINS 40000
#define POLLS_PER_YIELD 64

struct rf_pool {
    int workers;
    pthread_t *threads;
    struct rf_worker *slots;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    _Atomic unsigned long generation;
    _Atomic long pending;
    _Atomic int stopping;
    void (*task)(void *, long);
    void *context;
    long blocks;
};

struct rf_worker {
    rf_pool *pool;
    long index;
};

static void *work(void *argument) {
    struct rf_worker *self = argument;
    rf_pool *pool = self->pool;
    unsigned long seen = 0;
    for (;;) {
        unsigned long now;
        long spins = 0;
        while ((now = atomic_load_explicit(&pool->generation, memory_order_acquire)) == seen) {
            if (++spins < SPINS) {
                if (spins % POLLS_PER_YIELD == 0) sched_yield(); else RELAX();
                continue;
            }
            pthread_mutex_lock(&pool->lock);
            while (atomic_load(&pool->generation) == seen) pthread_cond_wait(&pool->wake, &pool->lock);
            pthread_mutex_unlock(&pool->lock);
        }
        seen = now;
        if (atomic_load(&pool->stopping)) return 0;
        if (self->index < pool->blocks) pool->task(pool->context, self->index);
        atomic_fetch_sub_explicit(&pool->pending, 1, memory_order_release);
    }
}

rf_pool *rf_pool_create(int threads) {
    if (threads < 2) return 0;
    rf_pool *pool = calloc(1, sizeof *pool);
    if (!pool) return 0;
    pool->threads = calloc(threads - 1, sizeof *pool->threads);
    pool->slots = calloc(threads - 1, sizeof *pool->slots);
    pthread_mutex_init(&pool->lock, 0);
    pthread_cond_init(&pool->wake, 0);
    if (pool->threads && pool->slots) {
        for (int w = 0; w < threads - 1; w++) {
            pool->slots[w] = (struct rf_worker){pool, w + 1};
            if (pthread_create(&pool->threads[w], 0, work, &pool->slots[w]) != 0) break;
            pool->workers = w + 1;
        }
    }
    if (pool->workers == threads - 1) return pool;
    rf_pool_destroy(pool);
    return 0;
}

/* Publishes a new generation: every worker runs its block of it (or, when stopping, returns). */
static void publish(rf_pool *pool) {
    atomic_store_explicit(&pool->pending, pool->workers, memory_order_relaxed);
    pthread_mutex_lock(&pool->lock);
    atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->lock);
}

void rf_pool_destroy(rf_pool *pool) {
    if (!pool) return;
    atomic_store(&pool->stopping, 1);
    publish(pool);
    for (int w = 0; w < pool->workers; w++) pthread_join(pool->threads[w], 0);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->lock);
    free(pool->threads);
    free(pool->slots);
    free(pool);
}

void rf_pool_run(rf_pool *pool, long blocks, void (*task)(void *, long), void *context) {
    if (!pool || blocks < 2) {
        for (long b = 0; b < blocks; b++) task(context, b);
        return;
    }
    pool->task = task;
    pool->context = context;
    pool->blocks = blocks;
    publish(pool);
    task(context, 0);
    for (long b = pool->workers + 1; b < blocks; b++) task(context, b);
    for (long polls = 1; atomic_load_explicit(&pool->pending, memory_order_acquire) > 0; polls++) {
        if (polls % POLLS_PER_YIELD == 0) sched_yield(); else RELAX();
    }
}
