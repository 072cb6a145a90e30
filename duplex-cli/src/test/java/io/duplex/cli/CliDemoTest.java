package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** {@code duplex demo} in-process: the pages and the apps' sockets on one port (the apps are tested in duplex-demo). */
class CliDemoTest {

    @Test
    void servesThePagesAndTheAppsOnOnePort() throws Exception {
        try (CommandRun demo = CommandRun.start("demo", "--port", "0")) {
            int port = demo.awaitListeningPort();
            assertThat(demo.out.text()).startsWith("duplex demo: listening on http://127.0.0.1:" + port
                    + "/ (chat, counter, ticker; topics on this node only)");
            HttpResponse<String> index = CliServeTest.get(port, "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(index.body()).contains("chat.html", "counter.html", "ticker.html");
            for (String page : new String[] {"/chat.html", "/counter.html", "/ticker.html", "/socket.js", "/style.css"}) {
                assertThat(CliServeTest.get(port, page).statusCode()).as(page).isEqualTo(200);
            }

            JdkPeer visitor = JdkPeer.connect("ws://127.0.0.1:" + port + "/counter");
            assertThat((String) visitor.next()).contains("\"type\":\"state\"", "\"value\":0", "\"visitors\":1");
            visitor.ws.sendText("{\"type\":\"increment\"}", true).get(30, TimeUnit.SECONDS);
            assertThat((String) visitor.next()).contains("\"value\":1");
            visitor.close();
            demo.stopServer();
        }
    }
}
