package io.duplex.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.duplex.protocol.frame.MaskingKeySource;
import io.duplex.protocol.handshake.ClientHandshake;
import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;

/**
 * A whole connection without a network, as a transport drives it: opening handshake (RFC 6455 section
 * 4), data both ways, closing handshake (section 7). The server's first frame arrives in the same read
 * as its 101 response, so the bytes after the head must reach the engine.
 */
class InMemorySessionTest {

    @Test
    void handshakeMessagesAndClose() {
        // Client: the upgrade request.
        ClientHandshake clientHandshake = ClientHandshake.builder("localhost:8080", "/chat?room=1")
                .subprotocols("chat").header("Origin", "http://localhost:8080").build();
        ByteBuffer toServer = ByteBuffer.wrap(clientHandshake.requestBytes());

        // Server: parse the head, accept, answer with the 101 and a first message in one write.
        HttpHeadParser.Result<HttpRequestHead> request = HttpHeadParser.forRequest().parse(toServer);
        assertThat(request).isInstanceOf(HttpHeadParser.Complete.class);
        ServerHandshake.Outcome outcome = ServerHandshake.builder().subprotocols("superchat", "chat").build()
                .accept(((HttpHeadParser.Complete<HttpRequestHead>) request).head());
        assertThat(outcome).isInstanceOf(ServerHandshake.Accepted.class);
        ServerHandshake.Accepted accepted = (ServerHandshake.Accepted) outcome;
        WebSocketConnection server = new WebSocketConnection(Role.SERVER, EngineSettings.defaults(),
                accepted.extensions(), null);
        server.sendText("welcome");
        byte[] head = accepted.response().toBytes();
        byte[] frames = Engines.output(server);
        ByteBuffer toClient = ByteBuffer.allocate(head.length + frames.length).put(head).put(frames).flip();

        // Client: parse the response head; what follows it is WebSocket data.
        HttpHeadParser.Result<HttpResponseHead> response = HttpHeadParser.forResponse().parse(toClient);
        ClientHandshake.Outcome validated =
                clientHandshake.validate(((HttpHeadParser.Complete<HttpResponseHead>) response).head());
        assertThat(validated).isEqualTo(new ClientHandshake.Accepted("chat", List.of()));
        WebSocketConnection client = new WebSocketConnection(Role.CLIENT, EngineSettings.defaults(), List.of(),
                MaskingKeySource.secure());
        client.receive(toClient);
        assertThat(Engines.events(client)).containsExactly(new ProtocolEvent.Text("welcome"));

        // Data from the client, then the client closes; the server answers and closes TCP first.
        client.sendText("hello");
        client.close(1000, "bye");
        Engines.transfer(client, server);
        assertThat(Engines.events(server)).containsExactly(new ProtocolEvent.Text("hello"));
        server.sendText("hello"); // the reply to the message that came with the Close goes first
        Engines.transfer(server, client);
        assertThat(Engines.events(server)).containsExactly(new ProtocolEvent.Closed(1000, "bye", true));
        assertThat(server.shouldCloseTransport()).isTrue();
        assertThat(Engines.events(client)).containsExactly(new ProtocolEvent.Text("hello"),
                new ProtocolEvent.Closed(1000, "", true));
        assertThat(client.shouldCloseTransport()).isFalse();
        client.receiveEof();
        assertThat(Engines.events(client)).isEmpty();
    }
}
