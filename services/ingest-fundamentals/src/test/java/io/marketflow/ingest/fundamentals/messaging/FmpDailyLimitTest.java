package io.marketflow.ingest.fundamentals.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.marketflow.ingest.fundamentals.client.Fixtures;
import io.marketflow.ingest.fundamentals.client.FmpStubs;
import io.marketflow.ingest.fundamentals.client.FmpWireMockResource;
import io.marketflow.ingest.fundamentals.client.InjectWireMock;
import io.marketflow.ingest.fundamentals.config.FundamentalsConfig;
import io.marketflow.ingest.fundamentals.repository.FundamentalsProgressRepository;
import io.marketflow.ingest.fundamentals.repository.RequestBudgetRepository;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.registry.Company;
import io.marketflow.registry.CompanyRegistry;
import io.marketflow.registry.SchemaMigrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * FMP's daily limit against real PostgreSQL and FMP over real HTTP (WireMock, FMP's shapes): a budget of 10 requests
 * per day is never exceeded, not by a restart of the refresher either, is spent again only after the day turns, and
 * FMP's own limit answer (429 "Limit Reach") stops the day at once. Time moves by {@link TestClock}, never by sleeping.
 */
@QuarkusTest
@TestProfile(FmpDailyLimitTest.MovableClock.class)
@WithTestResource(LocalStackResource.class)
@WithTestResource(value = FmpWireMockResource.class, initArgs = @ResourceArg(name = FmpWireMockResource.DAILY_LIMIT_ARG, value = "10"))
class FmpDailyLimitTest {

    private static final int LIMIT = 10;
    private static final Instant DAY_ONE = Instant.parse("2030-01-15T10:00:00Z");

