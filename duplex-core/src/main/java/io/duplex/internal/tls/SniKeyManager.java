package io.duplex.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses the server's certificate by the name the client asked for in SNI (RFC 6066 section 3):
 * the first certificate whose subject alternative names (or, without any, whose common name) match
 * it, wildcards of one label included; the first configured certificate when none matches or the
 * client sent no name (a client that cannot use its key type then fails the handshake).
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final X509ExtendedKeyManager keys;
    private final List<String> aliases;
    /** Each identity's DNS names, lower-cased, read from its certificate once rather than per handshake. */
    private final Map<String, List<String>> names;

    /**
     * @param keys   the key manager holding every certificate
     * @param leaves each identity's own certificate by alias, in the order they were configured
     */
    SniKeyManager(X509ExtendedKeyManager keys, LinkedHashMap<String, X509Certificate> leaves) {
        this.keys = keys;
        this.aliases = List.copyOf(leaves.keySet());
        Map<String, List<String>> byAlias = new HashMap<>();
        leaves.forEach((alias, certificate) -> byAlias.put(alias, dnsNames(certificate)));
        this.names = Map.copyOf(byAlias);
    }

    /**
     * Called once per key type the client could use, in the JDK's order of preference. The identities
     * whose names match the SNI name are offered, in configured order; when none matches (or no name
     * was sent) only the first configured identity is: a name match of another key type must not lose
     * to an identity that merely has the key type asked first.
     */
    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String requested = requestedHostName(engine == null ? null : engine.getHandshakeSession());
        List<String> preferred = new ArrayList<>();
        if (requested != null) {
            for (String alias : aliases) {
                if (matches(names.get(alias), requested)) {
                    preferred.add(alias);
                }
            }
        }
        if (preferred.isEmpty()) {
            preferred.add(aliases.get(0));
        }
        String[] usable = keys.getServerAliases(keyType, issuers);
        if (usable == null) {
            return null;
        }
        for (String alias : preferred) {
            for (String u : usable) {
                // SunX509 keeps our aliases; NewSunX509 would name them "builder.entry.alias".
                if (u.equals(alias) || u.endsWith("." + alias)) {
                    return u;
                }
            }
        }
        return null;
    }

    private static String requestedHostName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name.getType() == StandardConstants.SNI_HOST_NAME) {
                return ((SNIHostName) name).getAsciiName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * @param certificate an identity's certificate
     * @return its dNSName subject alternative names, or without any its common names, lower-cased
     */
    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) { // dNSName
                        names.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names.isEmpty()) {
            String dn = certificate.getSubjectX500Principal().getName();
            for (String part : dn.split(",")) {
                if (part.startsWith("CN=")) {
                    names.add(part.substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * RFC 6125 section 6.4: DNS names compared case-insensitively, {@code *} for one leftmost label.
     *
     * @param names the certificate's names, from {@link #dnsNames}
     * @param host  the requested name, lower-cased
     * @return whether one of the names covers it
     */
    static boolean matches(List<String> names, String host) {
        for (String name : names) {
            if (name.equals(host)) {
                return true;
            }
            if (name.startsWith("*.")) {
                int dot = host.indexOf('.');
                if (dot > 0 && host.substring(dot).equals(name.substring(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keys.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return keys.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return keys.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return keys.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return keys.getPrivateKey(alias);
    }
}
