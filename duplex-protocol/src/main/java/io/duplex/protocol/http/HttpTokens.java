package io.duplex.protocol.http;

/**
 * The lexical rules of HTTP/1.1 that the head parser, the header map and the handshake share:
 * tokens (RFC 7230 section 3.2.6) and ASCII case-insensitive comparison.
 *
 * <p>HTTP compares header names and keywords such as {@code Upgrade} or {@code websocket} as ASCII,
 * not Unicode: {@link String#equalsIgnoreCase(String)} would also fold characters such as the Kelvin
 * sign to {@code k}, which no HTTP peer does.
 */
public final class HttpTokens {

    private HttpTokens() {
    }

    /**
     * RFC 7230 section 3.2.6 {@code tchar}: any VCHAR except delimiters.
     *
     * @param c the character
     * @return whether it may appear in a token
     */
    public static boolean isTokenChar(int c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return c < 0x80 && c > 0x20 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /**
     * RFC 7230 section 3.2.6 {@code token = 1*tchar}.
     *
     * @param s the text
     * @return whether it is a non-empty token
     */
    public static boolean isToken(CharSequence s) {
        if (s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares two strings with ASCII case folding only.
     *
     * @param a one string
     * @param b the other
     * @return whether they are equal when ASCII letters are compared without regard to case
     */
    public static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (toLower(a.charAt(i)) != toLower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char toLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /**
     * RFC 7230 section 3.2.6 {@code OWS}: optional whitespace is spaces and horizontal tabs only.
     *
     * @param c the character
     * @return whether it is SP or HTAB
     */
    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * RFC 7230 section 3.2 {@code field-vchar} plus the SP and HTAB allowed between them: what a field
     * value may contain. Everything else is a control character (including DEL).
     *
     * @param c the character, 0 to 255
     * @return whether it may appear in a field value
     */
    static boolean isFieldValueChar(int c) {
        return c == '\t' || c >= 0x20 && c != 0x7F && c <= 0xFF;
    }

    /**
     * Removes leading and trailing {@code OWS}; unlike {@link String#strip()} it leaves other
     * whitespace alone, since only SP and HTAB are whitespace to HTTP.
     *
     * @param s the text
     * @return the text without surrounding SP and HTAB
     */
    static String trimWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}
