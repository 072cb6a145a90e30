package io.duplex.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Records what the broker logs. {@link System.Logger} goes to java.util.logging when nothing else is
 * installed, so a handler on the JUL logger {@code io.duplex.redis} sees every line, formatted.
 */
final class LogCapture implements AutoCloseable {

    /** One line: its level and its message with the parameters filled in. */
    record Line(Level level, String message) {
    }

    /** Held here: JUL keeps loggers weakly, and a collected one would lose the handler. */
    private final Logger logger = Logger.getLogger("io.duplex.redis");
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(new Line(record.getLevel(), formatter.formatMessage(record)));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogCapture() {
        logger.addHandler(handler);
    }

    /** @return whether a line of this level contains the text */
    boolean has(Level level, String text) {
        return lines.stream().anyMatch(l -> l.level().equals(level) && l.message().contains(text));
    }

    /** @return every line so far */
    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
