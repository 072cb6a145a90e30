package io.duplex.demo;

import java.util.Map;

/**
 * One symbol's price after a tick.
 *
 * @param symbol the symbol, such as {@code ACME}
 * @param price  the price now, in cents precision
 * @param open   the price the feed started from, for the change since the open
 * @param change the move since the previous tick
 */
record Quote(String symbol, double price, double open, double change) {

    /** @return the quote as the JSON object the pages read */
    Map<String, Object> toJson() {
        return Json.object("symbol", symbol, "price", price, "open", open, "change", change);
    }
}
