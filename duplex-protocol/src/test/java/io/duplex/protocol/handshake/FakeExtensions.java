package io.duplex.protocol.handshake;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.duplex.protocol.extension.ClientExtensionFactory;
import io.duplex.protocol.extension.Extension;
import io.duplex.protocol.extension.ExtensionException;
import io.duplex.protocol.extension.ExtensionSpec;
import io.duplex.protocol.extension.ServerExtensionFactory;

/** Small extensions for negotiation tests: they transform nothing and record whether they were released. */
final class FakeExtensions {

    private FakeExtensions() {
    }

    /** An extension that claims some RSV bits and leaves messages alone. */
    static final class Fake implements Extension {
        private final ExtensionSpec negotiated;
        private final int rsv;
        private int releases;

        Fake(ExtensionSpec negotiated, int rsv) {
            this.negotiated = negotiated;
            this.rsv = rsv;
        }

        @Override
        public String name() {
            return negotiated.name();
        }

        @Override
        public ExtensionSpec negotiated() {
            return negotiated;
        }

        @Override
        public int rsvBits() {
            return rsv;
        }

        @Override
        public Encoded encode(boolean text, ByteBuffer payload, int rsvSoFar) {
            return new Encoded(payload, rsvSoFar | rsv);
        }

        @Override
        public ByteBuffer decode(boolean text, ByteBuffer payload, int rsvOfFrame, long maxMessageSize) {
            return payload;
        }

        @Override
        public void release() {
            releases++;
        }

        boolean released() {
            return releases > 0;
        }

        int releases() {
            return releases;
        }
    }

    /** A server factory that accepts the offers {@code acceptIf} allows, echoing them, and keeps what it built. */
    static final class Server implements ServerExtensionFactory {
        private final String name;
        private final int rsv;
        private final Predicate<ExtensionSpec> acceptIf;
        final List<ExtensionSpec> seen = new ArrayList<>();
        final List<Fake> built = new ArrayList<>();

        Server(String name, int rsv, Predicate<ExtensionSpec> acceptIf) {
            this.name = name;
            this.rsv = rsv;
            this.acceptIf = acceptIf;
        }

        /** Claims {@code rsv} and accepts only offers without parameters. */
        static Server noParams(String name, int rsv) {
            return new Server(name, rsv, offer -> offer.parameters().isEmpty());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<Extension> accept(ExtensionSpec offer) {
            seen.add(offer);
            if (!acceptIf.test(offer)) {
                return Optional.empty();
            }
            Fake fake = new Fake(offer, rsv);
            built.add(fake);
            return Optional.of(fake);
        }
    }

    /** A client factory with fixed offers that accepts answers {@code acceptIf} allows, else throws 1010. */
    static final class Client implements ClientExtensionFactory {
        private final String name;
        private final int rsv;
        private final List<ExtensionSpec> offers;
        private final Predicate<ExtensionSpec> acceptIf;
        final List<Fake> built = new ArrayList<>();

        Client(String name, int rsv, List<ExtensionSpec> offers, Predicate<ExtensionSpec> acceptIf) {
            this.name = name;
            this.rsv = rsv;
            this.offers = offers;
            this.acceptIf = acceptIf;
        }

        /** Offers {@code name} without parameters and accepts any answer. */
        static Client simple(String name, int rsv) {
            return new Client(name, rsv, List.of(ExtensionSpec.of(name)), answer -> true);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ExtensionSpec> offers() {
            return offers;
        }

        @Override
        public Extension accept(ExtensionSpec response) throws ExtensionException {
            if (!acceptIf.test(response)) {
                throw new ExtensionException(1010, "unacceptable parameters");
            }
            Fake fake = new Fake(response, rsv);
            built.add(fake);
            return fake;
        }
    }
}
