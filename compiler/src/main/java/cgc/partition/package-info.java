/**
 * Partition: what a heavy layer's part costs on each side, predicted from measurements taken on the target
 * ({@link cgc.partition.Profile}: a {@link cgc.partition.SideModel} per side, fitted to the {@code layers}
 * benchmark's results, and the sync a split pays), and the placement those predictions choose.
 */
package cgc.partition;
