package io.gatehouse.gateway.config;

import io.gatehouse.gateway.support.TestSnapshots;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The compiler the gateway runs with compiles the options its policies list, and tests compile the same ones. */
@QuarkusTest
class SnapshotCompilerWiringTest {

    @Inject
    SnapshotCompiler compiler;

    @Test
    void the_gateway_compiles_every_option_its_policies_read_and_the_tests_compile_the_same() {
        assertEquals(Set.copyOf(TestSnapshots.compiler().options()), Set.copyOf(compiler.options()));
    }
}
