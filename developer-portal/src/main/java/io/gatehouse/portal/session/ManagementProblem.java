package io.gatehouse.portal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

/**
 * The management service refused a call (4xx) or failed (5xx): its status, its problem
 * {@code type} slug and its {@code detail}, which is written for people and may be shown.
 */
public class ManagementProblem extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String type;

    public ManagementProblem(int status, String type, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
    }

    /** Reads an RFC 9457 answer; anything else becomes a problem without detail. */
    public static ManagementProblem of(Response response) {
        String type = "unknown";
        String detail = null;
        try {
            JsonNode body = JSON.readTree(response.readEntity(String.class));
            type = body.path("type").asText("unknown").replace("urn:gatehouse:problem:", "");
            detail = body.path("detail").isMissingNode() ? null : body.path("detail").asText();
        } catch (Exception unreadable) {
            // keep the status only
        }
        return new ManagementProblem(response.getStatus(), type, detail);
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
