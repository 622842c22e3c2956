package io.gatehouse.gateway.usage;

import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The gateway's write-ahead journal of usage events: what makes a {@code SIGKILL} lose nothing.
 *
 * <p>Every event is written here, with one {@code write(2)}, on the thread that records it (an event loop), before
 * it goes into the recorder's memory buffer. A written record is in the kernel's page cache, which a killed process
 * does not take with it. The recorder then batches from memory as before; a segment file is deleted once it is
 * sealed (its writer moved on to a new one) and every event in it has reached Redis or the fsynced spool. Whatever a
 * process leaves behind (it was killed, or shut down with events neither Redis nor the spool took) is found by the
 * next process on the same directory and moved into the spool before it records anything: sent again, never lost.
 * An event that had already reached Redis is then sent twice, which the contract allows (billing keys the ledger
 * by event id).
 *
 * <p>Why a plain {@code write(2)} per event and not a memory-mapped file: mapped segments cannot be unmapped in
 * Java 17 without internals, so deleted segments would stay mapped (and count in the resident set) until a full
 * collection; a write of a few hundred bytes to the page cache costs a few microseconds and never waits for the
 * disk. No {@code fsync} happens on the event loop: {@link #force()} runs on the recorder's worker every flush
 * interval, so a machine crash (not a process crash) loses at most the events of the last flush interval.
 *
 * <p>One writer per recording thread, so appends take no lock. Record layout: {@code int length, int
 * crc32c(payload), payload (the event's JSON, UTF-8)}; reading stops at a zero length, a short read or a bad CRC (a
 * record a killed process did not finish).
 */
public final class UsageJournal implements Closeable {

    private static final Logger LOG = Logger.getLogger(UsageJournal.class);

    static final String PREFIX = "journal-";
    static final String SUFFIX = ".log";
    private static final int HEADER_BYTES = 8;
    /** No event comes near this; a larger length can only be a damaged record. */
    private static final int MAX_RECORD_BYTES = 1 << 20;

    /** One journal file; its events are released as they reach Redis or the spool. */
    public final class Segment {
        final Path path;
        private final FileChannel channel;
        private final AtomicInteger outstanding = new AtomicInteger();
        private final AtomicBoolean gone = new AtomicBoolean();
        private volatile boolean sealed;
        private long size;

        private Segment(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        /** {@code n} of this segment's events reached Redis or the spool. */
        public void release(int n) {
            if (outstanding.addAndGet(-n) == 0 && sealed) {
                delete();
            }
        }

        private void seal(Executor deleteOn) {
            sealed = true;
            live.remove(this);
            if (outstanding.get() == 0) {
                deleteOn.execute(this::delete);
            }
        }

        private void delete() {
            if (!gone.compareAndSet(false, true)) {
                return;
            }
            try {
                channel.close();
                Files.deleteIfExists(path);
                bytes.addAndGet(-size);
            } catch (IOException e) {
                LOG.warnf("could not delete the usage journal segment %s (its events would be sent again after a "
                        + "restart, never lost): %s", path, e.toString());
            }
        }
    }

    /** The segment a thread appends to. Only its own thread touches it. */
    private final class Writer {
        private final int index;
        private Segment current;
        private int seq;
        private ByteBuffer scratch = ByteBuffer.allocate(2048);
        private final CRC32C crc = new CRC32C();

        private Writer(int index) {
            this.index = index;
        }

        Segment append(byte[] payload) throws IOException {
            if (current == null || current.size >= segmentBytes) {
                Segment next = open(index, seq++);
                if (current != null) {
                    current.seal(housekeeping);
                }
                current = next;
            }
            int need = HEADER_BYTES + payload.length;
            if (scratch.capacity() < need) {
                scratch = ByteBuffer.allocate(Math.max(need, scratch.capacity() * 2));
            }
            crc.reset();
            crc.update(payload);
            scratch.clear();
            scratch.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
            Segment s = current;
            s.outstanding.incrementAndGet();
            try {
                while (scratch.hasRemaining()) {
                    s.channel.write(scratch);
                }
            } catch (IOException | RuntimeException e) {
                s.outstanding.decrementAndGet();
                // The file may now end in a partial record: later appends go to a new segment, so none hides behind it.
                s.size = Long.MAX_VALUE;
                throw e;
            }
            s.size += need;
            bytes.addAndGet(need);
            return s;
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private volatile Executor housekeeping = Runnable::run;
    private final String process = Long.toString(System.currentTimeMillis(), 36) + "-"
            + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    private final AtomicInteger writers = new AtomicInteger();
    private final ThreadLocal<Writer> writer = ThreadLocal.withInitial(() -> new Writer(writers.getAndIncrement()));
    private final Set<Segment> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytes = new AtomicLong();
    private final List<Path> leftovers;

    /**
     * Opens the journal in {@code dir}, noting the files an earlier process left (see {@link #recover}).
     *
     * @param segmentBytes the size after which a writer starts a new segment
     */
    public static UsageJournal open(Path dir, long segmentBytes) throws IOException {
        return new UsageJournal(dir, segmentBytes);
    }

    private UsageJournal(Path dir, long segmentBytes) throws IOException {
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("the segment size must be at least 1 byte");
        }
        this.dir = Files.createDirectories(dir);
        this.segmentBytes = segmentBytes;
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                found.add(f);
                bytes.addAndGet(Files.size(f));
            }
        }
        found.sort(null);
        this.leftovers = found;
    }

    /** Where sealed segments are closed and deleted: the recorder's worker, never an event loop. */
    void housekeepOn(Executor executor) {
        this.housekeeping = executor;
    }

    public Path dir() {
        return dir;
    }

    /** Bytes of journal on disk: events not yet in Redis or the spool, plus sealed segments not yet deleted. */
    public long bytes() {
        return bytes.get();
    }

    /**
     * Writes {@code json} (one event) to the calling thread's segment and returns that segment, to be
     * {@linkplain Segment#release released} once the event reached Redis or the spool.
     *
     * @throws IOException if the write failed (the event is then only in memory)
     */
    public Segment append(String json) throws IOException {
        return writer.get().append(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Hands every event an earlier process left in this directory to {@code batches}, in chunks of at most
     * {@code batchSize} event JSON objects, then deletes those files. A file whose events {@code batches} did not
     * take (it threw) stays for the next start.
     *
     * @return the events recovered
     */
    public long recover(int batchSize, Consumer<List<String>> batches) {
        // A request's provisional event (written before its status line) and its final one share an id: the last
        // record of an id wins.
        java.util.LinkedHashMap<String, String> events = new java.util.LinkedHashMap<>();
        List<Path> read = new ArrayList<>();
        for (Path file : leftovers) {
            try {
                for (String json : read(file)) {
                    String id = idOf(json);
                    events.remove(id); // re-inserted last: keeps the order of the record that wins
                    events.put(id, json);
                }
                read.add(file);
            } catch (IOException | RuntimeException e) {
                LOG.errorf("could not read the usage journal segment %s, kept for the next start: %s", file, e.toString());
            }
        }
        List<String> all = new ArrayList<>(events.values());
        try {
            for (int from = 0; from < all.size(); from += batchSize) {
                batches.accept(all.subList(from, Math.min(all.size(), from + batchSize)));
            }
        } catch (RuntimeException e) {
            LOG.errorf("could not move the usage journal %s into the spool, kept for the next start (what was moved "
                    + "will be sent twice, which billing counts once): %s", dir, e.toString());
            return 0;
        }
        for (Path file : read) {
            try {
                long size = Files.size(file);
                Files.delete(file);
                bytes.addAndGet(-size);
            } catch (IOException e) {
                LOG.warnf("could not delete the recovered usage journal segment %s (sent again at the next start, "
                        + "counted once): %s", file, e.toString());
            }
        }
        leftovers.clear();
        return all.size();
    }

    /** The event id of an event's JSON. */
    private static String idOf(String json) {
        return new io.vertx.core.json.JsonObject(json).getString("id");
    }

    /** The complete records of a journal file, in order. */
    static List<String> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(all);
        List<String> events = new ArrayList<>();
        while (in.remaining() >= HEADER_BYTES) {
            int length = in.getInt();
            int crc = in.getInt();
            if (length <= 0 || length > MAX_RECORD_BYTES || length > in.remaining()) {
                break;
            }
            CRC32C check = new CRC32C();
            check.update(all, in.position(), length);
            if ((int) check.getValue() != crc) {
                break;
            }
            events.add(new String(all, in.position(), length, StandardCharsets.UTF_8));
            in.position(in.position() + length);
        }
        return events;
    }

    /**
     * Forces the segments being written to disk, so that a machine crash loses at most what was written since the
     * last call. Blocking: the recorder's worker calls it every flush interval.
     */
    public void force() {
        for (Segment s : live) {
            try {
                if (!s.gone.get()) {
                    s.channel.force(false);
                }
            } catch (IOException e) {
                LOG.debugf("could not force the usage journal segment %s: %s", s.path, e.toString());
            }
        }
    }

    private Segment open(int writerIndex, int seq) throws IOException {
        Path path = dir.resolve(String.format("%s%s-%03d-%08d%s", PREFIX, process, writerIndex, seq, SUFFIX));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Segment s = new Segment(path, channel);
        live.add(s);
        return s;
    }

    /**
     * Seals every segment being written: those whose events all arrived are deleted, the others stay for the next
     * start. Only once nothing records any more (the recorder is closed).
     */
    @Override
    public void close() {
        for (Segment s : List.copyOf(live)) {
            s.seal(Runnable::run);
        }
    }
}
