/** Privacity crypto module. */
package io.privacity.crypto;
