package io.marketflow.ingest.social.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.marketflow.ingest.social.domain.PostNormalizer;
import io.marketflow.sentiment.Scorers;

/** CDI producers of the plain objects the service shares: the clock and the normalizer with the finance scorer. */
public class Producers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    PostNormalizer normalizer() {
        return new PostNormalizer(Scorers.finance());
    }
}
