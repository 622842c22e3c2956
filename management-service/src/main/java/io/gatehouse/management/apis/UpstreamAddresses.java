package io.gatehouse.management.apis;

import io.gatehouse.upstreams.UpstreamAddressRule;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The save-time check of the URLs the gateway will connect to (an API's targets, composition parts, JWKS URLs):
 * the host, as a literal or resolved, must be allowed by {@link UpstreamAddressRule} and
 * {@code gatehouse.upstreams.allow-private}. A name that does not resolve within the timeout is accepted: the gateway
 * checks every connection again after its own resolution, which is what holds when DNS changes later.
 * Resolution runs on a small pool of its own with a bounded wait, never on an event loop.
 */
@ApplicationScoped
public class UpstreamAddresses {

    private final boolean allowPrivate;
    private final long timeoutMs;
    private final ExecutorService resolver;

    public UpstreamAddresses(@ConfigProperty(name = "gatehouse.upstreams.allow-private", defaultValue = "false") boolean allowPrivate,
                             @ConfigProperty(name = "gatehouse.upstreams.resolve-timeout", defaultValue = "2s") Duration timeout) {
        this.allowPrivate = allowPrivate;
        this.timeoutMs = Math.max(1, timeout.toMillis());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "upstream-resolver-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.resolver = pool;
    }

    @PreDestroy
    void close() {
        resolver.shutdownNow();
    }

    /** Refuses with {@code upstream-forbidden} (400), naming {@code field}, when {@code url}'s host is not allowed. */
    public void require(String field, String url) {
        String refusal = refusal(url);
        if (refusal != null) {
            throw forbidden(List.of(new Problem.FieldError(field, refusal)));
        }
    }

    /** Adds an error for {@code field} to {@code errors} when {@code url}'s host is not allowed. */
    public void check(String field, String url, List<Problem.FieldError> errors) {
        String refusal = refusal(url);
        if (refusal != null) {
            errors.add(new Problem.FieldError(field, refusal));
        }
    }

    /** Checks the JWKS URL of {@code options}. */
    public void check(GatewayOptions.ApiOptions options, String prefix, List<Problem.FieldError> errors) {
        if (options != null && options.auth() != null && options.auth().jwt() != null
                && options.auth().jwt().jwksUrl() != null && !options.auth().jwt().jwksUrl().isBlank()) {
            check(prefix + "auth.jwt.jwksUrl", options.auth().jwt().jwksUrl(), errors);
        }
    }

    /** Checks the absolute part URLs of {@code options}' composition (relative ones go to the API's targets). */
    public void check(GatewayOptions.RouteOptions options, String prefix, List<Problem.FieldError> errors) {
        if (options == null || options.compose() == null || options.compose().parts() == null) {
            return;
        }
        List<GatewayOptions.ComposePart> parts = options.compose().parts();
        for (int i = 0; i < parts.size(); i++) {
            GatewayOptions.ComposePart part = parts.get(i);
            if (part != null && part.url() != null && !part.url().startsWith("/")) {
                check(prefix + "compose.parts[" + i + "].url", part.url(), errors);
            }
        }
    }

    /** Throws {@link #forbidden} when {@code errors} is not empty. */
    public static void refuse(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw forbidden(errors);
        }
    }

    /** The {@code upstream-forbidden} problem for these fields. */
    public static ApiProblem forbidden(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " URLs lead to addresses the gateway may not connect to";
        return new ApiProblem(ProblemType.UPSTREAM_FORBIDDEN, detail, List.copyOf(errors));
    }

    /** Why the gateway may not connect to {@code url}'s host, or {@code null} when it may (or it is not known yet). */
    String refusal(String url) {
        String host;
        try {
            host = url == null ? null : new URI(url.trim()).getHost();
        } catch (URISyntaxException e) {
            return null;
        }
        if (host == null) {
            return null;
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        for (InetAddress address : resolve(name)) {
            UpstreamAddressRule.Verdict verdict = UpstreamAddressRule.classify(address);
            if (verdict == UpstreamAddressRule.Verdict.FORBIDDEN) {
                return "leads to " + address.getHostAddress() + ", a link-local, metadata or reserved address the "
                        + "gateway never connects to";
            }
            if (verdict == UpstreamAddressRule.Verdict.PRIVATE && !allowPrivate) {
                return "leads to " + address.getHostAddress() + ", a loopback or private address; the operator allows "
                        + "those with gatehouse.upstreams.allow-private";
            }
        }
        return null;
    }

    private InetAddress[] resolve(String name) {
        Future<InetAddress[]> lookup;
        try {
            lookup = resolver.submit(() -> InetAddress.getAllByName(name));
        } catch (RejectedExecutionException e) {
            return new InetAddress[0];
        }
        try {
            return lookup.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            return new InetAddress[0];
        } catch (ExecutionException e) {
            // Unknown now (UnknownHostException and the like): the gateway's connect-time check still applies.
            return new InetAddress[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InetAddress[0];
        }
    }
}
