package io.duplex.cli;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Makes benchmark messages of an exact size in bytes, from a seeded {@link Random}: the same seed
 * gives the same messages, so that runs (and servers) are compared on the same data. Every text is
 * ASCII, so its length in characters is its length in UTF-8 bytes.
 */
final class PayloadGenerator {

    private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "BRK.B",
            "JPM", "V", "XOM", "UNH", "LLY", "AVGO", "ORCL", "COST", "NFLX", "AMD", "INTC", "BTC-USD", "ETH-USD",
            "EUR/USD", "USD/JPY", "SAP.DE"};
    /** A plausible price per symbol, in cents; the messages wander around it. */
    private static final int[] BASE_CENTS = {18_923, 41_237, 12_480, 18_402, 17_215, 50_199, 24_860, 41_003,
            19_877, 27_340, 11_472, 52_918, 77_610, 16_988, 13_940, 86_101, 67_555, 15_833, 3_102, 6_712_345,
            351_277, 108, 15_720, 17_844};
    private static final String[] VENUES = {"XNAS", "XNYS", "ARCX", "BATS", "IEXG", "XETR", "CBSX"};
    private static final String[] WORDS = {"the", "of", "and", "to", "in", "is", "you", "that", "it", "he",
            "was", "for", "on", "are", "as", "with", "his", "they", "at", "be", "this", "have", "from", "or",
            "one", "had", "by", "word", "but", "not", "what", "all", "were", "we", "when", "your", "can",
            "said", "there", "use", "an", "each", "which", "she", "do", "how", "their", "if", "will", "up",
            "other", "about", "out", "many", "then", "them", "these", "so", "some", "her", "would", "make",
            "like", "him", "into", "time", "has", "look", "two", "more", "write", "go", "see", "number",
            "market", "price", "order", "stream", "socket", "message", "server", "client", "window"};
    private static final String TEXT_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** Milliseconds since the epoch of the first record: a fixed date keeps the messages reproducible. */
    private static final long EPOCH_MILLIS = 1_718_035_200_000L;

    private PayloadGenerator() {
    }

    /**
     * A market-data update in JSON: {@code {"channel":"trades","seq":N,"data":[{record},...]}} with as
     * many trade records (symbol, price, quantity, side, timestamp, venue, id) as fit, and spaces
     * before the closing {@code ]} to make up the exact size (JSON allows whitespace there). Field
     * names and symbols repeat, numbers vary: compressible the way real feeds are. Sizes too small
     * for the envelope give {@code []} padded with spaces ({@code 0} for 1 byte, empty for 0).
     *
     * @param random where the variation comes from
     * @param seq    the message's sequence number, written into it
     * @param size   the exact length in bytes
     * @return the message, {@code size} ASCII characters
     */
    static String json(Random random, long seq, int size) {
        requireSize(size);
        if (size < 2) {
            return size == 0 ? "" : "0";
        }
        String head = "{\"channel\":\"trades\",\"seq\":" + seq + ",\"data\":[";
        String tail = "]}";
        if (head.length() + tail.length() > size) {
            return "[" + " ".repeat(size - 2) + "]";
        }
        StringBuilder s = new StringBuilder(size).append(head);
        long ts = EPOCH_MILLIS + seq * 250 + random.nextInt(250);
        for (boolean first = true; ; first = false) {
            String record = (first ? "" : ",") + tradeRecord(random, ts);
            if (s.length() + record.length() + tail.length() > size) {
                break;
            }
            s.append(record);
            ts += random.nextInt(4);
        }
        s.append(" ".repeat(size - s.length() - tail.length())).append(tail);
        return s.toString();
    }

    private static String tradeRecord(Random random, long ts) {
        int i = random.nextInt(SYMBOLS.length);
        // Within about 1 % of the base price: the leading digits repeat, the last ones do not.
        long cents = BASE_CENTS[i] + (long) (BASE_CENTS[i] * (random.nextGaussian() * 0.004));
        cents = Math.max(cents, 1);
        int qty = random.nextInt(4) == 0 ? 1 + random.nextInt(999) : 100 * (1 + random.nextInt(50));
        return "{\"sym\":\"" + SYMBOLS[i] + "\",\"px\":" + cents / 100 + "." + twoDigits(cents % 100)
                + ",\"qty\":" + qty + ",\"side\":\"" + (random.nextBoolean() ? "buy" : "sell")
                + "\",\"ts\":" + ts + ",\"venue\":\"" + VENUES[random.nextInt(VENUES.length)]
                + "\",\"id\":" + (100_000_000 + random.nextInt(900_000_000)) + "}";
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /**
     * English-like text: words from a fixed list of common ones, separated by spaces, the last one cut
     * to make up the exact size. Compresses well, as prose and chat do.
     *
     * @param random which words
     * @param size   the exact length in bytes
     * @return the text, {@code size} ASCII characters
     */
    static String ascii(Random random, int size) {
        requireSize(size);
        StringBuilder s = new StringBuilder(size + 16);
        while (s.length() < size) {
            if (s.length() > 0) {
                s.append(random.nextInt(12) == 0 ? ". " : " ");
            }
            s.append(WORDS[random.nextInt(WORDS.length)]);
        }
        s.setLength(size);
        return s.toString();
    }

    /**
     * Noise, which deflate cannot shrink: the worst case for a compressor.
     *
     * @param random   the source of the bytes
     * @param size     the exact length in bytes
     * @param textSafe {@code true} for characters of the base64 alphabet (a valid text message, 6 bits
     *                 of entropy a byte), {@code false} for any byte value
     * @return the bytes
     */
    static byte[] random(Random random, int size, boolean textSafe) {
        requireSize(size);
        byte[] b = new byte[size];
        if (textSafe) {
            for (int i = 0; i < size; i++) {
                b[i] = (byte) TEXT_SAFE.charAt(random.nextInt(TEXT_SAFE.length()));
            }
        } else {
            random.nextBytes(b);
        }
        return b;
    }

    /**
     * @param text an ASCII text from this class
     * @return its bytes
     */
    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void requireSize(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("a size is at least 0: " + size);
        }
    }
}
