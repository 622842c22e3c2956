package io.gatehouse.management.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Data for a page's charts, as JSON safe to put inside {@code <script type="application/json">}: the characters
 * that could end the element or start markup are escaped as JSON unicode escapes, which the script's
 * {@code JSON.parse} reads back unchanged. The console's CSP allows no inline script; this block is data, not code.
 */
final class ChartData {

    /** The chart library, served by management from the {@code org.webjars.npm:chart.js} webjar (version in the root pom). */
    static final String LIBRARY = "/webjars/chart.js/4.5.1/dist/chart.umd.min.js";

    private ChartData() {
    }

    static String json(ObjectMapper mapper, Object data) {
        try {
            return mapper.writeValueAsString(data)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
