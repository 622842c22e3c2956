package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.pipeline.Exchange;
import io.gatehouse.gateway.policy.access.IpRange;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is, as far as the gateway can trust it. The TCP peer is always known; an incoming
 * {@code X-Forwarded-For} chain is believed only hop by hop from the right, while each hop is a configured
 * trusted proxy. The first untrusted hop is the client: anything left of it is what that client claimed, so it
 * is dropped rather than passed on.
 *
 * @param clientIp       the client's address (the peer when it is untrusted)
 * @param forwardedFor   the {@code X-Forwarded-For} value to send upstream: the believed chain plus the peer
 * @param trustedPeer    whether the TCP peer is a trusted proxy (then its X-Forwarded-Proto/Host and Forwarded
 *                       are passed on)
 */
public record ClientChain(String clientIp, String forwardedFor, boolean trustedPeer) {

    /** The resolved chain of the request, set by the ingress. */
    public static final Exchange.Key<ClientChain> KEY = new Exchange.Key<>("client-chain");

    /** Resolves the chain for a request from {@code peer} with {@code headers}; {@code trusted} may be empty. */
    public static ClientChain resolve(String peer, MultiMap headers, List<IpRange> trusted) {
        if (trusted.isEmpty() || !IpRange.anyContains(trusted, peer)) {
            return new ClientChain(peer, peer, false);
        }
        List<String> hops = new ArrayList<>();
        for (String value : headers.getAll(ForwardingHeaders.X_FORWARDED_FOR)) {
            for (String hop : value.split(",")) {
                String h = hop.trim();
                if (!h.isEmpty()) {
                    hops.add(h);
                }
            }
        }
        int client = hops.size(); // index of the client in hops; hops.size() means the peer itself
        while (client > 0) {
            String hop = hops.get(client - 1);
            client--;
            if (!IpRange.anyContains(trusted, hop)) {
                break;
            }
        }
        if (hops.isEmpty()) {
            return new ClientChain(peer, peer, true);
        }
        String clientIp = hops.get(client);
        if (!IpRange.isAddress(clientIp)) {
            // A trusted proxy passed on something that is not an address: believe only the proxy.
            return new ClientChain(peer, peer, true);
        }
        StringBuilder chain = new StringBuilder();
        for (int i = client; i < hops.size(); i++) {
            chain.append(hops.get(i)).append(", ");
        }
        return new ClientChain(clientIp, chain.append(peer).toString(), true);
    }
}
