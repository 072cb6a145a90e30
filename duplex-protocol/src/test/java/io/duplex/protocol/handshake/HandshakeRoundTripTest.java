package io.duplex.protocol.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.http.HttpHeadParser;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;

/** Our client and our server agree, byte for byte, through the head parser (wsproto's paired engines). */
class HandshakeRoundTripTest {

    @Test
    void clientAndServerAgreeOnSubprotocolAndExtensions() {
        FakeExtensions.Client clientFoo = new FakeExtensions.Client("foo", Extension.RSV1,
                List.of(new ExtensionSpec("foo", List.of(new io.duplex.protocol.extension.ExtensionParameter("level", "9"))),
                        ExtensionSpec.of("foo")), answer -> true);
        ClientHandshake client = ClientHandshake.builder("localhost:9000", "/ws?x=1")
                .random(new Random(3))
                .subprotocols("v1", "v2")
                .extensions(List.of(clientFoo, FakeExtensions.Client.simple("bar", Extension.RSV2)))
                .header("Origin", "http://localhost:9000")
                .build();
        FakeExtensions.Server serverFoo = FakeExtensions.Server.noParams("foo", Extension.RSV1);
        ServerHandshake server = ServerHandshake.builder()
                .subprotocols("v2", "v1")
                .extensions(List.of(serverFoo))
                .build();

        HttpRequestHead request = ((HttpHeadParser.Complete<HttpRequestHead>) HttpHeadParser.forRequest()
                .parse(ByteBuffer.wrap(client.requestBytes()))).head();
        assertThat(request).isEqualTo(client.request());

        ServerHandshake.Outcome serverOutcome = server.accept(request);
        assertThat(serverOutcome).isInstanceOf(ServerHandshake.Accepted.class);
        ServerHandshake.Accepted serverSide = (ServerHandshake.Accepted) serverOutcome;

        HttpResponseHead response = ((HttpHeadParser.Complete<HttpResponseHead>) HttpHeadParser.forResponse()
                .parse(ByteBuffer.wrap(serverSide.response().toBytes()))).head();
        ClientHandshake.Outcome clientOutcome = client.validate(response);
        assertThat(clientOutcome).isInstanceOf(ClientHandshake.Accepted.class);
        ClientHandshake.Accepted clientSide = (ClientHandshake.Accepted) clientOutcome;

        assertThat(serverSide.subprotocol()).isEqualTo("v2");
        assertThat(clientSide.subprotocol()).isEqualTo("v2");
        assertThat(serverSide.extensions()).extracting(Extension::negotiated).containsExactly(ExtensionSpec.of("foo"));
        assertThat(clientSide.extensions()).extracting(Extension::negotiated).containsExactly(ExtensionSpec.of("foo"));
    }

    @Test
    void aRejectionReachesTheClientAsAFailure() {
        ClientHandshake client = ClientHandshake.builder("localhost", "/").build();
        HttpRequestHead request = client.request();
        HttpRequestHead post = new HttpRequestHead("POST", request.target(), request.version(), request.headers());
        ServerHandshake.Outcome outcome = ServerHandshake.builder().build().accept(post);
        HttpResponseHead response = ((HttpHeadParser.Complete<HttpResponseHead>) HttpHeadParser.forResponse()
                .parse(ByteBuffer.wrap(outcome.response().toBytes()))).head();
        assertThat(response.status()).isEqualTo(405);
        assertThat(client.validate(response)).isInstanceOf(ClientHandshake.Failed.class);
    }
}
