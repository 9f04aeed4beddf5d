/** Privacity anonymize module. */
package io.privacity.anonymize;
