package io.duplex.protocol.frame;

/**
 * Where a client gets the masking key for each frame it sends.
 *
 * <p>RFC 6455 section 5.3: "the client MUST pick a fresh masking key from the set of allowed 32-bit
 * values. The masking key needs to be unpredictable; thus, the masking key MUST be derived from a
 * strong source of entropy". Section 10.3 explains why: if a script could predict the key, it could
 * choose the bytes on the wire and poison caching proxies. Production code uses {@link #secure()}.
 */
@FunctionalInterface
public interface MaskingKeySource {

    /**
     * The key for the next frame.
     *
     * @return four key octets, octet 0 in the most significant byte (as on the wire)
     */
    int nextKey();

    /**
     * A new source backed by {@link java.security.SecureRandom}, as section 5.3 requires. Not
     * thread-safe: use one per connection or per event loop.
     *
     * @return a new {@link MaskingKeys}
     */
    static MaskingKeySource secure() {
        return new MaskingKeys();
    }

    /**
     * A source that always answers the same key. <strong>For tests only</strong>: a predictable key
     * violates RFC 6455 section 5.3 and reopens the proxy attack of section 10.3. It exists so that
     * tests can compare client frames with fixed bytes, such as the masked example of section 5.7
     * (key {@code 0x37fa213d}).
     *
     * @param key the key to answer every time
     * @return a source of that one key
     */
    static MaskingKeySource fixed(int key) {
        return () -> key;
    }
}
