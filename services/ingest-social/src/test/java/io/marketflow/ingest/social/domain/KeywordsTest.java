package io.marketflow.ingest.social.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.marketflow.registry.Company;

/** The keyword list: static words first, company words with their ticker, one-letter words left out. */
class KeywordsTest {

    private static Company company(String ticker, String name, String related) {
        return new Company(1, ticker, name, Optional.ofNullable(related), true, Optional.empty());
    }

    @Test
    void generalKeywordsHaveNoTickerAndCompanyKeywordsCarryTheirs() {
        // "Meta" equals the ticker "META" case-insensitively: searched once.
        List<Keyword> k = Keywords.of(List.of("stocks", "interest rates"), List.of(company("META", "Meta", "Facebook")));
        assertThat(k).containsExactly(new Keyword("stocks", null), new Keyword("interest rates", null), new Keyword("META", "META"),
                new Keyword("Facebook", "META"));
    }

    @Test
    void oneLetterWordsAndCaseInsensitiveDuplicatesAreDropped() {
        List<Keyword> k = Keywords.of(List.of("stocks", "Stocks", "x"), List.of(company("V", "Visa", "v")));
        assertThat(k).extracting(Keyword::text).containsExactly("stocks", "Visa");
    }

    @Test
    void aCompanyWordEqualToAGeneralOneKeepsTheCompanysTicker() {
        List<Keyword> k = Keywords.of(List.of("spy"), List.of(company("SPY", "SPDR", null)));
        assertThat(k).first().isEqualTo(new Keyword("SPY", "SPY"));
    }
}
