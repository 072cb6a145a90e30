/**
 * The demo apps: a chat with rooms and presence, a shared counter and a price ticker, with their
 * pages, served on one port by {@link io.duplex.demo.DemoServer}. Each app keeps its state on one
 * thread of its own and talks to the browsers and to the other nodes through
 * {@link io.duplex.pubsub.Topics}; the browsers get JSON text messages.
 */
package io.duplex.demo;
