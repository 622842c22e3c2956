package io.gatehouse.gateway.ingress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * A Netty handler on one client HTTP/1 connection, between Netty's request decoder and Vert.x, that keeps
 * the promises "400 and close" makes and that Vert.x alone does not:
 * <ul>
 *   <li>once the gateway has condemned the connection ({@link #condemn()}), nothing more is read from it: every
 *       message the decoder still produces (a pipelined request, the rest of a body) is dropped;</li>
 *   <li>a chunked body the decoder cannot parse (chunk size overflow, a negative or non-hex size, a bare LF,
 *       a chunk not followed by CRLF) is held back from Vert.x while the gateway has not yet decided what to do
 *       with the request ({@link #hold()}), so it can still answer 400 instead of Vert.x closing the connection
 *       without an answer;</li>
 * </ul>
 * Installed lazily, on the first request of a connection ({@link #of}), so it costs one attribute lookup per
 * request and one handler per connection. Everything here runs on the connection's event loop.
 */
public final class ClientConnectionGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "gatehouse-edge";
    private static final AttributeKey<ClientConnectionGuard> KEY = AttributeKey.valueOf(NAME);
    /** Vert.x's HTTP/1 server pipeline: the decoder, and the handler that turns messages into requests. */
    private static final String VERTX_DECODER = "httpDecoder";
    private static final String VERTX_HANDLER = "handler";

    private ChannelHandlerContext ctx;
    private boolean condemned;
    private boolean holding;
    private Throwable badBody;

    private ClientConnectionGuard() {
    }

    /**
     * The guard of {@code request}'s connection, installed if this is the connection's first request; {@code null}
     * when the connection is not a plain HTTP/1 one (HTTP/2 streams are framed by the HTTP/2 codec).
     */
    public static ClientConnectionGuard of(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (!(connection instanceof ConnectionBase base)) {
            return null;
        }
        Channel channel = base.channel();
        ClientConnectionGuard guard = channel.attr(KEY).get();
        if (guard == null) {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(VERTX_DECODER) == null || pipeline.context(VERTX_HANDLER) == null) {
                return null;
            }
            guard = new ClientConnectionGuard();
            // Added while Netty is delivering this request's head: what the decoder produces next passes here.
            pipeline.addBefore(VERTX_HANDLER, NAME, guard);
            channel.attr(KEY).set(guard);
        }
        return guard;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (condemned) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (holding && msg instanceof HttpContent content && !(msg instanceof HttpMessage)
                && content.decoderResult().isFailure()) {
            badBody = content.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            condemn();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Nothing more is read or handed to Vert.x from this connection; the answer in progress may still be written. */
    public void condemn() {
        condemned = true;
        if (ctx != null) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Whether the connection was condemned: a request still queued behind the condemning one must be ignored. */
    public boolean condemned() {
        return condemned;
    }

    /** The gateway has a request on this connection that it has not yet forwarded or answered. */
    public void hold() {
        holding = true;
    }

    /** The gateway has forwarded or answered the request: a body error from now on is Vert.x's to handle. */
    public void release() {
        holding = false;
    }

    /** Why the held request's chunked body could not be decoded, or {@code null}. */
    public Throwable badBody() {
        return badBody;
    }
}
