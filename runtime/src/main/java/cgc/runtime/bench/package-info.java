/** Benchmarks that run on the target with only a JRE, the runtime jar and JOCL: {@link cgc.runtime.bench.SyncBench}. */
package cgc.runtime.bench;
