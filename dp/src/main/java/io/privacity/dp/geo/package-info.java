/**
 * Geo-indistinguishability for citizens' position reports, made floating-point safe: {@link
 * io.privacity.dp.geo.PlanarLaplace} (exact lattice planar Laplace on a public metric grid, with
 * its discretization slack in the guarantee), truncation to a public {@link
 * io.privacity.dp.geo.GeoRegion}, {@link io.privacity.dp.geo.OptimalRemapping} under a public
 * prior, the LP-optimal mechanism on small grids ({@link io.privacity.dp.geo.OptimalMechanism}),
 * accuracy helpers ({@link io.privacity.dp.geo.GeoAccuracy}), a budget-charging {@link
 * io.privacity.dp.geo.LocationReporter} and DP heat maps ({@link io.privacity.dp.geo.DpHeatMap}).
 * Proofs: {@code docs/proofs/geo.md}.
 */
package io.privacity.dp.geo;
