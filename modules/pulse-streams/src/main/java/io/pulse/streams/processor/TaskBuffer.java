package io.pulse.streams.processor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorContextImpl;
import org.apache.kafka.streams.processor.internals.StreamTask;

/**
 * How many records Kafka Streams has fetched for the calling task and not yet handed to its processors. Kafka Streams
 * has no public way to ask, so this reads the task's own count through its internals (the context's task, the task's
 * {@code numBuffered()}), as {@link CommitHook} reads its commits; where those are not there (another Kafka Streams
 * version, a mock context) the count is {@link #UNKNOWN} and callers behave as if nothing waited.
 * {@code TaskBufferTest} fails the build when the Kafka Streams in use no longer has them.
 */
final class TaskBuffer {
    static final int UNKNOWN = -1;

    /** {@code ProcessorContextImpl.streamTask}: the active task the context belongs to (set again when recycled). */
    private static final MethodHandle TASK_OF_CONTEXT;
    /** {@code StreamTask.numBuffered()}: records in its partitions' queues; the one being processed is not. */
    private static final MethodHandle BUFFERED_OF_TASK;

    static {
        MethodHandle task = null;
        MethodHandle buffered = null;
        try {
            Field f = ProcessorContextImpl.class.getDeclaredField("streamTask");
            f.setAccessible(true);
            Method m = StreamTask.class.getDeclaredMethod("numBuffered");
            m.setAccessible(true);
            task = MethodHandles.lookup().unreflectGetter(f);
            buffered = MethodHandles.lookup().unreflect(m);
        } catch (ReflectiveOperationException | RuntimeException e) {
            task = null;
            buffered = null;
        }
        TASK_OF_CONTEXT = task;
        BUFFERED_OF_TASK = buffered;
    }

    private TaskBuffer() {}

    /** Whether this Kafka Streams lets the count be read at all. */
    static boolean readable() {
        return TASK_OF_CONTEXT != null;
    }

    /** The records fetched for {@code context}'s task and not processed yet, or {@link #UNKNOWN}. */
    static int buffered(ProcessorContext<?, ?> context) {
        if (TASK_OF_CONTEXT == null || !(context instanceof ProcessorContextImpl impl)) {
            return UNKNOWN;
        }
        try {
            Object task = TASK_OF_CONTEXT.invoke(impl);
            return task == null ? UNKNOWN : (int) BUFFERED_OF_TASK.invoke(task);
        } catch (Throwable t) {
            return UNKNOWN;
        }
    }
}
