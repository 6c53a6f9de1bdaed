package io.marketflow.sink.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.marketflow.localstack.StackAddresses;
import io.marketflow.localstack.TcpToggleProxy;
import io.marketflow.sink.SinkTestSupport;
import io.marketflow.sink.config.DatasetCatalog;
import io.marketflow.sink.domain.DatasetSpec;
import io.marketflow.sink.domain.RecordType;
import io.marketflow.sink.storage.S3Storage;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The probe against the test stack's S3 server behind a proxy the test switches off: an outage with no file due. */
class StorageProbeTest {

    private static final DatasetCatalog CATALOG = DatasetCatalog.of(List.of(new DatasetSpec("probe_trades", "probe-test", "", RecordType.TRADE, List.of("ticker"))));

    @Test
    void anOutageShowsInTheStatusWhileItLastsAndClearsWhenStorageAnswers() throws Exception {
        StackAddresses stack = SinkTestSupport.stack();
        URI s3 = URI.create(stack.s3Endpoint());
        try (TcpToggleProxy proxy = TcpToggleProxy.started(s3.getHost(), s3.getPort());
             S3Client client = client(stack, "http://127.0.0.1:" + proxy.port())) {
            StorageStatus status = new StorageStatus();
            StorageProbe probe = new StorageProbe(new S3Storage(client, "http://127.0.0.1:" + proxy.port()), status, CATALOG);

            probe.probe();
            assertThat(status.lastError()).as("storage answers").isNull();

            proxy.stop();
            probe.probe();
            assertThat(status.lastError()).as("storage is unreachable").startsWith("storage probe: ");

            proxy.start();
            probe.probe();
            assertThat(status.lastError()).as("storage answers again").isNull();
        }
    }

    @Test
    void aWriterErrorIsReportedBeforeTheProbesAndOutlivesAHealthyProbe() {
        StorageStatus status = new StorageStatus();
        status.probeDown("storage probe: refused");
        status.down("upload of x failed");
        assertThat(status.lastError()).isEqualTo("upload of x failed");
        status.probeUp();
        assertThat(status.lastError()).isEqualTo("upload of x failed");
        status.up();
        assertThat(status.lastError()).isNull();
    }

    private static S3Client client(StackAddresses stack, String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
