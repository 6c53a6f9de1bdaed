package io.marketflow.ingest.fundamentals.config;

import org.apache.parquet.ParquetReadOptions;

import io.marketflow.contract.FundamentalsRecord;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers for reflection what this service uses reflectively: the contract record Jackson writes, and Parquet's read
 * options, whose package-private constructor {@code client.StandaloneReadOptions} calls (a native image keeps only
 * what is registered).
 */
@RegisterForReflection(targets = { FundamentalsRecord.class, ParquetReadOptions.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
