package io.gatehouse.gateway.support;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A body a unit test pushes by hand, remembering the flow control asked of it. */
public final class PushedBody implements ReadStream<Buffer> {

    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;
    public int pauses;
    public int resumes;
    public long fetched;

    public void emit(String chunk) {
        if (handler != null) {
            handler.handle(Buffer.buffer(chunk));
        }
    }

    public void end() {
        if (endHandler != null) {
            endHandler.handle(null);
        }
    }

    public void fail(Throwable failure) {
        if (exceptionHandler != null) {
            exceptionHandler.handle(failure);
        }
    }

    public boolean hasHandler() {
        return handler != null;
    }

    public boolean hasEndHandler() {
        return endHandler != null;
    }

    public boolean hasExceptionHandler() {
        return exceptionHandler != null;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        pauses++;
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        resumes++;
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        fetched += amount;
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }
}
