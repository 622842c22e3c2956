package io.gatehouse.gateway.policy.ratelimit;

import io.gatehouse.gateway.redis.LoopConnections;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link LimitStore} on Redis: the script {@code ratelimit/acquire.lua}, evaluated by its SHA-1
 * ({@code EVALSHA}; on {@code NOSCRIPT}, once with {@code EVAL}, which caches it), sent on the
 * calling event loop's own connection ({@link LoopConnections}). A call fails when the connection
 * is refused or lost, or when Redis has gone silent on it ({@link io.gatehouse.gateway.redis.RedisSilence}):
 * a call that is only slow because this gateway is busy keeps waiting, and its answer is used. The
 * answer is delivered on the caller's context.
 */
public final class RedisLimitStore implements LimitStore {

    static final String SCRIPT = load();
    static final String SHA = sha1(SCRIPT);

    private final LoopConnections redis;
    private final AtomicLong calls = new AtomicLong();

    public RedisLimitStore(LoopConnections redis) {
        this.redis = redis;
    }

    /**
     * Loads the script and opens the connection ahead of the first request, so that request does
     * not spend its timeout budget on connecting. Failure is harmless: requests load it on demand.
     */
    @Override
    public Future<Void> warmUp() {
        return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(SCRIPT)).mapEmpty();
    }

    @Override
    public Future<Void> ping() {
        return redis.send(Request.cmd(Command.PING)).mapEmpty();
    }

    /** Script evaluations sent so far (for metrics and tests). */
    public long calls() {
        return calls.get();
    }

    @Override
    public Future<Grant> acquire(StoreCall call, long asked) {
        Future<Response> answer = send(Command.EVALSHA, SHA, call, asked).recover(e -> isNoScript(e)
                ? send(Command.EVAL, SCRIPT, call, asked)
                : Future.failedFuture(e));
        return answer.map(r -> parse(r, call.windows().size()));
    }

    private Future<Response> send(Command command, String scriptOrSha, StoreCall call, long asked) {
        calls.incrementAndGet();
        int n = call.keys().size();
        Request request = Request.cmd(command).arg(scriptOrSha).arg(n);
        for (String key : call.keys()) {
            request.arg(key);
        }
        request.arg(asked);
        for (int i = 0; i < n; i++) {
            LimitWindow w = call.windows().get(i);
            request.arg(w.kind() == LimitWindow.Kind.RATE ? "r" : "q").arg(w.max()).arg(call.spans()[i]);
        }
        return redis.send(request);
    }

    static Grant parse(Response r, int windows) {
        long[] remaining = new long[windows];
        long[] reset = new long[windows];
        if (r.size() >= 4 + 2 * windows) {
            for (int i = 0; i < windows; i++) {
                remaining[i] = r.get(4 + 2 * i).toLong();
                reset[i] = r.get(5 + 2 * i).toLong();
            }
        }
        return new Grant(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toInteger() - 1, r.get(3).toLong(),
                remaining, reset);
    }

    private static boolean isNoScript(Throwable e) {
        return e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT");
    }

    private static String load() {
        try (InputStream in = RedisLimitStore.class.getResourceAsStream("/ratelimit/acquire.lua")) {
            if (in == null) {
                throw new IllegalStateException("ratelimit/acquire.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read ratelimit/acquire.lua", e);
        }
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
