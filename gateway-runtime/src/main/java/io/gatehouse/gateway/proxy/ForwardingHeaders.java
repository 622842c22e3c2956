package io.gatehouse.gateway.proxy;

import io.gatehouse.gateway.policy.auth.ApiKeyCredentials;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which headers cross the gateway, in each direction. */
public final class ForwardingHeaders {

    /** RFC 9110 §7.6.1 hop-by-hop headers, plus the de-facto ones proxies drop. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";
    public static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    public static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    public static final String FORWARDED = "Forwarded";
    public static final String VIA = "Via";
    public static final String X_REQUEST_ID = "X-Request-Id";
    /** The pseudonym this gateway uses in {@code Via} (RFC 9110 §7.6.3). */
    public static final String VIA_PSEUDONYM = "gatehouse";

    private ForwardingHeaders() {
    }

    /**
     * Headers to send upstream: the client's, minus hop-by-hop ones, {@code Host} (the client
     * picks ours, the target gets its own), {@code Expect} (answered here) and the API key; with
     * {@code X-Forwarded-*}, {@code Forwarded} and {@code Via} set from what the gateway trusts.
     * Incoming forwarding headers are passed on only from a trusted proxy; from anyone else they are replaced.
     * {@link UnsafeHeaders} are dropped unless {@code forwardUnsafe} (the API's {@code forwardUnsafeHeaders}).
     */
    public static MultiMap toUpstream(MultiMap in, ClientChain chain, String scheme, String httpVersion,
                                      String requestId, boolean forwardUnsafe) {
        Set<String> named = connectionTokens(in);
        MultiMap out = HttpHeaders.headers();
        for (Map.Entry<String, String> header : in) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name) || name.startsWith("proxy-")
                    || name.equals("host") || name.equals("expect")
                    || name.equals("x-api-key")
                    || (name.equals("authorization") && ApiKeyCredentials.isApiKeyAuthorization(header.getValue()))) {
                continue;
            }
            if (!chain.trustedPeer() && (name.startsWith("x-forwarded-") || name.equals("forwarded")
                    || name.equals("x-real-ip"))) {
                continue;
            }
            if (!forwardUnsafe && UnsafeHeaders.isUnsafe(name)) {
                continue;
            }
            out.add(header.getKey(), header.getValue());
        }
        String host = in.get(HttpHeaders.HOST);
        String peer = chain.trustedPeer() ? lastHop(chain.forwardedFor()) : chain.clientIp();
        out.set(X_FORWARDED_FOR, chain.forwardedFor());
        if (!chain.trustedPeer() || !out.contains(X_FORWARDED_PROTO)) {
            out.set(X_FORWARDED_PROTO, scheme);
        }
        if (host != null && (!chain.trustedPeer() || !out.contains(X_FORWARDED_HOST))) {
            out.set(X_FORWARDED_HOST, host);
        }
        String element = forwardedElement(peer, host, scheme);
        String priorForwarded = chain.trustedPeer() ? joined(out, FORWARDED) : null;
        out.set(FORWARDED, priorForwarded == null ? element : priorForwarded + ", " + element);
        addVia(out, httpVersion);
        out.set(X_REQUEST_ID, requestId);
        return out;
    }

    /** {@link #toUpstream(MultiMap, ClientChain, String, String, String, boolean)} that drops unsafe headers. */
    public static MultiMap toUpstream(MultiMap in, ClientChain chain, String scheme, String httpVersion,
                                      String requestId) {
        return toUpstream(in, chain, scheme, httpVersion, requestId, false);
    }

    /** Copies the upstream's response headers to the client's response, minus hop-by-hop ones, and adds {@code Via}. */
    public static void toClient(MultiMap upstream, MultiMap client, String httpVersion) {
        Set<String> named = connectionTokens(upstream);
        for (Map.Entry<String, String> header : upstream) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || named.contains(name) || name.startsWith("proxy-")) {
                continue;
            }
            client.add(header.getKey(), header.getValue());
        }
        addVia(client, httpVersion);
    }

    /** One RFC 7239 element: {@code for=...;host=...;proto=...}, quoting what is not a token. */
    static String forwardedElement(String forAddress, String host, String proto) {
        StringBuilder sb = new StringBuilder("for=");
        if (forAddress != null && forAddress.indexOf(':') >= 0) {
            sb.append("\"[").append(forAddress).append("]\"");
        } else {
            sb.append(forAddress == null ? "unknown" : forAddress);
        }
        if (host != null) {
            sb.append(";host=").append(tokenOrQuoted(host));
        }
        return sb.append(";proto=").append(proto).toString();
    }

    private static void addVia(MultiMap headers, String httpVersion) {
        String hop = ("1.0".equals(httpVersion) ? "1.0 " : "1.1 ") + VIA_PSEUDONYM;
        String prior = joined(headers, VIA);
        headers.set(VIA, prior == null ? hop : prior + ", " + hop);
    }

    private static String joined(MultiMap headers, String name) {
        var all = headers.getAll(name);
        if (all.isEmpty()) {
            return null;
        }
        return all.size() == 1 ? all.get(0) : String.join(", ", all);
    }

    private static String lastHop(String chain) {
        int comma = chain.lastIndexOf(',');
        return comma < 0 ? chain : chain.substring(comma + 1).trim();
    }

    private static String tokenOrQuoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return value;
    }

    private static Set<String> connectionTokens(MultiMap headers) {
        Set<String> tokens = null;
        for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    if (tokens == null) {
                        tokens = new HashSet<>();
                    }
                    tokens.add(t);
                }
            }
        }
        return tokens == null ? Set.of() : tokens;
    }
}
