/**
 * Differential privacy on streams: continual release of running counts with event-level privacy
 * ({@link io.privacity.dp.stream.ContinualCounter}: binary tree with Honaker's estimator, hybrid
 * mechanism, naive baselines) and w-event private publication of per-interval statistics ({@link
 * io.privacity.dp.stream.WEventPublisher}: budget distribution and absorption).
 */
package io.privacity.dp.stream;
