package io.duplex.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;

import io.duplex.testing.ChromiumSession;

/**
 * A {@link ChromiumSession} with a test page ({@code index.html} beside this class in the test
 * resources) that opens WebSockets and echoes generated messages through them. One instance per test
 * class: start it in {@code @BeforeAll}, {@link #close()} it in {@code @AfterAll}.
 *
 * <p>Each promise of the page has its own limit (10 s), below the script timeout, so that the
 * page's message, naming what it awaited, is the one reported.
 *
 * <p>For TLS, the browser can be started trusting the keys of given server certificates, and those
 * only ({@link #start(X509Certificate...)}), so that a page from our server over {@code https://}
 * loads without the test CA among Chromium's roots, and any other certificate is still refused.
 */
final class HeadlessChromium implements AutoCloseable {

    /** How long one {@link #call} may take; the page gives up on any single wait after 10 s. */
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(20);

    private static final String PAGE_RESOURCE = "browser/index.html";

    private final ChromiumSession session;
    private final ChromeDriver driver;
    private final Path webRoot;

    private HeadlessChromium(ChromiumSession session, Path webRoot) {
        this.session = session;
        this.driver = session.driver();
        this.webRoot = webRoot;
    }

    /**
     * Starts Chromium with a fresh profile in a temporary folder, and writes the test page into a
     * folder for the server to serve ({@link #webRoot()}). Fails under {@code CI=true}, or skips
     * the test otherwise, when Chromium or chromedriver is not installed.
     *
     * @param trusted server certificates whose keys the browser accepts over TLS whatever their
     *                issuer (see {@link #spkiHash}); none for a browser that trusts its own roots
     *                only
     * @return the running browser
     * @throws IOException when the folders cannot be made
     */
    static HeadlessChromium start(X509Certificate... trusted) throws IOException {
        List<String> extra = new ArrayList<>();
        if (trusted.length > 0) {
            // Certificate errors are ignored for these keys only (a chain to a root Chromium does
            // not know, here): a server with any other key is still refused, as the TLS test
            // checks. Chromium honours the switch only with --user-data-dir, which the session sets.
            List<String> hashes = new ArrayList<>();
            for (X509Certificate certificate : trusted) {
                hashes.add(spkiHash(certificate));
            }
            extra.add("--ignore-certificate-errors-spki-list=" + String.join(",", hashes));
        }
        ChromiumSession session = ChromiumSession.start("duplex-chromium-", SCRIPT_TIMEOUT, extra.toArray(new String[0]));
        try {
            Path webRoot = Files.createDirectory(session.home().resolve("www"));
            try (InputStream page = HeadlessChromium.class.getResourceAsStream(PAGE_RESOURCE)) {
                if (page == null) {
                    throw new IOException("test resource missing: " + PAGE_RESOURCE);
                }
                Files.copy(page, webRoot.resolve("index.html"));
            }
            return new HeadlessChromium(session, webRoot);
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * The form {@code --ignore-certificate-errors-spki-list} takes a key in: Base64 of the SHA-256
     * of the certificate's DER SubjectPublicKeyInfo, what {@code openssl x509 -pubkey | openssl pkey
     * -pubin -outform der | openssl dgst -sha256 -binary | base64} prints. The key, not the
     * certificate: {@link java.security.PublicKey#getEncoded()} is that SubjectPublicKeyInfo.
     *
     * @param certificate a server's certificate
     * @return the hash of its public key
     */
    static String spkiHash(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * @param pem a PEM file whose first certificate is the one wanted, such as a chain
     * @return that certificate
     * @throws IOException when the file cannot be read or holds no certificate
     */
    static X509Certificate firstCertificate(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException("no certificate in " + pem, e);
        }
    }

    /** @return whether Chromium and chromedriver are both installed */
    static boolean installed() {
        return ChromiumSession.installed();
    }

    /** Chromium and chromedriver are installed, or the test fails (CI) or is skipped. */
    static void require() {
        ChromiumSession.require();
    }

    /** @return the folder holding {@code index.html}, the test page, for the server's static files */
    Path webRoot() {
        return webRoot;
    }

    /** @return the browser's name and version, as the browser reports them */
    String version() {
        Object name = driver.getCapabilities().getBrowserName();
        return name + " " + driver.getCapabilities().getBrowserVersion();
    }

    /**
     * Loads the test page, which must come from the server the page will open WebSockets to:
     * Chromium refuses WebSocket connections to loopback from {@code about:blank}.
     *
     * @param url the page, such as {@code http://127.0.0.1:PORT/}
     */
    void load(String url) {
        driver.get(url);
        Object ready = driver.executeScript("return typeof window.duplex === 'object';");
        if (!Boolean.TRUE.equals(ready)) {
            fail("the test page did not load from " + url + "; the browser shows " + driver.getCurrentUrl());
        }
    }

    /**
     * Evaluates an expression in the page, synchronously.
     *
     * @param expression JavaScript, such as {@code location.protocol}
     * @return its value, as WebDriver converts it
     */
    Object evaluate(String expression) {
        return driver.executeScript("return (" + expression + ");");
    }

    /**
     * Calls a function of the page's {@code window.duplex} and waits for the promise it returns.
     *
     * @param function  the function's name, such as {@code open}
     * @param arguments its arguments: strings, numbers, booleans, lists and maps of them
     * @return what the promise resolved with, as WebDriver converts it: maps, lists, {@code Long},
     *         {@code Double}, {@code String}, {@code Boolean}
     * @throws AssertionError when the promise rejected, with the page's message, or did not settle
     *                        within {@link #SCRIPT_TIMEOUT}
     */
    Object call(String function, Object... arguments) {
        // The callback is WebDriver's last argument; the answer says whether the promise resolved,
        // so that a rejection reaches the test as the page's message and not as a bare null.
        String script = "const done = arguments[arguments.length - 1];"
                + "const args = Array.prototype.slice.call(arguments, 0, arguments.length - 1);"
                + "Promise.resolve().then(() => window.duplex[" + quote(function) + "](...args))"
                + ".then(value => done({ resolved: true, value: value }),"
                + " error => done({ resolved: false, error: String(error && error.stack || error) }));";
        Object answer;
        try {
            answer = ((JavascriptExecutor) driver).executeAsyncScript(script, arguments);
        } catch (ScriptTimeoutException e) {
            throw new AssertionError("duplex." + function + " did not settle within " + SCRIPT_TIMEOUT.toSeconds()
                    + " s", e);
        }
        if (!(answer instanceof Map<?, ?> map)) {
            throw new AssertionError("duplex." + function + " answered " + answer);
        }
        if (!Boolean.TRUE.equals(map.get("resolved"))) {
            throw new AssertionError("duplex." + function + " failed in the page: " + map.get("error"));
        }
        return map.get("value");
    }

    /**
     * Quits the browser and its driver, ends any process of this browser still running after that,
     * and deletes the profile and the page. Safe to call twice.
     */
    @Override
    public void close() {
        session.close();
    }

    private static String quote(String function) {
        if (!function.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("not a function name: " + function);
        }
        return "'" + function + "'";
    }
}
