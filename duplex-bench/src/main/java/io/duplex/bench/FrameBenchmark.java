package io.duplex.bench;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.duplex.protocol.EngineSettings;
import io.duplex.protocol.ProtocolEvent;
import io.duplex.protocol.Role;
import io.duplex.protocol.WebSocketConnection;
import io.duplex.protocol.frame.FrameWriter;
import io.duplex.protocol.frame.Masking;
import io.duplex.protocol.frame.MaskingKeySource;
import io.duplex.protocol.frame.Opcode;

/**
 * Frame parse and write throughput of the engine for 16 B, 1 KiB and 1 MiB binary frames.
 *
 * <ul>
 *   <li>{@code parse}: a server engine fed a batch of masked client frames (about 1 MiB, or one frame
 *       for 1 MiB) in one buffer: header decoding, unmasking, rule checks, message assembly, events.</li>
 *   <li>{@code writeServer}: a server engine queuing binary messages and handing the buffers back
 *       (header written, payload passed through untouched).</li>
 *   <li>{@code writeClient}: the same for a client, which masks a copy of each payload with a fresh key.</li>
 * </ul>
 * How to read it: the primary score is batches per second; the secondary {@code bytes} counter is
 * payload bytes per second, so GB/s is that score divided by 1e9. Run with
 * {@code java -jar duplex-bench/target/benchmarks.jar FrameBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameBenchmark {

    private static final int BATCH_BYTES = 1 << 20;

    /** Payload size of each frame. */
    @Param({"16", "1024", "1048576"})
    public int size;

    private int framesPerBatch;
    private ByteBuffer wire;
    private ByteBuffer payload;
    private WebSocketConnection server;
    private WebSocketConnection client;


    /** Builds the batch of masked frames and the engines. */
    @Setup
    public void setUp() {
        framesPerBatch = Math.max(1, BATCH_BYTES / size);
        int frameSize = FrameWriter.headerSize(size, true) + size;
        wire = ByteBuffer.allocate(frameSize * framesPerBatch);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) i;
        }
        MaskingKeySource keys = MaskingKeySource.secure();
        for (int i = 0; i < framesPerBatch; i++) {
            int key = keys.nextKey();
            FrameWriter.writeHeader(wire, true, 0, Opcode.BINARY, size, true, key);
            ByteBuffer body = ByteBuffer.wrap(data.clone());
            Masking.maskInPlace(body, key, 0);
            wire.put(body);
        }
        wire.flip();
        payload = ByteBuffer.wrap(data).asReadOnlyBuffer();
        EngineSettings settings = EngineSettings.defaults().withMaxMessageSize(2L * size + 1024);
        server = new WebSocketConnection(Role.SERVER, settings, List.of(), null);
        client = new WebSocketConnection(Role.CLIENT, settings, List.of(), MaskingKeySource.secure());
    }

    /**
     * Feeds the batch to a server engine and consumes the events. The payloads are unmasked in place
     * each time, so they alternate between masked and clear bytes: binary messages do not care.
     *
     * @param bh    sink for the events
     * @param bytes payload byte counter
     */
    @Benchmark
    public void parse(Blackhole bh, ByteCounter bytes) {
        wire.rewind();
        server.receive(wire);
        ProtocolEvent e;
        while ((e = server.nextEvent()) != null) {
            bh.consume(e);
        }
        bytes.bytes += (long) size * framesPerBatch;
    }

    /**
     * Queues a batch of binary messages on a server engine and takes the output.
     *
     * @param bh    sink for the buffers
     * @param bytes payload byte counter
     */
    @Benchmark
    public void writeServer(Blackhole bh, ByteCounter bytes) {
        for (int i = 0; i < framesPerBatch; i++) {
            server.sendBinary(payload);
        }
        bh.consume(server.takeOutput());
        bytes.bytes += (long) size * framesPerBatch;
    }

    /**
     * Queues a batch of binary messages on a client engine (masked copies) and takes the output.
     *
     * @param bh    sink for the buffers
     * @param bytes payload byte counter
     */
    @Benchmark
    public void writeClient(Blackhole bh, ByteCounter bytes) {
        for (int i = 0; i < framesPerBatch; i++) {
            client.sendBinary(payload);
        }
        bh.consume(client.takeOutput());
        bytes.bytes += (long) size * framesPerBatch;
    }
}
