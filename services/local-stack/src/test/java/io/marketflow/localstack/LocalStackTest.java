package io.marketflow.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.marketflow.contract.Topics;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Starts the TEST stack through a child JVM, as service tests do, and talks to each real server; stopping comes last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackTest {

    private static StackAddresses addresses;

    @BeforeAll
    static void startStack() {
        addresses = LocalStackProcess.ensureRunning(Profile.TEST);
    }

    @Test
    @Order(1)
    void kafkaHasEveryContractTopicBeforeAnyProducerWrites() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, addresses.kafkaBootstrapServers()))) {
            List<String> expected = new ArrayList<>(Topics.RAW);
            expected.add(Topics.deadLetter(Topics.STOCK_TRADES));
            expected.add(Topics.START_MODEL);
            Map<String, TopicDescription> topics = admin.describeTopics(expected).allTopicNames().get();
            assertEquals(TopicProvisioner.PARTITIONS, topics.get(Topics.STOCK_TRADES).partitions().size());
            assertEquals(expected.size(), topics.size());
        }
    }

    @Test
    @Order(1)
    void kafkaDeliversAProducedRecordToAGroupConsumer() {
        String topic = "local-stack-smoke-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, addresses.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "AAPL", "182.5")).get();
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
        // A group consumer, not assign(): it proves the single-broker settings for __consumer_offsets work.
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, addresses.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            assertEquals(1, received.size());
            assertEquals("AAPL", received.get(0).key());
            assertEquals("182.5", received.get(0).value());
        }
    }

    @Test
    @Order(2)
    void s3StoresAndReturnsAnObject() {
        try (S3Client s3 = s3(addresses.s3SecretKey())) {
            String bucket = "local-stack-" + UUID.randomUUID().toString().substring(0, 8);
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(p -> p.bucket(bucket).key("raw/trades/part-0.json"), RequestBody.fromString("{\"p\":1}"));
            String body = s3.getObjectAsBytes(g -> g.bucket(bucket).key("raw/trades/part-0.json")).asUtf8String();
            assertEquals("{\"p\":1}", body);
        }
    }

    @Test
    @Order(3)
    void s3RefusesAWrongSecret() {
        try (S3Client s3 = s3("not-the-secret")) {
            S3Exception refused = assertThrows(S3Exception.class, s3::listBuckets);
            assertEquals(403, refused.statusCode());
        }
    }

    @Test
    @Order(4)
    void postgresCreatesInsertsAndSelectsAsTheApplicationRole() throws SQLException {
        String table = "smoke_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection connection = DriverManager.getConnection(addresses.jdbcUrl(), addresses.dbUser(),
                addresses.dbPassword()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (ticker text PRIMARY KEY, price numeric)");
            statement.execute("INSERT INTO " + table + " VALUES ('MSFT', 411.25)");
            try (ResultSet rows = statement.executeQuery("SELECT price FROM " + table + " WHERE ticker = 'MSFT'")) {
                assertTrue(rows.next());
                assertEquals("411.25", rows.getBigDecimal(1).toPlainString());
            }
            statement.execute("DROP TABLE " + table);
        }
    }

    @Test
    @Order(5)
    void postgresRefusesAWrongPassword() {
        Properties wrong = new Properties();
        wrong.setProperty("user", addresses.dbUser());
        wrong.setProperty("password", "wrong");
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(addresses.jdbcUrl(), wrong));
        assertEquals("28P01", refused.getSQLState());
    }

    @Test
    @Order(6)
    void testResourceHandsQuarkusTheStackAddresses() {
        Map<String, String> config = new LocalStackResource().start();
        assertEquals(addresses.kafkaBootstrapServers(), config.get("kafka.bootstrap.servers"));
        assertEquals("25432", config.get("marketflow.db.port"));
        assertEquals("http://127.0.0.1:29000", config.get("marketflow.s3.endpoint"));
        assertEquals("true", config.get("marketflow.s3.path-style"));
        assertEquals(11, config.size());
    }

    @Test
    @Order(10)
    void secondStartReusesTheRunningServers() {
        Instant begin = Instant.now();
        StackAddresses again = LocalStackProcess.ensureRunning(Profile.TEST);
        Duration took = Duration.between(begin, Instant.now());
        assertTrue(again.started().isEmpty(), "started " + again.started());
        assertEquals(addresses.pids(), again.pids());
        assertEquals(3, again.pids().size());
        // A child JVM plus three probes; a fresh start takes ~10 s.
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "reuse took " + took);
    }

    @Test
    @Order(20)
    void stopEndsTheServersAndClosesTheirPorts() {
        // The same task LocalStackResource's shutdown hook runs.
        LocalStackProcess.stopTask(Profile.TEST, EnumSet.allOf(ServerKind.class)).run();
        for (Long pid : addresses.pids().values()) {
            assertFalse(ProcessHandle.of(pid).map(ChildProcesses::running).orElse(false), "pid " + pid + " still running");
        }
        URI s3 = URI.create(addresses.s3Endpoint());
        assertFalse(accepts("127.0.0.1", Integer.parseInt(addresses.kafkaBootstrapServers().split(":")[1])));
        assertFalse(accepts(s3.getHost(), s3.getPort()));
        assertFalse(accepts(addresses.dbHost(), addresses.dbPort()));
    }

    private static S3Client s3(String secret) {
        return S3Client.builder()
                .endpointOverride(URI.create(addresses.s3Endpoint()))
                .region(Region.of("us-east-1"))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(addresses.s3AccessKey(), secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
