package io.duplex.protocol;

/**
 * Which end of a connection an engine plays. The role decides masking (RFC 6455 section 5.1: a client
 * masks every frame it sends, a server never does, and each fails a frame masked the wrong way) and
 * who closes TCP first (section 7.1.1: the server).
 */
public enum Role {
    /** The end that sent the opening handshake request. */
    CLIENT,
    /** The end that answered it. */
    SERVER
}
