package io.gatehouse.management.billingreports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A report billing is streaming to us, to be streamed on to the caller as it arrives (never held in memory).
 * The caller must {@link #transferTo} or {@link #close} it.
 */
public record BillingDownload(String contentType, String contentDisposition, InputStream body) implements AutoCloseable {

    public void transferTo(OutputStream out) throws IOException {
        try (InputStream in = body) {
            in.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
