package io.marketflow.ingest.fundamentals.config;

import io.marketflow.contract.FundamentalsRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers the contract record this service writes for reflection: Jackson reads its components reflectively, and a
 * native image keeps only what is registered.
 */
@RegisterForReflection(targets = { FundamentalsRecord.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
