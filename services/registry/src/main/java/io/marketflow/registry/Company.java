package io.marketflow.registry;

import java.util.Optional;

/**
 * One row of {@code companies_info}: a company whose data marketflow collects.
 *
 * @param tickerId the primary key
 * @param ticker the ticker, e.g. {@code AAPL}
 * @param companyName the company's common name, also a search keyword
 * @param relatedWords another search keyword (e.g. {@code Facebook} for META), when there is one
 * @param active only active companies are ingested
 * @param avgSimulatedPrice the price the synthetic generator's paths revolve around, when set
 */
public record Company(int tickerId, String ticker, String companyName, Optional<String> relatedWords, boolean active,
        Optional<Integer> avgSimulatedPrice) {
}
