package io.marketflow.sink.messaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.marketflow.sink.SinkTestSupport;
import software.amazon.awssdk.services.s3.S3Client;

/** Base of the writer tests against the real broker and S3 server: one S3 client per test class. */
abstract class S3TestsBase {

    /** The test stack's S3 server, open for the whole class. */
    static S3Client s3;

    @BeforeAll
    static void openS3() {
        s3 = SinkTestSupport.s3();
    }

    @AfterAll
    static void closeS3() {
        s3.close();
    }
}
