package io.gatehouse.portal.tryit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a {@link TryItCall} to the gateway with the partner's key and brings back the real answer.
 * One deadline covers the whole call, the body is read up to the cap, redirects are not followed
 * (the console shows them). The key goes into the request and nowhere else: it is not logged,
 * not kept, and not part of any exception message.
 */
@ApplicationScoped
public class GatewayRelay {

    private static final Logger LOG = Logger.getLogger(GatewayRelay.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The gateway did not answer usefully; the message is for the page. */
    public static class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private final GatewaySettings settings;
    private final HttpClient http;

    public GatewayRelay(GatewaySettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout().compareTo(Duration.ofSeconds(5)) < 0 ? settings.timeout() : Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public RelayedResponse send(TryItCall call, String keyHeader, String key) throws Unreachable {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri())
                .timeout(settings.timeout())
                .method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        call.headers().forEach(h -> request.header(h.name(), h.value()));
        request.header(keyHeader, key);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<CappedBody.Result>> future =
                http.sendAsync(request.build(), info -> new CappedBody(settings.maxResponseBytes()));
        HttpResponse<CappedBody.Result> response;
        try {
            response = future.get(settings.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Unreachable("The gateway did not answer within " + seconds() + ".");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Unreachable("The call was interrupted.");
        } catch (ExecutionException e) {
            throw unreachable(e.getCause(), call);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return present(response, millis);
    }

    private Unreachable unreachable(Throwable cause, TryItCall call) {
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            LOG.infof("Try-it: the gateway at %s could not be reached: %s", settings.relayUrl(), cause.getClass().getSimpleName());
            return new Unreachable("The gateway could not be reached. Please try again in a moment.");
        }
        if (cause instanceof HttpTimeoutException) {
            return new Unreachable("The gateway did not answer within " + seconds() + ".");
        }
        // Only the method and the path: never the headers (the key is one of them).
        LOG.infof("Try-it: %s %s failed: %s", call.method(), call.uri().getRawPath(), cause == null ? "?" : cause.getClass().getSimpleName());
        return new Unreachable(cause instanceof IOException
                ? "The connection to the gateway failed before a complete answer arrived."
                : "The call could not be made.");
    }

    private String seconds() {
        long ms = settings.timeout().toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private static RelayedResponse present(HttpResponse<CappedBody.Result> response, long millis) {
        List<TryItCall.Header> headers = new ArrayList<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                values.forEach(v -> headers.add(new TryItCall.Header(name, v)));
            }
        });
        headers.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        String contentType = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        CappedBody.Result body = response.body();
        String text = null;
        boolean json = false;
        if (!binary(contentType)) {
            text = new String(body.bytes(), charset(contentType));
            if (contentType.contains("json") && !body.truncated()) {
                try {
                    JsonNode tree = JSON.readTree(text);
                    if (tree != null) {
                        text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
                        json = true;
                    }
                } catch (IOException notJson) {
                    // shown as it came
                }
            }
        }
        return new RelayedResponse(response.statusCode(), headers, text, json, body.truncated(), body.bytes().length, millis);
    }

    private static boolean binary(String contentType) {
        return contentType.startsWith("image/") || contentType.startsWith("audio/") || contentType.startsWith("video/")
                || contentType.startsWith("font/") || contentType.startsWith("application/octet-stream")
                || contentType.startsWith("application/pdf") || contentType.startsWith("application/zip")
                || contentType.startsWith("application/gzip");
    }

    private static Charset charset(String contentType) {
        int at = contentType.indexOf("charset=");
        if (at >= 0) {
            String name = contentType.substring(at + 8).split("[;\\s]")[0].replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (RuntimeException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }
}
