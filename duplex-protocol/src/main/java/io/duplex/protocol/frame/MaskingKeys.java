package io.duplex.protocol.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Masking keys from a {@link SecureRandom}, drawn in batches (RFC 6455 sections 5.3 and 10.3).
 *
 * <p>A client needs a fresh key for every frame, and a {@code SecureRandom} call is not cheap: the
 * default on Linux ({@code NativePRNG}) takes a lock shared by the whole JVM and reads from the
 * kernel on each call. So this class asks for 256 bytes at once and hands them out
 * four at a time. The keys stay as unpredictable as the generator: every key is the next unused
 * four bytes of the CSPRNG's output stream, no byte is ever handed out twice, and no key is derived
 * from another. (Keys not yet handed out sit in this object's memory until used; anyone who can
 * read the heap has already won, and every key is sent in the clear as soon as it is used anyway.)
 *
 * <p><strong>Not thread-safe.</strong> Use one instance per connection or per event loop, from the
 * thread that owns it; a shared instance would need outside synchronisation.
 */
public final class MaskingKeys implements MaskingKeySource {

    /** How many random bytes are fetched from the generator at once: 64 keys. */
    static final int BATCH_BYTES = 256;

    private static final VarHandle INTS =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final SecureRandom random;
    private final byte[] batch = new byte[BATCH_BYTES];
    /** Index of the next unused byte in {@link #batch}; at the end, the batch must be refilled. */
    private int next = BATCH_BYTES;

    /** A source backed by a new default {@link SecureRandom}, seeded by the platform. */
    public MaskingKeys() {
        this(new SecureRandom());
    }

    /**
     * A source backed by the given generator, for a deployment that wants a particular algorithm
     * (for example {@code SecureRandom.getInstance("DRBG")}).
     *
     * @param random a cryptographically strong generator; owned by this source from now on
     */
    public MaskingKeys(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The next four unused bytes of the generator's output, as a big-endian key.
     *
     * @return a fresh, unpredictable masking key
     */
    @Override
    public int nextKey() {
        if (next == BATCH_BYTES) {
            random.nextBytes(batch);
            next = 0;
        }
        int key = (int) INTS.get(batch, next);
        next += Integer.BYTES;
        return key;
    }
}
