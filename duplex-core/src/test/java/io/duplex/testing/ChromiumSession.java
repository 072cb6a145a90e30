package io.duplex.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * One headless Chromium for a browser test: Debian's {@code chromium}, driven by Selenium through
 * Debian's {@code chromedriver}, with a fresh profile in a temporary folder of its own. Shared by
 * the interop tests of duplex-core and the page tests of duplex-demo (through this module's test
 * jar).
 *
 * <p>Both programs are named explicitly so that Selenium Manager never runs: it would try to
 * download a browser and a driver, and this machine (like CI) has no internet for them. A missing
 * program fails the test under {@code CI=true} (CI installs them, so their absence is a broken
 * setup) and skips it otherwise. Every wait is bounded: page loads and scripts by WebDriver
 * timeouts, each WebDriver command by the HTTP client's read timeout, and closing by a deadline after
 * which any process of this browser's profile left behind is ended.
 */
public final class ChromiumSession implements AutoCloseable {

    /** Debian's {@code chromium} package. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Debian's {@code chromium-driver} package. */
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Selenium looks for DevTools bindings matching the browser's version at start, and warns when
     * it has none: the tests use plain WebDriver only, so the warning is noise in every run. Held
     * here because java.util.logging keeps its loggers weakly, and would forget the level.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final Path home;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private ChromiumSession(Path home, Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.home = home;
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** @return whether Chromium and chromedriver are both installed */
    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Chromium and chromedriver are installed, or the test fails (under {@code CI=true}) or is skipped. */
    public static void require() {
        if (installed()) {
            return;
        }
        String message = CHROMIUM + " or " + CHROMEDRIVER + " is missing; install them with: "
                + "apt-get install chromium chromium-driver (Debian)";
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and the browser is missing: " + message);
        }
        assumeTrue(false, "browser test skipped: " + message);
    }

    /**
     * Starts Chromium with a fresh profile.
     *
     * @param folderPrefix   the name the temporary folder starts with
     * @param scriptTimeout  how long a script of the page may run
     * @param extraArguments Chromium switches beyond the headless, offline ones this always sets
     * @return the running browser
     * @throws IOException when the folder cannot be made
     */
    public static ChromiumSession start(String folderPrefix, Duration scriptTimeout, String... extraArguments)
            throws IOException {
        require();
        Path home = Files.createTempDirectory(folderPrefix);
        Path profile = home.resolve("profile");
        ChromeDriverService service = null;
        try {
            Files.createDirectory(profile);
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    // chromedriver's own log goes to a file beside the profile; it is deleted with it.
                    .withLogFile(home.resolve("chromedriver.log").toFile())
                    .withTimeout(Duration.ofSeconds(20))
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    // Tests run as root in a container, where Chromium's sandbox cannot start.
                    "--no-sandbox",
                    "--disable-gpu",
                    // Nothing but our server on loopback: no QUIC, no calls home, no updates, no sync.
                    "--disable-quic",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--user-data-dir=" + profile);
            options.addArguments(extraArguments);
            ClientConfig http = ClientConfig.defaultConfig()
                    .connectionTimeout(Duration.ofSeconds(10))
                    // Above the script timeout, so that a slow script fails as a script timeout first.
                    .readTimeout(scriptTimeout.plusSeconds(20));
            ChromeDriver driver = new ChromeDriver(service, options, http);
            try {
                driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
                driver.manage().timeouts().scriptTimeout(scriptTimeout);
            } catch (RuntimeException e) {
                driver.quit();
                throw e;
            }
            return new ChromiumSession(home, profile, service, driver);
        } catch (IOException | RuntimeException e) {
            if (service != null) {
                service.stop();
            }
            reapAndDelete(home, profile);
            throw e;
        }
    }

    /** @return the driver */
    public ChromeDriver driver() {
        return driver;
    }

    /** @return the session's temporary folder, deleted on {@link #close()}: a place for test files */
    public Path home() {
        return home;
    }

    /**
     * Quits the browser and its driver, ends any process of this browser still running after that,
     * and deletes the folder. Safe to call twice.
     */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            reapAndDelete(home, profile);
        }
    }

    /**
     * Waits up to 10 s for the processes of this browser to end, and ends those that do not, then
     * deletes the folder. A process belongs to this browser when its command line names this
     * browser's profile, which no other process uses: so nothing but what this class started is
     * touched. Normally {@code quit()} has ended them all and this finds none.
     */
    private static void reapAndDelete(Path home, Path profile) {
        String marker = "--user-data-dir=" + profile;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<ProcessHandle> left = processesWith(marker);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = processesWith(marker);
        }
        for (ProcessHandle process : left) {
            System.err.println("ending a Chromium process quit() left behind: " + process.pid());
            process.destroyForcibly();
        }
        deleteTree(home);
    }

    private static List<ProcessHandle> processesWith(String marker) {
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses()
                // Chromium's children may rewrite their command line into one string: search it whole.
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(marker))
                        .orElse(false))
                .forEach(found::add);
        return found;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
