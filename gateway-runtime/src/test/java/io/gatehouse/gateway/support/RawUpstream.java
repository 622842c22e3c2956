package io.gatehouse.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream on a plain socket, so it can answer what no HTTP library would send (interim 1xx answers, more
 * bytes than its Content-Length), and that counts every request head it receives, so a test can prove that
 * a request never reached it. The last path segment chooses the answer:
 * <ul>
 *   <li>{@code processing}: {@code 102 Processing}, then 200 {@code final};</li>
 *   <li>{@code hints}: {@code 103 Early Hints} with a {@code Link}, then 200 {@code final};</li>
 *   <li>{@code surplus}: 200 {@code ok} with {@code Content-Length: 2}, followed by bytes beyond it;</li>
 *   <li>anything else: 200 with the request target as the body.</li>
 * </ul>
 * Connections are kept alive, so the gateway's pool reuses them.
 */
public final class RawUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public RawUpstream() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread acceptor = new Thread(this::accept, "raw-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** The request targets received so far, in order. */
    public List<String> received() {
        return new ArrayList<>(received);
    }

    /** How many received request targets contain {@code part}. */
    public long receivedContaining(String part) {
        return received.stream().filter(t -> t.contains(part)).count();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread t = new Thread(() -> serve(socket), "raw-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String requestLine = line(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                long length = 0;
                boolean chunked = false;
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    String lower = header.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
                String target = requestLine.split(" ")[1];
                received.add(target);
                if (chunked) {
                    readChunked(in);
                } else {
                    in.skipNBytes(length);
                }
                out.write(answer(target).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // The gateway closed the connection.
        }
    }

    private static String answer(String target) {
        String last = target.substring(target.lastIndexOf('/') + 1);
        return switch (last) {
            case "processing" -> "HTTP/1.1 102 Processing\r\n\r\n" + ok("final");
            case "hints" -> "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" + ok("final");
            case "surplus" -> ok("ok") + "surplus bytes the Content-Length did not announce";
            default -> ok(target);
        };
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static void readChunked(InputStream in) throws IOException {
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("closed in a chunked body");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are ignored
                }
                return;
            }
            in.skipNBytes(n);
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                bytes.write(b);
            }
        }
        if (b < 0 && bytes.size() == 0) {
            return null;
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }
}
