package io.gatehouse.portal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The management service refused a call (4xx) or failed (5xx): its status, its problem
 * {@code type} slug and its {@code detail}, which is written for people and may be shown.
 */
public class ManagementProblem extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;
    private final Map<String, String> fieldErrors;

    public ManagementProblem(int status, String type, String detail) {
        this(status, type, detail, Map.of());
    }

    /** @param fieldErrors the problem's {@code errors}: field name to message, in the answer's order */
    public ManagementProblem(int status, String type, String detail, Map<String, String> fieldErrors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** Reads an RFC 9457 answer; anything else becomes a problem without detail. */
    public static ManagementProblem of(Response response) {
        String type = "unknown";
        String detail = null;
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            type = body.path("type").asText("unknown").replace("urn:gatehouse:problem:", "");
            detail = body.path("detail").isMissingNode() ? null : body.path("detail").asText();
            for (JsonNode error : body.path("errors")) {
                fields.putIfAbsent(error.path("field").asText(), error.path("message").asText());
            }
        } catch (Exception unreadable) {
            // keep the status only
        }
        return new ManagementProblem(response.getStatus(), type, detail, fields);
    }

    /** Whether the service named {@code field} among the fields it refused. */
    public boolean concerns(String field) {
        return fieldErrors.containsKey(field);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** What to tell the person: the service's detail, or a general sentence. */
    public String detail() {
        return getMessage() == null || status >= 500 ? "That did not work. Please try again in a moment." : getMessage();
    }

    public boolean signedOut() {
        return status == 401 && !"invalid-credentials".equals(type);
    }
}
