package io.duplex.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Simulated prices: each step moves every symbol by a small random multiplicative amount (a
 * geometric random walk) with a slight pull back to its opening price, so that the prices stay
 * plausible however long the server runs. Not thread-safe: it belongs to the ticker's thread.
 */
final class PriceWalk {

    /** The default symbols and their opening prices: invented companies, so nobody mistakes them. */
    static final Map<String, Double> DEFAULT_OPENS = Map.of(
            "ACME", 182.40, "GLOBX", 57.15, "INITECH", 23.80, "UMBRA", 311.00,
            "STARK", 944.25, "WAYNE", 128.60, "HOOLI", 402.10, "CYBRD", 12.35);

    /** The opening price of a symbol without one of its own. */
    static final double DEFAULT_OPEN = 100.0;

    /** The spread of one step's move, as a fraction of the price. */
    private static final double VOLATILITY = 0.002;
    /** How strongly a step pulls the price back toward its open. */
    private static final double REVERSION = 0.001;

    private final List<String> symbols;
    private final double[] opens;
    private final double[] prices;
    private final RandomGenerator random;

    /**
     * @param symbols the symbols, in the order the quotes list them
     * @param random  the source of the moves
     */
    PriceWalk(List<String> symbols, RandomGenerator random) {
        this.symbols = List.copyOf(symbols);
        this.random = random;
        this.opens = new double[symbols.size()];
        for (int i = 0; i < opens.length; i++) {
            opens[i] = DEFAULT_OPENS.getOrDefault(symbols.get(i), DEFAULT_OPEN);
        }
        this.prices = opens.clone();
    }

    /** @return the prices as they are, every change zero: the state before the first step */
    List<Quote> current() {
        List<Quote> quotes = new ArrayList<>(symbols.size());
        for (int i = 0; i < prices.length; i++) {
            quotes.add(new Quote(symbols.get(i), cents(prices[i]), cents(opens[i]), 0));
        }
        return List.copyOf(quotes);
    }

    /** @return every symbol's quote after one more step */
    List<Quote> step() {
        List<Quote> quotes = new ArrayList<>(symbols.size());
        for (int i = 0; i < prices.length; i++) {
            double before = cents(prices[i]);
            double pull = -REVERSION * Math.log(prices[i] / opens[i]);
            prices[i] *= Math.exp(pull + VOLATILITY * random.nextGaussian());
            double now = cents(prices[i]);
            quotes.add(new Quote(symbols.get(i), now, cents(opens[i]), cents(now - before)));
        }
        return List.copyOf(quotes);
    }

    private static double cents(double price) {
        return Math.round(price * 100.0) / 100.0;
    }
}
