package io.marketflow.ingest.social.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.marketflow.registry.Company;

/** The company a general-keyword post names: cashtag or company name, the earliest wins, else none. */
class CompanyMentionsTest {

    private static Company company(int id, String ticker, String name) {
        return new Company(id, ticker, name, Optional.empty(), true, Optional.empty());
    }

    private final CompanyMentions mentions = CompanyMentions.of(List.of(company(1, "AAPL", "Apple"), company(3, "NVDA", "Nvidia")));

    @Test
    void aCashtagOrTheCompanyNameGivesTheTicker() {
        assertThat(mentions.ticker("Rotation out of $nvda into cash, stocks are stretched")).isEqualTo("NVDA");
        assertThat(mentions.ticker("Inflation data hit Apple and the rest of the market")).isEqualTo("AAPL");
        assertThat(mentions.ticker("NVIDIA guidance lifts chip stocks")).isEqualTo("NVDA");
    }

    @Test
    void theEarliestMentionWins() {
        assertThat(mentions.ticker("Nvidia up, Apple down: $AAPL lagged")).isEqualTo("NVDA");
    }

    @Test
    void noMentionPartialWordOrLowercaseCommonNounStaysGeneral() {
        assertThat(mentions.ticker("Stocks slide as rates rise")).isNull();
        assertThat(mentions.ticker("apple pie and $AAPLX, a different fund")).isNull();
        assertThat(mentions.ticker("Pineapple futures")).isNull();
        assertThat(CompanyMentions.NONE.ticker("$AAPL")).isNull();
    }
}
