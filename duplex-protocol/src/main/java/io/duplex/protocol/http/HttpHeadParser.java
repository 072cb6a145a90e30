package io.duplex.protocol.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses an HTTP/1.1 request head or response head from bytes cut at arbitrary points, down to one
 * byte per call (RFC 7230 sections 3 to 3.2). It consumes bytes only up to the blank line that ends
 * the head: whatever follows (WebSocket frames that came in the same read) stays in the buffer, from
 * its position on. Bodies are never read.
 *
 * <p>Memory: the line being read is kept in an array that grows up to
 * {@link HttpLimits#maxHeadBytes()}; finished lines are kept as parsed fields.
 *
 * <p>The parser is strict where leniency would let two parsers disagree about where a line or a field
 * ends (RFC 7230 section 9.5, request smuggling): every line must end with CRLF (a bare LF or a CR not
 * followed by LF fails, although RFC 7230 section 3.5 would allow a bare LF), obsolete line folding
 * fails (section 3.2.4 allows rejecting it with 400), whitespace between a field name and its colon
 * fails (section 3.2.4 requires 400), and control characters in values fail. Every failure of a
 * request is {@code 400 Bad Request}, except a head over the limits: {@code 431 Request Header
 * Fields Too Large} (RFC 6585 section 5). A response parser reports the same statuses, as the class of
 * what was wrong; the client fails the connection whatever the status.
 *
 * <p>Once complete or failed, the parser consumes nothing more and returns the same result.
 *
 * @param <H> {@link HttpRequestHead} or {@link HttpResponseHead}
 */
public final class HttpHeadParser<H> {

    /**
     * What one call to {@link #parse(ByteBuffer)} achieved.
     *
     * @param <H> the head type
     */
    public sealed interface Result<H> permits NeedMore, Complete, Failed {
    }

    /**
     * Every byte given was consumed and the head is not complete yet.
     *
     * @param <H> the head type
     */
    public record NeedMore<H>() implements Result<H> {
    }

    /**
     * The head is complete; the buffer's position is just past its blank line.
     *
     * @param head the parsed head
     * @param <H>  the head type
     */
    public record Complete<H>(H head) implements Result<H> {
        /** Checks that the head is present. */
        public Complete {
            Objects.requireNonNull(head, "head");
        }
    }

    /**
     * The bytes are not a valid head, or exceed the limits.
     *
     * @param status the status to answer a request with: 400 or 431
     * @param reason what was wrong, for the response body and the logs
     * @param <H>    the head type
     */
    public record Failed<H>(int status, String reason) implements Result<H> {
        /** Checks that the reason is present. */
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private enum Stage { START_LINE, HEADER_FIELDS, FINISHED }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final HttpLimits limits;
    private final StartLine<H> startLine;
    private final NeedMore<H> needMore = new NeedMore<>();
    private final HttpHeaders.Builder headers = HttpHeaders.builder();

    private Stage stage = Stage.START_LINE;
    /** The outcome once {@link Stage#FINISHED}: a {@link Complete} or a {@link Failed}. */
    private Result<H> outcome;
    private byte[] line = new byte[128];
    private int lineLength;
    /** Whether the last byte was a CR, so that the next must be LF. */
    private boolean afterCr;
    private int headBytes;

    private HttpHeadParser(HttpLimits limits, StartLine<H> startLine) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.startLine = startLine;
    }

    /** @return a parser for one request head, with the default limits */
    public static HttpHeadParser<HttpRequestHead> forRequest() {
        return forRequest(HttpLimits.DEFAULTS);
    }

    /**
     * @param limits the size limits
     * @return a parser for one request head
     */
    public static HttpHeadParser<HttpRequestHead> forRequest(HttpLimits limits) {
        return new HttpHeadParser<>(limits, new RequestLine());
    }

    /** @return a parser for one response head, with the default limits */
    public static HttpHeadParser<HttpResponseHead> forResponse() {
        return forResponse(HttpLimits.DEFAULTS);
    }

    /**
     * @param limits the size limits
     * @return a parser for one response head
     */
    public static HttpHeadParser<HttpResponseHead> forResponse(HttpLimits limits) {
        return new HttpHeadParser<>(limits, new StatusLine());
    }

    /**
     * Consumes bytes of the head from {@code in}, from its position, and stops at the end of the head.
     * On return the position is past the bytes consumed: all of them unless the head completed or
     * failed, in which case bytes after the head (or after the offending byte) are left.
     *
     * @param in bytes received; read, never modified
     * @return {@link NeedMore}, {@link Complete} or {@link Failed}
     */
    public Result<H> parse(ByteBuffer in) {
        while (stage != Stage.FINISHED && in.hasRemaining()) {
            readByte(in.get());
        }
        return stage == Stage.FINISHED ? outcome : needMore;
    }

    /** @return whether the head is complete or has failed, so that no more bytes will be taken */
    public boolean isFinished() {
        return stage == Stage.FINISHED;
    }

    private void readByte(byte b) {
        headBytes++;
        if (headBytes > limits.maxHeadBytes()) {
            fail(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "head larger than " + limits.maxHeadBytes() + " bytes");
            return;
        }
        if (afterCr) {
            // RFC 7230 section 3: every line ends with CRLF; a CR elsewhere is not allowed.
            afterCr = false;
            if (b != LF) {
                fail(HttpStatus.BAD_REQUEST, "CR not followed by LF");
                return;
            }
            endOfLine();
        } else if (b == CR) {
            afterCr = true;
        } else if (b == LF) {
            fail(HttpStatus.BAD_REQUEST, "line ends with a bare LF instead of CRLF");
        } else {
            append(b);
        }
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            // The head limit has been checked for this byte, so the line never outgrows it.
            line = Arrays.copyOf(line, Math.min(line.length * 2, limits.maxHeadBytes()));
        }
        line[lineLength++] = b;
    }

    private void endOfLine() {
        int length = lineLength;
        lineLength = 0;
        if (stage == Stage.START_LINE) {
            if (length == 0 && startLine.skipsLeadingBlankLines()) {
                return;
            }
            Optional<String> error = startLine.parse(text(0, length));
            if (error.isPresent()) {
                fail(HttpStatus.BAD_REQUEST, error.get());
            } else {
                stage = Stage.HEADER_FIELDS;
            }
        } else if (length == 0) {
            // RFC 7230 section 3: the empty line ends the head.
            finish(new Complete<>(startLine.head(headers.build())));
        } else {
            headerLine(length);
        }
    }

    /** Parses {@code field-name ":" OWS field-value OWS} (RFC 7230 section 3.2). */
    private void headerLine(int length) {
        if (line[0] == ' ' || line[0] == '\t') {
            // RFC 7230 section 3.2.4: obs-fold is deprecated; a server may reject it with 400.
            fail(HttpStatus.BAD_REQUEST, "obsolete line folding in header");
            return;
        }
        int colon = indexOf(':', length);
        if (colon < 0) {
            fail(HttpStatus.BAD_REQUEST, "header line without a colon");
            return;
        }
        if (colon > 0 && (line[colon - 1] == ' ' || line[colon - 1] == '\t')) {
            // RFC 7230 section 3.2.4: whitespace between field name and colon MUST be rejected with 400.
            fail(HttpStatus.BAD_REQUEST, "whitespace between header name and colon");
            return;
        }
        String name = text(0, colon);
        if (!HttpTokens.isToken(name)) {
            fail(HttpStatus.BAD_REQUEST, "header name is not a token");
            return;
        }
        for (int i = colon + 1; i < length; i++) {
            if (!HttpTokens.isFieldValueChar(line[i] & 0xFF)) {
                fail(HttpStatus.BAD_REQUEST, "control character in header " + name);
                return;
            }
        }
        if (headers.size() >= limits.maxHeaderCount()) {
            fail(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "more than " + limits.maxHeaderCount() + " header fields");
            return;
        }
        headers.add(name, HttpTokens.trimWhitespace(text(colon + 1, length)));
    }

    private int indexOf(char c, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private void fail(int status, String reason) {
        finish(new Failed<>(status, reason));
    }

    private void finish(Result<H> result) {
        outcome = result;
        stage = Stage.FINISHED;
        line = null;
    }
}
