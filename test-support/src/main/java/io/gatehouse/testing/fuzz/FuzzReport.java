package io.gatehouse.testing.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fuzz run found: each failure with the request as a curl line, and the seed that replays the run.
 * {@link #assertClean()} fails the test with all of it.
 */
public final class FuzzReport {

    /** One broken rule: a 5xx, a response that breaks its schema, or a forbidden request that was accepted. */
    public record Failure(String rule, String operation, int status, String detail, String curl) {
    }

    private final long seed;
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Integer> statuses = new LinkedHashMap<>();
    private int sent;

    FuzzReport(long seed) {
        this.seed = seed;
    }

    synchronized void sent(FuzzRequest request, int status) {
        sent++;
        statuses.merge(request.operation().name() + " " + status, 1, Integer::sum);
    }

    synchronized void fail(Failure failure) {
        failures.add(failure);
    }

    public long seed() {
        return seed;
    }

    public int sent() {
        return sent;
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** How often each operation answered with each status, e.g. {@code "GET /admin/v1/apis/{id} 404" -> 12}. */
    public Map<String, Integer> statuses() {
        return Map.copyOf(statuses);
    }

    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("fuzz seed ").append(seed).append(": ").append(sent).append(" requests, ").append(failures.size())
                .append(" failures (replay with -Dgatehouse.fuzz.seed=").append(seed).append(')');
        Map<String, Integer> classes = new java.util.TreeMap<>();
        statuses.forEach((k, n) -> classes.merge(k.substring(k.lastIndexOf(' ') + 1, k.length() - 2) + "xx", n, Integer::sum));
        b.append("; answers by class ").append(classes);
        Map<String, Failure> firstOfEach = new LinkedHashMap<>();
        failures.forEach(f -> firstOfEach.putIfAbsent(f.rule() + " " + f.operation() + " " + f.status(), f));
        firstOfEach.forEach((k, f) -> b.append("\n- ").append(f.rule()).append(": ").append(f.operation()).append(" -> ")
                .append(f.status()).append(" (").append(failures.stream().filter(x -> (x.rule() + " " + x.operation() + " " + x.status()).equals(k)).count())
                .append("x)\n    ").append(f.detail()).append("\n    ").append(shorten(f.curl())));
        return b.toString();
    }

    private static String shorten(String s) {
        return s.length() > 1_500 ? s.substring(0, 1_500) + "…(" + s.length() + " chars)" : s;
    }

    public void assertClean() {
        if (!failures.isEmpty()) {
            throw new AssertionError(summary());
        }
    }
}
