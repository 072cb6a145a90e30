package io.duplex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.duplex.redis.RedisServerProcess;

/**
 * {@code duplex serve --broker redis://...}: two nodes on a real {@code redis-server} form one
 * {@code /bcast}, and each client gets each message once.
 */
class CliBrokerTest {

    @Test
    void bcastSpansTwoNodesSharingARedisBroker() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             CommandRun nodeA = CommandRun.start("serve", "--port", "0", "--broker", redis.uri().toString());
             CommandRun nodeB = CommandRun.start("serve", "--port", "0", "--broker", redis.uri().toString())) {
            int portA = nodeA.awaitListeningPort();
            int portB = nodeB.awaitListeningPort();
            assertThat(nodeA.out.text()).contains("topics shared through " + redis.uri());
            JdkPeer a = CliServeTest.joinBroadcast(portA, "a");
            JdkPeer b = CliServeTest.joinBroadcast(portB, "b");
            awaitRoute(a, b);
            awaitRoute(b, a);

            a.ws.sendText("from A", true).get(30, TimeUnit.SECONDS);
            b.ws.sendBinary(ByteBuffer.wrap(new byte[] {7, 8}), true).get(30, TimeUnit.SECONDS);
            a.ws.sendText("end", true).get(30, TimeUnit.SECONDS);
            // Each once, in its publisher's order: A's two around B's one, whatever the interleaving.
            for (JdkPeer p : new JdkPeer[] {a, b}) {
                Object first = p.next();
                Object second = p.next();
                Object third = p.next();
                if (first instanceof byte[]) {
                    assertThat(first).isEqualTo(new byte[] {7, 8});
                    assertThat(second).isEqualTo("from A");
                    assertThat(third).isEqualTo("end");
                } else {
                    assertThat(first).isEqualTo("from A");
                    assertThat(second instanceof byte[] ? second : third).isEqualTo(new byte[] {7, 8});
                    assertThat(second instanceof byte[] ? third : second).isEqualTo("end");
                }
            }
            a.close();
            b.close();
            nodeA.stopServer();
            nodeB.stopServer();
        }
    }

    /**
     * Waits until messages sent by {@code from} reach {@code to} through Redis (a node subscribes to a
     * channel asynchronously, and Redis Pub/Sub drops what is published before), then drains both.
     */
    static void awaitRoute(JdkPeer from, JdkPeer to) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean through = false;
        for (int i = 0; !through; i++) {
            assertThat(System.nanoTime() - deadline).as("a probe crossing the broker within 20 s").isNegative();
            from.ws.sendText("probe-" + i, true).get(30, TimeUnit.SECONDS);
            Object got = to.messages.poll(100, TimeUnit.MILLISECONDS);
            through = got != null && got.toString().startsWith("probe-");
        }
        from.ws.sendText("sync", true).get(30, TimeUnit.SECONDS);
        drainUntilSync(to);
        drainUntilSync(from);
    }

    private static void drainUntilSync(JdkPeer p) throws Exception {
        Object m;
        do {
            m = p.next();
        } while (!"sync".equals(m));
    }
}
