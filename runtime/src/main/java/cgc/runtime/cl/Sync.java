package cgc.runtime.cl;

import cgc.runtime.device.SyncMechanism;
import org.jocl.cl_event;

/**
 * The handle of one enqueued kernel: {@link #await()} returns once it (and everything enqueued before it on the
 * in-order queue) has completed. Launches are numbered; a sync that a later wait, map or read already covered returns
 * at once. Not thread-safe, like {@link Gpu}.
 */
public final class Sync {
    private final Gpu gpu;
    private final long sequence;
    private final SyncMechanism mechanism;
    cl_event event; // EVENT only; released by the Gpu once complete

    Sync(Gpu gpu, long sequence, SyncMechanism mechanism, cl_event event) {
        this.gpu = gpu;
        this.sequence = sequence;
        this.mechanism = mechanism;
        this.event = event;
    }

    /** Blocks (or spins, for svm-flag) until the kernel has completed. */
    public void await() {
        gpu.await(this);
    }

    /** Whether the kernel is known to have completed, without waiting. */
    public boolean isComplete() {
        return gpu.completedThrough() >= sequence;
    }

    /** The launch's number on its {@link Gpu}, from 1. */
    public long sequence() {
        return sequence;
    }

    public SyncMechanism mechanism() {
        return mechanism;
    }

    @Override
    public String toString() {
        return "sync #" + sequence + " by " + mechanism.label();
    }
}
