package io.marketflow.localstack;

import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource that points the application under test at the shared TEST stack, starting it once per JVM.
 * Use {@code @WithTestResource(LocalStackResource.class)} (or {@code @QuarkusTestResource}). It needs only the JDK
 * and Quarkus' test classes: the servers run in their own processes.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    /** JVM-wide, unlike a static field: Quarkus may load this class in more than one class loader. */
    private static final String ADDRESSES_PROPERTY = "marketflow.localstack.test.addresses";
    /** {@code true} leaves the servers running after the JVM exits, so CI can share one test stack across modules. */
    static final String KEEP_VARIABLE = "MARKETFLOW_STACK_KEEP";

    @Override
    public Map<String, String> start() {
        return shared().quarkusConfig();
    }

    @Override
    public void stop() {
        // Other test classes in this JVM reuse the stack; the shutdown hook ends what this JVM started.
    }

    /** @return the test stack's addresses, starting it on the first call in this JVM */
    public static StackAddresses shared() {
        synchronized (System.getProperties()) {
            String known = System.getProperty(ADDRESSES_PROPERTY);
            if (known != null) {
                return StackAddresses.parse(List.of(known.split("\n")));
            }
            StackAddresses addresses = LocalStackProcess.ensureRunning(Profile.TEST);
            System.setProperty(ADDRESSES_PROPERTY, String.join("\n", addresses.toLines()));
            if (!addresses.started().isEmpty() && !"true".equalsIgnoreCase(System.getenv(KEEP_VARIABLE))) {
                Runtime.getRuntime().addShutdownHook(
                        new Thread(LocalStackProcess.stopTask(Profile.TEST, addresses.started()), "local-stack-stop"));
            }
            return addresses;
        }
    }
}
