package io.gatehouse.billing.problem;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The one JSON reading rule of this service: an object that names a field twice is refused
 * ({@code {"a":1,"a":2}} is ambiguous: parsers disagree on which one wins, so a check and the code that acts on the
 * value could read different ones). It applies to every JSON this service reads: the plans feed from management
 * and the usage events of the ledger stream too (a batch with a duplicate key is a malformed entry).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    }
}
