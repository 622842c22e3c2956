package io.gatehouse.management.plans;

import io.gatehouse.management.problem.Problem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which parts of a plan update would make the plan worse for the people already subscribed to it.
 * Safe: raising or removing a limit, fail-open, a lower flat fee, more included requests, and
 * everything that is not a limit or a price. Everything else needs a new plan version.
 */
final class PlanChanges {

    private PlanChanges() {
    }

    static List<Problem.FieldError> worseForSubscribers(Plan p, PlanRequests.Update req) {
        List<Problem.FieldError> worse = new ArrayList<>();
        if (req.limits() != null) {
            Map<String, Long> now = p.limits.stream()
                    .collect(Collectors.toMap(l -> key(l.kind, l.timeUnit), l -> l.maxRequests));
            for (int i = 0; i < req.limits().size(); i++) {
                PlanRequests.Limit l = req.limits().get(i);
                Long current = now.get(key(l.kind(), l.timeUnit()));
                if (current == null) {
                    worse.add(new Problem.FieldError("limits[" + i + "]", "adds a " + l.kind().code() + " limit per "
                            + l.timeUnit().code() + " that subscribers did not have"));
                } else if (l.maxRequests() < current) {
                    worse.add(new Problem.FieldError("limits[" + i + "].maxRequests", "lowers the " + l.kind().code()
                            + " per " + l.timeUnit().code() + " from " + current + " to " + l.maxRequests()));
                }
            }
        }
        if (req.degradedMode() == DegradedMode.FAIL_CLOSED && p.degradedMode != DegradedMode.FAIL_CLOSED) {
            worse.add(new Problem.FieldError("degradedMode", "refuses calls when the counter store is away, which fail-open let through"));
        }
        if (req.flatFee() != null && req.flatFee().compareTo(p.flatFee) > 0) {
            worse.add(new Problem.FieldError("flatFee", "raises the flat fee from " + plain(p.flatFee) + " to " + plain(req.flatFee())));
        }
        if (req.includedRequests() != null && req.includedRequests() < p.includedRequests) {
            worse.add(new Problem.FieldError("includedRequests", "lowers the included requests from "
                    + p.includedRequests + " to " + req.includedRequests()));
        }
        return worse;
    }

    private static String key(LimitKind kind, TimeUnit unit) {
        return kind.code() + "/" + unit.code();
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
