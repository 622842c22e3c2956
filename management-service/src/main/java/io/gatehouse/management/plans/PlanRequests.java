package io.gatehouse.management.plans;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Request bodies of the plan endpoints. Defaults are those of the plans table. */
public final class PlanRequests {

    private PlanRequests() {
    }

    /** One limit: e.g. {@code {"kind":"rate","maxRequests":100,"timeUnit":"minute"}}. */
    public record Limit(@NotNull LimitKind kind, @NotNull @Positive Long maxRequests, @NotNull TimeUnit timeUnit) {
    }

    /**
     * One overage tier.
     *
     * @param upTo      inclusive upper bound of overage requests in this tier; absent for the last tier
     * @param unitPrice price per {@code perUnits} requests, exact decimal
     * @param perUnits  default 1000
     */
    public record PriceTier(@Positive Long upTo,
                            @NotNull @DecimalMin("0") @Digits(integer = 13, fraction = 6) BigDecimal unitPrice,
                            @Positive Integer perUnits) {
    }

    /**
     * A new plan.
     *
     * @param apiId          the API the plan grants (whole): the plan joins that API's own product, made on first use;
     *                       or give {@code productId} instead
     * @param productId      the product the plan belongs to (or {@code POST /admin/v1/products/{id}/plans})
     * @param previousPlanId optional: this plan is the next version of that plan (same product); its
     *                       {@code planVersion} is one higher. The way to change what a plan in use
     *                       cannot change in place.
     */
    @Schema(name = "CreatePlan")
    public record Create(UUID apiId,
                         UUID productId,
                         @NotBlank @Size(max = 200) String name,
                         @Size(max = 5000) String description,
                         PlanStatus status,
                         Visibility visibility,
                         Boolean approvalRequired,
                         LimitKey limitKey,
                         LimitMode limitMode,
                         DegradedMode degradedMode,
                         @Size(max = 64) String timeZone,
                         @CurrencyCode String currency,
                         @DecimalMin("0") @Digits(integer = 15, fraction = 4) BigDecimal flatFee,
                         @Min(0) Long includedRequests,
                         OverageModel overageModel,
                         @Pattern(regexp = "^[1-5]xx(,[1-5]xx)*$", message = "must list status classes like 2xx,3xx") String billableStatusClasses,
                         List<@Valid @NotNull Limit> limits,
                         List<@Valid @NotNull PriceTier> priceTiers,
                         UUID previousPlanId) {
    }

    /**
     * Only the fields present change; {@code limits} replaces all limits. While a plan is in use
     * (it has pending, active or suspended subscriptions) only changes in its subscribers' favour
     * are allowed: raising or removing limits, fail-open, a lower flat fee, more included
     * requests, and name, description, status, visibility and approval. Anything else is refused
     * with {@code plan-in-use}: create a new plan version instead.
     */
    @Schema(name = "UpdatePlan")
    public record Update(@Size(min = 1, max = 200) String name,
                         @Size(max = 5000) String description,
                         PlanStatus status,
                         Visibility visibility,
                         Boolean approvalRequired,
                         DegradedMode degradedMode,
                         List<@Valid @NotNull Limit> limits,
                         @DecimalMin("0") @Digits(integer = 15, fraction = 4) BigDecimal flatFee,
                         @Min(0) Long includedRequests) {
    }
}
