package io.gatehouse.management.apis;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A condition on a request header that a route asks for, besides its prefix, host and methods.
 *
 * @param name  the header name (an RFC 9110 token, not {@code Host}: use the route's host); compared case-insensitively
 * @param value the exact value one of the header's values must have; null: the header only has to be present
 */
@Schema(name = "RouteHeaderCondition")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HeaderCondition(@NotBlank @Size(max = 100) String name, @Size(max = 1000) String value) {
}
