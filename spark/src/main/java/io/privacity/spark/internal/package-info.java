/** Implementation of the Spark releases; not an API (may change without notice). */
package io.privacity.spark.internal;
