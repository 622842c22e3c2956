package io.gatehouse.gateway.support;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.lang.annotation.Annotation;
import java.util.Comparator;

/**
 * The secondary class orderer of the gateway's tests (set in the module's pom): the {@code @QuarkusTest} classes that
 * run in the default app (no {@code @TestProfile}, no class-restricted test resource) first, then the others, each by
 * class name. Quarkus runs the app of the group holding the first class first; {@code HttpEdgeTest}'s h2c and
 * HTTP/1.2 refusals hold only in the first app a run starts ({@code CleartextHttp2Switch} is not applied again on a
 * restart), so the default app must start first, whatever the packages of the classes in the other groups.
 */
public final class DefaultAppFirst implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor d) -> !runsInDefaultApp(d.getTestClass()))
                .thenComparing(d -> d.getTestClass().getName()));
    }

    static boolean runsInDefaultApp(Class<?> test) {
        boolean quarkusTest = false;
        for (Annotation annotation : test.getAnnotations()) {
            String name = annotation.annotationType().getName();
            if (name.equals("io.quarkus.test.junit.TestProfile")) {
                return false;
            }
            if (name.equals("io.quarkus.test.common.QuarkusTestResource")
                    || name.equals("io.quarkus.test.common.QuarkusTestResource$List")) {
                if (annotation.toString().contains("restrictToAnnotatedClass=true")) {
                    return false;
                }
            }
            quarkusTest |= name.equals("io.quarkus.test.junit.QuarkusTest");
        }
        return quarkusTest;
    }
}
