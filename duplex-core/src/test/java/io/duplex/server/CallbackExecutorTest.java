package io.duplex.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.duplex.CallbackExecutors;
import io.duplex.WebSocket;
import io.duplex.WebSocketListener;

/** An endpoint whose callbacks run on an executor: they may block, and stay in order per connection. */
class CallbackExecutorTest {

    static java.net.http.WebSocket connect(WebSocketServer server, BlockingQueue<String> received) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        received.add(data.toString());
                        ws.request(1);
                        return null;
                    }
                }).join();
    }

    @Test
    void aBlockedCallbackHoldsUpOnlyItsOwnConnectionAndOrderIsKept() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callbacks = CallbackExecutors.forBlockingCallbacks();
        try (WebSocketServer server = WebSocketServer.builder().loops(1).endpoint("/ws", new WebSocketListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("block")) {
                    try {
                        release.await(20, TimeUnit.SECONDS); // blocking here would stall a loop callback
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ws.sendText(text);
            }
        }, callbacks).start()) {
            BlockingQueue<String> blockedSide = new LinkedBlockingQueue<>();
            java.net.http.WebSocket blocked = connect(server, blockedSide);
            blocked.sendText("block", true).join();
            for (int i = 0; i < 50; i++) {
                blocked.sendText("after-" + i, true).join();
            }

            // The same loop serves another connection meanwhile.
            BlockingQueue<String> freeSide = new LinkedBlockingQueue<>();
            java.net.http.WebSocket free = connect(server, freeSide);
            free.sendText("free", true).join();
            assertThat(freeSide.poll(20, TimeUnit.SECONDS)).isEqualTo("free");
            assertThat(blockedSide).isEmpty();

            release.countDown();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 51; i++) {
                got.add(blockedSide.poll(20, TimeUnit.SECONDS));
            }
            List<String> expected = new ArrayList<>(List.of("block"));
            for (int i = 0; i < 50; i++) {
                expected.add("after-" + i);
            }
            assertThat(got).isEqualTo(expected);
            blocked.abort();
            free.abort();
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void virtualThreadsWhereTheRuntimeHasThem() {
        boolean has = Runtime.version().feature() >= 21;
        assertThat(CallbackExecutors.virtualThreads()).matches(e -> e.isPresent() == has);
    }
}
