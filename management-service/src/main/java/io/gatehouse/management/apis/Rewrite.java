package io.gatehouse.management.apis;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A path rewrite of a route, instead of stripping or keeping its prefix. The path after the prefix (for
 * {@code /orders} and {@code /orders/7/items}: {@code /7/items}) must match {@code pattern} in full; it is then
 * replaced by {@code replacement}, in which {@code $1} … {@code $9} are the pattern's groups. A path that does not
 * match is forwarded without the prefix, as with {@code stripPrefix}.
 *
 * @param pattern     a Java regular expression, e.g. {@code /(\d+)/items}
 * @param replacement the new path: path characters and {@code $1} … {@code $9}, no query; e.g. {@code /v2/orders/$1/lines}
 */
@Schema(name = "RouteRewrite")
public record Rewrite(@NotBlank @Size(max = 500) String pattern, @NotNull @Size(max = 1000) String replacement) {
}