    /** The service's clock is {@link TestClock} here, and only here. */
    public static class MovableClock implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }
    }

    @InjectWireMock
    WireMockServer fmp;

    @Inject
    TestClock clock;

    @Inject
    FmpRefresher refresher;

    @Inject
    FmpStatus status;

    @Inject
    FundamentalsConfig config;

    @Inject
    CompanyRegistry registry;

    @Inject
    SchemaMigrator migrator;

    @Inject
    FundamentalsProgressRepository progress;

    @Inject
    RequestBudgetRepository budgets;

    @Inject
    FundamentalsSender sender;

    @Inject
    MeterRegistry meters;

    private List<String> tickers;

    @BeforeEach
    void cleanSlate() {
        await().atMost(Duration.ofMinutes(1)).until(() -> migrator.migrated() && registry.refreshedAt() != null);
        clean();
        clock.set(DAY_ONE);
        tickers = registry.active().stream().map(Company::ticker).toList();
        assertThat(tickers.size() * 4).as("enough tickers to outlast two days' budgets").isGreaterThan(3 * LIMIT);
        tickers.forEach(ticker -> FmpStubs.stub(fmp, ticker));
    }

    @AfterEach
    void clean() {
        progress.reset(FmpRefresher.LIVE_SOURCE).await().indefinitely();
        budgets.reset(FmpRefresher.LIVE_SOURCE).await().indefinitely();
        refresher.forget();
        fmp.resetAll();
        fmp.stubFor(get(urlPathMatching("/stable/.*")).atPriority(100).willReturn(okJson("[]")));
    }

    @Test
    void theDailyBudgetHoldsAcrossARestartAndIsSpentAgainOnlyAfterTheReset() {
        // Day one: two tickers (4 statements each), then two statements of the third, and the budget is spent.
        assertThat(refresher.refreshDue()).isEqualTo(2);
        assertThat(requests()).isEqualTo(LIMIT);
        assertThat(requestsFor(FmpStubs.INCOME, tickers.get(2))).isEqualTo(1);
        assertThat(requestsFor(FmpStubs.CASHFLOW, tickers.get(2))).isZero();
        assertThat(status.state()).isEqualTo(FmpStatus.State.DAILY_LIMIT);
        assertThat(status.pausedUntil()).isEqualTo(Instant.parse("2030-01-16T00:00:00Z"));
        assertThat(used(DAY_ONE)).isEqualTo(LIMIT);
        // Spent is expected: readiness stays UP and says why FMP is quiet; the metric counts the refusals.
        given().get("/q/health/ready").then().statusCode(200).body(containsString("daily_limit")).body(containsString("2030-01-16T00:00:00Z"));
        given().get("/q/metrics").then().body(containsString("marketflow_fundamentals_fmp_status{state=\"daily_limit\"} 1.0"))
                .body(containsString("outcome=\"daily_limit\""));

        // Later the same day: paused, not a single request.
        clock.set(DAY_ONE.plus(Duration.ofHours(6)));
        assertThat(refresher.refreshDue()).isZero();
        assertThat(requests()).isEqualTo(LIMIT);

        // A restart: new refresher, new client, new status, no pause in memory. The count in PostgreSQL stops it.
        FmpStatus restartedStatus = new FmpStatus(new SimpleMeterRegistry());
        FmpRefresher restarted = restart(restartedStatus);
        assertThat(restarted.refreshDue()).isZero();
        assertThat(requests()).as("requests on day one, across the restart").isEqualTo(LIMIT);
        assertThat(restartedStatus.state()).isEqualTo(FmpStatus.State.DAILY_LIMIT);

        // The day turns (UTC midnight): the budget is spent again, exactly once, from the ticker that did not finish;
        // the two tickers done on day one are fresh and not asked again.
        Instant dayTwo = Instant.parse("2030-01-16T00:00:01Z");
        clock.set(dayTwo);
        fmp.resetRequests();
        assertThat(restarted.refreshDue()).isEqualTo(2);
        assertThat(requests()).isEqualTo(LIMIT);
        assertThat(requestsFor(FmpStubs.INCOME, tickers.get(0))).isZero();
        assertThat(requestsFor(FmpStubs.KEY_METRICS, tickers.get(2))).isEqualTo(1);
        assertThat(requestsFor(FmpStubs.INCOME, tickers.get(4))).isEqualTo(1);
        assertThat(requestsFor(FmpStubs.CASHFLOW, tickers.get(4))).isZero();
        assertThat(used(dayTwo)).isEqualTo(LIMIT);
        assertThat(restartedStatus.state()).isEqualTo(FmpStatus.State.DAILY_LIMIT);
    }

    @Test
    void fmpsOwnLimitAnswerStopsTheDayAtOnceAndIsNotRetriedAfterARestart() {
        // FMP counted requests we did not (another client on the same key): its 429 "Limit Reach" on the first request.
        fmp.stubFor(get(urlPathMatching("/stable/.*")).atPriority(1).willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.read("fmp_error_limit_reach"))));
        assertThat(refresher.refreshDue()).isZero();
        assertThat(requests()).as("a limit answer is not retried").isEqualTo(1);
        assertThat(status.state()).isEqualTo(FmpStatus.State.DAILY_LIMIT);
        assertThat(status.lastError()).contains("Limit Reach");
        assertThat(used(DAY_ONE)).as("the day is marked spent in PostgreSQL").isEqualTo(LIMIT);
        given().get("/q/health/ready").then().statusCode(200).body(containsString("Limit Reach"));

        // A restart the same day asks FMP nothing; the next day it asks again, and backs off from the answer again.
        FmpRefresher restarted = restart(new FmpStatus(new SimpleMeterRegistry()));
        assertThat(restarted.refreshDue()).isZero();
        assertThat(requests()).isEqualTo(1);
        clock.set(Instant.parse("2030-01-16T00:00:01Z"));
        assertThat(restarted.refreshDue()).isZero();
        assertThat(requests()).isEqualTo(2);
    }

    @Test
    void theBudgetDayBeginsAtMidnightOfTheConfiguredZone() {
        assertThat(config.fmp().dailyLimitZone().getId()).isEqualTo("UTC");
        assertThat(config.fmp().dailyLimit()).isEqualTo(LIMIT);
        // One second before the reset the spent day still holds; no request goes out until the reset itself.
        budgets.exhaust(FmpRefresher.LIVE_SOURCE, LocalDate.parse("2030-01-15"), LIMIT).await().indefinitely();
        clock.set(Instant.parse("2030-01-15T23:59:59Z"));
        assertThat(restart(new FmpStatus(new SimpleMeterRegistry())).refreshDue()).isZero();
        assertThat(requests()).isZero();
        clock.set(Instant.parse("2030-01-16T00:00:00Z"));
        assertThat(restart(new FmpStatus(new SimpleMeterRegistry())).refreshDue()).isEqualTo(2);
        assertThat(requests()).isEqualTo(LIMIT);
    }

    private FmpRefresher restart(FmpStatus freshStatus) {
        return new FmpRefresher(config, registry, migrator, progress, budgets, sender, freshStatus, meters, clock);
    }

    private int used(Instant at) {
        return budgets.used(FmpRefresher.LIVE_SOURCE, LocalDate.ofInstant(at, config.fmp().dailyLimitZone())).await().indefinitely();
    }

    private int requests() {
        return fmp.findAll(getRequestedFor(urlPathMatching("/stable/.*"))).size();
    }

    private int requestsFor(String path, String ticker) {
        return fmp.findAll(getRequestedFor(urlPathEqualTo(path)).withQueryParam("symbol", equalTo(ticker))).size();
    }
}
