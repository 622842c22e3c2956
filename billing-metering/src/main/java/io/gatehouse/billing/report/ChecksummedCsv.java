package io.gatehouse.billing.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * An RFC 4180 CSV report with trailer records and a checksum, written as it goes (nothing is held
 * in memory). The checksum is SHA-256 (hex) of every byte of the CSV before the final
 * {@code #sha256,<hex>} record: header, rows and the other trailers (e.g. {@code #totals,…}).
 * Trailer records start with {@code #}, so CSV readers with a comment marker skip them.
 *
 * <p>With no target, only the checksum is computed: the JSON form of a report carries the same
 * checksum as its CSV form.
 */
public final class ChecksummedCsv {

    private final MessageDigest digest;
    private final Writer target;
    private final CSVPrinter printer;

    public ChecksummedCsv(Writer target, String[] header) {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        this.target = target;
        try {
            this.printer = CSVFormat.RFC4180.builder().setHeader(header).get().print(new Tee());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void record(Object... values) {
        try {
            printer.printRecord(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the trailers, then {@code #sha256,<hex>}; returns the hex. Flushes, does not close, the
     * target. Trailer values are written as they are (never quoted), so they must hold no comma,
     * quote or line break: names, numbers, currency codes.
     */
    public String finish(List<Object[]> trailers) {
        try {
            printer.flush();
            Tee tee = new Tee();
            for (Object[] t : trailers) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < t.length; i++) {
                    line.append(i == 0 ? "" : ",").append(t[i]);
                }
                tee.write(line.append("\r\n").toString());
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            if (target != null) {
                target.write("#sha256," + hex + "\r\n");
                target.flush();
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every character goes to the digest (UTF-8) and, when there is one, to the target. */
    private final class Tee extends Writer {
        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            digest.update(new String(buf, off, len).getBytes(StandardCharsets.UTF_8));
            if (target != null) {
                target.write(buf, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (target != null) {
                target.flush();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
