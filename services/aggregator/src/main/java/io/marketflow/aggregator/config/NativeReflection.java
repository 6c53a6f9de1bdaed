package io.marketflow.aggregator.config;

import io.marketflow.aggregator.repository.RunRepository;
import io.marketflow.contract.Bar;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.StartModelSignal;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers the contract records this service reads and writes (and the run record the status endpoint returns) for
 * reflection: Jackson reads their components reflectively, and a native image keeps only what is registered.
 */
@RegisterForReflection(targets = { Trade.class, Bar.class, WeekBars.class, MacroObservation.class, FundamentalsRecord.class,
        NewsArticle.class, SocialPost.class, StartModelSignal.class, RunRepository.CompletedRun.class })
public final class NativeReflection {

    private NativeReflection() {
    }
}
