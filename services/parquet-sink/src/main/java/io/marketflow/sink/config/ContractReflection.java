package io.marketflow.sink.config;

import io.marketflow.contract.Bar;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.NewsArticle;
import io.marketflow.contract.SocialPost;
import io.marketflow.contract.Trade;
import io.marketflow.contract.WeekBars;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers the contract records the sink reads with Jackson for reflection, so the native image can bind them.
 */
@RegisterForReflection(targets = {Trade.class, Bar.class, WeekBars.class, MacroObservation.class, FundamentalsRecord.class,
        NewsArticle.class, SocialPost.class})
public final class ContractReflection {

    private ContractReflection() {
    }
}
