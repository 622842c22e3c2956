package io.gatehouse.gateway.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import org.jboss.logging.Logger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A Netty handler on one upstream HTTP/1 connection, between Netty's client codec and Vert.x, for what the Vert.x
 * client gets wrong with a misbehaving upstream:
 * <ul>
 *   <li>an interim answer other than {@code 100 Continue} and {@code 103 Early Hints} (which Vert.x handles) is
 *       dropped, so that {@code 102 Processing} is never taken for the final answer; a {@code 101} (the gateway never
 *       asks for an upgrade) fails the exchange and closes the connection;</li>
 *   <li>a connection on which the upstream sent bytes past the end of its last response (more than its
 *       {@code Content-Length}, say) is closed instead of going back to the pool, so those bytes can never be read
 *       as the start of the next, unrelated response.</li>
 * </ul>
 * Whether bytes are left over is asked of the codec's decoder ({@code ByteToMessageDecoder.actualReadableBytes()},
 * protected, reached through a method handle once per class): nothing public tells it, and re-parsing the stream
 * here would duplicate the decoder. Without that handle the first rule still holds. Event loop only.
 */
final class UpstreamConnectionGuard extends ChannelDuplexHandler {

    private static final Logger LOG = Logger.getLogger(UpstreamConnectionGuard.class);
    static final String NAME = "gatehouse-upstream-edge";
    /** Vert.x's name for the HTTP/1 client codec in an upstream connection's pipeline. */
    private static final String VERTX_CODEC = "codec";
    private static final MethodHandle INBOUND_HANDLER;
    private static final MethodHandle ACTUAL_READABLE_BYTES;

    static {
        MethodHandle inbound = null;
        MethodHandle readable = null;
        try {
            inbound = MethodHandles.privateLookupIn(CombinedChannelDuplexHandler.class, MethodHandles.lookup())
                    .findVirtual(CombinedChannelDuplexHandler.class, "inboundHandler",
                            MethodType.methodType(ChannelInboundHandler.class));
            readable = MethodHandles.privateLookupIn(ByteToMessageDecoder.class, MethodHandles.lookup())
                    .findVirtual(ByteToMessageDecoder.class, "actualReadableBytes", MethodType.methodType(int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("upstream connections with surplus bytes cannot be detected: %s", e.toString());
        }
        INBOUND_HANDLER = inbound;
        ACTUAL_READABLE_BYTES = readable;
    }

    private final ByteToMessageDecoder decoder;
    /** Requests written whose final response has not ended yet. */
    private int outstanding;
    /** The final response being received, or {@code null}. */
    private HttpResponse current;
    /** Inside a dropped interim answer (its head went, its empty end is still to come). */
    private boolean dropping;

    private UpstreamConnectionGuard(ByteToMessageDecoder decoder) {
        this.decoder = decoder;
    }

    /** Installs the guard on a new upstream connection; HTTP/2 connections are left alone. */
    static void install(HttpConnection connection) {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        ChannelHandler codec = pipeline.get(VERTX_CODEC);
        if (codec == null) {
            return;
        }
        pipeline.addAfter(VERTX_CODEC, NAME, new UpstreamConnectionGuard(decoderOf(codec)));
    }

    private static ByteToMessageDecoder decoderOf(ChannelHandler codec) {
        if (INBOUND_HANDLER == null || ACTUAL_READABLE_BYTES == null || !(codec instanceof CombinedChannelDuplexHandler)) {
            return null;
        }
        try {
            Object inbound = (ChannelInboundHandler) INBOUND_HANDLER.invoke((CombinedChannelDuplexHandler<?, ?>) codec);
            return inbound instanceof ByteToMessageDecoder d ? d : null;
        } catch (Throwable e) {
            return null;
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpRequest) {
            outstanding++;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response) {
            int code = response.status().code();
            if (code == 101) {
                ReferenceCountUtil.release(msg);
                ctx.fireExceptionCaught(new VertxException("the upstream switched protocols though no upgrade was asked", true));
                ctx.close();
                return;
            }
            if (code >= 102 && code < 200 && code != 103) {
                dropping = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            if (code >= 200) {
                current = response;
            }
        }
        if (msg instanceof LastHttpContent) {
            if (dropping) {
                dropping = false;
                ReferenceCountUtil.release(msg);
                return;
            }
            if (current != null) {
                HttpResponse ended = current;
                current = null;
                outstanding = Math.max(0, outstanding - 1);
                if (outstanding == 0 && leftover() > 0) {
                    // Vert.x reads this header when the response ends and closes the connection instead of pooling it.
                    ended.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Bytes that arrived on an idle pooled connection can only be the start of a bogus response.
        if (outstanding == 0 && current == null && leftover() > 0) {
            ctx.close();
        }
        ctx.fireChannelReadComplete();
    }

    private int leftover() {
        if (decoder == null) {
            return 0;
        }
        try {
            return (int) ACTUAL_READABLE_BYTES.invokeExact(decoder);
        } catch (Throwable e) {
            return 0;
        }
    }
}
