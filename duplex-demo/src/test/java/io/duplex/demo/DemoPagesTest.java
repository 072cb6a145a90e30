package io.duplex.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages come from the class path, over plain HTTP on the server's one port, and need nothing else. */
class DemoPagesTest {

    private static final List<String> FILES = List.of("index.html", "chat.html", "counter.html", "ticker.html",
            "style.css", "socket.js", "chat.js", "counter.js", "ticker.js");

    private static DemoServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        server = DemoServer.builder().port(0).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRootServesTheIndexWithLinksToEachApp() throws Exception {
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(index.body()).contains("href=\"chat.html\"", "href=\"counter.html\"", "href=\"ticker.html\"");
    }

    @Test
    void everyFileIsServedWithItsType() throws Exception {
        for (String file : FILES) {
            HttpResponse<String> response = get("/" + file);
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
            // Browsers run a module only when it comes as JavaScript.
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).as(file).startsWith(type);
        }
        assertThat(get("/missing.html").statusCode()).isEqualTo(404);
        assertThat(get("/../DemoServer.class").statusCode()).isEqualTo(404);
    }

    @Test
    void thePagesLoadNothingFromElsewhere() throws IOException {
        // The pages must work with no internet: no absolute URL (bar the SVG namespace, a name that
        // is never fetched) and no scheme-relative one.
        for (String file : FILES) {
            String text;
            try (InputStream in = DemoServer.class.getClassLoader()
                    .getResourceAsStream(DemoServer.PAGES + "/" + file)) {
                assertThat(in).as(file).isNotNull();
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(text.replace("http://www.w3.org/2000/svg", "")).as(file)
                    .doesNotContainPattern("(?i)https?://")
                    .doesNotContainPattern("[\"'(]//");
        }
    }
}
