package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The demo pages in two headless Chromium sessions (two browsers, two profiles), against a demo
 * server started for each test. Every wait is a bounded {@link Chromium#await} for what the page
 * shows: the ids and data attributes the pages keep for this.
 */
class DemoBrowserTest {

    /** The two people; {@code null} when the browser is missing outside CI, and the tests skip. */
    private static Chromium alice;
    private static Chromium bob;

    private DemoServer server;

    /**
     * Starts both browsers once for the class. Without a browser they stay null and each test skips
     * itself, so the report shows skipped tests; under {@code CI=true} a missing browser fails here.
     */
    @BeforeAll
    static void startBrowsers() throws IOException {
        if (Chromium.installed() || "true".equals(System.getenv("CI"))) {
            alice = Chromium.start();
            bob = Chromium.start();
        }
    }

    @AfterAll
    static void stopBrowsers() {
        try {
            if (alice != null) {
                alice.close();
            }
        } finally {
            if (bob != null) {
                bob.close();
            }
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        assumeTrue(alice != null && bob != null, "browser test skipped: Chromium is not installed");
        server = start(0);
    }

    private static DemoServer start(int port) throws IOException {
        return DemoServer.builder().port(port).tickerInterval(Duration.ofMillis(100)).start();
    }

    @AfterEach
    void stopServer() {
        try {
            // Pages left open would reconnect to the next test's server... or try to: leave them first.
            for (Chromium browser : new Chromium[] {alice, bob}) {
                if (browser != null) {
                    browser.open("about:blank");
                }
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private String page(String name) {
        return server.uri() + name;
    }

    @Test
    void theIndexLinksToTheThreeApps() {
        alice.open(server.uri().toString());
        assertThat(alice.driver().getTitle()).isEqualTo("Duplex demos");
        for (String app : List.of("chat", "counter", "ticker")) {
            assertThat(alice.driver().findElement(By.id("link-" + app)).getDomAttribute("href")).isEqualTo(app + ".html");
        }
        alice.driver().findElement(By.id("link-counter")).click();
        awaitOpen(alice);
        assertThat(alice.driver().getTitle()).startsWith("Shared counter");
    }

    @Test
    void twoPeopleChatAndSeeEachOtherComeAndGo() {
        joinChat(alice, "alice");
        joinChat(bob, "bob");
        for (Chromium browser : new Chromium[] {alice, bob}) {
            browser.await("both in the member list", d -> members(browser).equals(List.of("alice", "bob")));
        }

        say(alice, "hello from alice");
        bob.await("alice's message at bob", d -> messages(bob).contains("alice: hello from alice"));
        say(bob, "hi alice <b>not bold</b>");
        alice.await("bob's message at alice", d -> messages(alice).contains("bob: hi alice <b>not bold</b>"));
        assertThat(alice.driver().findElements(By.cssSelector("#messages b"))).as("text, never markup").isEmpty();

        bob.driver().findElement(By.id("leave")).click();
        bob.await("bob's join form back", d -> d.findElement(By.id("join-form")).isDisplayed());
        alice.await("bob gone from the list", d -> members(alice).equals(List.of("alice")));
        alice.await("the leave notice", d -> !d.findElements(
                By.cssSelector("#messages li[data-kind='leave'][data-nick='bob']")).isEmpty());
    }

    @Test
    void aRefusedNicknameIsExplainedOnThePage() {
        alice.open(page("chat.html"));
        awaitOpen(alice);
        // Past the field's own limit, as a script or an old page could send it.
        alice.eval("(() => { const nick = document.getElementById('nick');"
                + " nick.removeAttribute('maxlength'); nick.value = 'x'.repeat(30); })()");
        alice.driver().findElement(By.id("join")).click();
        alice.await("the error shown", d -> d.findElement(By.id("error")).isDisplayed());
        assertThat(alice.driver().findElement(By.id("error")).getDomAttribute("data-code")).isEqualTo("bad-nick");
        assertThat(alice.driver().findElement(By.id("error")).getText()).contains("1 to 24 characters");
        assertThat(alice.driver().findElement(By.id("join-form")).isDisplayed()).isTrue();
        assertThat(status(alice)).isEqualTo("open");
    }

    @Test
    void theCounterStaysInStepAcrossTwoBrowsers() {
        for (Chromium browser : new Chromium[] {alice, bob}) {
            browser.open(page("counter.html"));
            awaitOpen(browser);
        }
        for (Chromium browser : new Chromium[] {alice, bob}) {
            browser.await("two visitors", d -> text(browser, "visitors").equals("2"));
        }
        for (int i = 0; i < 3; i++) {
            alice.driver().findElement(By.id("increment")).click();
        }
        for (Chromium browser : new Chromium[] {alice, bob}) {
            browser.await("alice's three steps in both", d -> text(browser, "value").equals("3"));
        }
        bob.driver().findElement(By.id("decrement")).click();
        for (Chromium browser : new Chromium[] {alice, bob}) {
            browser.await("bob's step in both", d -> text(browser, "value").equals("2"));
        }
        assertThat(text(alice, "visitors")).isEqualTo("2");
    }

    @Test
    void theTickerKeepsUpdating() {
        alice.open(page("ticker.html"));
        awaitOpen(alice);
        alice.await("a row per symbol", d -> d.findElements(By.cssSelector("#quotes tbody tr")).size() == 8);
        Object first = prices(alice);
        int updates = 5;
        alice.await(updates + " updates", d -> Integer.parseInt(
                d.findElement(By.id("quotes")).getDomAttribute("data-updates")) >= updates);
        alice.await("prices that moved", d -> !prices(alice).equals(first));
        assertThat(alice.driver().findElements(By.cssSelector("#quotes tbody tr.up, #quotes tbody tr.down")))
                .as("rows coloured by their change").isNotEmpty();
    }

    @Test
    void pagesReconnectAfterTheServerRestarts() throws IOException {
        alice.open(page("counter.html"));
        awaitOpen(alice);
        alice.driver().findElement(By.id("increment")).click();
        alice.await("the value 1", d -> text(alice, "value").equals("1"));
        joinChat(bob, "carol");

        int port = server.port();
        server.close();
        server = null;
        for (Chromium browser : new Chromium[] {alice, bob}) {
            browser.await("the page reconnecting", d -> "reconnecting".equals(status(browser)));
        }

        server = start(port);
        awaitOpen(alice);
        // A new server counts from 0; the page shows what the new server says.
        alice.await("the new server's state", d -> text(alice, "value").equals("0")
                && text(alice, "visitors").equals("1"));
        alice.driver().findElement(By.id("increment")).click();
        alice.await("the value 1 again", d -> text(alice, "value").equals("1"));

        // The chat page joined its room again by itself, under the same nickname.
        awaitOpen(bob);
        bob.await("carol back in the room", d -> members(bob).equals(List.of("carol")));
        bob.await("the reconnect noted", d -> messages(bob).contains("Reconnected."));
    }

    private void joinChat(Chromium browser, String nick) {
        browser.open(page("chat.html"));
        awaitOpen(browser);
        browser.driver().findElement(By.id("nick")).clear();
        browser.driver().findElement(By.id("nick")).sendKeys(nick);
        browser.driver().findElement(By.id("join")).click();
        browser.await(nick + " in the room", d -> d.findElement(By.id("chat")).isDisplayed()
                && text(browser, "me").equals(nick));
    }

    private static void say(Chromium browser, String text) {
        browser.driver().findElement(By.id("text")).sendKeys(text);
        browser.driver().findElement(By.id("send")).click();
    }

    private static void awaitOpen(Chromium browser) {
        browser.await("the connection open", d -> "open".equals(status(browser)));
    }

    private static String status(Chromium browser) {
        return (String) browser.eval("document.getElementById('status').dataset.status");
    }

    private static String text(Chromium browser, String id) {
        return (String) browser.eval("document.getElementById('" + id + "').textContent");
    }

    @SuppressWarnings("unchecked")
    private static List<String> members(Chromium browser) {
        return (List<String>) browser.eval("[...document.querySelectorAll('#members li')].map(li => li.dataset.nick)");
    }

    /** The chat lines as "nick: text" for messages and as their text for notices. */
    @SuppressWarnings("unchecked")
    private static List<String> messages(Chromium browser) {
        return (List<String>) browser.eval("[...document.querySelectorAll('#messages li')].map(li => "
                + "li.dataset.kind === 'message' ? li.dataset.nick + ': ' + li.querySelector('.text').textContent"
                + " : li.querySelector('.notice').textContent)");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> prices(Chromium browser) {
        return (Map<String, Object>) browser.eval("Object.fromEntries([...document.querySelectorAll('#quotes tbody tr')]"
                + ".map(tr => [tr.dataset.symbol, tr.querySelector('.price').textContent]))");
    }
}
