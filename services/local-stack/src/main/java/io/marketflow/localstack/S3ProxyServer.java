package io.marketflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** S3Proxy on the filesystem provider, run as {@code java -jar} because it bundles Jackson 3 and Jetty. */
final class S3ProxyServer extends ManagedServer {

    private final Path jar;

    /**
     * @param settings the stack's settings
     * @param jar the S3Proxy jar-with-dependencies the build copied to {@code target/servers/}
     */
    S3ProxyServer(StackSettings settings, Path jar) {
        super(settings, ServerKind.S3);
        this.jar = jar;
    }

    @Override
    ServerKind kind() {
        return ServerKind.S3;
    }

    @Override
    Endpoint endpoint() {
        return settings.s3();
    }

    @Override
    Optional<String> identify() {
        try {
            String body = rootListing();
            // Signed or not, an S3 server answers GET / with an XML bucket list or an XML error.
            if (body.contains("<Error>") || body.contains("ListAllMyBucketsResult")) {
                return Optional.empty();
            }
            return Optional.of("it answers HTTP but not with S3 XML");
        } catch (IOException e) {
            return Optional.of("it does not answer HTTP (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    ProcessHandle launch() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No S3Proxy jar at " + jar
                    + "; build the module first: ./mvnw -pl services/local-stack package -DskipTests");
        }
        Path data = dir.resolve("data");
        Path conf = dir.resolve("s3proxy.conf");
        String text = String.join("\n",
                "# Written by local-stack on every fresh start.",
                "s3proxy.endpoint=http://127.0.0.1:" + settings.s3().port(),
                // Same signature checks as real S3: a wrong secret is refused.
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + settings.s3AccessKey(),
                "s3proxy.credential=" + settings.s3SecretKey(),
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                "");
        try {
            Files.createDirectories(data);
            Files.writeString(conf, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(ChildJava.executable(), "-Xmx256m", "-jar", jar.toString(),
                "--properties", conf.toString());
        return ChildProcesses.launch(command, dir, log()).toHandle();
    }

    @Override
    boolean ready() {
        return settings.s3().accepts() && identify().isEmpty();
    }

    private String rootListing() throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(settings.s3Endpoint() + "/").openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(2000);
        try {
            int status = connection.getResponseCode();
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
