package io.duplex.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.duplex.testing.ChromiumSession;

/**
 * One browser session for the page tests: a {@link ChromiumSession} (Debian's headless Chromium
 * with a fresh profile, driven through Debian's chromedriver; a missing program fails the test under
 * {@code CI=true} and skips it otherwise), with the waits the page tests need. Every wait is bounded.
 */
final class Chromium implements AutoCloseable {

    /** The longest a test waits for the page to show something. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromiumSession session;
    private final ChromeDriver driver;

    private Chromium(ChromiumSession session) {
        this.session = session;
        this.driver = session.driver();
    }

    /** @return whether Chromium and chromedriver are both installed */
    static boolean installed() {
        return ChromiumSession.installed();
    }

    /**
     * Starts a browser with a fresh profile in a temporary folder.
     *
     * @return the running browser
     * @throws IOException when the folder cannot be made
     */
    static Chromium start() throws IOException {
        return new Chromium(ChromiumSession.start("duplex-demo-chromium-", Duration.ofSeconds(10),
                "--window-size=1200,900"));
    }

    /** @return the driver */
    ChromeDriver driver() {
        return driver;
    }

    /**
     * Loads a page.
     *
     * @param url the page
     */
    void open(String url) {
        driver.get(url);
    }

    /**
     * Waits, at most {@link #WAIT}, until the condition holds (is true, or not null).
     *
     * @param what      what is awaited, for the failure message
     * @param condition read from the page
     * @param <T>       what the condition gives
     * @return what it gave
     */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
    }

    /**
     * Evaluates an expression in the page.
     *
     * @param expression JavaScript, such as {@code document.title}
     * @return its value as WebDriver converts it
     */
    Object eval(String expression) {
        return driver.executeScript("return (" + expression + ");");
    }

    /** Quits the browser and its driver, ends any process of its profile left behind, deletes the profile. */
    @Override
    public void close() {
        session.close();
    }
}
