package io.gatehouse.gateway.usage;

import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Batches that could not be sent yet, on local disk, oldest first. The spool is a directory of append-only
 * segment files; a batch is appended as one record and forced to disk before {@link #append} returns, so a batch
 * the spool took survives a crash. {@link #oldest()} and {@link #acknowledge} walk the records in order; only a
 * batch that was acknowledged (Redis accepted it) is ever given up, and a segment file is deleted once all of
 * its batches were. How far the oldest segment was acknowledged is kept in a small progress file; if that is
 * lost, its batches are sent again, which the contract allows.
 *
 * <p>A process never appends to a segment an earlier process wrote: it starts a new one. A record that an
 * earlier process did not finish (it crashed mid-append) therefore ends its segment and cannot hide later ones.
 *
 * <p>Record layout: {@code int length, int crc32(payload), payload}; payload: {@code byte format (1), int count,
 * short nodeLength, node (UTF-8), events JSON (UTF-8, the rest)}.
 *
 * <p>Blocking I/O and not thread-safe: one thread (the recorder's worker) owns an instance.
 */
public final class UsageSpool implements Closeable {

    private static final Logger LOG = Logger.getLogger(UsageSpool.class);

    /** The segment size after which appends go to a new segment, unless told otherwise. */
    public static final long DEFAULT_SEGMENT_BYTES = 8L * 1024 * 1024;

    static final String PROGRESS_FILE = "replay.offset";
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{20})\\.spool");
    private static final int HEADER_BYTES = 8;
    private static final byte FORMAT = 1;
    /** No batch of 500 events comes near this; a larger length can only be a damaged header. */
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    /** A spooled batch and where it lies, so it can be acknowledged. */
    public record Spooled(UsageBatch batch, long segment, long offset, long end) {
    }

    private static final class Segment {
        final long seq;
        final Path path;
        long size;

        Segment(long seq, Path path, long size) {
            this.seq = seq;
            this.path = path;
            this.size = size;
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final Deque<Segment> segments = new ArrayDeque<>();
    /** The segment this process appends to (always the last one), or {@code null} until the first append. */
    private Segment tail;
    private FileChannel tailChannel;
    /** Bytes at the start of the oldest segment whose batches Redis accepted. */
    private long headOffset;
    private long nextSeq;

    private UsageSpool(Path dir, long maxBytes, long segmentBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the spool in {@code dir} (created if absent), picking up segments an earlier process left.
     *
     * @param maxBytes     the most bytes the spool may hold; an append that would exceed it is refused
     * @param segmentBytes the size after which a new segment is started
     */
    public static UsageSpool open(Path dir, long maxBytes, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        UsageSpool spool = new UsageSpool(dir, maxBytes, segmentBytes);
        spool.load();
        return spool;
    }

    private void load() throws IOException {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Matcher m = SEGMENT.matcher(file.getFileName().toString());
                if (m.matches()) {
                    found.add(new Segment(Long.parseLong(m.group(1)), file, Files.size(file)));
                }
            }
        }
        found.sort(Comparator.comparingLong(s -> s.seq));
        segments.addAll(found);
        nextSeq = found.isEmpty() ? 1 : found.get(found.size() - 1).seq + 1;
        headOffset = readProgress();
        if (!segments.isEmpty()) {
            LOG.infof("usage spool %s holds %d bytes in %d segment(s) from an earlier run; they will be replayed",
                    dir, bytes(), segments.size());
        }
    }

    private long readProgress() {
        Segment head = segments.peekFirst();
        Path progress = dir.resolve(PROGRESS_FILE);
        if (head == null || !Files.isRegularFile(progress)) {
            return 0;
        }
        try {
            String[] parts = Files.readString(progress, StandardCharsets.UTF_8).trim().split(" ");
            long offset = Long.parseLong(parts[1]);
            if (parts[0].equals(head.path.getFileName().toString()) && offset >= 0 && offset <= head.size) {
                return offset;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("usage spool: ignoring unreadable %s (%s); the oldest segment is replayed from its start",
                    progress, e.toString());
        }
        return 0;
    }

    public Path dir() {
        return dir;
    }

    /** Bytes held and not yet acknowledged (what counts against the size limit). */
    public long bytes() {
        long total = 0;
        for (Segment s : segments) {
            total += s.size;
        }
        return total - headOffset;
    }

    public boolean isEmpty() {
        return bytes() == 0;
    }

    /**
     * Appends {@code batch} and forces it to disk.
     *
     * @return {@code false}, writing nothing, if the batch does not fit under the size limit
     * @throws IOException if it could not be written; then nothing of it counts as spooled
     */
    public boolean append(UsageBatch batch) throws IOException {
        ByteBuffer record = encode(batch);
        if (bytes() + record.remaining() > maxBytes) {
            return false;
        }
        if (tail == null || tail.size >= segmentBytes) {
            startSegment();
        }
        long before = tail.size;
        try {
            while (record.hasRemaining()) {
                tailChannel.write(record);
            }
            tailChannel.force(false);
            tail.size = tailChannel.position();
            return true;
        } catch (IOException e) {
            // Cut the partial record off so later appends stay readable; if even that fails, leave the segment.
            try {
                tailChannel.truncate(before);
                tailChannel.position(before);
            } catch (IOException ignored) {
                closeTail();
            }
            throw e;
        }
    }

    private void startSegment() throws IOException {
        closeTail();
        Path path = dir.resolve(String.format("segment-%020d.spool", nextSeq));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        forceDirectory();
        tail = new Segment(nextSeq++, path, 0);
        tailChannel = channel;
        segments.addLast(tail);
    }

    /**
     * The oldest batch not yet acknowledged, or empty. A damaged record (or one an earlier process did not
     * finish) ends its segment: the segment is renamed to {@code *.corrupt}, kept for inspection, and reading
     * goes on with the next one.
     */
    public Optional<Spooled> oldest() throws IOException {
        while (true) {
            Segment head = segments.peekFirst();
            if (head == null) {
                return Optional.empty();
            }
            if (headOffset >= head.size) {
                if (head == tail) {
                    return Optional.empty();
                }
                dropHead(false);
                continue;
            }
            Optional<Spooled> read = read(head);
            if (read.isPresent()) {
                return read;
            }
            dropHead(true);
        }
    }

    private Optional<Spooled> read(Segment head) throws IOException {
        long remaining = head.size - headOffset;
        try (FileChannel channel = FileChannel.open(head.path, StandardOpenOption.READ)) {
            if (remaining < HEADER_BYTES) {
                return Optional.empty();
            }
            ByteBuffer header = readFully(channel, headOffset, HEADER_BYTES);
            int length = header.getInt();
            int crc = header.getInt();
            if (length <= 0 || length > MAX_RECORD_BYTES || length > remaining - HEADER_BYTES) {
                return Optional.empty();
            }
            ByteBuffer payload = readFully(channel, headOffset + HEADER_BYTES, length);
            CRC32 check = new CRC32();
            check.update(payload.duplicate());
            if ((int) check.getValue() != crc) {
                return Optional.empty();
            }
            UsageBatch batch = decode(payload);
            if (batch == null) {
                return Optional.empty();
            }
            return Optional.of(new Spooled(batch, head.seq, headOffset, headOffset + HEADER_BYTES + length));
        }
    }

    /** Marks {@code spooled}, which must be what {@link #oldest()} returned, as accepted by Redis. */
    public void acknowledge(Spooled spooled) throws IOException {
        Segment head = segments.peekFirst();
        if (head == null || head.seq != spooled.segment() || headOffset != spooled.offset()) {
            throw new IllegalStateException("only the oldest spooled batch can be acknowledged");
        }
        headOffset = spooled.end();
        if (headOffset >= head.size) {
            dropHead(false);
        } else {
            writeProgress(head);
        }
    }

    private void dropHead(boolean corrupt) throws IOException {
        Segment head = segments.removeFirst();
        if (head == tail) {
            closeTail();
        }
        if (corrupt) {
            Path kept = head.path.resolveSibling(head.path.getFileName() + ".corrupt");
            LOG.errorf("usage spool: %s is damaged after byte %d; its remaining %d bytes are kept as %s and skipped",
                    head.path, headOffset, head.size - headOffset, kept);
            move(head.path, kept);
        } else {
            Files.deleteIfExists(head.path);
        }
        headOffset = 0;
        Files.deleteIfExists(dir.resolve(PROGRESS_FILE));
    }

    private void writeProgress(Segment head) throws IOException {
        // No fsync: a lost progress file only means batches are sent again, never that one is skipped.
        Path temp = dir.resolve(PROGRESS_FILE + ".tmp");
        Files.writeString(temp, head.path.getFileName() + " " + headOffset + "\n", StandardCharsets.UTF_8);
        move(temp, dir.resolve(PROGRESS_FILE));
    }

    private void closeTail() {
        if (tailChannel != null) {
            try {
                tailChannel.close();
            } catch (IOException e) {
                LOG.debugf("usage spool: closing %s: %s", tail.path, e.toString());
            }
        }
        tailChannel = null;
        tail = null;
    }

    @Override
    public void close() {
        closeTail();
    }

    private void forceDirectory() {
        // Makes a new segment's name durable; not every platform can open a directory, hence best effort.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debugf("usage spool: could not fsync %s: %s", dir, e.toString());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of " + length + " bytes at " + position);
            }
        }
        return buffer.flip();
    }

    static ByteBuffer encode(UsageBatch batch) {
        byte[] node = batch.node().getBytes(StandardCharsets.UTF_8);
        if (node.length > 0xFFFF) {
            throw new IllegalArgumentException("a node id longer than 65535 bytes cannot be spooled");
        }
        byte[] events = batch.events().getBytes(StandardCharsets.UTF_8);
        int payloadLength = 1 + 4 + 2 + node.length + events.length;
        ByteBuffer payload = ByteBuffer.allocate(payloadLength)
                .put(FORMAT)
                .putInt(batch.count())
                .putShort((short) node.length)
                .put(node)
                .put(events)
                .flip();
        CRC32 crc = new CRC32();
        crc.update(payload.duplicate());
        return ByteBuffer.allocate(HEADER_BYTES + payloadLength)
                .putInt(payloadLength)
                .putInt((int) crc.getValue())
                .put(payload)
                .flip();
    }

    private static UsageBatch decode(ByteBuffer payload) {
        if (payload.remaining() < 7 || payload.get() != FORMAT) {
            return null;
        }
        int count = payload.getInt();
        int nodeLength = Short.toUnsignedInt(payload.getShort());
        if (count < 1 || nodeLength > payload.remaining()) {
            return null;
        }
        byte[] node = new byte[nodeLength];
        payload.get(node);
        byte[] events = new byte[payload.remaining()];
        payload.get(events);
        return new UsageBatch(new String(node, StandardCharsets.UTF_8), count, new String(events, StandardCharsets.UTF_8));
    }
}
