package io.duplex.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpVersion;

/** Plain HTTP on the WebSocket port: files from one directory and nothing outside it. */
class StaticFilesTest {

    @TempDir
    Path tmp;
    Path root;
    StaticFiles files;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>hi</h1>");
        Files.writeString(root.resolve("app.js"), "console.log(1)");
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("css/site.css"), "body{}");
        Files.writeString(root.resolve("a b.txt"), "spaced");
        Files.writeString(tmp.resolve("secret.txt"), "do not serve");
        files = new StaticFiles(root);
    }

    HttpResponseHead get(String method, String target) {
        return files.respond(new HttpRequestHead(method, target, HttpVersion.HTTP_1_1, HttpHeaders.of("Host", "x")));
    }

    @Test
    void servesFilesWithTheirContentType() {
        HttpResponseHead r = get("GET", "/app.js?v=2");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().first("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("console.log(1)");
        assertThat(get("GET", "/css/site.css").headers().first("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(new String(get("GET", "/a%20b.txt").body(), StandardCharsets.UTF_8)).isEqualTo("spaced");
    }

    @Test
    void directoryServesItsIndex() {
        HttpResponseHead r = get("GET", "/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().first("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("<h1>hi</h1>");
    }

    @Test
    void headSendsTheLengthAndNoBody() {
        HttpResponseHead r = get("HEAD", "/index.html");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        String wire = new String(r.toBytes(), StandardCharsets.ISO_8859_1);
        assertThat(wire).contains("Content-Length: 11\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void otherMethodsGet405() {
        HttpResponseHead r = get("POST", "/index.html");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.headers().first("Allow")).contains("GET, HEAD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.html", "/../secret.txt", "/%2e%2e/secret.txt", "/css/../../secret.txt",
            "/..%2fsecret.txt", "/%2e%2e%5csecret.txt", "/index.html%00.js", "relative", "/%zz"})
    void nothingOutsideTheRootAndNothingMissing(String target) {
        assertThat(get("GET", target).status()).isEqualTo(404);
    }

    @Test
    void symbolicLinkOutOfTheRootIsNotFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("link.txt"), tmp.resolve("secret.txt"));
        assertThat(get("GET", "/link.txt").status()).isEqualTo(404);
    }

    @Test
    void contentTypesOfCommonFiles() {
        assertThat(ContentTypes.of("x.PNG")).isEqualTo("image/png");
        assertThat(ContentTypes.of("x.svg")).isEqualTo("image/svg+xml");
        assertThat(ContentTypes.of("x.wasm")).isEqualTo("application/wasm");
        assertThat(ContentTypes.of("Makefile")).isEqualTo("application/octet-stream");
    }

    /** The same files as class path resources under {@code www}, on a loader whose root also holds the secret. */
    HttpResponseHead getResource(String target) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            return StaticFiles.classpath(loader, "www")
                    .respond(new HttpRequestHead("GET", target, HttpVersion.HTTP_1_1, HttpHeaders.of("Host", "x")));
        }
    }

    @Test
    void classPathResourcesAreServedWithTheirIndex() throws IOException {
        HttpResponseHead r = getResource("/css/site.css");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().first("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("body{}");
        assertThat(new String(getResource("/").body(), StandardCharsets.UTF_8)).isEqualTo("<h1>hi</h1>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.html", "/../secret.txt", "/%2e%2e/secret.txt", "/css/../../secret.txt",
            "/..%2fsecret.txt", "/css//site.css", "/./index.html", "/index.html%00.js", "relative"})
    void classPathResourcesStayUnderTheirBase(String target) throws IOException {
        assertThat(getResource(target).status()).isEqualTo(404);
    }
}
