/**
 * Benchmarks of co-execution that need the compiler (they build and compile plans as they go): {@code cgc bench
 * layers} measures each heavy layer of the suite on the CPU alone, the GPU alone and split at every ratio of a grid
 * (the grid-search <em>oracle</em>); {@code cgc bench models} runs whole models with {@code cpu}, {@code gpu} and the
 * oracle's per-layer choices. Results are JSON and a Markdown table; every figure is a ratio to a peer measured in the
 * same run.
 */
package cgc.bench;
