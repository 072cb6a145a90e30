package io.duplex.redis;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for the tests, on a free loopback port, without persistence, run in the
 * foreground so that its {@link Process} handle is all it takes to stop it. It can be stopped and
 * started again on the same port, as a Redis restart looks to its clients.
 *
 * <p>When the binary is missing the test is skipped, or failed when the environment variable
 * {@code CI} is {@code true}: CI installs it, so a missing one there is a broken setup.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final int port;
    private final Path dir;
    private Process process;

    private RedisServerProcess(Path binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts a server on a free port and waits until it answers.
     *
     * @return the running server
     */
    public static RedisServerProcess start() throws IOException, InterruptedException {
        Path binary = find();
        if (binary == null) {
            String message = "redis-server is missing; install it with: apt-get install redis-server";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true and " + message);
            }
            assumeTrue(false, "test skipped: " + message);
        }
        RedisServerProcess redis = new RedisServerProcess(binary, freePort(), Files.createTempDirectory("duplex-redis-"));
        try {
            redis.launch();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    /** @return {@code /usr/bin/redis-server} or the one on the PATH, or null when there is none */
    private static Path find() {
        Path debian = Path.of("/usr/bin/redis-server");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(d, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return {@code redis://127.0.0.1:PORT} */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** @return whether the process is running */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server again, on the same port, and waits until it answers. */
    public void restart() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("redis-server is running already");
        }
        launch();
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers) and waits until it has exited. */
    public void stop() throws InterruptedException {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        process = null;
    }

    /** Stops the server and deletes its folder. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Process p = process;
            if (p != null) {
                p.destroyForcibly(); // no more waiting, but never left running
            }
        } finally {
            deleteFolder();
        }
    }

    /**
     * Starts the process and waits until it answers PING. A process that exits at once (the port was
     * still held, say) is started again until the deadline.
     */
    private void launch() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            process = new ProcessBuilder(binary.toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no",
                    "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                    .start();
            while (process.isAlive() && !RespClient.ping(port)) {
                if (System.nanoTime() - deadline > 0) {
                    stop();
                    throw new IllegalStateException("redis-server did not answer on port " + port + " within "
                            + START_TIMEOUT + "; its log: " + log());
                }
                Thread.sleep(20);
            }
            if (process.isAlive()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + "; its log: "
                        + log());
            }
            Thread.sleep(100);
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void deleteFolder() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
