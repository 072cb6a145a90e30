package io.duplex.protocol.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Incremental, fail-fast UTF-8 validation for text messages.
 *
 * <p>RFC 6455 section 5.6: the payload of a text message is UTF-8, and "a particular text frame
 * might include a partial UTF-8 sequence; however, the whole message MUST contain valid UTF-8".
 * Section 8.1: an endpoint that finds the stream is not valid UTF-8 MUST fail the connection (close
 * code 1007, section 7.4.1). So a validator is fed each fragment as it arrives and must
 *
 * <ul>
 *   <li>carry a code point split across fragments (or across reads) from one {@link #feed} call to
 *       the next, and answer at the end of the message whether the text stopped on a code point
 *       boundary ({@link #isComplete()});
 *   <li>fail <em>fast</em>: the moment a prefix can no longer be the start of valid UTF-8, the
 *       message is already lost, and the connection is failed without waiting for the rest of the
 *       fragment or the message. {@code ED A0} fails at {@code A0} (it would encode a surrogate),
 *       {@code F4 90} at {@code 90} (above U+10FFFF), {@code E0 80} at {@code 80} (overlong), and
 *       {@code C0}, {@code C1}, {@code F5}..{@code FF} at once. This is what the Autobahn
 *       test suite's cases 6.x check.
 * </ul>
 *
 * <p>Well-formed means exactly RFC 3629 section 4, i.e. Unicode Table 3-7: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 *
 * <h2>How it works</h2>
 * A deterministic automaton with nine states, one per row of Table 3-7 that still needs bytes. The
 * transition table is stored "shift-based": for every byte value, one {@code long} holds the next
 * state for all nine current states, each in a 6-bit field, and a state is represented by the bit
 * offset of its field. One step is then {@code state = ROWS[b] >>> state}: a load whose address
 * does not depend on the state, and a single shift on the dependency chain, so the loop runs at
 * about one byte per cycle. (Java masks a {@code long} shift distance to its low 6 bits, so the
 * garbage above the field never needs clearing inside the loop.) Runs of ASCII are skipped 8 bytes
 * at a time by testing {@code word & 0x8080808080808080L}; see {@code run} for how the loop is laid
 * out.
 *
 * <p>The failed state is absorbing (sticky): once an invalid byte is seen, every later
 * {@code feed} answers {@code false} until {@link #reset()}.
 *
 * <p>Instances are not thread-safe; one belongs to one connection's message reassembly.
 */
public final class Utf8Validator {

    // States, each stored as the bit offset of its 6-bit field in a transition row (id * 6).
    /** On a code point boundary: every byte so far forms complete, valid code points. */
    private static final int ACCEPT = 0;
    /** An invalid byte has been seen; absorbing. */
    private static final int REJECT = 6;
    /** One more continuation byte 80..BF is needed. */
    private static final int TAIL1 = 12;
    /** Two more continuation bytes 80..BF are needed. */
    private static final int TAIL2 = 18;
    /** Three more continuation bytes 80..BF are needed (after F1..F3). */
    private static final int TAIL3 = 24;
    /** After E0: the next byte must be A0..BF, else the form is overlong (below U+0800). */
    private static final int AFTER_E0 = 30;
    /** After ED: the next byte must be 80..9F, else it encodes a surrogate U+D800..U+DFFF. */
    private static final int AFTER_ED = 36;
    /** After F0: the next byte must be 90..BF, else the form is overlong (below U+10000). */
    private static final int AFTER_F0 = 42;
    /** After F4: the next byte must be 80..8F, else the code point is above U+10FFFF. */
    private static final int AFTER_F4 = 48;

    private static final int[] STATES = {
        ACCEPT, REJECT, TAIL1, TAIL2, TAIL3, AFTER_E0, AFTER_ED, AFTER_F0, AFTER_F4
    };

    private static final int STATE_MASK = 63;

    /** Per byte value, the next state for each current state, in that state's 6-bit field. */
    private static final long[] ROWS = buildRows();

    /** The high bit of every byte in a word: zero after AND means eight ASCII bytes. */
    private static final long NON_ASCII = 0x8080808080808080L;

    /** Reads 8 bytes of an array as one long; the byte order does not matter for the ASCII test. */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private int state = ACCEPT;

    /** Creates a validator at the start of a message. */
    public Utf8Validator() {
    }

    /**
     * Validates the bytes {@code [position, limit)} of a buffer, continuing from what was fed before.
     * The buffer's position, limit and byte order are not changed. Heap (also read-only) and direct
     * buffers are accepted.
     *
     * @param bytes the next bytes of the message
     * @return {@code false} if an invalid byte has been seen, in this call or an earlier one (the
     *     connection must then be failed with 1007, RFC 6455 section 8.1); {@code true} if everything
     *     so far is valid or a valid prefix
     */
    public boolean feed(ByteBuffer bytes) {
        if (state == REJECT) {
            return false;
        }
        int position = bytes.position();
        int limit = bytes.limit();
        if (bytes.hasArray()) {
            int base = bytes.arrayOffset();
            state = run(bytes.array(), base + position, base + limit, state);
        } else {
            state = run(bytes, position, limit, state);
        }
        return state != REJECT;
    }

    /**
     * Validates {@code length} bytes of an array from {@code offset}, continuing from what was fed
     * before.
     *
     * @param bytes  the array
     * @param offset index of the first byte
     * @param length number of bytes
     * @return {@code false} if an invalid byte has been seen, in this call or an earlier one
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public boolean feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (state == REJECT) {
            return false;
        }
        state = run(bytes, offset, offset + length, state);
        return state != REJECT;
    }

    /**
     * Whether everything fed so far is valid and ends on a code point boundary. Ask at the end of a
     * message: a text message that ends inside a code point is invalid (RFC 6455 section 5.6).
     *
     * @return {@code true} if the bytes fed so far are complete, valid UTF-8
     */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    /**
     * Whether an invalid byte has been seen since the last {@link #reset()}.
     *
     * @return {@code true} once validation has failed
     */
    public boolean hasFailed() {
        return state == REJECT;
    }

    /** Forgets everything fed so far, for the next message. */
    public void reset() {
        state = ACCEPT;
    }

    /**
     * One-shot check of a whole array range.
     *
     * @param bytes  the array
     * @param offset index of the first byte
     * @param length number of bytes
     * @return whether the range is complete, well-formed UTF-8
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public static boolean isValid(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return run(bytes, offset, offset + length, ACCEPT) == ACCEPT;
    }

    /**
     * One-shot check of the bytes {@code [position, limit)} of a buffer, which is not changed.
     *
     * @param bytes the buffer, heap or direct
     * @return whether those bytes are complete, well-formed UTF-8
     */
    public static boolean isValid(ByteBuffer bytes) {
        int position = bytes.position();
        int limit = bytes.limit();
        int end;
        if (bytes.hasArray()) {
            int base = bytes.arrayOffset();
            end = run(bytes.array(), base + position, base + limit, ACCEPT);
        } else {
            end = run(bytes, position, limit, ACCEPT);
        }
        return end == ACCEPT;
    }

    /**
     * Runs the automaton over {@code a[from, to)}, from state {@code start}.
     *
     * <p>The loop is shaped for the branch predictor as much as for the ALU. Each 8-byte word is
     * first tested for ASCII, a test that depends only on the data; only for an all-ASCII word is
     * the state looked at, and then it is nearly always {@code ACCEPT} (anything else means an open
     * sequence is followed by an ASCII byte, which is invalid at that byte). A word with a high byte
     * goes through the automaton as eight unrolled steps with no branch on the state between them,
     * so the CPU can run ahead; the one check for failure per word is almost never taken. A first
     * version that asked "are we on a code point boundary?" before every word ran mixed text at
     * half this speed, because that answer is a coin toss for the predictor.
     *
     * @return the state after the last byte, or {@link #REJECT} as soon as an invalid byte is seen
     */
    private static int run(byte[] a, int from, int to, int start) {
        final long[] rows = ROWS;
        long s = start;
        int i = from;
        int lastWord = to - Long.BYTES; // may be negative: then there is no whole word
        while (i <= lastWord) {
            if (((long) LONGS.get(a, i) & NON_ASCII) == 0) {
                if ((s & STATE_MASK) != ACCEPT) {
                    return REJECT; // a sequence left open, then ASCII (or already failed)
                }
                do {
                    i += Long.BYTES;
                } while (i <= lastWord && ((long) LONGS.get(a, i) & NON_ASCII) == 0);
                continue;
            }
            s = rows[a[i] & 0xFF] >>> s;
            s = rows[a[i + 1] & 0xFF] >>> s;
            s = rows[a[i + 2] & 0xFF] >>> s;
            s = rows[a[i + 3] & 0xFF] >>> s;
            s = rows[a[i + 4] & 0xFF] >>> s;
            s = rows[a[i + 5] & 0xFF] >>> s;
            s = rows[a[i + 6] & 0xFF] >>> s;
            s = rows[a[i + 7] & 0xFF] >>> s;
            i += Long.BYTES;
            if ((s & STATE_MASK) == REJECT) {
                return REJECT; // fail fast: the rest of a large fragment is not worth reading
            }
        }
        for (; i < to; i++) {
            s = rows[a[i] & 0xFF] >>> s;
        }
        return (int) s & STATE_MASK;
    }

    /** As {@link #run(byte[], int, int, int)}, by absolute access to a direct or read-only buffer. */
    private static int run(ByteBuffer b, int from, int to, int start) {
        final long[] rows = ROWS;
        long s = start;
        int i = from;
        int lastWord = to - Long.BYTES;
        while (i <= lastWord) {
            // The byte order of getLong does not matter: the test looks at every byte's high bit.
            if ((b.getLong(i) & NON_ASCII) == 0) {
                if ((s & STATE_MASK) != ACCEPT) {
                    return REJECT;
                }
                do {
                    i += Long.BYTES;
                } while (i <= lastWord && (b.getLong(i) & NON_ASCII) == 0);
                continue;
            }
            s = rows[b.get(i) & 0xFF] >>> s;
            s = rows[b.get(i + 1) & 0xFF] >>> s;
            s = rows[b.get(i + 2) & 0xFF] >>> s;
            s = rows[b.get(i + 3) & 0xFF] >>> s;
            s = rows[b.get(i + 4) & 0xFF] >>> s;
            s = rows[b.get(i + 5) & 0xFF] >>> s;
            s = rows[b.get(i + 6) & 0xFF] >>> s;
            s = rows[b.get(i + 7) & 0xFF] >>> s;
            i += Long.BYTES;
            if ((s & STATE_MASK) == REJECT) {
                return REJECT;
            }
        }
        for (; i < to; i++) {
            s = rows[b.get(i) & 0xFF] >>> s;
        }
        return (int) s & STATE_MASK;
    }

    private static long[] buildRows() {
        long[] rows = new long[256];
        for (int b = 0; b < 256; b++) {
            long row = 0;
            for (int s : STATES) {
                row |= (long) next(s, b) << s;
            }
            rows[b] = row;
        }
        return rows;
    }

    /**
     * The transition function, written out from Unicode Table 3-7 (Well-Formed UTF-8 Byte
     * Sequences), which RFC 3629 section 4 gives as ABNF:
     * <pre>
     *   U+0000..U+007F     00..7F
     *   U+0080..U+07FF     C2..DF  80..BF
     *   U+0800..U+0FFF     E0      A0..BF  80..BF
     *   U+1000..U+CFFF     E1..EC  80..BF  80..BF
     *   U+D000..U+D7FF     ED      80..9F  80..BF
     *   U+E000..U+FFFF     EE..EF  80..BF  80..BF
     *   U+10000..U+3FFFF   F0      90..BF  80..BF  80..BF
     *   U+40000..U+FFFFF   F1..F3  80..BF  80..BF  80..BF
     *   U+100000..U+10FFFF F4      80..8F  80..BF  80..BF
     * </pre>
     * Only the second byte of a sequence has a narrowed range, which is why every state that still
     * accepts something can be completed: rejecting exactly the bytes outside these ranges is what
     * makes the validator fail at the first byte that rules out every valid continuation.
     */
    private static int next(int state, int b) {
        return switch (state) {
            case ACCEPT -> {
                if (b <= 0x7F) {
                    yield ACCEPT;
                } else if (b >= 0xC2 && b <= 0xDF) {
                    yield TAIL1;
                } else if (b == 0xE0) {
                    yield AFTER_E0;
                } else if (b == 0xED) {
                    yield AFTER_ED;
                } else if (b >= 0xE1 && b <= 0xEF) {
                    yield TAIL2;
                } else if (b == 0xF0) {
                    yield AFTER_F0;
                } else if (b >= 0xF1 && b <= 0xF3) {
                    yield TAIL3;
                } else if (b == 0xF4) {
                    yield AFTER_F4;
                } else {
                    // 80..BF: a continuation byte without a lead; C0, C1: only overlong forms;
                    // F5..FF: above U+10FFFF or not UTF-8 at all.
                    yield REJECT;
                }
            }
            case TAIL1 -> within(b, 0x80, 0xBF) ? ACCEPT : REJECT;
            case TAIL2 -> within(b, 0x80, 0xBF) ? TAIL1 : REJECT;
            case TAIL3 -> within(b, 0x80, 0xBF) ? TAIL2 : REJECT;
            case AFTER_E0 -> within(b, 0xA0, 0xBF) ? TAIL1 : REJECT;
            case AFTER_ED -> within(b, 0x80, 0x9F) ? TAIL1 : REJECT;
            case AFTER_F0 -> within(b, 0x90, 0xBF) ? TAIL2 : REJECT;
            case AFTER_F4 -> within(b, 0x80, 0x8F) ? TAIL2 : REJECT;
            default -> REJECT; // REJECT is absorbing
        };
    }

    private static boolean within(int b, int low, int high) {
        return b >= low && b <= high;
    }
}
