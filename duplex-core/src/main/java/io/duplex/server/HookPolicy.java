package io.duplex.server;

import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.duplex.internal.server.UpgradePolicy;
import io.duplex.protocol.handshake.ServerHandshake;
import io.duplex.protocol.http.HttpHeaders;
import io.duplex.protocol.http.HttpRequestHead;
import io.duplex.protocol.http.HttpResponseHead;
import io.duplex.protocol.http.HttpStatus;

/** Runs a {@link HandshakeHook} and turns its decision into the response. */
final class HookPolicy implements UpgradePolicy {

    private static final System.Logger LOG = System.getLogger(HookPolicy.class.getName());

    private final HandshakeHook hook;

    HookPolicy(HandshakeHook hook) {
        this.hook = hook;
    }

    @Override
    public Verdict decide(HttpRequestHead request, SocketAddress remote, ServerHandshake.Accepted accepted) {
        List<String> offered = request.headers().tokens("Sec-WebSocket-Protocol");
        HandshakeDecision decision;
        try {
            decision = hook.decide(new HandshakeRequest(request, remote, offered));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "handshake hook failed for " + remote, e);
            return reject(HttpStatus.INTERNAL_SERVER_ERROR, "internal error\n".getBytes(StandardCharsets.UTF_8));
        }
        if (decision.isRejected()) {
            return reject(decision.rejectStatus(), decision.rejectBody());
        }
        String subprotocol = accepted.subprotocol();
        HttpHeaders.Builder headers = accepted.response().headers().toBuilder();
        if (decision.chosenSubprotocol() != null) {
            if (!offered.contains(decision.chosenSubprotocol())) {
                // RFC 6455 section 4.2.2: only a subprotocol the client offered may be chosen.
                LOG.log(Level.ERROR, "handshake hook chose subprotocol " + decision.chosenSubprotocol()
                        + " which the client did not offer");
                return reject(HttpStatus.INTERNAL_SERVER_ERROR, "internal error\n".getBytes(StandardCharsets.UTF_8));
            }
            subprotocol = decision.chosenSubprotocol();
            headers.set("Sec-WebSocket-Protocol", subprotocol);
        }
        List<String> extra = decision.headers();
        for (int i = 0; i < extra.size(); i += 2) {
            headers.add(extra.get(i), extra.get(i + 1));
        }
        HttpResponseHead response = HttpResponseHead.of(HttpStatus.SWITCHING_PROTOCOLS, headers.build());
        return new Verdict(response, true, subprotocol, decision.attributes());
    }

    private static Verdict reject(int status, byte[] body) {
        HttpResponseHead response = HttpResponseHead.of(status,
                HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"), body);
        return new Verdict(response, false, null, Map.of());
    }
}
