package io.gatehouse.management.plans;

import io.gatehouse.management.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.gatehouse.management.AdminApi.admin;
import static io.gatehouse.management.AdminApi.create;
import static io.gatehouse.management.AdminApi.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
class PlanInUseTest {

    @Test
    void a_plan_in_use_may_raise_its_limits_and_change_its_description() {
        AdminApi.World w = AdminApi.World.create();
        admin().body(Map.of("description", "More for everyone",
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 500, "timeUnit", "minute"))))
                .patch("/admin/v1/plans/" + w.planId()).then().statusCode(200)
                .body("description", equalTo("More for everyone"))
                .body("limits[0].maxRequests", equalTo(500));
    }

    @Test
    void a_plan_in_use_refuses_lower_limits_and_suggests_a_new_version() {
        AdminApi.World w = AdminApi.World.create();
        admin().body(Map.of("limits", List.of(Map.of("kind", "rate", "maxRequests", 10, "timeUnit", "minute"))))
                .patch("/admin/v1/plans/" + w.planId()).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:gatehouse:problem:plan-in-use"))
                .body("errors.field", hasItem("limits[0].maxRequests"))
                .body("detail", containsString("new plan version"));
        admin().get("/admin/v1/plans/" + w.planId()).then().body("limits[0].maxRequests", equalTo(100));
    }

    @Test
    void a_plan_in_use_refuses_a_new_quota_a_higher_fee_and_fail_closed() {
        AdminApi.World w = AdminApi.World.create();
        admin().body(Map.of("degradedMode", "fail-closed", "flatFee", 10,
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"),
                                Map.of("kind", "quota", "maxRequests", 1000, "timeUnit", "day"))))
                .patch("/admin/v1/plans/" + w.planId()).then().statusCode(409)
                .body("errors.field", hasItem("limits[1]"))
                .body("errors.field", hasItem("degradedMode"))
                .body("errors.field", hasItem("flatFee"));
    }

    @Test
    void a_plan_nobody_uses_may_change_freely() {
        String api = create("/admin/v1/apis", Map.of("name", unique("Free"), "routePath", "/" + unique("f"),
                "upstreamUrl", "http://127.0.0.1:9"));
        String plan = create("/admin/v1/plans", Map.of("apiId", api, "name", "Loose",
                "limits", List.of(Map.of("kind", "rate", "maxRequests", 100, "timeUnit", "minute"))));
        admin().body(Map.of("degradedMode", "fail-closed",
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 5, "timeUnit", "minute"))))
                .patch("/admin/v1/plans/" + plan).then().statusCode(200)
                .body("limits[0].maxRequests", equalTo(5))
                .body("degradedMode", equalTo("fail-closed"));
    }

    @Test
    void a_new_plan_version_counts_up_from_the_previous_one() {
        AdminApi.World w = AdminApi.World.create();
        admin().body(Map.of("apiId", w.apiId(), "name", "Starter", "previousPlanId", w.planId(),
                        "limits", List.of(Map.of("kind", "rate", "maxRequests", 10, "timeUnit", "minute"))))
                .post("/admin/v1/plans").then().statusCode(201)
                .body("planVersion", equalTo(2));
    }
}
