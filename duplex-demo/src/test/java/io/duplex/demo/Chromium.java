package io.duplex.demo;

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
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One browser session for the page tests: Debian's headless Chromium with a fresh profile of its
 * own, driven through Debian's chromedriver. Both programs are named explicitly, so Selenium
 * Manager never runs (it would try to download them). A missing program fails the test under
 * {@code CI=true} and skips it otherwise. Every wait is bounded.
 */
final class Chromium implements AutoCloseable {

    /** Debian's {@code chromium} package. */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Debian's {@code chromium-driver} package. */
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The longest a test waits for the page to show something. */
    static final Duration WAIT = Duration.ofSeconds(10);

    /**
     * Selenium warns at every start that it has no DevTools bindings for this browser version; the
     * tests use plain WebDriver, so the warning is noise. Held here because java.util.logging keeps
     * its loggers weakly and would forget the level.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final Path home;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(Path home, Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.home = home;
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** @return whether Chromium and chromedriver are both installed */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /**
     * Chromium and chromedriver are installed, or the test fails (under {@code CI=true}: CI installs
     * them, so their absence is a broken setup) or is skipped.
     */
    static void require() {
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
     * Starts a browser with a fresh profile in a temporary folder.
     *
     * @return the running browser
     * @throws IOException when the folder cannot be made
     */
    static Chromium start() throws IOException {
        require();
        Path home = Files.createTempDirectory("duplex-demo-chromium-");
        Path profile = home.resolve("profile");
        ChromeDriverService service = null;
        try {
            Files.createDirectory(profile);
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
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
                    "--window-size=1200,900",
                    "--user-data-dir=" + profile);
            ClientConfig http = ClientConfig.defaultConfig()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .readTimeout(Duration.ofSeconds(30));
            ChromeDriver driver = new ChromeDriver(service, options, http);
            try {
                driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
                driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                driver.quit();
                throw e;
            }
            return new Chromium(home, profile, service, driver);
        } catch (IOException | RuntimeException e) {
            if (service != null) {
                service.stop();
            }
            reapAndDelete(home, profile);
            throw e;
        }
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
        try {
            driver.quit();
        } finally {
            service.stop();
            reapAndDelete(home, profile);
        }
    }

    /**
     * Waits up to 10 s for the processes of this browser to end, ends those that do not, then deletes
     * the folder. A process is this browser's when its command line names this browser's profile,
     * which no other process uses; normally {@code quit()} has ended them all and this finds none.
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
