package io.marketflow.aggregator.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;
import io.marketflow.contract.ContractJson;
import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.FundamentalsRecord;
import io.marketflow.contract.MacroObservation;
import io.marketflow.contract.StartModelSignal;
import io.marketflow.contract.WeekBars;
import io.marketflow.localstack.LocalStackResource;
import io.marketflow.localstack.StackAddresses;

/**
 * The packaged aggregator on the real stack, each scenario in a PostgreSQL database of its own over the same input: a
 * clean run (whose fixture edge cases are checked end to end: the DST switch, Thanksgiving's holiday and early close
 * with bars sent for the closed minutes, a GDP revision and a later vintage, a late 10-K); a run killed with SIGKILL
 * mid-run and restarted; two instances in one consumer group splitting the partitions. Both must produce exactly the
 * clean run's {@code aggregated_data} (every column of every row) and one {@code start_model}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AggregatorRecoveryIT {

    private static final MarketCalendar CALENDAR = MarketCalendar.nyse();
    private static final LocalDate RUN_START = LocalDate.of(2025, 10, 27);
    private static final LocalDate RUN_END = LocalDate.of(2025, 11, 28);
    /** ISO weeks with bars: 44 (EDT, ends Fri 31 Oct), 45 (EST from Mon 3 Nov), 48 (Thanksgiving); 46 and 47 empty. */
    private static final List<LocalDate> MONDAYS_WITH_BARS = List.of(LocalDate.of(2025, 10, 27), LocalDate.of(2025, 11, 3),
            LocalDate.of(2025, 11, 24));
    private static final LocalDate WED = LocalDate.of(2025, 11, 26);
    private static final LocalDate THANKSGIVING = LocalDate.of(2025, 11, 27);
    private static final LocalDate FRI = LocalDate.of(2025, 11, 28);
    private static final int BAR_PARTITIONS = 4;
    /** Session minutes per ticker: two full weeks, then Mon–Wed full, Thursday closed, Friday to 13:00. */
    private static final int ROWS_PER_TICKER = 2 * 5 * 390 + 3 * 390 + 210;

    private static StackAddresses stack;
    private static String token;
    private static KafkaProducer<String, byte[]> producer;
    private static List<String> tickers;
    private static List<String> cleanRows;
    private static final List<Process> processes = new ArrayList<>();
    private static final List<String> databases = new ArrayList<>();

    private static String topic(String name) {
        return name + "-rit-" + token;
    }

    @BeforeAll
    static void setUp() throws Exception {
        stack = LocalStackResource.shared();
        token = Long.toString(System.currentTimeMillis(), 36);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(topic("h_alpaca_a"), BAR_PARTITIONS, (short) 1));
            topics.add(new NewTopic(topic("h_alpaca_b"), BAR_PARTITIONS, (short) 1));
            for (String t : List.of("stock_trades", "h_macrodata", "h_company", "finnhub", "bluesky",
                    "start_model_clean", "start_model_crash", "start_model_pair")) {
                topics.add(new NewTopic(topic(t), 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // One request in flight per partition: a newly created partition can accept a later batch before an earlier
        // one is retried, and the earlier then fails out of sequence until it expires (KAFKA-15591, records lost).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        sendContext();
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Process process : processes) {
            PackagedAggregator.stop(process);
        }
        if (producer != null) {
            producer.close();
        }
        for (String db : databases) {
            execute(stack.dbName(), "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    /** Context before any bar: the aggregator gates bars on the context topics' end offsets at its startup. */
    static void sendContext() throws Exception {
        String macro = topic("h_macrodata");
        send(macro, "gdp_real", new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, "GDPC1", "gdp_real",
                LocalDate.of(2025, 4, 1), 2.0, "fred", LocalDate.of(2025, 7, 30), null));
        // Q3 first estimate published Thu 30 Oct (used from Fri 31 Oct), revised to 3.3 on Wed 26 Nov (used from Fri 28)
        send(macro, "gdp_real", new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, "GDPC1", "gdp_real",
                LocalDate.of(2025, 7, 1), 3.0, "fred", LocalDate.of(2025, 10, 30), LocalDate.of(2025, 11, 25)));
        send(macro, "gdp_real", new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, "GDPC1", "gdp_real",
                LocalDate.of(2025, 7, 1), 3.3, "fred", LocalDate.of(2025, 11, 26), LocalDate.of(2025, 12, 18)));
        // a revision published after the whole run: no row may see it
        send(macro, "gdp_real", new MacroObservation(ContractRecord.CURRENT_SCHEMA_VERSION, "GDPC1", "gdp_real",
                LocalDate.of(2025, 7, 1), 3.6, "fred", LocalDate.of(2025, 12, 19), null));
        String company = topic("h_company");
        send(company, "AAPL", new FundamentalsRecord(ContractRecord.CURRENT_SCHEMA_VERSION, "AAPL", "FY", 2023,
                LocalDate.of(2023, 9, 30), LocalDate.of(2023, 11, 3), "USD", metrics(6.13, 99.0, 97.0, 383.0, 111.0, 62.0),
                "fmp", null, LocalDate.of(2023, 11, 3)));
        // the late 10-K: accepted Friday 28 Nov at 12:00 New York time
        send(company, "AAPL", new FundamentalsRecord(ContractRecord.CURRENT_SCHEMA_VERSION, "AAPL", "FY", 2024,
                LocalDate.of(2024, 9, 28), FRI, "USD", metrics(6.08, 108.0, 93.7, 391.0, 106.6, 56.9),
                "fmp", ny(FRI, 12, 0), FRI));
    }

    static Map<String, Double> metrics(double eps, double fcf, double netIncome, double revenue, double debt, double equity) {
        return Map.of(FundamentalsRecord.EPS, eps, FundamentalsRecord.FREE_CASH_FLOW, fcf, FundamentalsRecord.NET_INCOME, netIncome,
                FundamentalsRecord.REVENUE, revenue, FundamentalsRecord.TOTAL_DEBT, debt, FundamentalsRecord.TOTAL_EQUITY, equity);
    }

    static Instant ny(LocalDate day, int hour, int minute) {
        return ZonedDateTime.of(day, LocalTime.of(hour, minute), MarketCalendar.NEW_YORK).toInstant();
    }

    static void send(String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, ContractJson.toBytes(value))).get();
    }

    /**
     * Every ISO week of the run for every ticker, week after week (the empty ones too, as ingest-market sends them).
     * Bars cover 09:30–15:59 New York of every weekday, also the holiday and the early close's afternoon, which the
     * aggregator must drop. Prices are a seeded random walk per ticker, so every run gets the same input.
     */
    static void sendBars(String topic) throws Exception {
        Map<String, Random> walks = new java.util.HashMap<>();
        Map<String, double[]> last = new java.util.HashMap<>();
        for (String ticker : tickers) {
            walks.put(ticker, new Random(ticker.hashCode()));
            last.put(ticker, new double[] {50 + Math.abs(ticker.hashCode() % 400)});
        }
        for (LocalDate monday = RUN_START; !monday.isAfter(RUN_END); monday = monday.plusWeeks(1)) {
            for (String ticker : tickers) {
                List<Bar> bars = new ArrayList<>();
                if (MONDAYS_WITH_BARS.contains(monday)) {
                    Random r = walks.get(ticker);
                    double[] price = last.get(ticker);
                    for (LocalDate d = monday; d.getDayOfWeek() != DayOfWeek.SATURDAY; d = d.plusDays(1)) {
                        for (Instant t = ny(d, 9, 30); t.isBefore(ny(d, 16, 0)); t = t.plus(Duration.ofMinutes(1))) {
                            double open = price[0];
                            double close = Math.max(1, open + r.nextGaussian() * 0.2);
                            double high = Math.max(open, close) + r.nextDouble() * 0.1;
                            double low = Math.min(open, close) - r.nextDouble() * 0.1;
                            bars.add(new Bar(ContractRecord.CURRENT_SCHEMA_VERSION, ticker, t, "1Min", open, high, low, close,
                                    100 + r.nextInt(5000), null, null, "alpaca", false));
                            price[0] = close;
                        }
                    }
                }
                producer.send(new ProducerRecord<>(topic, ticker, ContractJson.toBytes(new WeekBars(ContractRecord.CURRENT_SCHEMA_VERSION,
                        ticker, monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), bars))));
            }
        }
        producer.flush();
    }

    static String createDatabase(String scenario) throws SQLException {
        String db = "agg_rit_" + token + "_" + scenario;
        execute(stack.dbName(), "CREATE DATABASE " + db);
        databases.add(db);
        return db;
    }

    static Process start(String scenario, String db, String group, String barsTopic, int run) throws Exception {
        Process process = PackagedAggregator.start(stack, db, Path.of("target", "recovery-it-" + token + "-" + scenario + "-" + run + ".log"),
                List.of("-Dmarketflow.aggregator.topics.bars=" + barsTopic,
                        "-Dmarketflow.aggregator.topics.trades=" + topic("stock_trades"),
                        "-Dmarketflow.aggregator.topics.macro=" + topic("h_macrodata"),
                        "-Dmarketflow.aggregator.topics.fundamentals=" + topic("h_company"),
                        "-Dmarketflow.aggregator.topics.news=" + topic("finnhub"),
                        "-Dmarketflow.aggregator.topics.social=" + topic("bluesky"),
                        "-Dmarketflow.aggregator.topics.start-model=" + topic("start_model_" + scenario),
                        "-Dmarketflow.aggregator.consumer.group-id=" + group,
                        // one WeekBars per poll, so one transaction per ticker-week: a kill lands between many commits
                        "-Dmarketflow.aggregator.consumer.max-poll-records=1",
                        "-Dmarketflow.aggregator.live.enabled=false",
                        "-Dmarketflow.aggregator.run.start=" + RUN_START,
                        "-Dmarketflow.aggregator.run.end=" + RUN_END));
        processes.add(process);
        return process;
    }

    static void execute(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + stack.dbHost() + ":" + stack.dbPort() + "/" + db,
                stack.dbUser(), stack.dbPassword());
    }

    static String query(String db, String sql) {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            return "error: " + e.getMessage();
        }
    }

    static long rowCount(String db) {
        String n = query(db, "SELECT count(*) FROM aggregated_data");
        return n == null || n.startsWith("error") ? 0 : Long.parseLong(n);
    }

    /** @return every row with every column, as PostgreSQL's text of the row, in key order */
    static List<String> table(String db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT a::text FROM aggregated_data a ORDER BY ticker, \"timestamp\"")) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    static void awaitMigrated(String db) {
        await().atMost(Duration.ofSeconds(90)).until(() -> "t".equals(query(db, "SELECT to_regclass('aggregator_weeks') IS NOT NULL"))
                && !"0".equals(query(db, "SELECT count(*) FROM companies_info WHERE is_active")));
    }

    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0));
            c.assign(parts);
            c.seekToBeginning(parts);
            long end = c.endOffsets(parts).get(parts.get(0));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            while (c.position(parts.get(0)) < end) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    /**
     * Waits for the run's signal and its mark in {@code aggregator_runs} (after which no instance sends it again), then
     * returns the signals on the scenario's topic.
     */
    static List<StartModelSignal> awaitSignals(String db, String scenario) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> "t".equals(query(db, "SELECT bool_and(signal_sent) FROM aggregator_runs")));
        return readAll(topic("start_model_" + scenario)).stream()
                .map(r -> ContractJson.fromBytes(r.value(), StartModelSignal.class)).toList();
    }

    static void assertSameTable(String db) throws SQLException {
        List<String> rows = table(db);
        assertThat(rows).hasSize(cleanRows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).as("row %d of %d", i, rows.size()).isEqualTo(cleanRows.get(i));
        }
    }

    static String at(String db, String column, String ticker, Instant t) {
        return query(db, "SELECT " + column + " FROM aggregated_data WHERE ticker = '" + ticker + "' AND \"timestamp\" = '" + t + "'");
    }

    @Test
    @Order(1)
    void aCleanRunHasEverySessionMinuteAndTheFixtureEdgeCasesAndSignalsOnce() throws Exception {
        String db = createDatabase("clean");
        Process clean = start("clean", db, "agg-rit-clean-" + token, topic("h_alpaca_a"), 0);
        awaitMigrated(db);
        String csv = query(db, "SELECT string_agg(ticker, ',' ORDER BY ticker) FROM companies_info WHERE is_active");
        tickers = List.of(csv.split(","));
        sendBars(topic("h_alpaca_a"));

        List<StartModelSignal> signals = awaitSignals(db, "clean");
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).status()).isEqualTo(StartModelSignal.COMPLETE);
        assertThat(signals.get(0).rowsWritten()).isEqualTo((long) ROWS_PER_TICKER * tickers.size());
        assertThat(rowCount(db)).isEqualTo((long) ROWS_PER_TICKER * tickers.size());
        assertThat(clean.isAlive()).isTrue();

        // DST: the session opens 13:30 UTC on Fri 31 Oct (EDT) and 14:30 UTC on Mon 3 Nov (EST), 390 minutes each
        assertThat(query(db, "SELECT min(\"timestamp\") = '2025-10-31T13:30:00Z' AND max(\"timestamp\") = '2025-10-31T19:59:00Z' "
                + "AND count(*) = 390 FROM aggregated_data WHERE ticker = 'AAPL' AND \"timestamp\" >= '2025-10-31T00:00:00Z' "
                + "AND \"timestamp\" < '2025-11-01T00:00:00Z'")).isEqualTo("t");
        assertThat(query(db, "SELECT min(\"timestamp\") = '2025-11-03T14:30:00Z' AND max(\"timestamp\") = '2025-11-03T20:59:00Z' "
                + "AND count(*) = 390 FROM aggregated_data WHERE ticker = 'AAPL' AND \"timestamp\" >= '2025-11-03T00:00:00Z' "
                + "AND \"timestamp\" < '2025-11-04T00:00:00Z'")).isEqualTo("t");
        assertThat(at(db, "minutes_since_open || ',' || market_open_spike_flag", "AAPL", Instant.parse("2025-11-03T14:30:00Z"))).isEqualTo("0,1");
        assertThat(at(db, "minutes_since_open || ',' || market_close_spike_flag", "AAPL", Instant.parse("2025-11-03T20:59:00Z"))).isEqualTo("389,1");
        // the holiday: bars were sent for every minute of Thanksgiving, none became a row
        assertThat(query(db, "SELECT count(*) FROM aggregated_data WHERE \"timestamp\" >= '" + ny(THANKSGIVING, 0, 0)
                + "' AND \"timestamp\" < '" + ny(FRI, 0, 0) + "'")).isEqualTo("0");
        // the early close: bars were sent to 15:59, rows stop at 12:59, which closes the session (flag, no target)
        assertThat(query(db, "SELECT count(*) = 210 AND max(\"timestamp\") = '" + ny(FRI, 12, 59) + "' FROM aggregated_data "
                + "WHERE ticker = 'AAPL' AND \"timestamp\" >= '" + ny(FRI, 0, 0) + "'")).isEqualTo("t");
        assertThat(at(db, "market_close_spike_flag || ',' || coalesce(y1::text, 'null') || ',' || minutes_since_open", "AAPL", ny(FRI, 12, 59)))
                .isEqualTo("1,null,209");
        assertThat(at(db, "market_close_spike_flag", "AAPL", ny(FRI, 12, 55))).isEqualTo("0");
        // the GDP revision: the first estimate from the day after its release, the revision from the day after its own
        assertThat(at(db, "gdp_real", "MSFT", ny(LocalDate.of(2025, 10, 30), 15, 59))).isEqualTo("2");
        assertThat(at(db, "gdp_real", "MSFT", ny(LocalDate.of(2025, 10, 31), 9, 30))).isEqualTo("3");
        assertThat(at(db, "gdp_real", "MSFT", ny(WED, 15, 59))).isEqualTo("3");
        assertThat(at(db, "gdp_real", "MSFT", ny(FRI, 9, 30))).isEqualTo("3.3");
        assertThat(query(db, "SELECT count(*) FROM aggregated_data WHERE gdp_real = 3.6")).as("a vintage of 19 Dec").isEqualTo("0");
        // the late 10-K: FY2024 from its acceptance at 12:00 on Friday, FY2023 until then
        assertThat(at(db, "eps", "AAPL", ny(FRI, 11, 59))).isEqualTo("6.13");
        assertThat(at(db, "eps = 6.08 AND profit_margin = 93.7::float8 / 391.0::float8", "AAPL", ny(FRI, 12, 0))).isEqualTo("t");
        assertThat(query(db, "SELECT count(*) FROM aggregated_data WHERE eps = 6.08 AND \"timestamp\" < '" + ny(FRI, 12, 0) + "'")).isEqualTo("0");
        assertThat(query(db, "SELECT count(*) FROM aggregated_data WHERE ticker <> 'AAPL' AND eps IS NOT NULL")).isEqualTo("0");

        cleanRows = table(db);
        PackagedAggregator.stop(clean);
    }

    @Test
    @Order(2)
    void aRunKilledWithSigkillMidRunAndRestartedEqualsTheCleanRun() throws Exception {
        assertThat(cleanRows).as("the clean run").isNotNull();
        String db = createDatabase("crash");
        String group = "agg-rit-crash-" + token;
        Process first = start("crash", db, group, topic("h_alpaca_a"), 0);
        long total = cleanRows.size();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> rowCount(db) >= total / 3);
        PackagedAggregator.kill(first);
        long atKill = rowCount(db);
        System.out.printf("crash run: killed with %d of %d rows written%n", atKill, total);
        assertThat(atKill).as("rows when killed: the run was not complete").isLessThan(total);
        assertThat(query(db, "SELECT count(*) FROM aggregator_runs")).isEqualTo("0");
        assertThat(readAll(topic("start_model_crash"))).isEmpty();

        Process second = start("crash", db, group, topic("h_alpaca_a"), 1);
        List<StartModelSignal> signals = awaitSignals(db, "crash");
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).rowsWritten()).isEqualTo(total);
        assertSameTable(db);
        PackagedAggregator.stop(second);
    }

    @Test
    @Order(3)
    void twoInstancesInOneGroupSplitThePartitionsAndEqualTheCleanRun() throws Exception {
        assertThat(cleanRows).as("the clean run").isNotNull();
        String db = createDatabase("pair");
        String group = "agg-rit-pair-" + token;
        String bars = topic("h_alpaca_b");
        Process one = start("pair", db, group, bars, 0);
        awaitMigrated(db);
        Process two = start("pair", db, group, bars, 1);
        // both members hold bar partitions before any bar exists, so the work is split, not taken by the first
        // (the group does not exist until the first member joined)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> barPartitionsPerMember(group, bars).size() == 2
                && barPartitionsPerMember(group, bars).stream().allMatch(n -> n > 0));
        sendBars(bars);

        List<StartModelSignal> signals = awaitSignals(db, "pair");
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).rowsWritten()).isEqualTo(cleanRows.size());
        assertThat(one.isAlive() && two.isAlive()).as("both instances ran to the end").isTrue();
        assertThat(barPartitionsPerMember(group, bars)).hasSize(2).allMatch(n -> n > 0);
        assertSameTable(db);
    }

    /** @return per member of the group, how many partitions of the bar topic it is assigned */
    static List<Integer> barPartitionsPerMember(String group, String bars) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Collection<MemberDescription> members = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
            return members.stream().map(m -> (int) m.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(bars)).count()).toList();
        }
    }
}
