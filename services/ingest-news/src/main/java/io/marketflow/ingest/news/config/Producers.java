package io.marketflow.ingest.news.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.marketflow.ingest.news.domain.ArticleNormalizer;
import io.marketflow.sentiment.Scorers;

/** CDI producers of the plain objects the service shares: the clock and the normalizer with its scorer. */
public class Producers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ArticleNormalizer normalizer() {
        return new ArticleNormalizer(Scorers.finance());
    }
}
