package io.gatehouse.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The GET routes of a service's pages, read from its JAX-RS resources in the source tree: a class's {@code @Path} and
 * {@code @Produces}, and each {@code @GET} method's own {@code @Path} and {@code @Produces} (a method's wins). A route is a
 * page when what it produces names {@code text/html}.
 */
record PageRoutes(List<Route> routes) {

    /** One GET route that can answer HTML: its template ({@code /applications/{id}}) and the file it is declared in. */
    record Route(String template, Path source) {

        private Pattern regex() {
            String[] parts = template.split("\\{[^}]+}", -1);
            StringBuilder b = new StringBuilder("^");
            for (int i = 0; i < parts.length; i++) {
                b.append(Pattern.quote(parts[i]));
                if (i < parts.length - 1) {
                    b.append("[^/]+");
                }
            }
            return Pattern.compile(b.append("$").toString());
        }

        boolean matches(String path) {
            return regex().matcher(path).matches();
        }

        /** How many path variables: a literal route wins over a template, as in JAX-RS matching. */
        int variables() {
            return (int) template.chars().filter(c -> c == '{').count();
        }

        int literalLength() {
            return template.replaceAll("\\{[^}]+}", "").length();
        }
    }

    private static final Pattern PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
    private static final Pattern PRODUCES = Pattern.compile("@Produces\\((.*)\\)");
    private static final Pattern CLASS = Pattern.compile("\\b(class|record|interface)\\s+\\w+");

    /** Every HTML GET route declared under {@code sourceRoot}. */
    static PageRoutes scan(Path sourceRoot) throws IOException {
        List<Route> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                found.addAll(scanFile(file));
            }
        }
        return new PageRoutes(found);
    }

    private static List<Route> scanFile(Path file) throws IOException {
        List<Route> found = new ArrayList<>();
        String classPath = null;
        String classProduces = null;
        boolean inClass = false;
        List<String> pending = new ArrayList<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                continue;
            }
            if (line.startsWith("@")) {
                pending.add(line);
                continue;
            }
            if (!inClass && CLASS.matcher(line).find()) {
                classPath = annotation(pending, PATH).orElse(null);
                classProduces = annotation(pending, PRODUCES).orElse(null);
                inClass = true;
            } else if (inClass && classPath != null && pending.stream().anyMatch(a -> a.equals("@GET"))) {
                String produces = annotation(pending, PRODUCES).orElse(classProduces);
                if (produces != null && (produces.contains("TEXT_HTML") || produces.contains("text/html"))) {
                    found.add(new Route(join(classPath, annotation(pending, PATH).orElse("")), file));
                }
            }
            pending.clear();
        }
        return found;
    }

    private static Optional<String> annotation(List<String> annotations, Pattern pattern) {
        for (String a : annotations) {
            Matcher m = pattern.matcher(a);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String join(String classPath, String methodPath) {
        String joined = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** The route a request for {@code path} (no query) reaches: the most literal one that matches, or none. */
    Optional<Route> routeOf(String path) {
        return routes.stream().filter(r -> r.matches(path))
                .min(Comparator.comparingInt(Route::variables).thenComparing(Comparator.comparingInt(Route::literalLength).reversed()));
    }
}
