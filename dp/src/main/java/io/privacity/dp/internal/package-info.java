/**
 * Exact samplers (integer arithmetic in every random decision) behind the dp mechanisms. Internal
 * to Privacity: not part of the public API, may change without notice.
 */
package io.privacity.dp.internal;
