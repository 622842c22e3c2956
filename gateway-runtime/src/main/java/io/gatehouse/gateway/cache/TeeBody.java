package io.gatehouse.gateway.cache;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

import java.util.function.Consumer;

/**
 * Relays an upstream body unchanged while keeping a copy of it, up to {@code max} bytes, for the cache. When the
 * body ends within the limit {@code onBody} gets the copy; when it grows past the limit or fails, {@code onGiveUp}
 * runs and the copy is dropped. Exactly one of the two runs, at most once.
 */
final class TeeBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long max;
    private final Consumer<Buffer> onBody;
    private final Runnable onGiveUp;
    private Buffer copy = Buffer.buffer();
    private boolean done;

    TeeBody(ReadStream<Buffer> source, long max, Consumer<Buffer> onBody, Runnable onGiveUp) {
        this.source = source;
        this.max = max;
        this.onBody = onBody;
        this.onGiveUp = onGiveUp;
    }

    private void giveUp() {
        if (!done) {
            done = true;
            copy = null;
            onGiveUp.run();
        }
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(e -> {
            giveUp();
            if (handler != null) {
                handler.handle(e);
            }
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (!done) {
                if (copy.length() + chunk.length() > max) {
                    giveUp();
                } else {
                    copy.appendBuffer(chunk);
                }
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(v -> {
            if (!done) {
                done = true;
                onBody.accept(copy);
                copy = null;
            }
            if (endHandler != null) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
