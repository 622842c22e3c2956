package io.gatehouse.gateway.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that may not exceed {@code max} bytes: it relays the client's body and, at the first byte
 * past the limit, stops relaying, pauses the client and calls {@code onExceeded} once. Used only for routes
 * with a body limit and a body of unknown length (a declared Content-Length is checked before forwarding).
 */
final class LimitedBody extends ForwardingReadStream {

    private final long max;
    private final Runnable onExceeded;
    private long seen;
    private boolean exceeded;

    LimitedBody(ReadStream<Buffer> source, long max, Runnable onExceeded) {
        super(source);
        this.max = max;
        this.onExceeded = onExceeded;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    protected void relay(Buffer chunk, Handler<Buffer> downstream) {
        if (exceeded) {
            return;
        }
        seen += chunk.length();
        if (seen > max) {
            exceeded = true;
            source.pause();
            onExceeded.run();
            return;
        }
        downstream.handle(chunk);
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!exceeded) {
            source.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!exceeded) {
            source.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(endHandler == null ? null : v -> {
            if (!exceeded) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
