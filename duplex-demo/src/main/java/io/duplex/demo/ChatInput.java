package io.duplex.demo;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for what people type into the chat: nicknames, room names and messages. Each check
 * either returns the cleaned value or throws a {@link BadMessage} that says the rule in words.
 * Lengths count code points, so that an emoji counts as one character, as people see it.
 */
final class ChatInput {

    /** The longest nickname, in characters. */
    static final int MAX_NICK = 24;
    /** The longest room name, in characters. */
    static final int MAX_ROOM = 32;
    /** The longest message, in characters: a chat line, not a document. */
    static final int MAX_TEXT = 2000;

    /** Room names become topic names and URLs: a plain, lower-case alphabet keeps them unambiguous. */
    private static final Pattern ROOM = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private ChatInput() {
    }

    /**
     * @param raw the nickname as sent
     * @return it without surrounding white space
     * @throws BadMessage ({@code bad-nick}) unless it is 1 to 24 characters without control characters
     */
    static String nick(Object raw) {
        String nick = raw instanceof String s ? s.strip() : "";
        int length = nick.codePointCount(0, nick.length());
        if (length < 1 || length > MAX_NICK || nick.codePoints().anyMatch(ChatInput::isControl)) {
            throw new BadMessage("bad-nick",
                    "A nickname is 1 to " + MAX_NICK + " characters, without control characters.");
        }
        return nick;
    }

    /**
     * @param raw the room name as sent
     * @return it without surrounding white space, in lower case
     * @throws BadMessage ({@code bad-room}) unless it is 1 to 32 letters, digits, - or _
     */
    static String room(Object raw) {
        String room = raw instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : "";
        if (room.length() > MAX_ROOM || !ROOM.matcher(room).matches()) {
            throw new BadMessage("bad-room", "A room name is 1 to " + MAX_ROOM
                    + " letters (a-z), digits, - or _, starting with a letter or digit.");
        }
        return room;
    }

    /**
     * @param raw the message as sent
     * @return it without surrounding white space
     * @throws BadMessage {@code empty-message}, {@code too-long} past 2000 characters, or
     *                    {@code bad-text} for control characters other than new line and tab
     */
    static String text(Object raw) {
        String text = raw instanceof String s ? s.strip() : "";
        if (text.isEmpty()) {
            throw new BadMessage("empty-message", "A message needs some text.");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw new BadMessage("too-long", "A message is at most " + MAX_TEXT + " characters.");
        }
        if (text.codePoints().anyMatch(c -> c != '\n' && c != '\t' && isControl(c))) {
            throw new BadMessage("bad-text", "A message may not hold control characters.");
        }
        return text;
    }

    /**
     * The nickname itself when nobody in the room has it (ignoring case), else the first free one of
     * {@code nick-2}, {@code nick-3} ..., shortened to stay within {@link #MAX_NICK}.
     *
     * @param wanted a valid nickname
     * @param taken  the nicknames in the room
     * @return a nickname nobody in the room has
     */
    static String unique(String wanted, Collection<String> taken) {
        Set<String> lower = new HashSet<>();
        for (String nick : taken) {
            lower.add(nick.toLowerCase(Locale.ROOT));
        }
        if (!lower.contains(wanted.toLowerCase(Locale.ROOT))) {
            return wanted;
        }
        int length = wanted.codePointCount(0, wanted.length());
        for (int n = 2; ; n++) {
            String suffix = "-" + n;
            int keep = Math.min(length, MAX_NICK - suffix.length());
            String candidate = wanted.substring(0, wanted.offsetByCodePoints(0, keep)) + suffix;
            if (!lower.contains(candidate.toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
    }

    /** C0 and C1 controls and DEL, and the Unicode line and paragraph separators, which break lines too. */
    private static boolean isControl(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
