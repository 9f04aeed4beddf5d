/**
 * Value generalization hierarchies: {@link io.privacity.anonymize.hierarchy.Hierarchy} (read from
 * ARX-format CSV, {@code value;level1;…;*}) and {@link
 * io.privacity.anonymize.hierarchy.Hierarchies}, builders for intervals, masking, date/time
 * granularities, categorical trees and spatial grids.
 */
package io.privacity.anonymize.hierarchy;
