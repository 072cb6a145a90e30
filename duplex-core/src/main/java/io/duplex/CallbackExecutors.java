package io.duplex;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Executors for listeners whose callbacks may block, so that they run off the event loop. Virtual
 * threads are the natural choice where the runtime has them (Java 21 and later).
 */
public final class CallbackExecutors {

    private CallbackExecutors() {
    }

    /**
     * A new virtual-thread-per-task executor, when the runtime has virtual threads. Duplex is built
     * for Java 17, so the method is looked up at run time.
     *
     * @return the executor, or empty on a runtime without virtual threads
     */
    public static Optional<ExecutorService> virtualThreads() {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return Optional.of((ExecutorService) factory.invoke(null));
        } catch (ReflectiveOperationException | RuntimeException notAvailable) {
            return Optional.empty();
        }
    }

    /**
     * Virtual threads where the runtime has them, else a cached pool of daemon threads.
     *
     * @return an executor for blocking callbacks
     */
    public static ExecutorService forBlockingCallbacks() {
        return virtualThreads().orElseGet(() -> Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "duplex-callback");
            t.setDaemon(true);
            return t;
        }));
    }
}
