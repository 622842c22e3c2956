package io.gatehouse.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end tests time what ships: they start each service with the JVM options {@code ./gatehouse up} gives it,
 * so a pause or a memory figure they measure is one an operator gets.
 */
class JvmOptionsTest {

    @Test
    void the_tests_start_each_service_with_the_options_the_gatehouse_script_uses() throws Exception {
        String script = Files.readString(ServiceProcess.ROOT.resolve("gatehouse"));
        assertEquals(ServiceProcess.JAVA_OPTIONS, withoutMaxHeap(defaultOf(script, "JAVA_OPTS", "GATEHOUSE_JAVA_OPTS")));
        assertEquals(ServiceProcess.GATEWAY_JAVA_OPTIONS,
                withoutMaxHeap(defaultOf(script, "GATEWAY_JAVA_OPTS", "GATEHOUSE_GATEWAY_JAVA_OPTS")));
    }

    /** The default in a line {@code NAME="${OVERRIDE:-default}"}. */
    private static String defaultOf(String script, String name, String override) {
        Matcher m = Pattern.compile("(?m)^" + name + "=\"\\$\\{" + override + ":-(.*)}\"$").matcher(script);
        if (!m.find()) {
            throw new AssertionError("no " + name + " default in the gatehouse script");
        }
        return m.group(1);
    }

    private static List<String> withoutMaxHeap(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(o -> !o.startsWith("-Xmx")).toList();
    }
}
