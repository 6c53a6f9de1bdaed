package io.marketflow.ingest.market.config;

import io.marketflow.contract.Bar;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers the contract records this service writes for reflection: Jackson reads their components reflectively, and
 * a native image keeps only what is registered.
 */
@RegisterForReflection(targets = { Trade.class, Bar.class, WeekBars.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
