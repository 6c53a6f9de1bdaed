package io.marketflow.localstack;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the local stack: {@code start | stop | status | run [--profile local|test] [--only kafka,s3,postgres]}.
 * Addresses go to stdout as {@code NAME=value} lines, progress and errors to stderr.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    /**
     * @param args the command and its options
     */
    public static void main(String[] args) {
        // Our own Kafka Admin probes would otherwise log every connection attempt.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        try {
            System.exit(run(args));
        } catch (RuntimeException e) {
            System.err.println("local-stack: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int run(String[] args) {
        if (args.length == 0) {
            return usage();
        }
        Profile profile = Profile.LOCAL;
        Set<ServerKind> only = EnumSet.allOf(ServerKind.class);
        for (int i = 1; i < args.length; i++) {
            if ("--profile".equals(args[i]) && i + 1 < args.length) {
                profile = Profile.fromId(args[++i]);
            } else if ("--only".equals(args[i]) && i + 1 < args.length) {
                only = EnumSet.noneOf(ServerKind.class);
                for (String id : args[++i].split(",")) {
                    only.add(ServerKind.fromId(id));
                }
            } else {
                return usage();
            }
        }
        ProjectLayout layout = ProjectLayout.fromWorkingDirectory();
        LocalStack stack = new LocalStack(StackSettings.of(profile, System.getenv(), layout), layout,
                line -> System.err.println("local-stack: " + line));
        switch (args[0]) {
            case "start":
                stack.start().printableLines().forEach(System.out::println);
                return 0;
            case "stop":
                Set<ServerKind> stopped = stack.stop(only);
                System.err.println("local-stack: stopped " + (stopped.isEmpty() ? "nothing" : stopped));
                return 0;
            case "status":
                List<String> lines = stack.status();
                lines.forEach(System.out::println);
                return lines.stream().allMatch(line -> line.contains(": running")) ? 0 : 3;
            case "run":
                return runUntilSignalled(stack);
            default:
                return usage();
        }
    }

    /** Starts, then blocks until SIGINT/SIGTERM; the shutdown hook stops what this run started, nothing else. */
    private static int runUntilSignalled(LocalStack stack) {
        StackAddresses addresses = stack.start();
        addresses.printableLines().forEach(System.out::println);
        System.out.flush();
        Set<ServerKind> started = addresses.started();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!started.isEmpty()) {
                stack.stop(started);
            }
        }, "local-stack-stop"));
        System.err.println("local-stack: running; Ctrl-C stops " + (started.isEmpty() ? "nothing (all reused)" : started));
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static int usage() {
        System.err.println("usage: LocalStackMain start|stop|status|run [--profile local|test] [--only kafka,s3,postgres]");
        return 2;
    }
}
