package io.gatehouse.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Speaks HTTP/1.1 over a plain socket, byte for byte, so tests can send what no well-behaved client would
 * (ambiguous framing, unnormalized paths, huge heads) and see whether the gateway closed the connection.
 */
public final class RawHttp {

    /** One answer: the status, the head as text, the body, and whether the server closed the connection after it. */
    public record Answer(int status, String head, String body, boolean closed) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} (with its CRLFs) to localhost:{@code port} and reads one answer. */
    public static Answer send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Answer send(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int last4 = 0;
            while (last4 != 0x0d0a0d0a) {
                int b = in.read();
                if (b < 0) {
                    if (head.size() == 0) {
                        return new Answer(-1, "", "", true);
                    }
                    break;
                }
                head.write(b);
                last4 = (last4 << 8) | b;
            }
            String headText = head.toString(StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(headText.substring(9, 12));
            Answer partial = new Answer(status, headText, "", false);
            String length = partial.header("Content-Length");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (length != null) {
                int n = Integer.parseInt(length);
                for (int i = 0; i < n; i++) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    body.write(b);
                }
            } else if ("chunked".equalsIgnoreCase(partial.header("Transfer-Encoding"))) {
                readChunked(in, body);
            }
            boolean closed;
            socket.setSoTimeout(500);
            try {
                closed = in.read() < 0;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (IOException e) {
                closed = true;
            }
            return new Answer(status, headText, body.toString(StandardCharsets.UTF_8), closed);
        }
    }

    private static void readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = line(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim().toLowerCase(Locale.ROOT), 16);
            if (size == 0) {
                line(in);
                return;
            }
            for (int i = 0; i < size; i++) {
                body.write(in.read());
            }
            line(in);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }
}
